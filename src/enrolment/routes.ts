import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { IdOrSlug, IsoDate, problemResponses } from '../http/schemas.ts';
import { inTx } from '../http/context.ts';
import { badQuery, unauthenticated } from '../shared/errors.ts';
import { helsinkiDays, isCalendarDay, toHelsinkiIso } from '../shared/time.ts';
import { AUDIT_ACTIONS } from '../privacy/audit.ts';
import { getOrganisation } from '../organisations/service.ts';
import {
  accessLog,
  addByHand,
  cancelByToken,
  listParticipants,
  markComing,
  messageParticipants,
  register,
  removeParticipant,
} from './service.ts';
import {
  createReferralCode,
  decideReferral,
  myReferrals,
  referClient,
  registerWithCode,
} from './referrals.ts';
import { apply, declineApplication, listApplications, placeApplication } from './applications.ts';
import { requestLink } from './subject-requests.ts';
import { csvDocument } from '../shared/spreadsheet.ts';

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
    referral_code: Type.Optional(
      Type.String({
        minLength: 4,
        maxLength: 20,
        description: 'for referral groups: the code from one’s referrer',
      }),
    ),
  },
  { additionalProperties: false },
);

const RegistrationResult = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('waitlisted')], {
    description: 'pending: a referral waiting for the coordinator',
  }),
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
          'Send an Idempotency-Key header to make retries safe: the same key returns the same registration. ' +
          'An email address or phone number that already holds a seat or a place in line in the group is refused ' +
          '(409 `already-registered`, naming the field; the existing registration’s cancel link is mailed to its own ' +
          'address again, at most once an hour). Anonymous clients may register 5 times per group and 20 times in ' +
          'all per hour (429 with Retry-After).',
        params: Type.Object({ group: IdOrSlug }),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: RegistrationBody,
        response: {
          200: RegistrationResult,
          201: RegistrationResult,
          ...problemResponses,
          429: problemResponses[400],
        },
      },
    },
    async (request, reply) => {
      const { referral_code: code, ...input } = request.body;
      if (code) {
        const result = await registerWithCode(deps.db, request.params.group, code, input, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        });
        return reply.code(201).send(result);
      }
      const { result, created } = await register(deps.db, request.params.group, input, {
        publicUrl: deps.publicUrl,
        now: deps.clock(),
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        // Limits per client for anonymous callers; staff are known by their token or session.
        client: request.actor.kind === 'public' ? request.ip : null,
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
  status: Type.Union([Type.Literal('confirmed'), Type.Literal('waitlisted'), Type.Literal('pending')], {
    description: 'pending: a referral waiting for the coordinator’s decision',
  }),
  waitlist_position: Type.Union([Type.Integer(), Type.Null()]),
  display_name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
    description: 'answers to the group’s own questions',
  }),
  registered_at: Type.String(),
});

/** An answer as a CSV cell: a number stays a number (never neutralised as a formula). */
const csvAnswer = (a: string | number | boolean | undefined) =>
  a === undefined ? '' : a === true ? 'yes' : a === false ? 'no' : a;

