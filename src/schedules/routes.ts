import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, IsoDate, localized, nullable, problemResponses, Uuid } from '../http/schemas.ts';
import { getGroup } from '../groups/service.ts';
import * as repo from './repository.ts';
import { addSessionGuest, changeSessionGuest, listSessionGuests, removeSessionGuest } from './guests.ts';
import {
  addExtraSession,
  changeSession,
  createSchedule,
  deleteSchedule,
  holidayBreak,
  listGroupSessions,
  presentSchedule,
  saveSessionNotes,
  sessionNotes,
  updateSchedule,
} from './service.ts';

const LocalDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$',
  description: 'Helsinki wall-clock time without offset, e.g. 2019-10-30T15:30',
});
const DateTimeInput = Type.String({
  minLength: 10,
  maxLength: 40,
  description: 'ISO 8601 date-time; without an offset it is Helsinki local time',
});

const WHO_CHANGES =
  "The organisation's coordinators and admins and the group's own facilitators (not other facilitators of the organisation).";

const Schedule = Type.Object(
  {
    id: Type.String(),
    group_id: Type.String(),
    rrule: Type.String({ description: 'RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=7' }),
    starts_local: Type.String(),
    duration_minutes: Type.Integer(),
    timezone: Type.String(),
    exdates: Type.Array(Type.String()),
    venue_id: nullable(Type.String()),
    ongoing: Type.Boolean(),
  },
  { $id: 'Schedule' },
);
const ScheduleRef = Type.Unsafe<unknown>({ $ref: 'Schedule#' });

const Session = Type.Object(
  {
    id: Type.String(),
    group_id: Type.String(),
    starts_at: Type.String({ description: 'ISO 8601 with the Helsinki offset' }),
    ends_at: Type.String(),
    status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
    coming_count: Type.Integer({ description: 'drop-in groups: how many said they are coming (anonymous)' }),
    cancel_reason_code: nullable(Type.String()),
    cancel_reason: nullable(Type.String()),
    plan_kind: Type.String({ description: 'kickoff, theme, closing, regular or extra' }),
    theme_key: nullable(Type.String()),
    theme: nullable(localized),
    venue_id: nullable(Type.String()),
    schedule_id: nullable(Type.String()),
    guests: Type.Array(
      Type.Object({
        topic: localized,
        name: nullable(Type.String()),
        affiliation: nullable(Type.String()),
      }),
      {
        description:
          "Guest experts, as the public sees them: the topic; the name and background only where the organiser made them public. The organisation's full list is GET /sessions/{id}/guests.",
      },
    ),
  },
  { $id: 'Session' },
);
const SessionRef = Type.Unsafe<unknown>({ $ref: 'Session#' });

const ScheduleFields = {
  rrule: Type.String({ minLength: 6, maxLength: 300 }),
  starts_local: LocalDateTime,
  duration_minutes: Type.Integer({ minimum: 5, maximum: 1440 }),
  exdates: Type.Array(LocalDateTime, { maxItems: 200 }),
  venue_id: nullable(Uuid),
};

const SessionNotes = Type.Object({
  session_id: Type.String(),
  notes: Type.String({ description: 'for the facilitators; internal to the organisation' }),
  materials: Type.String({ description: 'materials for the session, e.g. links or what to bring' }),
  updated_at: nullable(Type.String()),
});

const Guest = Type.Object(
  {
    id: Type.String(),
    session_id: Type.String(),
    name: Type.String(),
    affiliation: nullable(
      Type.String({ description: 'profession or background, e.g. "public health nurse"' }),
    ),
    topic: localized,
    name_public: Type.Boolean({
      description: "whether the name and background may be shown on the group's public page",
    }),
  },
  { $id: 'SessionGuest' },
);
const GuestRef = Type.Unsafe<unknown>({ $ref: 'SessionGuest#' });
const GuestFields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  affiliation: nullable(Type.String({ maxLength: 200 })),
  topic: localized,
  name_public: Type.Boolean(),
};
const WHO_GUESTS =
  "Internal to the organisation: its coordinators and admins and the group's own facilitators. " +
  'Keep it to a name, a profession or background and the topic; no contact details.';

