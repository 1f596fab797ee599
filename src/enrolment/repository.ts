import type { Lang } from '../shared/lang.ts';
import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { writeSealed } from '../privacy/crypto.ts';

export interface SeatsRow {
  group_id: string;
  capacity: number | null;
  waitlist_capacity: number | null;
  confirmed: number;
  waitlisted: number;
}

export interface RegistrationRow {
  id: string;
  group_id: string;
  org_id: string;
  status: 'pending' | 'confirmed' | 'waitlisted' | 'declined' | 'cancelled';
  arrival: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: Lang;
  created_at: Date;
}

const REGISTRATION_COLUMNS = `id, group_id, org_id, status, arrival::text AS arrival, display_name, email, phone,
  language, created_at`;

/**
 * The seat counters of a group; `lock` takes the row lock every seat decision waits for.
 *
 * Lock order, the same everywhere: the group's row first, then its seat row, then its
 * registrations. Editing a group locks its row (`FOR UPDATE`) and then, through the capacity
 * check and the trigger that copies the capacity, the seat row; a registration's insert
 * needs a share lock on the group's row for its foreign key. Taking that weakest lock
 * (`FOR KEY SHARE`, which registrations do not contend for among themselves) before the seat
 * row means a registration waits for a group edit in progress instead of holding the seat row
 * it needs (a deadlock, issue 12 finding 6). Every seat lock goes through here.
 */
export async function seats(tx: Tx, groupId: string, lock: boolean): Promise<SeatsRow | null> {
  if (lock) await tx.query('SELECT 1 FROM groups WHERE id = $1 FOR KEY SHARE', [groupId]);
  const { rows } = await tx.query<SeatsRow>(
    `SELECT group_id, capacity, waitlist_capacity, confirmed, waitlisted FROM group_seats
     WHERE group_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [groupId],
  );
  return rows[0] ?? null;
}

export async function seatsOf(tx: Tx, groupIds: readonly string[]): Promise<SeatsRow[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await tx.query<SeatsRow>(
    `SELECT group_id, capacity, waitlist_capacity, confirmed, waitlisted FROM group_seats
     WHERE group_id = ANY ($1::uuid[])`,
    [groupIds],
  );
  return rows;
}

export async function byIdempotencyKey(
  tx: Tx,
  groupId: string,
  key: string,
): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `SELECT ${REGISTRATION_COLUMNS} FROM registrations WHERE group_id = $1 AND idempotency_key = $2`,
    [groupId, key],
  );
  return rows[0] ?? null;
}

export async function insertRegistration(
  tx: Tx,
  r: {
    groupId: string;
    orgId: string;
    status: 'pending' | 'confirmed' | 'waitlisted';
    displayName: string;
    email: string | null;
    phone: string | null;
    language: string;
    answers: Record<string, unknown>;
    consentAt: Date;
    cancelTokenHash: Buffer;
    idempotencyKey: string | null;
    via?: 'self' | 'referrer' | 'referral_code' | 'staff' | 'application';
    referredBy?: string | null;
    referrerLabel?: string | null;
  },
): Promise<RegistrationRow> {
  // The answers are special-category data: sealed apart (src/privacy/crypto.ts), never in the row.
  const { rows } = await tx.query<RegistrationRow>(
    `INSERT INTO registrations (group_id, org_id, status, display_name, email, phone, language, answers, consent_at,
       cancel_token_hash, idempotency_key, via, referred_by, referrer_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, $9, $10, $11, $12, $13)
     RETURNING ${REGISTRATION_COLUMNS}`,
    [
      r.groupId,
      r.orgId,
      r.status,
      r.displayName,
      r.email,
      r.phone,
      r.language,
      r.consentAt,
      r.cancelTokenHash,
      r.idempotencyKey,
      r.via ?? 'self',
      r.referredBy ?? null,
      r.referrerLabel ?? null,
    ],
  );
  const row = rows[0]!;
  await writeSealed(
    tx,
    { table: 'registrations', id: row.id, orgId: row.org_id, field: 'answers' },
    r.answers,
  );
  return row;
}

/** 1 for the first in line; null when the registration is not on the waiting list. */
export async function waitlistPosition(tx: Tx, registration: RegistrationRow): Promise<number | null> {
  if (registration.status !== 'waitlisted') return null;
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM registrations
     WHERE group_id = $1 AND status = 'waitlisted' AND arrival <= $2::bigint`,
    [registration.group_id, registration.arrival],
  );
  return rows[0]!.n;
}

