/**
 * SQL of API tokens, login sessions and password resets (issue 12, findings 10 and 14).
 * Tokens are read and changed under the caller's row-level security (`api_tokens` belongs
 * to one organisation); login sessions, reset links and password attempts are owner-only
 * tables, reached from the sign-in code as the schema owner and always scoped by account.
 */
import type { Tx } from '../db/database.ts';
import type { Role } from './permissions.ts';

// ---------------------------------------------------------------- API tokens

export interface ApiTokenRow {
  id: string;
  org_id: string;
  label: string;
  role: Role;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_by: string | null;
  /** the creator's name, where the caller may see the account */
  created_by_name: string | null;
}

export async function insertApiToken(
  tx: Tx,
  t: {
    tokenHash: string;
    orgId: string;
    role: Role;
    label: string;
    createdBy: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<{ id: string }> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO api_tokens (token_hash, org_id, role, label, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [t.tokenHash, t.orgId, t.role, t.label, t.createdBy, t.now, t.expiresAt],
  );
  return rows[0]!;
}

/** A token that may still be used: not revoked, not expired. */
export async function findLiveToken(
  tx: Tx,
  tokenHash: string,
  now: Date,
): Promise<{ id: string; org_id: string; role: Role; label: string; created_by: string | null } | null> {
  const { rows } = await tx.query<{
    id: string;
    org_id: string;
    role: Role;
    label: string;
    created_by: string | null;
  }>(
    `SELECT id, org_id, role, label, created_by FROM api_tokens
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [tokenHash, now],
  );
  return rows[0] ?? null;
}

/**
 * Notes when a token was used, at most once a minute, and never waiting for a request that
 * is noting it at the same moment (a script's burst does not queue on the row).
 */
export async function touchToken(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE api_tokens SET last_used_at = $2 WHERE id IN (
       SELECT id FROM api_tokens WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)
       FOR UPDATE SKIP LOCKED)`,
    [id, now, new Date(now.getTime() - 60_000)],
  );
}

/** The creator of a token as it stands now: not disabled, and the roles they hold. */
export async function creatorGrants(
  tx: Tx,
  userId: string,
): Promise<{ org_id: string; role: Role }[] | null> {
  const { rows } = await tx.query<{ org_id: string | null; role: Role | null }>(
    `SELECT m.org_id, m.role FROM users u LEFT JOIN memberships m ON m.user_id = u.id
     WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [userId],
  );
  if (rows.length === 0) return null;
  return rows.filter((r) => r.org_id && r.role).map((r) => ({ org_id: r.org_id!, role: r.role! }));
}

export async function listApiTokens(tx: Tx, orgId: string): Promise<ApiTokenRow[]> {
  const { rows } = await tx.query<ApiTokenRow>(
    `SELECT t.id, t.org_id, t.label, t.role, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
            t.created_by, u.display_name AS created_by_name
     FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
     WHERE t.org_id = $1 ORDER BY t.created_at DESC, t.id`,
    [orgId],
  );
  return rows;
}

/** Revokes a token of the organisation (null: none such, or revoked already). */
export async function revokeApiToken(
  tx: Tx,
  id: string,
  now: Date,
  orgId: string | null,
): Promise<{ id: string; org_id: string } | null> {
  const { rows } = await tx.query<{ id: string; org_id: string }>(
    `UPDATE api_tokens SET revoked_at = $2
     WHERE id = $1 AND ($3::uuid IS NULL OR org_id = $3) AND revoked_at IS NULL RETURNING id, org_id`,
    [id, now, orgId],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------- login sessions

export interface LoginSessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  browser: string | null;
  current: boolean;
}

/** One's own sessions that are still alive, newest first; the one of `currentHash` marked. */
export async function listLoginSessions(
  tx: Tx,
  userId: string,
  currentHash: string,
  now: Date,
  idleSince: Date,
): Promise<LoginSessionRow[]> {
  const { rows } = await tx.query<LoginSessionRow>(
    `SELECT id, created_at, last_seen_at, expires_at, browser, id_hash = $2 AS current
     FROM login_sessions WHERE user_id = $1 AND expires_at > $3 AND last_seen_at > $4
     ORDER BY last_seen_at DESC, created_at DESC`,
    [userId, currentHash, now, idleSince],
  );
  return rows;
}

/** Ends one of one's own sessions; false when there is no such session of this account. */
export async function deleteLoginSession(tx: Tx, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM login_sessions WHERE user_id = $1 AND id = $2', [
    userId,
    id,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Ends every session of an account except the one of `keepHash` (null: all of them). */
export async function deleteOtherLoginSessions(
  tx: Tx,
  userId: string,
  keepHash: string | null,
): Promise<number> {
  const { rowCount } = await tx.query(
    'DELETE FROM login_sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2)',
    [userId, keepHash],
  );
  return rowCount ?? 0;
}

/** Notes the browser of a session the first time it is seen with one. */
export async function describeLoginSession(tx: Tx, idHash: string, browser: string): Promise<void> {
  await tx.query('UPDATE login_sessions SET browser = $2 WHERE id_hash = $1 AND browser IS NULL', [
    idHash,
    browser,
  ]);
}

// ---------------------------------------------------------------- passwords

/** The account's password hash, its row locked until the transaction ends. */
export async function lockPassword(tx: Tx, userId: string): Promise<{ password_hash: string | null } | null> {
  const { rows } = await tx.query<{ password_hash: string | null }>(
    'SELECT password_hash FROM users WHERE id = $1 AND disabled_at IS NULL FOR UPDATE',
    [userId],
  );
  return rows[0] ?? null;
}

export async function setPasswordHash(tx: Tx, userId: string, hash: string): Promise<void> {
  await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
}

/** A person's account by email, for a reset link: only one that is not disabled. */
export async function accountByEmail(
  tx: Tx,
  email: string,
): Promise<{ id: string; email: string; locale: string } | null> {
  const { rows } = await tx.query<{ id: string; email: string; locale: string }>(
    'SELECT id, email, locale FROM users WHERE email = $1 AND disabled_at IS NULL',
    [email],
  );
  return rows[0] ?? null;
}

export async function insertResetLink(
  tx: Tx,
  l: { userId: string; tokenHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO password_reset_links (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
    [l.userId, l.tokenHash, l.now, l.expiresAt],
  );
}

/**
 * Spends a reset link, once: the one statement that marks it used, so of two uses at the
 * same moment only one finds it unused. Returns its account (not disabled), or null.
 */
export async function spendResetLink(
  tx: Tx,
  tokenHash: string,
  now: Date,
): Promise<{ user_id: string } | null> {
  const { rows } = await tx.query<{ user_id: string }>(
    `UPDATE password_reset_links l SET used_at = $2
     FROM users u
     WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2
       AND u.id = l.user_id AND u.disabled_at IS NULL
     RETURNING l.user_id`,
    [tokenHash, now],
  );
  return rows[0] ?? null;
}

/** Whether a reset link can still be used (for the form; using it spends it). */
export async function resetLinkUsable(tx: Tx, tokenHash: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `SELECT 1 FROM password_reset_links l JOIN users u ON u.id = l.user_id
     WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHash, now],
  );
  return rows.length > 0;
}

