import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, localized, nullable, problemResponses, Uuid } from '../http/schemas.ts';
import { getOrganisation } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { createVenue, getVenue, presentVenue, updateVenue } from './service.ts';

export const ACCESSIBILITY_FEATURES = [
  'step_free_access',
  'accessible_toilet',
  'lift',
  'induction_loop',
  'parking',
  'public_transport',
  'pram_access',
  'baby_changing',
  'quiet_room',
] as const;

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  street_address: nullable(Type.String({ maxLength: 200 })),
  postal_code: nullable(Type.String({ pattern: '^[0-9]{5}$' })),
  municipality: Type.String({ minLength: 1, maxLength: 100 }),
  neighbourhood: nullable(Type.String({ maxLength: 100 })),
  latitude: nullable(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: nullable(Type.Number({ minimum: -180, maximum: 180 })),
  accessibility: Type.Array(Type.Union(ACCESSIBILITY_FEATURES.map((f) => Type.Literal(f))), {
    uniqueItems: true,
  }),
  accessibility_notes: nullable(localized),
  directions: nullable(localized),
};
const opt = <T extends keyof typeof fields>(k: T) => Type.Optional(fields[k]);

export const Venue = Type.Object(
  {
    id: Type.String(),
    organization_id: Type.String(),
    name: Type.String(),
    street_address: nullable(Type.String()),
    postal_code: nullable(Type.String()),
    municipality: Type.String(),
    neighbourhood: nullable(Type.String()),
    coordinates: nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
    accessibility: Type.Array(Type.String()),
    accessibility_notes: nullable(localized),
    directions: nullable(localized),
    map_url: nullable(Type.String()),
  },
  { $id: 'Venue' },
);
const VenueRef = Type.Unsafe<unknown>({ $ref: 'Venue#' });

const optionalFields = {
  street_address: opt('street_address'),
  postal_code: opt('postal_code'),
  neighbourhood: opt('neighbourhood'),
  latitude: opt('latitude'),
  longitude: opt('longitude'),
  accessibility: opt('accessibility'),
  accessibility_notes: opt('accessibility_notes'),
  directions: opt('directions'),
};

export async function venueRoutes(app: App, deps: Deps): Promise<void> {
  app.addSchema(Venue);

  app.post(
    '/venues',
    {
      schema: {
        tags: ['venues'],
        summary: 'Add a meeting place',
        security: bearer,
        body: Type.Object(
          {
            organization_id: IdOrSlug,
            name: fields.name,
            municipality: fields.municipality,
            ...optionalFields,
          },
          { additionalProperties: false },
        ),
        response: { 201: VenueRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { organization_id, ...input } = request.body;
      const venue = await inTx(deps, request.actor, (tx) =>
        createVenue(tx, request.actor, organization_id, input),
      );
      return reply.code(201).send(presentVenue(venue));
    },
  );

  app.patch(
    '/venues/:id',
    {
      schema: {
        tags: ['venues'],
        summary: 'Change a meeting place',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { name: opt('name'), municipality: opt('municipality'), ...optionalFields },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: VenueRef, ...problemResponses },
      },
    },
    async (request) =>
      presentVenue(
        await inTx(deps, request.actor, (tx) =>
          updateVenue(tx, request.actor, request.params.id, request.body),
        ),
      ),
  );

  app.get(
    '/venues/:id',
    {
      schema: {
        tags: ['venues'],
        summary: 'One meeting place (public when a public group meets there)',
        params: Type.Object({ id: Uuid }),
        response: { 200: VenueRef, ...problemResponses },
      },
    },
    async (request) => presentVenue(await inTx(deps, request.actor, (tx) => getVenue(tx, request.params.id))),
  );

  app.get(
    '/organizations/:org/venues',
    {
      schema: {
        tags: ['venues'],
        summary: "An organisation's meeting places (the public sees those where public groups meet)",
        params: Type.Object({ org: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(VenueRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        return { items: (await repo.listVenues(tx, org.id)).map(presentVenue) };
      }),
  );
}
