/**
 * The SQL of the outbox (src/notifications/outbox.ts): queueing, the lease a worker claims a
 * message under, marking it sent or failed, giving up mail whose link expired, and the reads
 * messages are made from. Delivery runs in the schema owner's transactions; queueing in the
 * caller's. Functions take the transaction first.
 */
import type { Tx } from '../db/database.ts';
import type { Lang } from '../shared/lang.ts';
import type { LocalizedText } from '../shared/localized.ts';

export interface GroupInfo {
  id: string;
  org_id: string;
  slug: string;
  name: LocalizedText;
  /** readable only inside the organisation's transaction (row-level security) */
  remote_url: string | null;
}

export async function groupInfo(tx: Tx, groupId: string): Promise<GroupInfo> {
  const { rows } = await tx.query<GroupInfo>(
    `SELECT g.id, g.org_id, g.slug, g.name, d.url AS remote_url
     FROM groups g LEFT JOIN group_remote_details d ON d.group_id = g.id WHERE g.id = $1`,
    [groupId],
  );
  return rows[0]!;
}

/** Inserts a message; its id, or null when one with the same dedupe key exists. */
export async function insertOutbox(
  tx: Tx,
  m: {
    orgId: string | null;
    kind: string;
    registrationId: string | null;
    recipient: string;
    language: Lang;
    subject: string;
    body: string;
    dedupeKey: string | null;
    sendAfter: Date | null;
    linkExpiresAt: Date | null;
  },
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO outbox (org_id, kind, registration_id, recipient, language, subject, body, dedupe_key, send_after,
       link_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), $10)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
    [
      m.orgId,
      m.kind,
      m.registrationId,
      m.recipient,
      m.language,
      m.subject,
      m.body,
      m.dedupeKey,
      m.sendAfter,
      m.linkExpiresAt,
    ],
  );
  return rows[0]?.id ?? null;
}

/** Replaces, in the bodies of some messages, what matches `pattern` (a POSIX regex) by `replacement`. */
export async function replaceInBodies(
  tx: Tx,
  ids: readonly string[],
  pattern: string,
  replacement: string,
): Promise<void> {
  await tx.query(
    `UPDATE outbox SET body = regexp_replace(body, $2, $3, 'g') WHERE id = ANY ($1::bigint[]) AND body ~ $2`,
    [ids, pattern, replacement],
  );
}

/**
 * A batch of messages still waiting (or kept for the development mailbox) whose body matches
 * `pattern` and that have nothing sealed, locked.
 */
