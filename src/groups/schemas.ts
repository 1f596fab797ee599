import { RegistrationQuestions } from '../enrolment/questions.ts';
import { Type } from 'typebox';
import { IsoDate, localized, nullable, Slug, Uuid } from '../http/schemas.ts';
import { GROUP_STATUSES, LIFECYCLE_ACTIONS } from './lifecycle.ts';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const AUDIENCES = [
  'parents',
  'expecting_parents',
  'families',
  'children',
  'youth',
  'relatives',
  'carers',
  'men',
  'women',
  'immigrants',
  'workers',
  'everyone',
] as const;
/** What groups are about; the finder filters by these and shows them in every language. */
export const THEMES = [
  'parenting',
  'pregnancy',
  'babies',
  'postnatal_depression',
  'multiple_births',
  'single_parents',
  'rainbow_families',
  'mental_health',
  'loneliness',
  'grief',
  'separation',
  'substance_use',
  'relatives_substance_use',
  'child_welfare',
  'caregiving',
  'chronic_illness',
  'disability',
  'immigration',
  'physical_activity',
  'play_and_music',
] as const;
export const METHODS = ['discussion', 'activity', 'play', 'mixed'] as const;
export const JOIN_WAYS = ['drop_in', 'registration', 'referral', 'application'] as const;
export const MODES = ['in_person', 'remote', 'hybrid'] as const;
export const FACILITATION_STYLES = ['none', 'peer', 'professional', 'co_facilitated'] as const;
export const SUSPENSION_REASONS = [
  'low_attendance',
  'facilitator_unavailable',
  'venue_unavailable',
  'other',
] as const;

const Language = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 language code' });

const fields = {
  slug: Slug,
  name: localized,
  description: nullable(localized),
  audience: Type.Array(literals(AUDIENCES), { uniqueItems: true, maxItems: 12 }),
  unifying_factor: nullable(localized),
  theme: nullable(localized),
  topics: Type.Array(literals(THEMES), {
    description: 'what the group is about; the finder filters by these',
    uniqueItems: true,
    maxItems: 20,
  }),
  method: literals(METHODS),
  openness: literals(['open', 'closed'] as const),
  how_to_join: literals(JOIN_WAYS),
  capacity: nullable(Type.Integer({ minimum: 1, maximum: 10_000 })),
  waitlist_capacity: nullable(Type.Integer({ minimum: 0, maximum: 10_000 })),
  allow_late_joiners: Type.Boolean(),
  cost_kind: literals(['free', 'co_payment'] as const),
  co_payment_cents: nullable(Type.Integer({ minimum: 1, maximum: 100_000 })),
  co_payment_note: nullable(localized),
  languages: Type.Array(Language, { minItems: 1, uniqueItems: true, maxItems: 10 }),
  mode: literals(MODES),
  children_along: Type.Boolean(),
  child_age_min_months: nullable(Type.Integer({ minimum: 0, maximum: 240 })),
  child_age_max_months: nullable(Type.Integer({ minimum: 0, maximum: 240 })),
  crisis_notice: Type.Boolean(),
  facilitation: literals(FACILITATION_STYLES),
  self_directed: Type.Boolean(),
  template: nullable(
    Type.String({ minLength: 1, maxLength: 100, description: 'programme template id or slug' }),
  ),
  venue_id: nullable(Uuid),
  season: nullable(localized),
  starts_on: nullable(IsoDate),
  ends_on: nullable(IsoDate),
  partner_ids: Type.Array(Uuid, { maxItems: 50 }),
  registration_questions: RegistrationQuestions,
};

type Fields = typeof fields;
const optional = <K extends keyof Fields>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, Type.Optional(fields[k])])) as {
    [P in K]: ReturnType<typeof Type.Optional<Fields[P]>>;
  };

const ALL_KEYS = Object.keys(fields) as (keyof Fields)[];

