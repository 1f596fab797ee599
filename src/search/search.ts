import type { Tx } from '../db/database.ts';
import type { GroupRow } from '../groups/repository.ts';
import { GROUP_COLUMNS } from '../groups/repository.ts';
import { BOARD_STATUSES } from '../accounts/permissions.ts';
import { PUBLIC_STATUSES as PUBLISHED_STATUSES } from '../groups/lifecycle.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
export const SORTS = ['relevance', 'next_session', 'distance', 'name'] as const;
export type Sort = (typeof SORTS)[number];

/** Local hours [from, to) of each part of the day in Helsinki. */
const DAY_PARTS: Record<TimeOfDay, [number, number]> = {
  morning: [0, 12],
  afternoon: [12, 17],
  evening: [17, 24],
};

export interface GroupSearch {
  q?: string;
  statuses: readonly string[];
  /**
   * Who may see unpublished groups (row-level security only keeps other organisations out):
   * the organisations whose coordinators and admins see them all, those whose board sees the
   * proposals before it, and the person whose own groups they are. Unset: published ones only.
   */
  unpublishedFor?: {
    manageOrgIds: readonly string[];
    boardOrgIds: readonly string[];
    facilitatorOrgIds: readonly string[];
    userId: string | null;
  };
  orgIds?: readonly string[];
  venueIds?: readonly string[];
  municipalities?: readonly string[];
  neighbourhoods?: readonly string[];
  near?: { lat: number; lon: number; radiusKm: number };
  audience?: readonly string[];
  themes?: readonly string[];
  languages?: readonly string[];
  weekdays?: readonly Weekday[];
  timesOfDay?: readonly TimeOfDay[];
  join?: readonly string[];
  openness?: 'open' | 'closed';
  free?: boolean;
  mode?: 'in_person' | 'remote';
  startsWithinDays?: number;
  ongoing?: boolean;
  accepting?: boolean;
  sort?: Sort;
  limit: number;
  offset: number;
  now: Date;
}

export interface SearchHit {
  group: GroupRow;
  distanceKm: number | null;
}

// Words that carry no meaning for finding a group; left out so "ryhmä ja tuki" is not
// required to contain "ja". Finnish, Swedish and English.
const STOPWORDS = new Set(
  'ja tai sekä on ei se ne kun jos että myös och eller för i på av en ett med som till the and or for in of a an to with at'.split(
    ' ',
  ),
);

/** Search terms from what a person typed: words and numbers only, lower case, at most eight. */
export function searchTerms(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && !STOPWORDS.has(w)))].slice(0, 8);
}

const DISTANCE_SQL = (lat: string, lon: string) =>
  `(6371.0 * 2 * asin(sqrt(power(sin(radians(v.latitude::float8 - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(v.latitude::float8)) * power(sin(radians(v.longitude::float8 - ${lon}) / 2), 2))))`;

/**
 * Finds groups: full-text search in Finnish, Swedish and English with typo and compound
 * tolerance (see search_query() in the 003 migration), the finder's filters, and sorting.
 * Row-level security still decides which groups the caller may see at all.
 */
