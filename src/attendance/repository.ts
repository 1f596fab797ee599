import type { Tx } from '../db/database.ts';
import { inFinnishOrder } from '../shared/collation.ts';

export type AttendanceKind = 'named' | 'head_count';

export interface AttendanceRow {
  session_id: string;
  org_id: string;
  group_id: string;
  kind: AttendanceKind;
  present_count: number;
  children_count: number;
  recorded_by_label: string;
  recorded_at: Date;
}

export async function findAttendance(tx: Tx, sessionId: string): Promise<AttendanceRow | null> {
  const { rows } = await tx.query<AttendanceRow>(
    `SELECT session_id, org_id, group_id, kind, present_count, children_count, recorded_by_label, recorded_at
     FROM session_attendance WHERE session_id = $1`,
    [sessionId],
  );
  return rows[0] ?? null;
}

/** Saves a session's attendance, replacing what was recorded before. */
export async function saveAttendance(
  tx: Tx,
  a: {
    sessionId: string;
    orgId: string;
    groupId: string;
    kind: AttendanceKind;
    presentCount: number;
    childrenCount: number;
    recordedBy: string | null;
    recordedByLabel: string;
    at: Date;
    participants: readonly { registration_id: string; present: boolean }[];
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO session_attendance (session_id, org_id, group_id, kind, present_count, children_count,
                                     recorded_by, recorded_by_label, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (session_id) DO UPDATE SET kind = EXCLUDED.kind, present_count = EXCLUDED.present_count,
       children_count = EXCLUDED.children_count, recorded_by = EXCLUDED.recorded_by,
       recorded_by_label = EXCLUDED.recorded_by_label, recorded_at = EXCLUDED.recorded_at`,
    [
      a.sessionId,
      a.orgId,
      a.groupId,
      a.kind,
      a.presentCount,
      a.childrenCount,
      a.recordedBy,
      a.recordedByLabel,
      a.at,
    ],
  );
  await tx.query('DELETE FROM session_participants WHERE session_id = $1', [a.sessionId]);
  if (a.participants.length > 0) {
    await tx.query(
      `INSERT INTO session_participants (session_id, registration_id, org_id, present)
       SELECT $1, p.registration_id, $2, p.present
       FROM unnest($3::uuid[], $4::boolean[]) AS p(registration_id, present)`,
      [
        a.sessionId,
        a.orgId,
        a.participants.map((p) => p.registration_id),
        a.participants.map((p) => p.present),
      ],
    );
  }
}

/** The group's confirmed registrations among `ids`: the people attendance may name. */
export async function confirmedAmong(tx: Tx, groupId: string, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM registrations WHERE group_id = $1 AND status = 'confirmed' AND id = ANY ($2::uuid[])`,
    [groupId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

export interface NamedRow {
  registration_id: string;
  display_name: string;
  present: boolean | null;
}

/**
 * The people of a session's named attendance: everyone confirmed in the group now, and
 * anyone marked for this session who has left since. `present` is null when not marked.
 */
export async function namedAttendance(tx: Tx, groupId: string, sessionId: string): Promise<NamedRow[]> {
  const { rows } = await tx.query<NamedRow>(
    `SELECT r.id AS registration_id, r.display_name, sp.present
     FROM registrations r
     LEFT JOIN session_participants sp ON sp.registration_id = r.id AND sp.session_id = $2
     WHERE r.group_id = $1 AND (r.status = 'confirmed' OR sp.registration_id IS NOT NULL)
     ORDER BY r.display_name, r.arrival`,
    [groupId, sessionId],
  );
  return inFinnishOrder(rows, (r) => r.display_name);
}

export interface SessionAttendanceSummaryRow {
  session_id: string;
  starts_at: Date;
  status: string;
  kind: AttendanceKind | null;
  present_count: number | null;
  children_count: number | null;
}

/** Every session of the group that has started by `now` or has attendance, oldest first. */
export async function groupSessionsAttendance(
  tx: Tx,
  groupId: string,
  now: Date,
): Promise<SessionAttendanceSummaryRow[]> {
  const { rows } = await tx.query<SessionAttendanceSummaryRow>(
    `SELECT s.id AS session_id, s.starts_at, s.status, a.kind, a.present_count, a.children_count
     FROM sessions s LEFT JOIN session_attendance a ON a.session_id = s.id
     WHERE s.group_id = $1 AND (s.starts_at <= $2 OR a.session_id IS NOT NULL)
     ORDER BY s.starts_at, s.id`,
    [groupId, now],
  );
  return rows;
}

/** How many different people were present at least once (named attendance). */
export async function uniqueParticipants(tx: Tx, groupId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(DISTINCT sp.registration_id)::int AS n
     FROM session_participants sp JOIN session_attendance a ON a.session_id = sp.session_id
     WHERE a.group_id = $1 AND sp.present`,
    [groupId],
  );
  return rows[0]!.n;
}

/** The present counts of the group's recorded, held sessions, newest first. */
export async function recordedCounts(
  tx: Tx,
  groupId: string,
  limit: number,
): Promise<{ starts_at: Date; present_count: number }[]> {
  const { rows } = await tx.query<{ starts_at: Date; present_count: number }>(
    `SELECT s.starts_at, a.present_count
     FROM session_attendance a JOIN sessions s ON s.id = a.session_id
     WHERE a.group_id = $1 AND s.status = 'scheduled'
     ORDER BY s.starts_at DESC, s.id DESC LIMIT $2`,
    [groupId, limit],
  );
  return rows;
}

export interface WarningRow {
  group_id: string;
  org_id: string;
  since: Date;
  sessions: number;
  min_present: number;
  raised_at: Date;
}

export async function findWarning(tx: Tx, groupId: string): Promise<WarningRow | null> {
  const { rows } = await tx.query<WarningRow>(
    'SELECT group_id, org_id, since, sessions, min_present, raised_at FROM low_attendance_warnings WHERE group_id = $1',
    [groupId],
  );
  return rows[0] ?? null;
}

export async function warningsOf(tx: Tx, groupIds: readonly string[]): Promise<WarningRow[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await tx.query<WarningRow>(
    `SELECT group_id, org_id, since, sessions, min_present, raised_at FROM low_attendance_warnings
     WHERE group_id = ANY ($1::uuid[])`,
    [groupIds],
  );
  return rows;
}

export async function upsertWarning(
  tx: Tx,
  w: { groupId: string; orgId: string; since: Date; sessions: number; minPresent: number; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO low_attendance_warnings (group_id, org_id, since, sessions, min_present, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (group_id) DO UPDATE SET since = EXCLUDED.since, sessions = EXCLUDED.sessions,
       min_present = EXCLUDED.min_present`,
    [w.groupId, w.orgId, w.since, w.sessions, w.minPresent, w.at],
  );
}

export async function deleteWarning(tx: Tx, groupId: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM low_attendance_warnings WHERE group_id = $1', [groupId]);
  return rowCount > 0;
}

export interface OrgWarningRow extends WarningRow {
  slug: string;
  name: unknown;
  status: string;
}

/** The warnings of an organisation's groups that are still listed. */
export async function orgWarnings(tx: Tx, orgId: string): Promise<OrgWarningRow[]> {
  const { rows } = await tx.query<OrgWarningRow>(
    `SELECT w.group_id, w.org_id, w.since, w.sessions, w.min_present, w.raised_at, g.slug, g.name, g.status
     FROM low_attendance_warnings w JOIN groups g ON g.id = w.group_id
     WHERE w.org_id = $1 AND g.status IN ('published', 'running')
     ORDER BY w.since, g.slug`,
    [orgId],
  );
  return rows;
}
