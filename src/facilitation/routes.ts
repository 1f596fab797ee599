import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import {
  bearer,
  IdOrSlug,
  IsoDate,
  localized,
  nullable,
  problemResponses,
  Slug,
  Uuid,
} from '../http/schemas.ts';
import { authorize } from '../accounts/permissions.ts';
import { helsinkiToday } from '../shared/time.ts';
import { getOrganisation } from '../organisations/service.ts';
import * as repo from './repository.ts';
import {
  createFacilitator,
  createTemplate,
  createTraining,
  getFacilitator,
  getTemplate,
  presentFacilitator,
  presentTemplate,
  recordTraining,
  updateFacilitator,
} from './service.ts';

import { PROFESSIONS } from './professions.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const facilitatorFields = {
  display_name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: literals(['peer', 'professional']),
  engagement: literals(['volunteer', 'paid']),
  profession: nullable(literals(PROFESSIONS)),
  languages: Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), {
    minItems: 1,
    maxItems: 10,
    uniqueItems: true,
  }),
  name_public: Type.Boolean(),
  user_id: nullable(Uuid),
};

const Facilitator = Type.Object(
  {
    id: Type.String(),
    organization_id: Type.String(),
    user_id: nullable(Type.String()),
    display_name: Type.String(),
    kind: Type.String(),
    engagement: Type.String(),
    profession: nullable(Type.String()),
    languages: Type.Array(Type.String()),
    name_public: Type.Boolean(),
    trainings: Type.Array(
      Type.Object({
        id: Type.String(),
        training_id: Type.String(),
        training_slug: Type.String(),
        training_name: localized,
        completed_on: Type.String(),
        valid_until: nullable(Type.String()),
        valid: Type.Boolean({ description: 'valid today (Helsinki)' }),
      }),
    ),
  },
  { $id: 'Facilitator' },
);
const FacilitatorRef = Type.Unsafe<unknown>({ $ref: 'Facilitator#' });

const Training = Type.Object(
  {
    id: Type.String(),
    organization_id: nullable(Type.String()),
    slug: Type.String(),
    name: localized,
    description: nullable(localized),
    kind: Type.String(),
    validity_months: nullable(Type.Integer()),
  },
  { $id: 'Training' },
);
const TrainingRef = Type.Unsafe<unknown>({ $ref: 'Training#' });
const presentTraining = (t: repo.TrainingRow) => {
  const { org_id, ...rest } = t;
  return { organization_id: org_id, ...rest };
};

const ThemeOption = Type.Object(
  { key: Type.String({ pattern: '^[a-z0-9_]+$', maxLength: 60 }), label: localized },
  { additionalProperties: false },
);
const Template = Type.Object(
  {
    id: Type.String(),
    organization_id: nullable(Type.String()),
    built_in: Type.Boolean(),
    slug: Type.String(),
    name: localized,
    description: nullable(localized),
    max_participants: nullable(Type.Integer()),
    session_minutes: Type.Object({ min: nullable(Type.Integer()), max: nullable(Type.Integer()) }),
    allowed_modes: Type.Array(Type.String()),
    hybrid_discouraged: Type.Boolean(),
    crisis_notice: Type.Boolean(),
    self_directed_allowed: Type.Boolean(),
    required_training: nullable(Type.Object({ id: Type.String(), slug: Type.String(), name: localized })),
    theme_options: Type.Array(Type.Object({ key: Type.String(), label: localized })),
    sessions: Type.Array(
      Type.Object({ position: Type.Integer(), kind: Type.String(), title: nullable(localized) }),
    ),
  },
  { $id: 'ProgrammeTemplate' },
);
const TemplateRef = Type.Unsafe<unknown>({ $ref: 'ProgrammeTemplate#' });