const Materialised = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  removed: Type.Integer(),
});

export async function scheduleRoutes(app: App, deps: Deps): Promise<void> {
  app.addSchema(Schedule);
  app.addSchema(Session);
  app.addSchema(Guest);

  app.get(
    '/groups/:group/schedules',
    {
      schema: {
        tags: ['schedules'],
        summary: "A group's recurrence rules",
        params: Type.Object({ group: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(ScheduleRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const group = await getGroup(tx, request.params.group);
        return { items: (await repo.listSchedules(tx, group.id)).map(presentSchedule) };
      }),
  );

  app.post(
    '/groups/:group/schedules',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Add a recurrence (RRULE in Helsinki time); its sessions are created at once',
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            rrule: ScheduleFields.rrule,
            starts_local: ScheduleFields.starts_local,
            duration_minutes: ScheduleFields.duration_minutes,
            exdates: Type.Optional(ScheduleFields.exdates),
            venue_id: Type.Optional(ScheduleFields.venue_id),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ schedule: ScheduleRef, sessions: Materialised }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await inTx(deps, request.actor, (tx) =>
        createSchedule(tx, request.actor, request.params.group, request.body, deps.clock()),
      );
      return reply.code(201).send({ schedule: presentSchedule(result.schedule), sessions: result.sessions });
    },
  );

  app.patch(
    '/schedules/:id',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Change a recurrence; untouched future sessions follow, past and hand-changed ones stay',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            rrule: Type.Optional(ScheduleFields.rrule),
            starts_local: Type.Optional(ScheduleFields.starts_local),
            duration_minutes: Type.Optional(ScheduleFields.duration_minutes),
            exdates: Type.Optional(ScheduleFields.exdates),
            venue_id: Type.Optional(ScheduleFields.venue_id),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: Type.Object({ schedule: ScheduleRef, sessions: Materialised }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const result = await inTx(deps, request.actor, (tx) =>
        updateSchedule(tx, request.actor, request.params.id, request.body, deps.clock()),
      );
      return { schedule: presentSchedule(result.schedule), sessions: result.sessions };
    },
  );

  app.delete(
    '/schedules/:id',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Remove a recurrence and its untouched future sessions',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, (tx) =>
        deleteSchedule(tx, request.actor, request.params.id, deps.clock()),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/groups/:group/sessions',
    {
      schema: {
        tags: ['schedules'],
        summary: "A group's sessions, optionally between two dates",
        params: Type.Object({ group: IdOrSlug }),
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time' })),
            to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SessionRef) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => ({
        items: await listGroupSessions(tx, request.params.group, request.query.from, request.query.to),
      })),
  );

  app.post(
    '/groups/:group/sessions',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Add an extra session outside the schedule',
        description: WHO_CHANGES,
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            starts_at: DateTimeInput,
            ends_at: Type.Optional(DateTimeInput),
            duration_minutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 1440 })),
            theme: Type.Optional(nullable(localized)),
            venue_id: Type.Optional(nullable(Uuid)),
          },
          { additionalProperties: false },
        ),
        response: { 201: SessionRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const session = await inTx(deps, request.actor, (tx) =>
        addExtraSession(tx, request.actor, request.params.group, request.body),
      );
      return reply.code(201).send(session);
    },
  );

  app.patch(
    '/sessions/:id',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Move, cancel, restore or re-theme one session',
        description: WHO_CHANGES,
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            starts_at: Type.Optional(DateTimeInput),
            ends_at: Type.Optional(DateTimeInput),
            status: Type.Optional(Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')])),
            cancel_reason_code: Type.Optional(
              Type.Union(
                ['holiday', 'facilitator_unavailable', 'venue_unavailable', 'low_attendance', 'other'].map(
                  (c) => Type.Literal(c),
                ),
              ),
            ),
            cancel_reason: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
            theme_key: Type.Optional(nullable(Type.String({ pattern: '^[a-z0-9_]+$', maxLength: 60 }))),
            theme: Type.Optional(nullable(localized)),
            venue_id: Type.Optional(nullable(Uuid)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SessionRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        changeSession(
          tx,
          request.actor,
          request.params.id,
          request.body as Parameters<typeof changeSession>[3],
          deps.publicUrl,
        ),
      ),
  );

  app.get(
    '/sessions/:id/notes',
    {
      schema: {
        tags: ['schedules'],
        summary: "A session's notes for the facilitators and its materials (internal)",
        description: "The organisation's coordinators and admins and the group's own facilitators.",
        security: bearer,
        params: Type.Object({ id: Uuid }),
        response: { 200: SessionNotes, ...problemResponses },
      },
    },
    async (request) => inTx(deps, request.actor, (tx) => sessionNotes(tx, request.actor, request.params.id)),
  );

  app.put(
    '/sessions/:id/notes',
    {
      schema: {
        tags: ['schedules'],
        summary: "Write a session's notes for the facilitators and its materials (internal)",
        description:
          "The organisation's coordinators and admins and the group's own facilitators. A field left out keeps its text.",
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            notes: Type.Optional(Type.String({ maxLength: 10_000 })),
            materials: Type.Optional(Type.String({ maxLength: 10_000 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SessionNotes, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        saveSessionNotes(tx, request.actor, request.params.id, request.body, deps.clock()),
      ),
  );

  app.post(
    '/groups/:group/holiday-breaks',
    {
      schema: {
        tags: ['schedules'],
        summary: 'A holiday break: cancel every scheduled session between two dates (reason holiday)',
        description:
          'Dates in Helsinki, both included. Confirmed participants are told of each cancelled session, as with ' +
          `\`PATCH /sessions/{id}\`. ${WHO_CHANGES}`,
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            from: IsoDate,
            to: IsoDate,
            cancel_reason: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SessionRef) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await inTx(deps, request.actor, (tx) =>
        holidayBreak(tx, request.actor, request.params.group, request.body, deps.publicUrl),
      ),
    }),
  );

  app.get(
    '/sessions/:id/guests',
    {
      schema: {
        tags: ['schedules'],
        summary: "A session's guest experts with their names (internal)",
        description: WHO_GUESTS,
        security: bearer,
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(GuestRef) }), ...problemResponses },
      },
    },
    async (request) => ({
      items: await inTx(deps, request.actor, (tx) => listSessionGuests(tx, request.actor, request.params.id)),
    }),
  );

  app.post(
    '/sessions/:id/guests',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Name a guest expert for one session',
        description: `${WHO_GUESTS} The public sees the topic; the name and background only when \`name_public\` is true.`,
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            name: GuestFields.name,
            affiliation: Type.Optional(GuestFields.affiliation),
            topic: GuestFields.topic,
            name_public: Type.Optional(GuestFields.name_public),
          },
          { additionalProperties: false },
        ),
        response: { 201: GuestRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const guest = await inTx(deps, request.actor, (tx) =>
        addSessionGuest(tx, request.actor, request.params.id, request.body),
      );
      return reply.code(201).send(guest);
    },
  );

  app.patch(
    '/sessions/:id/guests/:guest',
    {
      schema: {
        tags: ['schedules'],
        summary: "Change a session's guest expert",
        description: WHO_GUESTS,
        security: bearer,
        params: Type.Object({ id: Uuid, guest: Uuid }),
        body: Type.Object(
          {
            name: Type.Optional(GuestFields.name),
            affiliation: Type.Optional(GuestFields.affiliation),
            topic: Type.Optional(GuestFields.topic),
            name_public: Type.Optional(GuestFields.name_public),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: GuestRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        changeSessionGuest(tx, request.actor, request.params.id, request.params.guest, request.body),
      ),
  );

  app.delete(
    '/sessions/:id/guests/:guest',
    {
      schema: {
        tags: ['schedules'],
        summary: "Remove a session's guest expert",
        description: WHO_GUESTS,
        security: bearer,
        params: Type.Object({ id: Uuid, guest: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, (tx) =>
        removeSessionGuest(tx, request.actor, request.params.id, request.params.guest),
      );
      return reply.code(204).send(null);
    },
  );
}
