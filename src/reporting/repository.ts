/**
 * The SQL of reporting: the organisation tree, the figures of the yearly statistics per
 * organisation and in total (GROUPING SETS, so a total's distinct counts are counted over the
 * whole tree, never summed), session facilitators and project target measures. The figures
 * are defined in docs/reporting.md; src/reporting/statistics.ts assembles them.
 */
import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';

export interface TreeOrg {
  id: string;
  parent_id: string | null;
  slug: string;
  kind: string;
  name: LocalizedText;
  starts_on: string | null;
  ends_on: string | null;
  depth: number;
}

/** The organisation and every organisation below it, the organisation first. */
export async function orgTree(tx: Tx, rootId: string): Promise<TreeOrg[]> {
  const { rows } = await tx.query<TreeOrg>(
    `WITH RECURSIVE tree AS (
       SELECT id, parent_id, slug, kind, name, starts_on, ends_on, 0 AS depth, ARRAY[id] AS path
       FROM organisations WHERE id = $1
       UNION ALL
       SELECT o.id, o.parent_id, o.slug, o.kind, o.name, o.starts_on, o.ends_on, t.depth + 1, t.path || o.id
       FROM organisations o JOIN tree t ON o.parent_id = t.id
       WHERE NOT o.id = ANY (t.path) AND t.depth < 20
     )
     SELECT id, parent_id, slug, kind, name::jsonb AS name, starts_on::text, ends_on::text, depth
     FROM tree ORDER BY depth, name ->> 'fi', id`,
    [rootId],
  );
  return rows;
}

/** The period of a query: instants for sessions, days for costs and lifecycle dates. */
export interface Span {
  orgIds: string[];
  /** first instant of the first day (Europe/Helsinki) */
  from: Date;
  /** first instant after the last day */
  until: Date;
  fromDay: string;
  toDay: string;
  /** sessions that have not started by now were not held */
  now: Date;
}

/** A row per organisation (org_id) and one total row (org_id null). */
type PerOrg<T> = T & { org_id: string | null };

// Held sessions: not cancelled, started within the period and before now, of a group that
// was started (running, suspended or ended). $1 org ids, $2 from, $3 until, $4 now.
const HELD = `held AS (
  SELECT s.id, s.group_id, s.org_id, s.starts_at, s.ends_at
  FROM sessions s JOIN groups g ON g.id = s.group_id
  WHERE s.org_id = ANY ($1::uuid[]) AND s.status = 'scheduled'
    AND s.starts_at >= $2 AND s.starts_at < $3 AND s.starts_at < $4
    AND g.status IN ('running', 'suspended', 'ended'))`;

const spanParams = (s: Span) => [s.orgIds, s.from, s.until, s.now];

export async function sessionFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<
    PerOrg<{
      held: number;
      cancelled: number;
      visits: number;
      children: number;
      head_count_sessions: number;
      head_count: number;
      recorded: number;
    }>
  >(
    `WITH ${HELD},
     cancelled AS (
       SELECT s.org_id FROM sessions s
       WHERE s.org_id = ANY ($1::uuid[]) AND s.status = 'cancelled' AND s.starts_at >= $2 AND s.starts_at < $3),
     rows AS (
       SELECT h.org_id, 1 AS held, 0 AS cancelled, a.kind, a.present_count, a.children_count
       FROM held h LEFT JOIN session_attendance a ON a.session_id = h.id
       UNION ALL SELECT org_id, 0, 1, NULL, NULL, NULL FROM cancelled)
     SELECT org_id,
       sum(held)::int AS held, sum(cancelled)::int AS cancelled,
       coalesce(sum(present_count), 0)::int AS visits,
       coalesce(sum(children_count), 0)::int AS children,
       count(*) FILTER (WHERE kind = 'head_count')::int AS head_count_sessions,
       coalesce(sum(present_count) FILTER (WHERE kind = 'head_count'), 0)::int AS head_count,
       count(kind)::int AS recorded
     FROM rows GROUP BY GROUPING SETS ((org_id), ())`,
    spanParams(span),
  );
  return rows;
}

/** Held sessions and visits per month (Helsinki), over the whole tree. */
export async function monthlyFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<{ month: string; held: number; visits: number }>(
    `WITH ${HELD}
     SELECT to_char(h.starts_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month,
       count(*)::int AS held, coalesce(sum(a.present_count), 0)::int AS visits
     FROM held h LEFT JOIN session_attendance a ON a.session_id = h.id
     GROUP BY 1 ORDER BY 1`,
    spanParams(span),
  );
  return rows;
}