export async function facilitationRoutes(app: App, deps: Deps): Promise<void> {
  app.addSchema(Facilitator);
  app.addSchema(Training);
  app.addSchema(Template);
  const today = () => helsinkiToday(deps.clock());

  app.post(
    '/facilitators',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Add a facilitator (volunteer or paid, peer or professional)',
        security: bearer,
        body: Type.Object(
          {
            organization_id: IdOrSlug,
            display_name: facilitatorFields.display_name,
            kind: facilitatorFields.kind,
            engagement: facilitatorFields.engagement,
            profession: Type.Optional(facilitatorFields.profession),
            languages: Type.Optional(facilitatorFields.languages),
            name_public: Type.Optional(facilitatorFields.name_public),
            user_id: Type.Optional(facilitatorFields.user_id),
          },
          { additionalProperties: false },
        ),
        response: { 201: FacilitatorRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { organization_id, ...input } = request.body;
      const body = await inTx(deps, request.actor, async (tx) =>
        presentFacilitator(
          tx,
          await createFacilitator(tx, request.actor, organization_id, input as repo.FacilitatorWrite),
          today(),
        ),
      );
      return reply.code(201).send(body);
    },
  );

  app.patch(
    '/facilitators/:id',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Change a facilitator',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          Object.fromEntries(Object.entries(facilitatorFields).map(([k, v]) => [k, Type.Optional(v)])),
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: FacilitatorRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) =>
        presentFacilitator(
          tx,
          await updateFacilitator(
            tx,
            request.actor,
            request.params.id,
            request.body as repo.FacilitatorWrite,
          ),
          today(),
        ),
      ),
  );

  app.get(
    '/facilitators/:id',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'One facilitator with trainings (staff of the organisation)',
        security: bearer,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: FacilitatorRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) =>
        presentFacilitator(tx, await getFacilitator(tx, request.actor, request.params.id), today()),
      ),
  );

  app.get(
    '/organizations/:org/facilitators',
    {
      schema: {
        tags: ['facilitation'],
        summary: "The organisation's facilitators (staff of the organisation)",
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(FacilitatorRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'organisation.read_internal', org.id);
        const items = [];
        for (const f of await repo.listFacilitators(tx, org.id))
          items.push(await presentFacilitator(tx, f, today()));
        return { items };
      }),
  );

  app.post(
    '/facilitators/:id/trainings',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Record a completed training; validity follows the training unless given',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            training: Type.String({ minLength: 1, maxLength: 100, description: 'training id or slug' }),
            completed_on: IsoDate,
            valid_until: Type.Optional(nullable(IsoDate)),
          },
          { additionalProperties: false },
        ),
        response: { 201: FacilitatorRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = await inTx(deps, request.actor, async (tx) =>
        presentFacilitator(
          tx,
          await recordTraining(tx, request.actor, request.params.id, request.body),
          today(),
        ),
      );
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/trainings',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Trainings: built-in and those organisations provide',
        response: { 200: Type.Object({ items: Type.Array(TrainingRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => ({
        items: (await repo.listTrainings(tx)).map(presentTraining),
      })),
  );

  app.post(
    '/trainings',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Add a training the organisation provides (e.g. a district facilitator training)',
        security: bearer,
        body: Type.Object(
          {
            organization_id: IdOrSlug,
            slug: Slug,
            name: localized,
            description: Type.Optional(nullable(localized)),
            kind: literals(['facilitator_basic', 'method', 'supervision', 'other']),
            validity_months: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 240 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: TrainingRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const training = await inTx(deps, request.actor, (tx) =>
        createTraining(tx, request.actor, request.body),
      );
      return reply.code(201).send(presentTraining(training));
    },
  );

  app.get(
    '/programme-templates',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'Programme templates with their session plans and theme lists',
        response: { 200: Type.Object({ items: Type.Array(TemplateRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const items = [];
        for (const t of await repo.listTemplates(tx)) items.push(await presentTemplate(tx, t));
        return { items };
      }),
  );

  app.get(
    '/programme-templates/:template',
    {
      schema: {
        tags: ['facilitation'],
        summary: 'One programme template by id or slug',
        params: Type.Object({ template: IdOrSlug }),
        response: { 200: TemplateRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) =>
        presentTemplate(tx, await getTemplate(tx, request.params.template)),
      ),
  );

  app.post(
    '/programme-templates',
    {
      schema: {
        tags: ['facilitation'],
        summary: "Create the organisation's own programme template",
        security: bearer,
        body: Type.Object(
          {
            organization_id: IdOrSlug,
            slug: Slug,
            name: localized,
            description: Type.Optional(nullable(localized)),
            max_participants: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
            session_minutes_min: Type.Optional(nullable(Type.Integer({ minimum: 5, maximum: 1440 }))),
            session_minutes_max: Type.Optional(nullable(Type.Integer({ minimum: 5, maximum: 1440 }))),
            allowed_modes: Type.Optional(
              Type.Array(literals(['in_person', 'remote', 'hybrid']), { minItems: 1, uniqueItems: true }),
            ),
            hybrid_discouraged: Type.Optional(Type.Boolean()),
            crisis_notice: Type.Optional(Type.Boolean()),
            self_directed_allowed: Type.Optional(Type.Boolean()),
            required_training: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 100 }))),
            theme_options: Type.Optional(Type.Array(ThemeOption, { maxItems: 50 })),
            sessions: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    kind: literals(['kickoff', 'theme', 'closing', 'regular']),
                    title: Type.Optional(nullable(localized)),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 100 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: TemplateRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = await inTx(deps, request.actor, async (tx) =>
        presentTemplate(tx, await createTemplate(tx, request.actor, request.body)),
      );
      return reply.code(201).send(body);
    },
  );
}
