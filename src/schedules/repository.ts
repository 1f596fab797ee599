import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';

export interface ScheduleRow {
  id: string;
  group_id: string;
  org_id: string;
  rrule: string;
  starts_local: string;
  duration_minutes: number;
  timezone: string;
  exdates: string[];
  venue_id: string | null;
}

// Local timestamps travel as text so that no process time zone ever touches them.
const SCHEDULE_COLUMNS = `id, group_id, org_id, rrule, to_char(starts_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS starts_local,
  duration_minutes, timezone, ARRAY(SELECT to_char(e, 'YYYY-MM-DD"T"HH24:MI:SS') FROM unnest(exdates) AS e) AS exdates, venue_id`;

export async function findSchedule(tx: Tx, id: string, forUpdate = false): Promise<ScheduleRow | null> {
  const { rows } = await tx.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listSchedules(tx: Tx, groupId: string): Promise<ScheduleRow[]> {
  const { rows } = await tx.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM schedules WHERE group_id = $1 ORDER BY starts_local, id`,
    [groupId],
  );
  return rows;
}

export async function insertSchedule(tx: Tx, s: Omit<ScheduleRow, 'id' | 'timezone'>): Promise<ScheduleRow> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO schedules (group_id, org_id, rrule, starts_local, duration_minutes, exdates, venue_id)
     VALUES ($1, $2, $3, $4::timestamp, $5, $6::timestamp[], $7) RETURNING id`,
    [s.group_id, s.org_id, s.rrule, s.starts_local, s.duration_minutes, s.exdates, s.venue_id],
  );
  return (await findSchedule(tx, rows[0]!.id))!;
}

export async function updateSchedule(
  tx: Tx,
  id: string,
  s: Pick<ScheduleRow, 'rrule' | 'starts_local' | 'duration_minutes' | 'exdates' | 'venue_id'>,
): Promise<ScheduleRow> {
  await tx.query(
    `UPDATE schedules SET rrule = $2, starts_local = $3::timestamp, duration_minutes = $4, exdates = $5::timestamp[],
       venue_id = $6, updated_at = now() WHERE id = $1`,
    [id, s.rrule, s.starts_local, s.duration_minutes, s.exdates, s.venue_id],
  );
  return (await findSchedule(tx, id))!;
}

export async function deleteSchedule(tx: Tx, id: string): Promise<void> {
  await tx.query('DELETE FROM schedules WHERE id = $1', [id]);
}

export interface SessionRow {
  id: string;
  group_id: string;
  org_id: string;
  schedule_id: string | null;
  occurrence_local: string | null;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'cancelled';
  cancel_reason_code: string | null;
  cancel_reason: string | null;
  customised: boolean;
  plan_kind: string;
  theme_key: string | null;
  theme: LocalizedText | null;
  venue_id: string | null;
  /** anonymous "I'm coming" clicks of a drop-in group */
  coming_count: number;
}

const SESSION_COLUMNS = `id, group_id, org_id, schedule_id,
  to_char(occurrence_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS occurrence_local, starts_at, ends_at, status,
  cancel_reason_code, cancel_reason, customised, plan_kind, theme_key, theme, venue_id, coming_count`;

export async function findSession(tx: Tx, id: string, forUpdate = false): Promise<SessionRow | null> {
  const { rows } = await tx.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listSessions(
  tx: Tx,
  groupId: string,
  from: Date | null,
  to: Date | null,
  limit = 500,
): Promise<SessionRow[]> {
  const { rows } = await tx.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions
     WHERE group_id = $1 AND ($2::timestamptz IS NULL OR ends_at > $2) AND ($3::timestamptz IS NULL OR starts_at < $3)
     ORDER BY starts_at, id LIMIT $4`,
    [groupId, from, to, limit],
  );
  return rows;
}

/** When a group's meetings that took place began and ended (cancelled ones left out). */
export async function heldSpan(
  tx: Tx,
  groupId: string,
  now: Date,
): Promise<{ first: Date | null; last: Date | null }> {
  const { rows } = await tx.query<{ first: Date | null; last: Date | null }>(
    `SELECT min(starts_at) AS first, max(starts_at) AS last FROM sessions
     WHERE group_id = $1 AND status <> 'cancelled' AND starts_at < $2`,
    [groupId, now],
  );
  return rows[0] ?? { first: null, last: null };
}

export async function sessionsOfSchedule(tx: Tx, scheduleId: string): Promise<SessionRow[]> {
  const { rows } = await tx.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE schedule_id = $1 ORDER BY starts_at`,
    [scheduleId],
  );
  return rows;
}

export async function insertSession(
  tx: Tx,
  s: Pick<
    SessionRow,
    | 'group_id'
    | 'org_id'
    | 'schedule_id'
    | 'occurrence_local'
    | 'starts_at'
    | 'ends_at'
    | 'plan_kind'
    | 'theme'
    | 'theme_key'
    | 'venue_id'
  >,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO sessions (group_id, org_id, schedule_id, occurrence_local, starts_at, ends_at, plan_kind, theme, theme_key, venue_id)
     VALUES ($1, $2, $3, $4::timestamp, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      s.group_id,
      s.org_id,
      s.schedule_id,
      s.occurrence_local,
      s.starts_at,
      s.ends_at,
      s.plan_kind,
      s.theme,
      s.theme_key,
      s.venue_id,
    ],
  );
  return rows[0]!.id;
}

