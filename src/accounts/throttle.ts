/**
 * Sign-in throttling: every attempt is counted as a failure before it is checked (a success is
 * then forgiven); after too many failed attempts for one account, or from one address,
 * within the window, further attempts are refused with 429 and Retry-After until the oldest
 * failure leaves the window. The account key is the email as typed (normalised), so known
 * and unknown emails are throttled, and answered, exactly alike.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';
import { clientKey } from '../shared/client-address.ts';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

const hash = (kind: string, value: string) =>
  createHash('sha256').update(`vertaamo-login:${kind}:${value}`).digest('base64url');

export function throttleKeys(email: string, ip: string | null): { account: string; address: string | null } {
  const client = clientKey(ip);
  return { account: hash('account', email), address: client ? hash('address', client) : null };
}

/**
 * Checks the throttle and counts this attempt as a failure in one step, before anything is
 * verified: the account's and the address's keys are locked (a transaction-scoped advisory
 * lock each, always the account first, so two attempts never wait on each other in a
 * circle), their recent failures counted, and either 429 is thrown (nothing recorded) or a
 * row is written for each key. Concurrent attempts therefore queue on the keys and at most
 * the limit of them ever reach the password or the passkey. Returns the rows written, for
 * `forgiveAttempt` when the attempt succeeds.
 */
export async function reserveAttempt(
  tx: Tx,
  keys: { account: string; address: string | null },
  now: Date,
): Promise<Reservation> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const limits: [string, number][] = [[keys.account, MAX_FAILURES_PER_ACCOUNT]];
  if (keys.address) limits.push([keys.address, MAX_FAILURES_PER_ADDRESS]);
  for (const [key] of limits) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  let waitMs = 0;
  for (const [key, max] of limits) {
    const { rows } = await tx.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(failed_at) AS oldest FROM (
         SELECT failed_at FROM login_failures WHERE key_hash = $1 AND failed_at > $2
         ORDER BY failed_at DESC LIMIT $3) recent`,
      [key, since, max],
    );
    const { n, oldest } = rows[0]!;
    if (n >= max && oldest)
      waitMs = Math.max(waitMs, new Date(oldest).getTime() + THROTTLE_WINDOW_MS - now.getTime());
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      429,
      'too-many-attempts',
      `Too many sign-in attempts. Try again in ${seconds} seconds.`,
      [],
      {
        retryAfter: seconds,
      },
    );
  }
  await tx.query('DELETE FROM login_failures WHERE failed_at <= $1', [since]);
  const ids: string[] = [];
  for (const [key] of limits) {
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO login_failures (key_hash, failed_at) VALUES ($1, $2) RETURNING id::text AS id',
      [key, now],
    );
    ids.push(rows[0]!.id);
  }
  return { accountRow: ids[0]!, addressRow: ids[1] ?? null };
}

/** The failure rows an attempt wrote before it was checked. */
export interface Reservation {
  accountRow: string;
  addressRow: string | null;
}

/**
 * A successful sign-in forgives the account's failures up to and including its own attempt
 * (attempts counted after it, still being checked, stay counted) and does not count against
 * the address.
 */
export async function forgiveAttempt(
  tx: Tx,
  keys: { account: string },
  reservation: Reservation,
): Promise<void> {
  await tx.query('DELETE FROM login_failures WHERE key_hash = $1 AND id <= $2', [
    keys.account,
    reservation.accountRow,
  ]);
  if (reservation.addressRow)
    await tx.query('DELETE FROM login_failures WHERE id = $1', [reservation.addressRow]);
}
