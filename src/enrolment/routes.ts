import { Type } from 'typebox';
import type { App, Deps } from '../http/app.ts';
import { IdOrSlug, problemResponses } from '../http/schemas.ts';
import { cancelByToken, register } from './service.ts';

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