/** Where a cancel token belongs; looked up as the system, since the person has no account. */
export async function findByCancelToken(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ id: string; group_id: string; org_id: string } | null> {
  const { rows } = await tx.query<{ id: string; group_id: string; org_id: string }>(
    'SELECT id, group_id, org_id FROM registrations WHERE cancel_token_hash = $1',
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** What a cancel link's page names: the group and whether the registration is cancelled already. */
export async function cancelLinkTarget(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ status: string; group_name: LocalizedText } | null> {
  const { rows } = await tx.query<{ status: string; group_name: LocalizedText }>(
    `SELECT r.status, g.name AS group_name FROM registrations r JOIN groups g ON g.id = r.group_id
     WHERE r.cancel_token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function findRegistration(tx: Tx, id: string): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `SELECT ${REGISTRATION_COLUMNS} FROM registrations WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function setCancelled(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE registrations SET status = 'cancelled', cancelled_at = $2, updated_at = $2 WHERE id = $1 AND status <> 'cancelled'`,
    [id, at],
  );
}

/** Moves the first in line to a free seat; returns who was promoted. */
export async function promoteFirst(tx: Tx, groupId: string, at: Date): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `UPDATE registrations SET status = 'confirmed', updated_at = $2
     WHERE id = (SELECT id FROM registrations WHERE group_id = $1 AND status = 'waitlisted' ORDER BY arrival LIMIT 1)
     RETURNING ${REGISTRATION_COLUMNS}`,
    [groupId, at],
  );
  return rows[0] ?? null;
}

/**
 * Registration attempts per key (src/enrolment/service.ts, `limitRegistrations`): locks the
 * keys (in the order given), then for each how many attempts it has since `since` (at most
 * `max` looked at) and the oldest of those.
 */
export async function lockAttemptKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  for (const key of keys) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

export async function recentAttempts(
  tx: Tx,
  key: string,
  since: Date,
  max: number,
): Promise<{ n: number; oldest: Date | null }> {
  const { rows } = await tx.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(at) AS oldest FROM (
       SELECT at FROM registration_attempts WHERE key_hash = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`,
    [key, since, max],
  );
  return rows[0]!;
}

export async function recordAttempts(tx: Tx, keys: readonly string[], now: Date, since: Date): Promise<void> {
  await tx.query('DELETE FROM registration_attempts WHERE at <= $1', [since]);
  for (const key of keys)
    await tx.query('INSERT INTO registration_attempts (key_hash, at) VALUES ($1, $2)', [key, now]);
}

/**
 * An active registration (a seat or a place in line) of the group with the same email
 * (case ignored) or the same phone number (`phone_key`, migration 028); `field` says which.
 * Read under the group's seat lock, so two registrations of one person cannot both pass.
 */
export async function activeDuplicate(
  tx: Tx,
  groupId: string,
  email: string | null,
  phone: string | null,
): Promise<(RegistrationRow & { field: 'email' | 'phone' }) | null> {
  if (!email && !phone) return null;
  const { rows } = await tx.query<RegistrationRow & { field: 'email' | 'phone' }>(
    `SELECT ${REGISTRATION_COLUMNS},
            CASE WHEN $2::text IS NOT NULL AND lower(email) = lower($2) THEN 'email' ELSE 'phone' END AS field
     FROM registrations
     WHERE group_id = $1 AND status IN ('confirmed', 'waitlisted')
       AND (($2::text IS NOT NULL AND email IS NOT NULL AND lower(email) = lower($2))
         OR ($3::text IS NOT NULL AND phone IS NOT NULL AND phone_key(phone) = phone_key($3)))
     ORDER BY (CASE WHEN $2::text IS NOT NULL AND lower(email) = lower($2) THEN 0 ELSE 1 END), arrival
     LIMIT 1`,
    [groupId, email, phone],
  );
  return rows[0] ?? null;
}

export async function setCancelTokenHash(tx: Tx, id: string, hash: Buffer): Promise<void> {
  await tx.query('UPDATE registrations SET cancel_token_hash = $2 WHERE id = $1', [id, hash]);
}

// ------------------------------------------------------------------ data subject requests
// The SQL of src/enrolment/subject-requests.ts. It runs in the schema owner's transactions: the
// person belongs to no organisation, and their data may be in several.

/** Link requests for one throttle key since `since` (at most `max` looked at) and the oldest. */
export async function recentSubjectAttempts(
  tx: Tx,
  key: string,
  since: Date,
  max: number,
): Promise<{ n: number; oldest: Date | null }> {
  const { rows } = await tx.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(at) AS oldest FROM (
       SELECT at FROM subject_request_attempts WHERE key_hash = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`,
    [key, since, max],
  );
  return rows[0]!;
}

export async function recordSubjectAttempt(tx: Tx, key: string, at: Date): Promise<void> {
  await tx.query('INSERT INTO subject_request_attempts (key_hash, at) VALUES ($1, $2)', [key, at]);
}

/** Whether anything is held about the address: registrations, applications or messages. */
export async function isEmailKnown(tx: Tx, email: string): Promise<boolean> {
  const { rows } = await tx.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM registrations WHERE lower(email) = $1)
         OR EXISTS (SELECT 1 FROM applications WHERE lower(email) = $1)
         OR EXISTS (SELECT 1 FROM outbox WHERE lower(recipient) = $1) AS known`,
    [email],
  );
  return rows[0]!.known;
}

/** Deletes links and sessions past their time with their mails, and throttle entries before `attemptsBefore`. */
export async function purgeExpiredSubjectLinks(tx: Tx, now: Date, attemptsBefore: Date): Promise<void> {
  await tx.query(
    `DELETE FROM outbox WHERE kind = 'data_request_link' AND lower(recipient) IN (
       SELECT email FROM subject_request_links WHERE expires_at <= $1
         AND (session_expires_at IS NULL OR session_expires_at <= $1))`,
    [now],
  );
  await tx.query(
    `DELETE FROM subject_request_links WHERE expires_at <= $1
       AND (session_expires_at IS NULL OR session_expires_at <= $1)`,
    [now],
  );
  await tx.query('DELETE FROM subject_request_attempts WHERE at < $1', [attemptsBefore]);
}

export async function insertSubjectLink(
  tx: Tx,
  link: { email: string; language: Lang; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO subject_request_links (email, language, token_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [link.email, link.language, link.tokenHash, link.createdAt, link.expiresAt],
  );
}

/** Spends an unused, unexpired link for a session; null when there is none. */
export async function useSubjectLink(
  tx: Tx,
  tokenHash: Buffer,
  now: Date,
  session: { hash: Buffer; expiresAt: Date },
): Promise<{ email: string; language: Lang } | null> {
  const { rows } = await tx.query<{ email: string; language: Lang }>(
    `UPDATE subject_request_links SET used_at = $2, session_hash = $3, session_expires_at = $4
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING email, language`,
    [tokenHash, now, session.hash, session.expiresAt],
  );
  return rows[0] ?? null;
}

/** Deletes the sent mails that carried a link to the address (the link is spent). */
export async function deleteSentSubjectLinkMails(tx: Tx, email: string): Promise<void> {
  await tx.query(
    `DELETE FROM outbox WHERE kind = 'data_request_link' AND lower(recipient) = $1 AND sent_at IS NOT NULL`,
    [email],
  );
}

/** The address a session stands for, while it lasts. */
export async function subjectSessionEmail(tx: Tx, sessionHash: Buffer, now: Date): Promise<string | null> {
  const { rows } = await tx.query<{ email: string }>(
    `SELECT email FROM subject_request_links WHERE session_hash = $1 AND session_expires_at > $2`,
    [sessionHash, now],
  );
  return rows[0]?.email ?? null;
}

export interface SubjectRegistrationRow {
  id: string;
  org_id: string;
  org_slug: string;
  org_name: LocalizedText;
  group_slug: string;
  group_name: LocalizedText;
  group_status: string;
  starts_on: string | null;
  next_session: Date | null;
  status: string;
  via: string;
  referrer_label: string | null;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  answers: Record<string, unknown>;
  created_at: Date;
  cancelled_at: Date | null;
}

/** Every registration made with the address, with its group's next session after `now`. */
export async function subjectRegistrations(
  tx: Tx,
  email: string,
  now: Date,
): Promise<SubjectRegistrationRow[]> {
  const { rows } = await tx.query<SubjectRegistrationRow>(
    `SELECT r.id, r.org_id, o.slug AS org_slug, o.name AS org_name, g.slug AS group_slug, g.name AS group_name,
            g.status AS group_status, g.starts_on::text AS starts_on,
            (SELECT min(s.starts_at) FROM sessions s
              WHERE s.group_id = g.id AND s.status = 'scheduled' AND s.starts_at > $2) AS next_session,
            r.status, r.via, r.referrer_label, r.display_name, r.email, r.phone, r.language, r.answers,
            r.created_at, r.cancelled_at
     FROM registrations r JOIN groups g ON g.id = r.group_id JOIN organisations o ON o.id = r.org_id
     WHERE lower(r.email) = $1 ORDER BY r.created_at, r.id`,
    [email, now],
  );
  return rows;
}

export interface SubjectApplicationRow {
  id: string;
  org_id: string;
  org_slug: string;
  org_name: LocalizedText;
  group_slug: string;
  group_name: LocalizedText;
  status: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  facts: Record<string, unknown>;
  created_at: Date;
  decided_at: Date | null;
}

/** Every application made with the address. */
export async function subjectApplications(tx: Tx, email: string): Promise<SubjectApplicationRow[]> {
  const { rows } = await tx.query<SubjectApplicationRow>(
    `SELECT a.id, a.org_id, o.slug AS org_slug, o.name AS org_name, g.slug AS group_slug, g.name AS group_name,
            a.status, a.display_name, a.email, a.phone, a.language, a.facts, a.created_at, a.decided_at
     FROM applications a JOIN groups g ON g.id = a.group_id JOIN organisations o ON o.id = a.org_id
     WHERE lower(a.email) = $1 ORDER BY a.created_at, a.id`,
    [email],
  );
  return rows;
}

export interface SubjectMessageRow {
  org_id: string | null;
  org_slug: string | null;
  org_name: LocalizedText | null;
  group_slug: string | null;
  group_name: LocalizedText | null;
  kind: string;
  subject: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
}

/** Every message to the address except the data request links themselves. */
export async function subjectMessages(tx: Tx, email: string): Promise<SubjectMessageRow[]> {
  const { rows } = await tx.query<SubjectMessageRow>(
    `SELECT m.org_id, o.slug AS org_slug, o.name AS org_name, g.slug AS group_slug, g.name AS group_name,
            m.kind, m.subject, m.body, m.created_at, m.sent_at
     FROM outbox m LEFT JOIN organisations o ON o.id = m.org_id
       LEFT JOIN registrations r ON r.id = m.registration_id LEFT JOIN groups g ON g.id = r.group_id
     WHERE lower(m.recipient) = $1 AND m.kind <> 'data_request_link' ORDER BY m.created_at, m.id`,
    [email],
  );
  return rows;
}

/** The groups in whose waiting list the address has a place, in id order (the seat lock order). */
export async function waitlistedGroupIds(tx: Tx, email: string): Promise<string[]> {
  const { rows } = await tx.query<{ group_id: string }>(
    `SELECT DISTINCT group_id FROM registrations WHERE lower(email) = $1 AND status = 'waitlisted'
     ORDER BY group_id`,
    [email],
  );
  return rows.map((r) => r.group_id);
}

/** Cancels the address's places in line and pending referrals, and withdraws its pending applications. */
export async function withdrawOpenRequests(tx: Tx, email: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE registrations SET status = 'cancelled', cancelled_at = $2, updated_at = $2
     WHERE lower(email) = $1 AND status IN ('waitlisted', 'pending')`,
    [email, now],
  );
  await tx.query(
    `UPDATE applications SET status = 'withdrawn', decided_at = $2 WHERE lower(email) = $1 AND status = 'pending'`,
    [email, now],
  );
}

/** Deletes every message to the address and its request links; returns how many messages. */
export async function deleteSubjectMailsAndLinks(tx: Tx, email: string): Promise<number> {
  const mails = await tx.query('DELETE FROM outbox WHERE lower(recipient) = $1', [email]);
  await tx.query('DELETE FROM subject_request_links WHERE email = $1', [email]);
  return mails.rowCount;
}

/** One of the address's own registrations that can still be cancelled; `id` as given, unchecked. */
export async function findOwnOpenRegistration(
  tx: Tx,
  id: string,
  email: string,
): Promise<{ id: string; group_id: string; org_id: string } | null> {
  const { rows } = await tx.query<{ id: string; group_id: string; org_id: string }>(
    `SELECT id, group_id, org_id FROM registrations
     WHERE id::text = $1 AND lower(email) = $2 AND status IN ('confirmed', 'waitlisted', 'pending')`,
    [id, email],
  );
  return rows[0] ?? null;
}
