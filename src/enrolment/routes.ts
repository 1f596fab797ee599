import { Type } from 'typebox';
import type { App, Deps } from '../http/app.ts';
import { IdOrSlug, problemResponses } from '../http/schemas.ts';
import { stringify } from 'csv-stringify/sync';
import { inTx } from '../http/app.ts';
import { unauthenticated } from '../shared/errors.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { cancelByToken, listParticipants, register, removeParticipant } from './service.ts';

const RegistrationBody = Type.Object(
  {
    display_name: Type.String({ minLength: 1, maxLength: 100, description: 'a name or a nickname' }),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ pattern: '^\\+?[0-9 ()-]{6,20}$' }), Type.Null()])),
    language: Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')], {
      description: 'the language messages are sent in',
    }),
    answers: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 60 }),
        Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]),
        {
          description: 'answers to the group’s own questions',
          maxProperties: 20,
        },
      ),
    ),
    consent: Type.Boolean({ description: 'must be true: consent to the privacy notice' }),
  },
  { additionalProperties: false },
);

const RegistrationResult = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('confirmed'), Type.Literal('waitlisted')]),
  waitlist_position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  cancel_url: Type.String({
    description: 'secret link to cancel without an account; empty on a repeated request',
  }),
});

export async function enrolmentRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/groups/:group/registrations',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Register for a group',
        description:
          'A seat when one is free, otherwise a place on the waiting list in arrival order; 409 when both are full. ' +
          'Send an Idempotency-Key header to make retries safe: the same key returns the same registration.',
        params: Type.Object({ group: IdOrSlug }),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: RegistrationBody,
        response: { 200: RegistrationResult, 201: RegistrationResult, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { result, created } = await register(deps.db, request.params.group, request.body, {
        publicUrl: deps.publicUrl,
        now: deps.clock(),
        idempotencyKey: request.headers['idempotency-key'] ?? null,
      });
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/registrations/cancel',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Cancel a registration with the secret from its cancel link',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ status: Type.Literal('cancelled') }), ...problemResponses },
      },
    },
    async (request) => {
      await cancelByToken(deps.db, request.body.token, deps.clock(), deps.publicUrl);
      return { status: 'cancelled' as const };
    },
  );
}

const Participant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('confirmed'), Type.Literal('waitlisted')]),
  waitlist_position: Type.Union([Type.Integer(), Type.Null()]),
  display_name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  registered_at: Type.String(),
});

export async function organiserRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/groups/:group/registrations',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'The people registered for a group (coordinators and facilitators; every look is logged)',
        security: [{ bearer: [] }, { cookie: [] }],
        params: Type.Object({ group: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(Participant) }), ...problemResponses },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      return inTx(deps, request.actor, async (tx) => {
        const { participants } = await listParticipants(
          tx,
          request.actor,
          request.params.group,
          'registrations.list',
        );
        return { items: participants.map((p) => ({ ...p, registered_at: toHelsinkiIso(p.registered_at) })) };
      });
    },
  );

  app.get(
    '/groups/:group/registrations.csv',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'The participant list to print or open in a spreadsheet (CSV, UTF-8; logged)',
        security: [{ bearer: [] }, { cookie: [] }],
        params: Type.Object({ group: IdOrSlug }),
        response: {
          200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const { group, participants } = await inTx(deps, request.actor, (tx) =>
        listParticipants(tx, request.actor, request.params.group, 'registrations.export'),
      );
      // A byte order mark so spreadsheet programs read ä and ö correctly.
      const csv =
        '\ufeff' +
        stringify(
          participants.map((p) => [
            p.display_name,
            p.email ?? '',
            p.phone ?? '',
            p.status === 'confirmed' ? 'confirmed' : `waitlisted ${p.waitlist_position}`,
            p.language,
          ]),
          { header: true, columns: ['name', 'email', 'phone', 'status', 'language'] },
        );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${group.slug}-participants.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.delete(
    '/registrations/:id',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Remove a participant (coordinators); the first in line gets the seat',
        security: [{ bearer: [] }, { cookie: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      await inTx(deps, request.actor, (tx) =>
        removeParticipant(tx, request.actor, request.params.id, deps.clock(), deps.publicUrl),
      );
      return reply.code(204).send(null);
    },
  );
}
