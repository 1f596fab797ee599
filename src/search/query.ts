import { Type, type Static } from 'typebox';
import { IdOrSlug, PageQuery } from '../http/schemas.ts';
import { badQuery } from '../shared/errors.ts';
import { AUDIENCES, JOIN_WAYS, THEMES } from '../groups/schemas.ts';
import { GROUP_STATUSES, PUBLIC_STATUSES, type GroupStatus } from '../groups/lifecycle.ts';
import { SORTS, TIMES_OF_DAY, WEEKDAYS, type GroupSearch, type TimeOfDay, type Weekday } from './search.ts';

/** What the finder shows when no status is asked for: groups one can still go to. */
export const FINDER_STATUSES: readonly GroupStatus[] = ['published', 'running'];

const list = (description: string, maxLength = 400) => Type.Optional(Type.String({ maxLength, description }));

/** The finder's query string, shared by the API and the public search page. */
export const SearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'words to search for in Finnish, Swedish or English; inflected forms and small typos match',
      }),
    ),
    municipality: list('municipalities, Finnish or Swedish names, e.g. Tampere,Helsingfors'),
    neighbourhood: list('neighbourhoods, e.g. Hervanta'),
    near: Type.Optional(
      Type.String({
        pattern: '^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$',
        description: 'a point as lat,lon (WGS84); results within radius_km, with distance_km',
      }),
    ),
    radius_km: Type.Optional(
      Type.Number({ minimum: 0.1, maximum: 1000, description: 'with near: how far, default 10 km' }),
    ),
    audience: list(`who the group is for: ${AUDIENCES.join(', ')}`),
    theme: list(`what the group is about: ${THEMES.join(', ')}`),
    language: list('languages spoken in the group, ISO 639 codes, e.g. fi,sv'),
    weekday: list(`days with upcoming sessions: ${WEEKDAYS.join(', ')}`),
    time_of_day: list(`when upcoming sessions start, Helsinki time: ${TIMES_OF_DAY.join(', ')}`),
    join: list(`how one joins: ${JOIN_WAYS.join(', ')}`),
    openness: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed')], {
        description: 'open: anyone may come to any meeting; closed: the same members from start to end',
      }),
    ),
    free: Type.Optional(Type.Boolean({ description: 'true: only groups without a fee' })),
    mode: Type.Optional(
      Type.Union([Type.Literal('in_person'), Type.Literal('remote')], {
        description: 'in_person or remote; hybrid groups match both',
      }),
    ),
    starts_within_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        description: 'groups whose first session is within this many days',
      }),
    ),
    ongoing: Type.Optional(
      Type.Boolean({
        description: 'true: groups that have started and still meet (with starts_within_days: either one)',
      }),
    ),
    accepting: Type.Optional(Type.Boolean({ description: 'true: only groups that take new members now' })),
    sort: Type.Optional(
      Type.Union(
        [Type.Literal(SORTS[0]), Type.Literal(SORTS[1]), Type.Literal(SORTS[2]), Type.Literal(SORTS[3])],
        { description: 'default: relevance with q, distance with near, otherwise next_session' },
      ),
    ),
    ...PageQuery,
    status: list(
      `statuses, comma-separated, or all: ${GROUP_STATUSES.join(', ')}. Published and running by default; ` +
        'unpublished ones need a staff token',
    ),
    organization: Type.Optional(IdOrSlug),
  },
  { additionalProperties: false },
);
export type SearchQueryInput = Static<typeof SearchQuery>;

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : undefined;
}

function enumList<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  const items = splitList(value);
  for (const item of items ?? []) {
    if (!allowed.includes(item as T))
      throw badQuery(field, `Unknown ${field} "${item}". Use one of: ${allowed.join(', ')}.`);
  }
  return items as T[] | undefined;
}

/** The statuses asked for, and whether only staff may ask for them. */
export function parseStatuses(value: string | undefined): {
  statuses: readonly GroupStatus[];
  staffOnly: boolean;
} {
  if (value === undefined) return { statuses: FINDER_STATUSES, staffOnly: false };
  if (value.trim() === 'all') return { statuses: GROUP_STATUSES, staffOnly: true };
  const statuses = enumList('status', value, GROUP_STATUSES) ?? FINDER_STATUSES;
  return { statuses, staffOnly: statuses.some((s) => !PUBLIC_STATUSES.includes(s)) };
}

/** The search the query string asks for, or a 400 naming the parameter that cannot be used. */
export function parseSearch(
  query: SearchQueryInput,
  now: Date,
): Omit<GroupSearch, 'statuses' | 'orgIds' | 'limit' | 'offset'> {
  let near: GroupSearch['near'];
  if (query.near) {
    const [lat, lon] = query.near.split(',').map(Number) as [number, number];
    if (Math.abs(lat) > 90) throw badQuery('near', 'The latitude must be between -90 and 90.');
    if (Math.abs(lon) > 180) throw badQuery('near', 'The longitude must be between -180 and 180.');
    near = { lat, lon, radiusKm: query.radius_km ?? 10 };
  } else if (query.radius_km !== undefined) {
    throw badQuery('radius_km', 'radius_km needs a point: give near=lat,lon too.');
  }
  if (query.sort === 'distance' && !near) throw badQuery('sort', 'Sorting by distance needs near=lat,lon.');
  const languages = splitList(query.language);
  for (const language of languages ?? []) {
    if (!/^[a-z]{2,3}$/.test(language))
      throw badQuery('language', `"${language}" is not an ISO 639 language code.`);
  }
  return {
    q: query.q?.trim() || undefined,
    municipalities: splitList(query.municipality),
    neighbourhoods: splitList(query.neighbourhood),
    near,
    audience: enumList('audience', query.audience, AUDIENCES),
    themes: enumList('theme', query.theme, THEMES),
    languages,
    weekdays: enumList<Weekday>('weekday', query.weekday, WEEKDAYS),
    timesOfDay: enumList<TimeOfDay>('time_of_day', query.time_of_day, TIMES_OF_DAY),
    join: enumList('join', query.join, JOIN_WAYS),
    openness: query.openness,
    free: query.free,
    mode: query.mode,
    startsWithinDays: query.starts_within_days,
    ongoing: query.ongoing,
    accepting: query.accepting,
    sort: query.sort,
    now,
  };
}