export async function organiserRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/organizations/:org/access-log',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The audit log: who read, exported or changed participants’ data, what and why, newest first (coordinators and admins)',
        security: [{ bearer: [] }, { cookie: [] }],
        params: Type.Object({ org: IdOrSlug }),
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            before: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,18}$', description: 'an entry id: older ones' }),
            ),
            action: Type.Optional(
              Type.Union(
                AUDIT_ACTIONS.map((a) => Type.Literal(a)),
                { description: 'only entries of this action' },
              ),
            ),
            from: Type.Optional({ ...IsoDate, description: 'only entries of this day (Helsinki) or later' }),
            to: Type.Optional({ ...IsoDate, description: 'only entries of this day (Helsinki) or earlier' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                at: Type.String(),
                actor: Type.String(),
                action: Type.String({
                  description: 'what happened, e.g. registrations.list, referral.accept',
                }),
                operation: Type.Union(
                  ['read', 'create', 'update', 'delete', 'export', 'erase'].map((o) => Type.Literal(o)),
                ),
                purpose: Type.Union(
                  [
                    'group administration',
                    'referral handling',
                    'attendance',
                    'retention',
                    'data subject request',
                  ].map((p) => Type.Literal(p)),
                ),
                group: Type.Union([Type.Object({ id: Type.String(), slug: Type.String() }), Type.Null()]),
                subject: Type.Union([
                  Type.Object({
                    type: Type.Union(
                      ['registration', 'application', 'session', 'group'].map((t) => Type.Literal(t)),
                    ),
                    id: Type.String(),
                  }),
                  Type.Null(),
                ]),
                records: Type.Integer({
                  description: 'how many people’s records the read or change covered',
                }),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      return inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        const { from, to, action } = request.query;
        if (from && to && to < from) throw badQuery('to', 'The period ends before it starts.');
        for (const [field, day] of [['from', from] as const, ['to', to] as const])
          if (day && !isCalendarDay(day)) throw badQuery(field, 'Not a date.');
        const period = helsinkiDays(from, to);
        const rows = await accessLog(tx, request.actor, org.id, {
          limit: request.query.limit ?? 100,
          before: request.query.before,
          action,
          ...period,
        });
        return {
          items: rows.map((r) => ({
            id: r.id,
            at: toHelsinkiIso(r.at),
            actor: r.actor_label,
            action: r.action,
            operation: r.operation,
            purpose: r.purpose,
            group: r.group_id && r.group_slug ? { id: r.group_id, slug: r.group_slug } : null,
            subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id } : null,
            records: r.records,
          })),
        };
      });
    },
  );

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
      const csv = csvDocument(
        [
          'name',
          'email',
          'phone',
          'status',
          'language',
          ...group.registration_questions.map((q) => q.label.en ?? q.label.fi),
        ],
        participants.map((p) => [
          p.display_name,
          p.email,
          p.phone,
          p.status === 'waitlisted' ? `waitlisted ${p.waitlist_position}` : p.status,
          p.language,
          ...group.registration_questions.map((q) => csvAnswer(p.answers[q.key])),
        ]),
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

export async function referralRoutes(app: App, deps: Deps): Promise<void> {
  const auth: { [label: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];
  app.post(
    '/groups/:group/participants',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'A coordinator adds someone by hand, with their consent: a seat or a place in line',
        security: auth,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Omit(RegistrationBody, ['referral_code']),
        response: { 201: RegistrationResult, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const result = await inTx(deps, request.actor, (tx) =>
        addByHand(tx, request.actor, request.params.group, request.body, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        }),
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/groups/:group/referrals',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'A referrer registers a client for a referral group, with the client’s consent',
        security: auth,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Omit(RegistrationBody, ['referral_code']),
        response: { 201: RegistrationResult, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const result = await inTx(deps, request.actor, (tx) =>
        referClient(tx, request.actor, request.params.group, request.body, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        }),
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/groups/:group/referral-codes',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'A single-use code a referrer hands to a client (valid 60 days)',
        security: auth,
        params: Type.Object({ group: IdOrSlug }),
        response: {
          201: Type.Object({ code: Type.String(), expires_at: Type.String() }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const { code, expires_at } = await inTx(deps, request.actor, (tx) =>
        createReferralCode(tx, request.actor, request.params.group, deps.clock()),
      );
      return reply.code(201).send({ code, expires_at: toHelsinkiIso(expires_at) });
    },
  );

  app.post(
    '/registrations/:id/decision',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'The coordinator accepts (a seat or the waiting list) or declines a referral',
        security: auth,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          { decision: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            status: Type.String(),
            waitlist_position: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      return inTx(deps, request.actor, (tx) =>
        decideReferral(tx, request.actor, request.params.id, request.body.decision, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        }),
      );
    },
  );

  app.get(
    '/referrals',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'The referrals I made and their status (no contact details)',
        security: auth,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                group_id: Type.String(),
                group_slug: Type.String(),
                status: Type.String(),
                created_at: Type.String(),
                decided_at: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const rows = await inTx(deps, request.actor, (tx) => myReferrals(tx, request.actor));
      return {
        items: rows.map((r) => ({
          ...r,
          created_at: toHelsinkiIso(r.created_at),
          decided_at: r.decided_at ? toHelsinkiIso(r.decided_at) : null,
        })),
      };
    },
  );
}

const Facts = Type.Object(
  {
    area: Type.Optional(Type.String({ maxLength: 100, description: 'neighbourhood or area' })),
    child_age_months: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    due_date: Type.Optional(Type.String({ format: 'date', description: 'when expecting' })),
    languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 10 })),
    availability: Type.Optional(Type.String({ maxLength: 500, description: 'days and times that suit' })),
    background: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, description: 'the facts the programme asks for to assemble its groups' },
);