/** Every other link of the account stops working (a password was just set). */
export async function spendAllResetLinks(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.query('UPDATE password_reset_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [
    userId,
    now,
  ]);
}

/**
 * Reset links past their time go, with the mails that carried them (and so their sealed
 * secrets) if those never left; old attempts go too.
 */
export async function purgeResetLinks(tx: Tx, now: Date, attemptsBefore: Date): Promise<void> {
  await tx.query(
    `DELETE FROM outbox WHERE kind = 'password_reset' AND sent_at IS NULL AND send_after <= $1`,
    [new Date(now.getTime() - 60 * 60 * 1000)],
  );
  await tx.query('DELETE FROM password_reset_links WHERE expires_at <= $1 OR used_at IS NOT NULL', [now]);
  await tx.query('DELETE FROM password_attempts WHERE at < $1', [attemptsBefore]);
}

/** How many attempts a key made since then, and when the oldest of the last `max` was. */
export async function recentAttempts(
  tx: Tx,
  key: string,
  since: Date,
  max: number,
): Promise<{ n: number; oldest: Date | null }> {
  const { rows } = await tx.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(at) AS oldest FROM (
       SELECT at FROM password_attempts WHERE key_hash = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`,
    [key, since, max],
  );
  return rows[0]!;
}

export async function insertAttempt(tx: Tx, key: string, now: Date): Promise<void> {
  await tx.query('INSERT INTO password_attempts (key_hash, at) VALUES ($1, $2)', [key, now]);
}

/** Serialises the throttle of one key (a transaction-scoped advisory lock on its hash). */
export async function lockAttemptKey(tx: Tx, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 29))`, [key]);
}