export async function searchGroups(tx: Tx, s: GroupSearch): Promise<{ hits: SearchHit[]; total: number }> {
  const params: unknown[] = [];
  const p = (value: unknown, cast = '') => `$${params.push(value)}${cast}`;
  // A parameter PostgreSQL cannot type is an error, so "now" is only bound where it is used.
  let nowParam: string | undefined;
  const now = () => (nowParam ??= p(s.now, '::timestamptz'));
  const where = [`g.status = ANY (${p(s.statuses, '::text[]')})`];
  const seen = s.unpublishedFor;
  where.push(
    `(g.status = ANY (${p(PUBLISHED_STATUSES, '::text[]')})` +
      (seen
        ? ` OR g.org_id = ANY (${p(seen.manageOrgIds, '::uuid[]')})` +
          ` OR (g.status = ANY (${p(BOARD_STATUSES, '::text[]')}) AND g.org_id = ANY (${p(seen.boardOrgIds, '::uuid[]')}))` +
          (seen.userId
            ? ` OR EXISTS (SELECT 1 FROM group_facilitators gf JOIN facilitators f ON f.id = gf.facilitator_id
                 WHERE gf.group_id = g.id AND f.user_id = ${p(seen.userId, '::uuid')}
                   AND g.org_id = ANY (${p(seen.facilitatorOrgIds, '::uuid[]')}))`
            : '')
        : '') +
      ')',
  );
  const terms = s.q ? searchTerms(s.q) : [];
  const ctes: string[] = [];
  const from = 'groups g LEFT JOIN venues v ON v.id = g.venue_id';
  let rankQuery = '';

  if (terms.length > 0) {
    // The query is built first and sent back as a constant: called inside the statement it
    // would run row by row, and as a subquery the planner could not estimate how many groups
    // it matches (and would scan the wrong side first).
    const built = await tx.query<{ q: string }>('SELECT search_query($1::text[])::text AS q', [terms]);
    const query = p(built.rows[0]!.q, '::tsquery');
    where.push(`g.search_document @@ ${query}`);
    rankQuery = query;
  }
  if (s.orgIds) where.push(`g.org_id = ANY (${p(s.orgIds, '::uuid[]')})`);
  if (s.venueIds) where.push(`g.venue_id = ANY (${p(s.venueIds, '::uuid[]')})`);
  if (s.municipalities?.length) {
    const names = p(
      s.municipalities.map((m) => m.toLowerCase()),
      '::text[]',
    );
    // Swedish names become Finnish ones first, so one indexed condition remains.
    where.push(`lower(v.municipality) = ANY (ARRAY(SELECT unnest(${names})
      UNION SELECT lower(name_fi) FROM municipality_names WHERE lower(name_sv) = ANY (${names})))`);
  }
  if (s.neighbourhoods?.length) {
    where.push(
      `lower(v.neighbourhood) = ANY (${p(
        s.neighbourhoods.map((n) => n.toLowerCase()),
        '::text[]',
      )})`,
    );
  }
  let distance = 'NULL::float8';
  if (s.near) {
    const lat = p(s.near.lat, '::float8');
    const lon = p(s.near.lon, '::float8');
    const radius = p(s.near.radiusKm, '::float8');
    distance = DISTANCE_SQL(lat, lon);
    // A bounding box first, so the index on coordinates narrows the rows before the exact distance.
    where.push(
      `v.latitude BETWEEN (${lat} - ${radius} / 111.0)::numeric AND (${lat} + ${radius} / 111.0)::numeric`,
    );
    where.push(
      `v.longitude BETWEEN (${lon} - ${radius} / (111.0 * greatest(cos(radians(${lat})), 0.01)))::numeric
       AND (${lon} + ${radius} / (111.0 * greatest(cos(radians(${lat})), 0.01)))::numeric`,
    );
    where.push(`${distance} <= ${radius}`);
  }
  if (s.audience?.length) where.push(`g.audience && ${p(s.audience, '::text[]')}`);
  if (s.themes?.length) where.push(`g.topics && ${p(s.themes, '::text[]')}`);
  if (s.languages?.length) where.push(`g.languages && ${p(s.languages, '::text[]')}`);
  if (s.join?.length) where.push(`g.how_to_join = ANY (${p(s.join, '::text[]')})`);
  if (s.openness) where.push(`g.openness = ${p(s.openness, '::text')}`);
  if (s.free) where.push(`g.cost_kind = 'free'`);
  if (s.mode) where.push(`g.mode IN (${p(s.mode)}, 'hybrid')`);
  if (s.weekdays?.length || s.timesOfDay?.length) {
    const conditions = [`s.group_id = g.id`, `s.status = 'scheduled'`, `s.starts_at >= ${now()}`];
    const local = `(s.starts_at AT TIME ZONE 'Europe/Helsinki')`;
    if (s.weekdays?.length) {
      const days = s.weekdays.map((d) => WEEKDAYS.indexOf(d) + 1);
      conditions.push(`extract(isodow FROM ${local})::int = ANY (${p(days, '::int[]')})`);
    }
    if (s.timesOfDay?.length) {
      conditions.push(
        `(${s.timesOfDay
          .map(
            (t) =>
              `extract(hour FROM ${local}) >= ${DAY_PARTS[t][0]} AND extract(hour FROM ${local}) < ${DAY_PARTS[t][1]}`,
          )
          .join(' OR ')})`,
      );
    }
    where.push(`EXISTS (SELECT 1 FROM sessions s WHERE ${conditions.join(' AND ')})`);
  }
  const soon: string[] = [];
  if (s.startsWithinDays !== undefined) {
    // A group that begins soon: its first session lies between now and the horizon.
    soon.push(`(SELECT min(s.starts_at) FROM sessions s WHERE s.group_id = g.id AND s.status = 'scheduled')
      BETWEEN ${now()} AND ${now()} + make_interval(days => ${p(s.startsWithinDays, '::int')})`);
  }
  if (s.ongoing) {
    soon.push(`(EXISTS (SELECT 1 FROM sessions s WHERE s.group_id = g.id AND s.status = 'scheduled' AND s.starts_at < ${now()})
      AND EXISTS (SELECT 1 FROM sessions s WHERE s.group_id = g.id AND s.status = 'scheduled' AND s.starts_at >= ${now()}))`);
  }
  if (soon.length) where.push(`(${soon.join(' OR ')})`);
  if (s.accepting) where.push(`group_accepts_new(g.status, g.openness, g.allow_late_joiners, g.how_to_join)`);

  const sort: Sort = s.sort ?? (terms.length ? 'relevance' : s.near ? 'distance' : 'next_session');
  const rank = terms.length ? `ts_rank(g.search_document, ${rankQuery})` : '0::real';
  const nextSession = () => `(SELECT min(s.starts_at) FROM sessions s
      WHERE s.group_id = g.id AND s.status = 'scheduled' AND s.starts_at >= ${now()})`;
  const sortKey = {
    relevance: 'm.rank DESC, m.id',
    next_session: 'm.next_at ASC NULLS LAST, m.id',
    distance: 'm.distance_km ASC NULLS LAST, m.id',
    name: 'm.name_key, m.id',
  }[sort];
  // Only the sort asked for is computed for every match; the rest is looked up for the page.
  ctes.push(`matches AS MATERIALIZED (
    SELECT g.id, ${sort === 'relevance' ? rank : '0::real'} AS rank, ${distance} AS distance_km,
           ${sort === 'name' ? "g.name ->> 'fi'" : 'NULL::text'} AS name_key,
           ${sort === 'next_session' ? nextSession() : 'NULL::timestamptz'} AS next_at
    FROM ${from} WHERE ${where.join(' AND ')})`);
  ctes.push(`page AS (SELECT m.id, m.distance_km, row_number() OVER (ORDER BY ${sortKey}) AS position
    FROM matches m ORDER BY ${sortKey} LIMIT ${p(s.limit, '::int')} OFFSET ${p(s.offset, '::int')})`);

  const sql = `WITH ${ctes.join(',\n')}
    SELECT t.total, ${GROUP_COLUMNS}, page.distance_km
    FROM (SELECT count(*)::int AS total FROM matches) t
    LEFT JOIN page ON true
    LEFT JOIN groups g ON g.id = page.id
    ORDER BY page.position`;
  const { rows } = await tx.query<GroupRow & { total: number; distance_km: number | null }>(sql, params);
  const total = rows[0]?.total ?? 0;
  const hits = rows
    .filter((r) => r.id !== null)
    .map(({ total: _total, distance_km, ...group }) => ({
      group: group,
      distanceKm: distance_km === null ? null : Math.round(distance_km * 10) / 10,
    }));
  return { hits, total };
}