export const GroupCreate = Type.Object(
  {
    organization_id: Type.String({ minLength: 1, maxLength: 100, description: 'organisation id or slug' }),
    ...optional(ALL_KEYS),
    name: fields.name,
    how_to_join: fields.how_to_join,
    replaces_group_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const GroupPatch = Type.Object(optional(ALL_KEYS), { additionalProperties: false, minProperties: 1 });

export const LifecycleBody = Type.Object(
  {
    action: literals(LIFECYCLE_ACTIONS),
    decided_on: Type.Optional(IsoDate),
    minutes_reference: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    notes: Type.Optional(nullable(Type.String({ maxLength: 2000 }))),
    suspended_on: Type.Optional(IsoDate),
    reason_code: Type.Optional(literals(SUSPENSION_REASONS)),
    reason: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
    ended_on: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

const Link = nullable(
  Type.Object({
    id: Type.String(),
    slug: Type.String(),
    name: localized,
    status: Type.String(),
    url: Type.String(),
  }),
);

export const Group = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String(),
    url: Type.String({ description: 'the public page of the group' }),
    organization: Type.Object({
      id: Type.String(),
      slug: Type.String(),
      name: localized,
      kind: Type.String(),
      contact: Type.Object(
        { email: nullable(Type.String()), phone: nullable(Type.String()), website: nullable(Type.String()) },
        { description: 'the organiser’s public contact details' },
      ),
    }),
    name: localized,
    description: nullable(localized),
    audience: Type.Array(Type.String()),
    unifying_factor: nullable(localized),
    theme: nullable(localized),
    topics: Type.Array(Type.String()),
    method: Type.String(),
    openness: Type.String(),
    how_to_join: literals(JOIN_WAYS),
    capacity: nullable(Type.Integer()),
    seats_available: nullable(Type.Integer({ description: 'null when the group has no capacity limit' })),
    waitlist_length: Type.Integer({ description: 'people on the waiting list' }),
    waitlist_capacity: nullable(Type.Integer()),
    allow_late_joiners: Type.Boolean(),
    cost: Type.Object({
      kind: literals(['free', 'co_payment'] as const),
      amount_cents: nullable(Type.Integer()),
      currency: Type.Literal('EUR'),
      note: nullable(localized),
    }),
    languages: Type.Array(Type.String()),
    mode: literals(MODES),
    children_along: Type.Boolean(),
    child_age_months: nullable(Type.Object({ min: nullable(Type.Integer()), max: nullable(Type.Integer()) })),
    crisis_notice: Type.Boolean(),
    facilitation: Type.Object({
      style: Type.String(),
      self_directed: Type.Boolean(),
      facilitators: Type.Array(
        Type.Object({
          role: Type.String(),
          kind: Type.String(),
          engagement: Type.String(),
          profession: nullable(Type.String()),
          name: nullable(Type.String({ description: 'only when the facilitator made it public' })),
        }),
      ),
    }),
    programme: nullable(Type.Object({ id: Type.String(), slug: Type.String(), name: localized })),
    venue: nullable(Type.Unsafe<unknown>({ $ref: 'Venue#' })),
    partners: Type.Array(
      Type.Object({
        id: Type.String(),
        name: localized,
        kind: Type.String(),
        website: nullable(Type.String()),
      }),
    ),
    season: nullable(localized),
    registration_questions: RegistrationQuestions,
    starts_on: nullable(Type.String()),
    ends_on: nullable(Type.String()),
    next_session: nullable(
      Type.Object(
        { starts_at: Type.String(), ends_at: Type.String() },
        { description: 'the next scheduled session, Helsinki time' },
      ),
    ),
    distance_km: Type.Optional(
      Type.Number({ description: 'from the point given with near=, in search results' }),
    ),
    status: literals(GROUP_STATUSES),
    suspended_on: nullable(Type.String()),
    suspension_reason_code: nullable(Type.String()),
    suspension_reason: nullable(Type.String()),
    ended_on: nullable(Type.String()),
    replaces: Link,
    replaced_by: Link,
    published_at: nullable(Type.String()),
    last_confirmed_at: nullable(
      Type.String({ description: 'the day the details were last confirmed as current (YYYY-MM-DD)' }),
    ),
    internal: Type.Optional(
      Type.Object({
        available_actions: Type.Array(Type.String()),
        board_decision: nullable(
          Type.Object({
            decision: Type.String(),
            decided_on: Type.String(),
            minutes_reference: nullable(Type.String()),
            notes: nullable(Type.String()),
          }),
        ),
        remote_details: nullable(Type.Object({ url: Type.String(), instructions: nullable(localized) })),
        listing: Type.Object({
          last_confirmed_at: nullable(Type.String()),
          stale_after_days: Type.Integer(),
          stale: Type.Boolean({ description: 'not confirmed for more than stale_after_days' }),
          stale_on: nullable(Type.String({ description: 'the day the listing goes (or went) stale' })),
        }),
        low_attendance_warning: nullable(
          Type.Object({
            since: Type.String({ description: 'start of the first of the low sessions' }),
            sessions: Type.Integer({ description: 'consecutive attended sessions below the minimum' }),
            min_present: Type.Integer(),
          }),
        ),
      }),
    ),
    warnings: Type.Optional(
      Type.Array(Type.Object({ code: Type.String(), field: Type.String(), message: Type.String() })),
    ),
  },
  { $id: 'Group' },
);
export const GroupRef = Type.Unsafe<unknown>({ $ref: 'Group#' });