export interface GroupFigureRow {
  org_id: string | null;
  active: number;
  new: number;
  ended: number;
  suspended: number;
}

/** Groups active (a held session in the period), new (their first held session in it), ended, suspended. */
export async function groupFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<GroupFigureRow>(
    `WITH ${HELD},
     active AS (SELECT DISTINCT group_id FROM held),
     firsts AS (
       SELECT s.group_id, min(s.starts_at) AS first
       FROM sessions s WHERE s.group_id IN (SELECT group_id FROM active) AND s.status = 'scheduled'
       GROUP BY s.group_id)
     SELECT g.org_id,
       count(*) FILTER (WHERE a.group_id IS NOT NULL)::int AS active,
       count(*) FILTER (WHERE a.group_id IS NOT NULL AND f.first >= $2)::int AS new,
       count(*) FILTER (WHERE g.status = 'ended' AND g.ended_on BETWEEN $5::date AND $6::date)::int AS ended,
       count(*) FILTER (WHERE g.status = 'suspended' AND g.suspended_on BETWEEN $5::date AND $6::date)::int AS suspended
     FROM groups g
     LEFT JOIN active a ON a.group_id = g.id
     LEFT JOIN firsts f ON f.group_id = g.id
     WHERE g.org_id = ANY ($1::uuid[])
     GROUP BY GROUPING SETS ((g.org_id), ())`,
    [...spanParams(span), span.fromDay, span.toDay],
  );
  return rows;
}

/** Active groups by programme template and by way of joining. */
export async function groupBreakdown(tx: Tx, span: Span) {
  const { rows } = await tx.query<{
    org_id: string | null;
    template_id: string | null;
    template_name: LocalizedText | null;
    how_to_join: string | null;
    by: 'programme' | 'joining';
    count: number;
  }>(
    `WITH ${HELD},
     active AS (
       SELECT g.id, g.org_id, g.template_id, g.how_to_join FROM groups g
       WHERE g.id IN (SELECT group_id FROM held))
     SELECT a.org_id, a.template_id, t.name::jsonb AS template_name, NULL AS how_to_join, 'programme' AS by,
       count(*)::int AS count
     FROM active a LEFT JOIN programme_templates t ON t.id = a.template_id
     GROUP BY GROUPING SETS ((a.org_id, a.template_id, t.name::jsonb), (a.template_id, t.name::jsonb))
     UNION ALL
     SELECT a.org_id, NULL, NULL, a.how_to_join, 'joining', count(*)::int
     FROM active a GROUP BY GROUPING SETS ((a.org_id, a.how_to_join), (a.how_to_join))`,
    spanParams(span),
  );
  return rows;
}

/**
 * Different participants: people who joined by name (registration, referral, application)
 * and were marked present at a held session of the period, or held a confirmed place in a
 * group active in the period. One person is one email address, else one phone number, else
 * one registration. New: no such participation in the tree before the period.
 */
export async function participantFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<PerOrg<{ different: number; new: number }>>(
    `WITH ${HELD},
     active AS (SELECT DISTINCT group_id FROM held),
     person AS (
       SELECT r.id, r.org_id, r.group_id, r.status, r.created_at,
         coalesce('e:' || lower(r.email), 'p:' || regexp_replace(r.phone, '[^0-9+]', '', 'g'), 'r:' || r.id::text) AS who
       FROM registrations r WHERE r.org_id = ANY ($1::uuid[])),
     parts AS (
       SELECT p.org_id, p.who FROM person p
       WHERE (p.status = 'confirmed' AND p.group_id IN (SELECT group_id FROM active))
          OR EXISTS (SELECT 1 FROM session_participants sp JOIN held h ON h.id = sp.session_id
                     WHERE sp.registration_id = p.id AND sp.present)),
     earlier AS (
       SELECT DISTINCT p.who FROM person p
       WHERE p.who IN (SELECT who FROM parts)
         AND EXISTS (SELECT 1 FROM sessions s JOIN groups g ON g.id = s.group_id
                     WHERE s.group_id = p.group_id AND s.status = 'scheduled' AND s.starts_at < $2
                       AND g.status IN ('running', 'suspended', 'ended'))
         AND (p.status = 'confirmed' OR EXISTS (
               SELECT 1 FROM session_participants sp JOIN sessions s ON s.id = sp.session_id
               WHERE sp.registration_id = p.id AND sp.present AND s.starts_at < $2)))
     SELECT org_id, count(DISTINCT who)::int AS different,
       count(DISTINCT who) FILTER (WHERE who NOT IN (SELECT who FROM earlier))::int AS new
     FROM parts GROUP BY GROUPING SETS ((org_id), ())`,
    spanParams(span),
  );
  return rows;
}