// ---------------------------------------------------------------- passkeys (src/accounts/passkeys.ts)

export interface PasskeyRow {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export interface NewCredential {
  id: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

export type ChallengePurpose = 'register' | 'authenticate';

/** Deletes the challenges past their time, then keeps a new one (owner-only table). */
export async function insertChallenge(
  tx: Tx,
  c: {
    challenge: string;
    purpose: ChallengePurpose;
    bindingHash: string;
    userId: string | null;
    expiresAt: Date;
  },
  now: Date,
): Promise<void> {
  await tx.query('DELETE FROM webauthn_challenges WHERE expires_at <= $1', [now]);
  await tx.query(
    `INSERT INTO webauthn_challenges (challenge, purpose, binding_hash, user_id, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [c.challenge, c.purpose, c.bindingHash, c.userId, c.expiresAt],
  );
}

/** Deletes a challenge given to this binding and returns whom it was for and until when. */
export async function deleteChallenge(
  tx: Tx,
  challenge: string,
  purpose: ChallengePurpose,
  bindingHash: string,
): Promise<{ user_id: string | null; expires_at: Date } | null> {
  const { rows } = await tx.query<{ user_id: string | null; expires_at: Date }>(
    `DELETE FROM webauthn_challenges WHERE challenge = $1 AND purpose = $2 AND binding_hash = $3
     RETURNING user_id, expires_at`,
    [challenge, purpose, bindingHash],
  );
  return rows[0] ?? null;
}

export async function listPasskeys(tx: Tx, userId: string): Promise<PasskeyRow[]> {
  const { rows } = await tx.query<PasskeyRow>(
    `SELECT id, name, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows;
}

/** Renames one of the person's own passkeys; false when there is no such passkey of theirs. */
export async function renamePasskey(tx: Tx, userId: string, id: string, name: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE passkeys SET name = $3 WHERE id = $1 AND user_id = $2', [
    id,
    userId,
    name,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Removes one of the person's own passkeys; it can no longer sign anyone in. */
export async function removePasskey(tx: Tx, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM passkeys WHERE id = $1 AND user_id = $2', [id, userId]);
  return (rowCount ?? 0) > 0;
}

/** The credentials a person already has, so the browser does not create a second on the same device. */
export async function passkeyCredentials(
  tx: Tx,
  userId: string,
): Promise<{ id: string; transports: string[] }[]> {
  const { rows } = await tx.query<{ id: string; transports: string[] }>(
    'SELECT credential_id AS id, transports FROM passkeys WHERE user_id = $1',
    [userId],
  );
  return rows;
}

/** Saves a checked passkey for the signed-in person (under the passkeys policy); null if it exists. */
export async function savePasskey(
  tx: Tx,
  userId: string,
  credential: NewCredential,
  name: string,
  now: Date,
): Promise<PasskeyRow | null> {
  const { rows } = await tx.query<PasskeyRow>(
    `INSERT INTO passkeys (user_id, credential_id, public_key, counter, transports, name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (credential_id) DO NOTHING
     RETURNING id, name, created_at, last_used_at`,
    [
      userId,
      credential.id,
      Buffer.from(credential.publicKey),
      credential.counter,
      credential.transports,
      name,
      now,
    ],
  );
  return rows[0] ?? null;
}

export interface PasskeySignInRow {
  passkey_id: string;
  public_key: Uint8Array;
  counter: string;
  transports: string[];
  id: string;
  email: string;
  display_name: string;
  locale: string;
}

/** The passkey with this credential id and its account, unless the account is disabled. */
export async function passkeyForSignIn(tx: Tx, credentialId: string): Promise<PasskeySignInRow | null> {
  const { rows } = await tx.query<PasskeySignInRow>(
    `SELECT p.id AS passkey_id, p.public_key, p.counter, p.transports,
            u.id, u.email, u.display_name, u.locale
     FROM passkeys p JOIN users u ON u.id = p.user_id
     WHERE p.credential_id = $1 AND u.disabled_at IS NULL`,
    [credentialId],
  );
  return rows[0] ?? null;
}

/**
 * Records a use with the authenticator's new counter, only when the counter went up (or both
 * are 0): two answers racing with the same counter cannot both pass. False when it did not.
 */
export async function advancePasskeyCounter(
  tx: Tx,
  id: string,
  counter: number,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE passkeys SET counter = $2, last_used_at = $3
     WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))`,
    [id, counter, now],
  );
  return rowCount > 0;
}

// ---------------------------------------------------------------- accounts and login sessions (src/accounts/service.ts)

/** The organisations below these grants' organisations, with the grant's role, the grants included. */
export async function rolesBelow(
  tx: Tx,
  grants: readonly { org_id: string; role: Role }[],
): Promise<{ org_id: string; role: Role }[]> {
  const { rows } = await tx.query<{ org_id: string; role: Role }>(
    `WITH RECURSIVE scope (org_id, role) AS (
       SELECT g.org_id, g.role FROM unnest($1::uuid[], $2::text[]) AS g (org_id, role)
       UNION
       SELECT o.id, s.role FROM organisations o JOIN scope s ON o.parent_id = s.org_id
     )
     SELECT org_id, role FROM scope`,
    [grants.map((g) => g.org_id), grants.map((g) => g.role)],
  );
  return rows;
}

export async function membershipsOf(tx: Tx, userId: string): Promise<{ org_id: string; role: Role }[]> {
  const { rows } = await tx.query<{ org_id: string; role: Role }>(
    'SELECT org_id, role FROM memberships WHERE user_id = $1',
    [userId],
  );
  return rows;
}

/** Creates an account; null when the email is taken. */
export async function insertUser(
  tx: Tx,
  u: { email: string; displayName: string; passwordHash: string | null; locale: string },
): Promise<{ id: string; email: string } | null> {
  const { rows } = await tx.query<{ id: string; email: string }>(
    `INSERT INTO users (email, display_name, password_hash, locale) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING id, email`,
    [u.email, u.displayName, u.passwordHash, u.locale],
  );
  return rows[0] ?? null;
}

/** The account with this email, created (without a password) when there is none. */
export async function ensureUser(
  tx: Tx,
  email: string,
  displayName: string,
): Promise<{ id: string; email: string }> {
  const { rows } = await tx.query<{ id: string; email: string }>(
    `INSERT INTO users (email, display_name) VALUES ($1, $2)
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id, email`,
    [email, displayName],
  );
  return rows[0]!;
}

export interface SignInUserRow {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  password_hash: string | null;
}

/** An active account by its (normalised) email, with its password hash. */
export async function activeUserByEmail(tx: Tx, email: string): Promise<SignInUserRow | null> {
  const { rows } = await tx.query<SignInUserRow>(
    'SELECT id, email, display_name, locale, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL',
    [email],
  );
  return rows[0] ?? null;
}

export async function insertLoginSession(
  tx: Tx,
  idHash: string,
  userId: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO login_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
    [idHash, userId, now, expiresAt],
  );
}

/**
 * Notes a use of a login session that has neither expired nor been idle since `idleSince`
 * (and whose account is active), with the browser once; its account, or null.
 */
export async function touchLoginSession(
  tx: Tx,
  idHash: string,
  now: Date,
  idleSince: Date,
  browser: string | null,
): Promise<{ id: string; email: string } | null> {
  const { rows } = await tx.query<{ id: string; email: string }>(
    `UPDATE login_sessions s SET last_seen_at = $2, browser = coalesce(s.browser, $4)
     FROM users u
     WHERE s.id_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
       AND s.expires_at > $2 AND s.last_seen_at > $3
     RETURNING u.id, u.email`,
    [idHash, now, idleSince, browser],
  );
  return rows[0] ?? null;
}

/** Ends the login session with this token hash (signing out). */
export async function deleteLoginSessionByHash(tx: Tx, idHash: string): Promise<void> {
  await tx.query('DELETE FROM login_sessions WHERE id_hash = $1', [idHash]);
}