export async function waitingWithBodyMatching(
  tx: Tx,
  pattern: string,
  limit: number,
): Promise<{ id: string; org_id: string | null; body: string }[]> {
  const { rows } = await tx.query<{ id: string; org_id: string | null; body: string }>(
    `SELECT id::text AS id, org_id, body FROM outbox o
     WHERE (sent_at IS NULL OR delivered_via = 'mailbox') AND failed_at IS NULL AND body ~ $1
       AND NOT EXISTS (SELECT 1 FROM sealed_values s WHERE s.outbox_id = o.id)
     ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [pattern, limit],
  );
  return rows;
}

export async function setBody(tx: Tx, id: string, body: string): Promise<void> {
  await tx.query('UPDATE outbox SET body = $2 WHERE id = $1', [id, body]);
}

/** The registrations of a group in these statuses, in order of arrival. */
export async function registrationsToMessage(
  tx: Tx,
  groupId: string,
  statuses: readonly ('confirmed' | 'waitlisted')[],
): Promise<{ id: string; display_name: string; email: string | null; language: Lang }[]> {
  const { rows } = await tx.query<{ id: string; display_name: string; email: string | null; language: Lang }>(
    `SELECT id, display_name, email, language FROM registrations
     WHERE group_id = $1 AND status = ANY ($2::text[]) ORDER BY arrival`,
    [groupId, statuses],
  );
  return rows;
}

/**
 * Gives up waiting mail whose link has expired (unless a worker holds it) and releases mailbox
 * copies that still have a sealed secret; returns them, `waiting` for those given up.
 */
export async function giveUpExpired(tx: Tx, now: Date): Promise<{ id: string; waiting: boolean }[]> {
  const { rows } = await tx.query<{ id: string; waiting: boolean }>(
    `WITH expired AS (
       SELECT id, sent_at IS NULL AS waiting FROM outbox
       WHERE link_expires_at <= $1 AND failed_at IS NULL
         AND (sent_at IS NULL AND (claimed_until IS NULL OR claimed_until <= $1)
              OR delivered_via = 'mailbox' AND EXISTS (SELECT 1 FROM sealed_values s WHERE s.outbox_id = outbox.id))
       FOR UPDATE SKIP LOCKED)
     UPDATE outbox o SET
       failed_at = CASE WHEN e.waiting THEN $1::timestamptz END,
       last_error = CASE WHEN e.waiting THEN 'the link expired before the mail could be sent' ELSE o.last_error END,
       claimed_by = NULL, claimed_until = NULL
     FROM expired e WHERE o.id = e.id
     RETURNING o.id::text AS id, e.waiting`,
    [now],
  );
  return rows;
}

/** How many messages wait to be sent (neither sent nor given up). */
export async function countQueued(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL',
  );
  return rows[0]!.n;
}

/** Marks up to `limit` due messages delivered to the development mailbox; returns how many. */
export async function markDueInMailbox(tx: Tx, now: Date, limit: number): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE outbox SET sent_at = $1, delivered_via = 'mailbox'
     WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $1
                  ORDER BY send_after, id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [now, limit],
  );
  return rowCount;
}

export interface ClaimedRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/** Claims the next due message no other worker holds, for `worker` until `until`. */
export async function claimNextDue(
  tx: Tx,
  at: Date,
  worker: string,
  until: Date,
): Promise<ClaimedRow | null> {
  const { rows } = await tx.query<ClaimedRow>(
    `UPDATE outbox SET claimed_by = $2, claimed_until = $3
     WHERE id = (SELECT id FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $1
                   AND (claimed_until IS NULL OR claimed_until <= $1)
                 ORDER BY send_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id::text AS id, recipient, subject, body, attempts`,
    [at, worker, until],
  );
  return rows[0] ?? null;
}

/** Records a failed attempt of the worker's claim: tried again after `retryAt`, given up at `maxAttempts`. */
export async function recordFailedAttempt(
  tx: Tx,
  f: {
    id: string;
    attempts: number;
    error: string;
    retryAt: Date;
    at: Date;
    worker: string;
    maxAttempts: number;
  },
): Promise<void> {
  await tx.query(
    `UPDATE outbox SET attempts = $2, last_error = $3, send_after = $4, claimed_by = NULL, claimed_until = NULL,
       failed_at = CASE WHEN $2 >= ${f.maxAttempts} THEN $5::timestamptz END
     WHERE id = $1 AND claimed_by = $6 AND sent_at IS NULL`,
    [f.id, f.attempts, f.error, f.retryAt, f.at, f.worker],
  );
}

/** Marks a message sent over SMTP and releases its claim. */
export async function markSent(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE outbox SET sent_at = $2, delivered_via = 'smtp', attempts = attempts + 1,
       claimed_by = NULL, claimed_until = NULL
     WHERE id = $1 AND sent_at IS NULL`,
    [id, at],
  );
}

export interface DueReminderRow {
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  group_id: string;
  registration_id: string;
  display_name: string;
  email: string | null;
  language: Lang;
}

/** Confirmed participants with an email of sessions 20–28 hours ahead not yet reminded. */
export async function dueReminders(tx: Tx, now: Date): Promise<DueReminderRow[]> {
  const { rows } = await tx.query<DueReminderRow>(
    `SELECT s.id AS session_id, s.starts_at, s.ends_at, s.group_id, r.id AS registration_id, r.display_name, r.email, r.language
     FROM sessions s JOIN registrations r ON r.group_id = s.group_id AND r.status = 'confirmed'
     WHERE s.status = 'scheduled' AND s.starts_at BETWEEN $1::timestamptz + interval '20 hours' AND $1::timestamptz + interval '28 hours'
       AND r.email IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'reminder:' || s.id || ':' || r.id)`,
    [now],
  );
  return rows;
}
