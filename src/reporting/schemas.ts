/** TypeBox schemas of the reporting API (they feed /api/v1/openapi.json). */
import { Type } from 'typebox';
import { IsoDate, localized, nullable, Uuid } from '../http/schemas.ts';
import { COST_CATEGORIES } from '../groups/costs.ts';
import { BACKGROUNDS, MEASURES, PROFESSIONS, WAYS_OF_JOINING } from './statistics.ts';

const n = (description: string) => Type.Integer({ minimum: 0, description });
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const PeriodQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ maxLength: 20, description: 'first day, YYYY-MM-DD; default 1 January of the year' }),
    ),
    to: Type.Optional(
      Type.String({
        maxLength: 20,
        description: 'last day, YYYY-MM-DD, on or after `from`; default 31 December of that year',
      }),
    ),
  },
  { additionalProperties: false },
);

export const OrgRef = Type.Object({
  id: Uuid,
  slug: Type.String(),
  kind: Type.String(),
  parent_id: nullable(Uuid),
  name: localized,
});

export const Figures = Type.Object({
  groups: Type.Object({
    active: n('groups with at least one held session in the period'),
    new: n('active groups whose first held session ever is in the period'),
    ended: n('groups ended on a day of the period'),
    suspended: n('groups suspended on a day of the period and not resumed'),
    by_programme: Type.Array(
      Type.Object({ template_id: nullable(Uuid), name: nullable(localized), count: n('active groups') }),
    ),
    by_way_of_joining: Type.Object(Object.fromEntries(WAYS_OF_JOINING.map((w) => [w, n('active groups')]))),
  }),
  sessions: Type.Object({
    held: n('sessions not cancelled that started in the period, before now, in a started group'),
    cancelled: n('sessions cancelled in the period (not in held)'),
    with_attendance: n('held sessions whose attendance was recorded'),
  }),
  participants: Type.Object({
    different: n('different people who joined by name, once however many groups they were in'),
    new: n('different participants with no participation in the tree before the period'),
  }),
  visits: n('people present, summed over held sessions (named and head counts)'),
  children: n('children who came along, summed over held sessions'),
  drop_in: Type.Object({
    sessions: n('held sessions with a head count'),
    head_count: n('their people present'),
  }),
  facilitators: Type.Object({
    total: n('different facilitators who ran a held session'),
    volunteer: n('of them volunteers'),
    paid: n('of them paid'),
    peer: n('of them peers'),
    professional: n('of them professionals'),
    by_profession: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  }),
  volunteer_hours: Type.Number({
    minimum: 0,
    description: 'held sessions’ hours × volunteer facilitators who ran them',
  }),
  costs: Type.Object({
    total_cents: n('costs incurred in the period'),
    by_category: Type.Object(Object.fromEntries(COST_CATEGORIES.map((c) => [c, n('cents')]))),
    currency: Type.Literal('EUR'),
  }),
});

export const GroupLine = Type.Object({
  id: Uuid,
  slug: Type.String(),
  org_id: Uuid,
  name: localized,
  sessions_held: Type.Integer(),
  visits: Type.Integer(),
});

export const StatisticsResponse = Type.Object({
  organisation: OrgRef,
  period: Type.Object({ from: IsoDate, to: IsoDate }),
  total: Figures,
  organisations: Type.Array(Type.Object({ organisation: OrgRef, figures: Figures })),
  months: Type.Array(
    Type.Object({
      month: Type.String({ description: 'YYYY-MM' }),
      sessions_held: Type.Integer(),
      visits: Type.Integer(),
    }),
  ),
  groups: Type.Array(GroupLine),
  feedback: Type.Null({ description: 'the anonymous feedback summary (to come)' }),
});

export const TargetProgress = Type.Object({
  key: Type.String(),
  label: localized,
  target_value: Type.Integer(),
  unit: Type.String(),
  measure: nullable(literals(MEASURES)),
  background: nullable(literals(BACKGROUNDS)),
  profession: nullable(literals(PROFESSIONS)),
  value: nullable(Type.Integer()),
  share_percent: nullable(Type.Integer()),
  progress: Type.Array(Type.Object({ on: IsoDate, value: Type.Integer() })),
  figures: Type.Array(
    Type.Object({ id: Uuid, value: Type.Integer(), recorded_on: IsoDate, note: nullable(Type.String()) }),
  ),
});

export const ProgressResponse = Type.Object({
  organisation: OrgRef,
  period: Type.Object({ from: IsoDate, to: IsoDate }),
  targets: Type.Array(TargetProgress),
  groups: Type.Array(GroupLine),
});

export const MeasureBody = Type.Object(
  {
    measure: literals(MEASURES),
    background: Type.Optional(nullable(literals(BACKGROUNDS))),
    profession: Type.Optional(nullable(literals(PROFESSIONS))),
  },
  { additionalProperties: false },
);

export const FigureBody = Type.Object(
  {
    value: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    recorded_on: IsoDate,
    note: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