export async function applicationRoutes(app: App, deps: Deps): Promise<void> {
  const auth: { [label: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];
  app.post(
    '/groups/:group/applications',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Apply to a programme whose groups the organiser assembles',
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            display_name: Type.String({ minLength: 1, maxLength: 100 }),
            email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
            phone: Type.Optional(
              Type.Union([Type.String({ pattern: '^\\+?[0-9 ()-]{6,20}$' }), Type.Null()]),
            ),
            language: Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')]),
            consent: Type.Boolean(),
            facts: Facts,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), status: Type.Literal('pending') }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await apply(deps.db, request.params.group, request.body, deps.clock())),
  );

  app.get(
    '/groups/:group/applications',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Applications to a group (coordinators and facilitators; logged)',
        security: auth,
        params: Type.Object({ group: IdOrSlug }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                status: Type.String(),
                display_name: Type.String(),
                email: Type.Union([Type.String(), Type.Null()]),
                phone: Type.Union([Type.String(), Type.Null()]),
                language: Type.String(),
                facts: Facts,
                created_at: Type.String(),
                placed_group_id: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const rows = await inTx(deps, request.actor, (tx) =>
        listApplications(tx, request.actor, request.params.group),
      );
      return { items: rows.map((r) => ({ ...r, created_at: toHelsinkiIso(r.created_at) })) };
    },
  );

  app.post(
    '/applications/:id/placement',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Place an applicant into a group of the organisation (a seat, or its waiting list)',
        security: auth,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ group: IdOrSlug }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            registration_id: Type.String(),
            group_id: Type.String(),
            status: Type.Union([Type.Literal('confirmed'), Type.Literal('waitlisted')]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      return inTx(deps, request.actor, (tx) =>
        placeApplication(tx, request.actor, request.params.id, request.body.group, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        }),
      );
    },
  );

  app.post(
    '/applications/:id/decline',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Decline an application',
        security: auth,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      await inTx(deps, request.actor, (tx) =>
        declineApplication(tx, request.actor, request.params.id, deps.clock()),
      );
      return reply.code(204).send(null);
    },
  );
}

export async function groupMessageRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/groups/:group/messages',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Email everyone with a seat (and optionally the waiting list) in their own language’s frame',
        security: [{ bearer: [] }, { cookie: [] }],
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            subject: Type.String({ minLength: 1, maxLength: 150 }),
            text: Type.String({ minLength: 1, maxLength: 5000 }),
            include_waitlist: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ recipients: Type.Integer() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const result = await inTx(deps, request.actor, (tx) =>
        messageParticipants(tx, request.actor, request.params.group, request.body, deps.publicUrl),
      );
      return reply.code(202).send(result);
    },
  );

  app.post(
    '/sessions/:id/coming',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Say “I’m coming” to a drop-in session: an anonymous count for the facilitator',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ coming_count: Type.Integer() }), ...problemResponses },
      },
    },
    async (request) => markComing(deps.db, request.params.id, deps.clock()),
  );
}

export async function dataRequestRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/data-requests',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Ask for a link to see, download or erase what is held about an email address',
        description:
          'If anything is held about the address, a single-use link valid for one hour is emailed to it; ' +
          'the link opens the my-data pages (/{lang}/my-data/mine) with export and erasure. The answer is the ' +
          'same whether or not the address is known. Throttled per address asked about and per client (429).',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            language: Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')], {
              description: 'the language of the email and the pages',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            status: Type.Literal('accepted', {
              description: 'always the same: a link went out if the address is known',
            }),
          }),
          ...problemResponses,
          429: problemResponses[400],
        },
      },
    },
    async (request, reply) => {
      await requestLink(
        deps.db,
        { email: request.body.email, language: request.body.language, client: request.ip },
        { now: deps.clock(), publicUrl: deps.publicUrl },
      );
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );
}