export async function updateSession(tx: Tx, id: string, patch: Partial<SessionRow>): Promise<SessionRow> {
  const cols = Object.keys(patch).filter((c) => (patch as Record<string, unknown>)[c] !== undefined);
  if (cols.length > 0) {
    await tx.query(
      `UPDATE sessions SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => (patch as Record<string, unknown>)[c])],
    );
  }
  return (await findSession(tx, id))!;
}

export async function deleteSessions(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await tx.query('DELETE FROM sessions WHERE id = ANY ($1::uuid[])', [ids]);
}

export interface PlanItem {
  position: number;
  kind: string;
  title: LocalizedText | null;
}

export async function templatePlan(tx: Tx, templateId: string): Promise<PlanItem[]> {
  const { rows } = await tx.query<PlanItem>(
    'SELECT position, kind, title FROM template_sessions WHERE template_id = $1 ORDER BY position',
    [templateId],
  );
  return rows;
}

export async function templateThemes(
  tx: Tx,
  templateId: string,
): Promise<{ key: string; label: LocalizedText }[]> {
  const { rows } = await tx.query<{ theme_options: { key: string; label: LocalizedText }[] }>(
    'SELECT theme_options FROM programme_templates WHERE id = $1',
    [templateId],
  );
  return rows[0]?.theme_options ?? [];
}

export interface SessionNotesRow {
  session_id: string;
  /** plain text only in rows written before migration 025; the notes are sealed apart */
  notes: string;
  materials: string;
  updated_at: Date | null;
}

/**
 * A session's notes row: when they were last saved, and (from before migration 025 only)
 * the notes in plain text. The notes themselves are sealed (src/privacy/crypto.ts).
 */
export async function findSessionNotes(tx: Tx, sessionId: string): Promise<SessionNotesRow> {
  const { rows } = await tx.query<SessionNotesRow>(
    'SELECT session_id, notes, materials, updated_at FROM session_notes WHERE session_id = $1',
    [sessionId],
  );
  return rows[0] ?? { session_id: sessionId, notes: '', materials: '', updated_at: null };
}

/** Makes sure the notes row exists and marks it saved now; the caller seals the notes. */
export async function saveSessionNotes(
  tx: Tx,
  s: { sessionId: string; orgId: string; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO session_notes (session_id, org_id, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (session_id) DO UPDATE SET updated_at = EXCLUDED.updated_at`,
    [s.sessionId, s.orgId, s.at],
  );
}

/** A guest expert of one session, as the organisation sees it. */
export interface GuestRow {
  id: string;
  session_id: string;
  org_id: string;
  name: string;
  affiliation: string | null;
  topic: LocalizedText;
  name_public: boolean;
}

/** What the public sees of a guest: the topic, the name and background only when made public. */
export interface PublicGuest {
  topic: LocalizedText;
  name: string | null;
  affiliation: string | null;
}

const GUEST_COLUMNS = 'id, session_id, org_id, name, affiliation, topic, name_public';

export async function listGuests(tx: Tx, sessionId: string): Promise<GuestRow[]> {
  const { rows } = await tx.query<GuestRow>(
    `SELECT ${GUEST_COLUMNS} FROM session_guests WHERE session_id = $1 ORDER BY created_at, id`,
    [sessionId],
  );
  return rows;
}

export async function findGuest(tx: Tx, sessionId: string, id: string): Promise<GuestRow | null> {
  const { rows } = await tx.query<GuestRow>(
    `SELECT ${GUEST_COLUMNS} FROM session_guests WHERE id = $1 AND session_id = $2`,
    [id, sessionId],
  );
  return rows[0] ?? null;
}

export type GuestWrite = Pick<GuestRow, 'name' | 'affiliation' | 'topic' | 'name_public'>;

export async function insertGuest(
  tx: Tx,
  session: { id: string; org_id: string },
  g: GuestWrite,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO session_guests (session_id, org_id, name, affiliation, topic, name_public)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [session.id, session.org_id, g.name, g.affiliation, g.topic, g.name_public],
  );
  return rows[0]!.id;
}

export async function updateGuest(tx: Tx, id: string, g: GuestWrite): Promise<void> {
  await tx.query(
    'UPDATE session_guests SET name = $2, affiliation = $3, topic = $4, name_public = $5 WHERE id = $1',
    [id, g.name, g.affiliation, g.topic, g.name_public],
  );
}

export async function deleteGuest(tx: Tx, id: string): Promise<void> {
  await tx.query('DELETE FROM session_guests WHERE id = $1', [id]);
}

/** The public view of the guests of these sessions, by session (see migration 026). */
export async function publicGuests(
  tx: Tx,
  sessionIds: readonly string[],
): Promise<Map<string, PublicGuest[]>> {
  const out = new Map<string, PublicGuest[]>();
  if (sessionIds.length === 0) return out;
  const { rows } = await tx.query<PublicGuest & { session_id: string }>(
    'SELECT session_id, topic, name, affiliation FROM public_session_guests($1::uuid[])',
    [sessionIds],
  );
  for (const { session_id, ...guest } of rows) out.set(session_id, [...(out.get(session_id) ?? []), guest]);
  return out;
}