/** The people behind `participantFigures` (their key only), for measures that look further. */
export async function participantRegistrations(tx: Tx, span: Span): Promise<{ id: string; who: string }[]> {
  const { rows } = await tx.query<{ id: string; who: string }>(
    `WITH ${HELD},
     active AS (SELECT DISTINCT group_id FROM held)
     SELECT r.id,
       coalesce('e:' || lower(r.email), 'p:' || regexp_replace(r.phone, '[^0-9+]', '', 'g'), 'r:' || r.id::text) AS who
     FROM registrations r
     WHERE r.org_id = ANY ($1::uuid[])
       AND ((r.status = 'confirmed' AND r.group_id IN (SELECT group_id FROM active))
         OR EXISTS (SELECT 1 FROM session_participants sp JOIN held h ON h.id = sp.session_id
                    WHERE sp.registration_id = r.id AND sp.present))`,
    spanParams(span),
  );
  return rows;
}

/** The applications placed into these registrations (for facts read through the sealed store). */
export async function applicationsOf(tx: Tx, registrationIds: string[]) {
  const { rows } = await tx.query<{ id: string; registration_id: string }>(
    `SELECT id, placed_registration_id AS registration_id FROM applications
     WHERE placed_registration_id = ANY ($1::uuid[])`,
    [registrationIds],
  );
  return rows;
}

// The facilitators who ran each held session: its own rows, else its group's facilitators.
const RAN = `who AS (
  SELECT h.id AS session_id, sf.facilitator_id FROM held h JOIN session_facilitators sf ON sf.session_id = h.id
  UNION ALL
  SELECT h.id, gf.facilitator_id FROM held h JOIN group_facilitators gf ON gf.group_id = h.group_id
  WHERE NOT EXISTS (SELECT 1 FROM session_facilitators x WHERE x.session_id = h.id)),
ran AS (
  SELECT h.id AS session_id, h.org_id, h.group_id, extract(epoch FROM h.ends_at - h.starts_at) / 3600.0 AS hours,
    f.id AS facilitator_id, f.kind, f.engagement, f.profession
  FROM who JOIN held h ON h.id = who.session_id JOIN facilitators f ON f.id = who.facilitator_id)`;

export async function facilitatorFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<
    PerOrg<{
      total: number;
      volunteer: number;
      paid: number;
      peer: number;
      professional: number;
      volunteer_hours: string;
    }>
  >(
    // A facilitator belongs to the organisation of the sessions they ran, so one row per
    // (organisation, facilitator) counts each of them once, in the total too.
    `WITH ${HELD}, ${RAN},
     per AS (
       SELECT org_id, facilitator_id, kind, engagement, sum(hours) AS hours
       FROM ran GROUP BY org_id, facilitator_id, kind, engagement)
     SELECT org_id,
       count(*)::int AS total,
       count(*) FILTER (WHERE engagement = 'volunteer')::int AS volunteer,
       count(*) FILTER (WHERE engagement = 'paid')::int AS paid,
       count(*) FILTER (WHERE kind = 'peer')::int AS peer,
       count(*) FILTER (WHERE kind = 'professional')::int AS professional,
       round(coalesce(sum(hours) FILTER (WHERE engagement = 'volunteer'), 0)::numeric, 2)::text AS volunteer_hours
     FROM per GROUP BY GROUPING SETS ((org_id), ())`,
    spanParams(span),
  );
  return rows;
}

export async function professionFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<PerOrg<{ profession: string; count: number }>>(
    `WITH ${HELD}, ${RAN}
     SELECT org_id, profession, count(*)::int AS count
     FROM (SELECT DISTINCT org_id, facilitator_id, profession FROM ran WHERE profession IS NOT NULL) per
     GROUP BY GROUPING SETS ((org_id, profession), (profession))`,
    spanParams(span),
  );
  return rows;
}

/** The groups behind a period's figures: each active group with its own numbers (drill-down). */
export async function groupLines(tx: Tx, span: Span) {
  const { rows } = await tx.query<{
    id: string;
    slug: string;
    org_id: string;
    name: LocalizedText;
    held: number;
    visits: number;
  }>(
    `WITH ${HELD}
     SELECT g.id, g.slug, g.org_id, g.name::jsonb AS name, count(*)::int AS held,
       coalesce(sum(a.present_count), 0)::int AS visits
     FROM held h JOIN groups g ON g.id = h.group_id LEFT JOIN session_attendance a ON a.session_id = h.id
     GROUP BY g.id ORDER BY g.name ->> 'fi', g.id`,
    spanParams(span),
  );
  return rows;
}

