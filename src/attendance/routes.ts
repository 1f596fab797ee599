import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, localized, nullable, problemResponses, Uuid } from '../http/schemas.ts';
import { authorize } from '../accounts/permissions.ts';
import { getOrganisation } from '../organisations/service.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { freshnessOf, staleGroups } from '../groups/freshness.ts';
import * as repo from './repository.ts';
import {
  getLowAttendance,
  groupAttendance,
  readAttendance,
  recordAttendance,
  setLowAttendanceRule,
} from './service.ts';

const Kind = Type.Union([Type.Literal('named'), Type.Literal('head_count')], {
  description:
    'named for groups people join by registration, referral or application; head_count for drop-in',
});
const Warning = nullable(
  Type.Object({
    since: Type.String({ description: 'start of the first of the low sessions' }),
    sessions: Type.Integer({ description: 'consecutive attended sessions below the minimum' }),
    min_present: Type.Integer(),
  }),
);
const count = (description: string) => Type.Integer({ minimum: 0, maximum: 10_000, description });

const AttendanceBody = Type.Object(
  {
    participants: Type.Optional(
      Type.Array(
        Type.Object({ registration_id: Uuid, present: Type.Boolean() }, { additionalProperties: false }),
        { maxItems: 1000, description: 'named attendance: each confirmed participant present or absent' },
      ),
    ),
    head_count: Type.Optional(count('drop-in groups: how many people came')),
    children_count: Type.Optional(count('children who came along (0 when absent)')),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Saved = Type.Object({
  session_id: Type.String(),
  group_id: Type.String(),
  kind: Kind,
  present_count: Type.Integer(),
  children_count: Type.Integer(),
  recorded_at: Type.String(),
  low_attendance_warning: Warning,
});

const SessionAttendance = Type.Object({
  session_id: Type.String(),
  group_id: Type.String(),
  starts_at: Type.String(),
  kind: Kind,
  recorded: Type.Boolean(),
  present_count: nullable(Type.Integer()),
  head_count: nullable(Type.Integer()),
  children_count: nullable(Type.Integer()),
  recorded_at: nullable(Type.String()),
  recorded_by: nullable(Type.String()),
  participants: Type.Optional(
    Type.Array(
      Type.Object({
        registration_id: Type.String(),
        display_name: Type.String(),
        present: nullable(Type.Boolean({ description: 'null when not marked' })),
      }),
      { description: 'named attendance only; reading it is logged' },
    ),
  ),
});

const GroupAttendance = Type.Object({
  group_id: Type.String(),
  kind: Kind,
  sessions: Type.Array(
    Type.Object({
      session_id: Type.String(),
      starts_at: Type.String(),
      status: Type.String(),
      recorded: Type.Boolean(),
      present_count: nullable(Type.Integer({ description: 'named attendance: people marked present' })),
      head_count: nullable(Type.Integer({ description: 'drop-in: the head count' })),
      children_count: nullable(Type.Integer()),
    }),
  ),
  totals: Type.Object({
    sessions_held: Type.Integer({ description: 'sessions that have started and were not cancelled' }),
    sessions_recorded: Type.Integer(),
    visits: Type.Integer({ description: 'people present, summed over the sessions' }),
    children: Type.Integer(),
    average_present: nullable(Type.Number()),
    unique_participants: nullable(
      Type.Integer({ description: 'named attendance: different people present at least once' }),
    ),
  }),
  low_attendance_warning: Warning,
});

const RuleState = Type.Object({
  rule: Type.Union([Type.Literal('organisation'), Type.Literal('off'), Type.Literal('custom')]),
  min_present: nullable(Type.Integer()),
  consecutive_sessions: nullable(Type.Integer()),
  effective: nullable(
    Type.Object(
      { min_present: Type.Integer(), consecutive_sessions: Type.Integer() },
      {
        description: 'the rule in force; null when off',
      },
    ),
  ),
  warning: Warning,
});

const OrgWarning = Type.Object({
  kind: Type.Union([Type.Literal('low_attendance'), Type.Literal('stale_listing')]),
  group: Type.Object({ id: Type.String(), slug: Type.String(), name: localized, status: Type.String() }),
  since: nullable(Type.String({ description: 'low attendance: start of the first low session' })),
  sessions: nullable(Type.Integer()),
  min_present: nullable(Type.Integer()),
  last_confirmed_at: nullable(Type.String({ description: 'stale listing: when last confirmed' })),
  stale_on: nullable(Type.String()),
});

export async function attendanceRoutes(app: App, deps: Deps): Promise<void> {
  app.put(
    '/sessions/:id/attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: 'Record who came to a session: names or a head count, by how the group is joined',
        description:
          'Groups joined by registration, referral or application mark each confirmed participant present or absent ' +
          '(`participants`); drop-in groups give `head_count`. Either may add `children_count`. Saving again replaces ' +
          'the record; the low-attendance rule runs afterwards. Coordinators and admins of the organisation and the ' +
          "group's own facilitators (signed in as themselves); other facilitators get 403.",
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: AttendanceBody,
        response: { 200: Saved, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        recordAttendance(tx, request.actor, request.params.id, request.body, deps.clock()),
      ),
  );

  app.get(
    '/sessions/:id/attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: "A session's attendance (named attendance shows names; every look is logged)",
        security: bearer,
        params: Type.Object({ id: Uuid }),
        response: { 200: SessionAttendance, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) => readAttendance(tx, request.actor, request.params.id)),
  );

  app.get(
    '/groups/:group/attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: 'Attendance per session with totals for reporting: visits, children, unique participants',
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        response: { 200: GroupAttendance, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        groupAttendance(tx, request.actor, request.params.group, deps.clock()),
      ),
  );

  app.get(
    '/groups/:group/low-attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: "The group's low-attendance rule, the rule in force and its warning",
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        response: { 200: RuleState, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) => getLowAttendance(tx, request.actor, request.params.group)),
  );

  app.put(
    '/groups/:group/low-attendance',
    {
      schema: {
        tags: ['attendance'],
        summary: "Set the group's low-attendance rule: the organisation's default, off, or its own numbers",
        description:
          'A warning is raised when the last `consecutive_sessions` recorded sessions each had fewer than ' +
          '`min_present` people, and cleared when attendance recovers.',
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        body: Type.Object(
          {
            rule: Type.Union([Type.Literal('organisation'), Type.Literal('off'), Type.Literal('custom')]),
            min_present: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            consecutive_sessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RuleState, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        setLowAttendanceRule(tx, request.actor, request.params.group, request.body, deps.clock()),
      ),
  );

  app.get(
    '/organizations/:org/warnings',
    {
      schema: {
        tags: ['attendance'],
        summary: "What needs a coordinator's attention: groups with low attendance and stale listings",
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(OrgWarning) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'organisation.read_internal', org.id);
        const now = deps.clock();
        const low = (await repo.orgWarnings(tx, org.id)).map((w) => ({
          kind: 'low_attendance' as const,
          group: { id: w.group_id, slug: w.slug, name: w.name as never, status: w.status },
          since: toHelsinkiIso(w.since),
          sessions: w.sessions,
          min_present: w.min_present,
          last_confirmed_at: null,
          stale_on: null,
        }));
        const stale = (await staleGroups(tx, org.id, now)).map((g) => ({
          kind: 'stale_listing' as const,
          group: { id: g.group_id, slug: g.slug, name: g.name as never, status: g.status },
          since: null,
          sessions: null,
          min_present: null,
          last_confirmed_at: g.confirmed_at ? toHelsinkiIso(g.confirmed_at) : null,
          stale_on: freshnessOf(
            { status: g.status as 'published', last_confirmed_at: g.confirmed_at, published_at: null },
            g.stale_after_days,
            now,
          ).stale_on,
        }));
        return { items: [...low, ...stale] };
      }),
  );
}
