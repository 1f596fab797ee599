import type { Lang } from '../shared/lang.ts';
import type { LocalizedText } from '../shared/localized.ts';
import type { Tx } from '../db/database.ts';
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