/** Costs incurred in the period, per category; amounts in cents. */
export async function costFigures(tx: Tx, span: Span) {
  const { rows } = await tx.query<PerOrg<{ category: string; cents: string }>>(
    `SELECT org_id, category, sum(amount_cents)::text AS cents FROM group_costs
     WHERE org_id = ANY ($1::uuid[]) AND incurred_on BETWEEN $2::date AND $3::date
     GROUP BY GROUPING SETS ((org_id, category), (category))`,
    [span.orgIds, span.fromDay, span.toDay],
  );
  return rows;
}

// ---------------------------------------------------------------- session facilitators

export interface SessionFacilitatorRow {
  id: string;
  display_name: string;
  kind: string;
  engagement: string;
  profession: string | null;
  /** in the group's facilitators */
  of_group: boolean;
  /** recorded for this session */
  chosen: boolean;
}

/** The organisation's facilitators for a session's form: the group's first, then the others. */
export async function sessionFacilitatorChoices(
  tx: Tx,
  sessionId: string,
  groupId: string,
  orgId: string,
): Promise<SessionFacilitatorRow[]> {
  const { rows } = await tx.query<SessionFacilitatorRow>(
    `SELECT f.id, f.display_name, f.kind, f.engagement, f.profession,
       EXISTS (SELECT 1 FROM group_facilitators gf WHERE gf.group_id = $2 AND gf.facilitator_id = f.id) AS of_group,
       EXISTS (SELECT 1 FROM session_facilitators sf WHERE sf.session_id = $1 AND sf.facilitator_id = f.id) AS chosen
     FROM facilitators f WHERE f.org_id = $3
     ORDER BY 6 DESC, f.display_name, f.id`,
    [sessionId, groupId, orgId],
  );
  return rows;
}

/** Records who ran a session; an empty list goes back to the group's facilitators. */
export async function replaceSessionFacilitators(
  tx: Tx,
  sessionId: string,
  orgId: string,
  facilitatorIds: string[],
): Promise<void> {
  await tx.query('DELETE FROM session_facilitators WHERE session_id = $1', [sessionId]);
  if (facilitatorIds.length > 0)
    await tx.query(
      `INSERT INTO session_facilitators (session_id, facilitator_id, org_id)
       SELECT $1, f.id, $2 FROM facilitators f WHERE f.id = ANY ($3::uuid[]) AND f.org_id = $2`,
      [sessionId, orgId, facilitatorIds],
    );
}

// ---------------------------------------------------------------- project targets

export interface TargetRow {
  key: string;
  label: LocalizedText;
  target_value: number;
  unit: string;
  measure: string | null;
  background: string | null;
  profession: string | null;
}

export async function targetsOf(tx: Tx, orgId: string): Promise<TargetRow[]> {
  const { rows } = await tx.query<TargetRow>(
    `SELECT t.key, t.label::jsonb AS label, t.target_value, t.unit, m.measure, m.background, m.profession
     FROM project_targets t LEFT JOIN target_measures m ON m.org_id = t.org_id AND m.target_key = t.key
     WHERE t.org_id = $1 ORDER BY t.key`,
    [orgId],
  );
  return rows;
}

export async function setMeasure(
  tx: Tx,
  orgId: string,
  key: string,
  m: { measure: string; background: string | null; profession: string | null },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO target_measures (org_id, target_key, measure, background, profession, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id, target_key) DO UPDATE SET measure = EXCLUDED.measure,
       background = EXCLUDED.background, profession = EXCLUDED.profession, updated_at = EXCLUDED.updated_at`,
    [orgId, key, m.measure, m.background, m.profession, now],
  );
}

export interface FigureRow {
  id: string;
  target_key: string;
  value: number;
  recorded_on: string;
  note: string | null;
}

export async function figuresOf(tx: Tx, orgId: string): Promise<FigureRow[]> {
  const { rows } = await tx.query<FigureRow>(
    `SELECT id, target_key, value, recorded_on::text, note FROM target_figures
     WHERE org_id = $1 ORDER BY target_key, recorded_on, created_at`,
    [orgId],
  );
  return rows;
}

export async function addFigure(
  tx: Tx,
  orgId: string,
  key: string,
  f: { value: number; recorded_on: string; note: string | null },
): Promise<FigureRow> {
  const { rows } = await tx.query<FigureRow>(
    `INSERT INTO target_figures (org_id, target_key, value, recorded_on, note) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, target_key, value, recorded_on::text, note`,
    [orgId, key, f.value, f.recorded_on, f.note],
  );
  return rows[0]!;
}
