import { createHash, randomBytes } from 'node:crypto';
import { checkThrottle, clearAccountFailures, recordFailure, throttleKeys } from './throttle.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, conflict, notFound } from '../shared/errors.ts';
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { authorize, type Actor, type Role } from './permissions.ts';
import * as accountsRepo from './repository.ts';

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
  // Throttled before the password is even looked at, alike for known and unknown emails.
  await db.ownerTransaction((tx) => checkThrottle(tx, keys, now));
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
  if (!user || !ok) {
    await db.ownerTransaction((tx) => recordFailure(tx, keys, now));
    return null;
  }
  return db.ownerTransaction(async (tx) => {
    await clearAccountFailures(tx, keys);
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

/** How long an API token lives when no expiry is given, and the longest it may live. */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * The actor behind an API token, or null when it is unknown, revoked or expired, or when the
 * person who made it may no longer make it: their account is disabled, or they no longer hold
 * the admin role over the token's organisation (their own membership or one above it). Tokens
 * made without a person (the command line, the demo loader) only expire.
 */
export async function actorFromApiToken(
  db: Database,
  token: string,
  now = new Date(),
): Promise<Actor | null> {
  return db.ownerTransaction(async (tx) => {
    const row = await accountsRepo.findLiveToken(tx, sha256(token), now);
    if (!row) return null;
    if (row.created_by !== null) {
      const grants = await accountsRepo.creatorGrants(tx, row.created_by);
      if (!grants) return null;
      const creator = await rolesOf(tx, grants);
      if (!creator.get(row.org_id)?.has('admin')) return null;
    }
    await accountsRepo.touchToken(tx, row.id, now);
    return {
      kind: 'token',
      userId: null,
      label: `token:${row.label || row.id}`,
      roles: await rolesOf(tx, [{ org_id: row.org_id, role: row.role }]),
    };
  });
}

/**
 * Creates an API token for one organisation and role; the secret is returned once and stored
 * hashed. Every token expires: after DEFAULT_TOKEN_DAYS unless told, at most MAX_TOKEN_DAYS.
 */
export async function createApiToken(
  tx: Tx,
  input: {
    orgId: string;
    role: Role;
    label: string;
    createdBy: string | null;
    expiresAt?: Date | null;
    now?: Date;
  },
): Promise<{ id: string; token: string; expires_at: Date }> {
  const now = input.now ?? new Date();
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + DEFAULT_TOKEN_DAYS * DAY_MS);
  if (expiresAt.getTime() > now.getTime() + MAX_TOKEN_DAYS * DAY_MS || expiresAt <= now) {
    throw new AppError(422, 'invalid-expiry', `A token lives at most ${MAX_TOKEN_DAYS} days.`, [
      { in: 'body', field: 'expires_in_days', message: `From 1 to ${MAX_TOKEN_DAYS} days.` },
    ]);
  }
  const token = newSecret('vt_');
  const { id } = await accountsRepo.insertApiToken(tx, {
    tokenHash: sha256(token),
    orgId: input.orgId,
    role: input.role,
    label: input.label,
    createdBy: input.createdBy,
    now,
    expiresAt,
  });
  return { id, token, expires_at: expiresAt };
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenView {
  id: string;
  label: string;
  role: Role;
  created_by: { id: string; name: string | null } | null;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  status: TokenStatus;
}

/** The organisation's tokens for its admins: never the secret (only its hash is stored). */
export async function listApiTokens(tx: Tx, actor: Actor, orgId: string, now: Date): Promise<TokenView[]> {
  authorize(actor, 'tokens.manage', orgId);
  return (await accountsRepo.listApiTokens(tx, orgId)).map((t) => ({
    id: t.id,
    label: t.label,
    role: t.role,
    created_by: t.created_by ? { id: t.created_by, name: t.created_by_name } : null,
    created_at: t.created_at,
    expires_at: t.expires_at,
    last_used_at: t.last_used_at,
    revoked_at: t.revoked_at,
    status: t.revoked_at ? 'revoked' : new Date(t.expires_at) <= now ? 'expired' : 'active',
  }));
}

/** Revokes one of the organisation's tokens at once; 404 when it has no such live token. */
export async function revokeApiToken(
  tx: Tx,
  actor: Actor,
  orgId: string,
  id: string,
  now: Date,
): Promise<void> {
  authorize(actor, 'tokens.manage', orgId);
  if (!(await accountsRepo.revokeApiToken(tx, id, now, orgId))) throw notFound('token');
}

/** Revokes a token by id alone: the command line, which acts as the schema owner. */
export async function revokeTokenById(tx: Tx, id: string, now: Date): Promise<boolean> {
  return (await accountsRepo.revokeApiToken(tx, id, now, null)) !== null;
}

/** An actor with every role in the given organisations: the command line and the demo loader. */
export function systemActor(orgIds: readonly string[]): Actor {
  const all = new Set<Role>(['admin', 'coordinator', 'board_member', 'facilitator', 'referrer']);
  return { kind: 'system', userId: null, label: 'system', roles: new Map(orgIds.map((id) => [id, all])) };
}
