import { createHash, randomBytes } from 'node:crypto';
import { forgiveAttempt, reserveAttempt, throttleKeys } from './throttle.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, conflict } from '../shared/errors.ts';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import type { Actor, Role } from './permissions.ts';

/** A login session lasts at most this long, and ends sooner when left idle. */
export const LOGIN_SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const LOGIN_SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

// Admins and coordinators of an organisation act for the organisations below it too
// (a district coordinates its local associations); the other roles stay where they are.
const INHERITED_ROLES: readonly Role[] = ['admin', 'coordinator'];

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function rolesOf(tx: Tx, grants: { org_id: string; role: Role }[]): Promise<Map<string, Set<Role>>> {
  const roles = new Map<string, Set<Role>>();
  const add = (orgId: string, role: Role) => {
    let set = roles.get(orgId);
    if (!set) roles.set(orgId, (set = new Set()));
    set.add(role);
  };
  const inherited = grants.filter((g) => INHERITED_ROLES.includes(g.role));
  for (const g of grants) add(g.org_id, g.role);
  if (inherited.length > 0) {
    const { rows } = await tx.query<{ org_id: string; role: Role }>(
      `WITH RECURSIVE scope (org_id, role) AS (
         SELECT g.org_id, g.role FROM unnest($1::uuid[], $2::text[]) AS g (org_id, role)
         UNION
         SELECT o.id, s.role FROM organisations o JOIN scope s ON o.parent_id = s.org_id
       )
       SELECT org_id, role FROM scope`,
      [inherited.map((g) => g.org_id), inherited.map((g) => g.role)],
    );
    for (const r of rows) add(r.org_id, r.role);
  }
  return roles;
}

async function actorForUser(tx: Tx, user: { id: string; email: string }): Promise<Actor> {
  const { rows } = await tx.query<{ org_id: string; role: Role }>(
    'SELECT org_id, role FROM memberships WHERE user_id = $1',
    [user.id],
  );
  return { kind: 'user', userId: user.id, label: user.email, roles: await rolesOf(tx, rows) };
}

export interface NewUser {
  email: string;
  displayName: string;
  password?: string | null;
  locale?: 'fi' | 'sv' | 'en';
}

/** Creates a staff account. Runs as the schema owner: accounts exist across organisations. */
export async function createUser(db: Database, input: NewUser): Promise<{ id: string; email: string }> {
  const email = normaliseEmail(input.email);
  if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      422,
      'weak-password',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
      [{ in: 'body', field: 'password', message: `At least ${MIN_PASSWORD_LENGTH} characters.` }],
    );
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; email: string }>(
      `INSERT INTO users (email, display_name, password_hash, locale) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id, email`,
      [email, input.displayName, passwordHash, input.locale ?? 'fi'],
    );
    if (!rows[0]) throw conflict('email-taken', 'An account with this email already exists.');
    return rows[0];
  });
}

/** Finds an account by email, or creates one without a password (an invited person). */
export async function findOrCreateUser(
  db: Database,
  email: string,
  displayName: string,
): Promise<{ id: string; email: string }> {
  const normalised = normaliseEmail(email);
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; email: string }>(
      `INSERT INTO users (email, display_name) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id, email`,
      [normalised, displayName],
    );
    return rows[0]!;
  });
}

export interface LoginResult {
  token: string;
  actor: Actor;
  user: { id: string; email: string; display_name: string; locale: string };
}

/** Checks the password and opens a login session; null for any wrong email or password. */
export async function login(
  db: Database,
  email: string,
  password: string,
  now = new Date(),
  opts: { ip?: string | null } = {},
): Promise<LoginResult | null> {
  const keys = throttleKeys(normaliseEmail(email), opts.ip ?? null);
  // Throttled, and counted as a failure, before the password is even looked at, alike for
  // known and unknown emails: concurrent guesses queue on the keys (src/accounts/throttle.ts).
  const reservation = await db.ownerTransaction((tx) => reserveAttempt(tx, keys, now));
  const user = await db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      email: string;
      display_name: string;
      locale: string;
      password_hash: string | null;
    }>(
      'SELECT id, email, display_name, locale, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL',
      [normaliseEmail(email)],
    );
    return rows[0] ?? null;
  });
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  // A wrong password stays counted as it was recorded above.
  if (!user || !ok) return null;
  return db.ownerTransaction(async (tx) => {
    await forgiveAttempt(tx, keys, reservation);
    return openLoginSession(tx, user, now);
  });
}

/**
 * Opens a login session for someone whose password or passkey was just checked: a new random
 * id (stored hashed) every time, the same time-outs whichever way they signed in.
 */
export async function openLoginSession(
  tx: Tx,
  user: { id: string; email: string; display_name: string; locale: string },
  now: Date,
): Promise<LoginResult> {
  const token = newSecret('');
  await tx.query(
    `INSERT INTO login_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
    [sha256(token), user.id, now, new Date(now.getTime() + LOGIN_SESSION_ABSOLUTE_MS)],
  );
  const actor = await actorForUser(tx, user);
  return {
    token,
    actor,
    user: { id: user.id, email: user.email, display_name: user.display_name, locale: user.locale },
  };
}

/** The actor behind a login session cookie, or null when it is unknown, expired or idle too long. */
export async function actorFromLoginSession(
  db: Database,
  token: string,
  now = new Date(),
): Promise<Actor | null> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; email: string }>(
      `UPDATE login_sessions s SET last_seen_at = $2
       FROM users u
       WHERE s.id_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
         AND s.expires_at > $2 AND s.last_seen_at > $3
       RETURNING u.id, u.email`,
      [sha256(token), now, new Date(now.getTime() - LOGIN_SESSION_IDLE_MS)],
    );
    return rows[0] ? actorForUser(tx, rows[0]) : null;
  });
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.ownerTransaction((tx) =>
    tx.query('DELETE FROM login_sessions WHERE id_hash = $1', [sha256(token)]),
  );
}

/** The actor behind an API token, or null when it is unknown, revoked or expired. */
export async function actorFromApiToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<Actor | null> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; org_id: string; role: Role; label: string }>(
      `SELECT id, org_id, role, label FROM api_tokens
       WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [sha256(token), now],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: 'token',
      userId: null,
      label: `token:${row.label || row.id}`,
      roles: await rolesOf(tx, [{ org_id: row.org_id, role: row.role }]),
    };
  });
}

/** Creates an API token for one organisation and role; the secret is returned once and stored hashed. */
export async function createApiToken(
  tx: Tx,
  input: { orgId: string; role: Role; label: string; createdBy: string | null; expiresAt?: Date | null },
): Promise<{ id: string; token: string }> {
  const token = newSecret('vt_');
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO api_tokens (token_hash, org_id, role, label, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [sha256(token), input.orgId, input.role, input.label, input.createdBy, input.expiresAt ?? null],
  );
  return { id: rows[0]!.id, token };
}

/** An actor with every role in the given organisations: the command line and the demo loader. */
export function systemActor(orgIds: readonly string[]): Actor {
  const all = new Set<Role>(['admin', 'coordinator', 'board_member', 'facilitator', 'referrer']);
  return { kind: 'system', userId: null, label: 'system', roles: new Map(orgIds.map((id) => [id, all])) };
}
