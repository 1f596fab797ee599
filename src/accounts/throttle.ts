/**
 * Sign-in throttling: after too many failed attempts for one account, or from one address,
 * within the window, further attempts are refused with 429 and Retry-After until the oldest
 * failure leaves the window. The account key is the email as typed (normalised), so known
 * and unknown emails are throttled, and answered, exactly alike.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { AppError } from '../shared/errors.ts';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

const hash = (kind: string, value: string) =>
  createHash('sha256').update(`vertaamo-login:${kind}:${value}`).digest('base64url');

export function throttleKeys(email: string, ip: string | null): { account: string; address: string | null } {
  return { account: hash('account', email), address: ip ? hash('address', ip) : null };
}

/** 429 with the seconds to wait, or nothing when the attempt may go ahead. */
export async function checkThrottle(
  tx: Tx,
  keys: { account: string; address: string | null },
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const limits: [string | null, number][] = [
    [keys.account, MAX_FAILURES_PER_ACCOUNT],
    [keys.address, MAX_FAILURES_PER_ADDRESS],
  ];
  let waitMs = 0;
  for (const [key, max] of limits) {
    if (!key) continue;
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
}

export async function recordFailure(
  tx: Tx,
  keys: { account: string; address: string | null },
  now: Date,
): Promise<void> {
  await tx.query('DELETE FROM login_failures WHERE failed_at <= $1', [
    new Date(now.getTime() - THROTTLE_WINDOW_MS),
  ]);
  for (const key of [keys.account, keys.address]) {
    if (key) await tx.query('INSERT INTO login_failures (key_hash, failed_at) VALUES ($1, $2)', [key, now]);
  }
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearAccountFailures(tx: Tx, keys: { account: string }): Promise<void> {
  await tx.query('DELETE FROM login_failures WHERE key_hash = $1', [keys.account]);
}
