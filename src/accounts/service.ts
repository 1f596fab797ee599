import type { Lang } from '../shared/lang.ts';
import { createHash, randomBytes } from 'node:crypto';
import { forgiveAttempt, reserveAttempt, throttleKeys } from './throttle.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, conflict, notFound } from '../shared/errors.ts';
import { hashPassword, verifyPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { queueMail, SECRET_SLOT } from '../notifications/outbox.ts';
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
    const rows = await accountsRepo.rolesBelow(tx, inherited);
    for (const r of rows) add(r.org_id, r.role);
  }
  return roles;
}

async function actorForUser(tx: Tx, user: { id: string; email: string }): Promise<Actor> {
  const rows = await accountsRepo.membershipsOf(tx, user.id);
  return { kind: 'user', userId: user.id, label: user.email, roles: await rolesOf(tx, rows) };
}

/** The password rules, for every way a password is set: 422 naming the field otherwise. */
export function checkNewPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      422,
      'weak-password',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
      [{ in: 'body', field, message: `At least ${MIN_PASSWORD_LENGTH} characters.` }],
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      422,
      'weak-password',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`,
      [{ in: 'body', field, message: `At most ${MAX_PASSWORD_LENGTH} characters.` }],
    );
  }
}

export interface NewUser {
  email: string;
  displayName: string;
  password?: string | null;
  locale?: Lang;
}

/** Creates a staff account. Runs as the schema owner: accounts exist across organisations. */
export async function createUser(db: Database, input: NewUser): Promise<{ id: string; email: string }> {
  const email = normaliseEmail(input.email);
  if (input.password != null) checkNewPassword(input.password, 'password');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.ownerTransaction(async (tx) => {
    const user = await accountsRepo.insertUser(tx, {
      email,
      displayName: input.displayName,
      passwordHash,
      locale: input.locale ?? 'fi',
    });
    if (!user) throw conflict('email-taken', 'An account with this email already exists.');
    return user;
  });
}

/** Finds an account by email, or creates one without a password (an invited person). */
export async function findOrCreateUser(
  db: Database,
  email: string,
  displayName: string,
): Promise<{ id: string; email: string }> {
  const normalised = normaliseEmail(email);
  return db.ownerTransaction((tx) => accountsRepo.ensureUser(tx, normalised, displayName));
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
  const user = await db.ownerTransaction((tx) => accountsRepo.activeUserByEmail(tx, normaliseEmail(email)));
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
  await accountsRepo.insertLoginSession(
    tx,
    sha256(token),
    user.id,
    now,
    new Date(now.getTime() + LOGIN_SESSION_ABSOLUTE_MS),
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
  userAgent?: string,
): Promise<Actor | null> {
  return db.ownerTransaction(async (tx) => {
    // The browser is noted once, as a short description (shown on one's sessions page).
    const user = await accountsRepo.touchLoginSession(
      tx,
      sha256(token),
      now,
      new Date(now.getTime() - LOGIN_SESSION_IDLE_MS),
      describeBrowser(userAgent),
    );
    return user ? actorForUser(tx, user) : null;
  });
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.ownerTransaction((tx) => accountsRepo.deleteLoginSessionByHash(tx, sha256(token)));
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

// ---------------------------------------------------------------- own sessions

/**
 * A short, language-neutral description of a browser ("Firefox, Linux") from its user agent,
 * or null when it is not recognised. Only this is stored: never the user agent or the address.
 */
export function describeBrowser(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 500);
  const browser = /Edg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|CriOS\/|Chromium\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (!browser && !system) return null;
  return [browser, system].filter(Boolean).join(', ');
}

export interface OwnSession {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  browser: string | null;
  current: boolean;
}

/** The signed-in person's live login sessions, newest first, the one of this cookie marked. */
export async function listOwnSessions(
  db: Database,
  userId: string,
  sessionToken: string,
  now: Date,
): Promise<OwnSession[]> {
  return db.ownerTransaction((tx) =>
    accountsRepo.listLoginSessions(
      tx,
      userId,
      sha256(sessionToken),
      now,
      new Date(now.getTime() - LOGIN_SESSION_IDLE_MS),
    ),
  );
}

/** Ends one of one's own sessions (this one too, if asked); 404 when it is not one's own. */
export async function endOwnSession(db: Database, userId: string, id: string): Promise<void> {
  const ended = await db.ownerTransaction((tx) => accountsRepo.deleteLoginSession(tx, userId, id));
  if (!ended) throw notFound('session');
}

/** Ends every session of one's account but this one. */
export async function endOtherSessions(db: Database, userId: string, sessionToken: string): Promise<number> {
  return db.ownerTransaction((tx) => accountsRepo.deleteOtherLoginSessions(tx, userId, sha256(sessionToken)));
}

// ---------------------------------------------------------------- changing and resetting a password

/** Wrong current passwords per account when changing it, in the sign-in throttle's window. */
export const MAX_WRONG_CURRENT_PASSWORDS = 5;
const CHANGE_WINDOW_MS = 15 * 60 * 1000;
/** How long a reset link works, and how many may be asked for per address and per client. */
export const RESET_LINK_TTL_MS = 30 * 60 * 1000;
export const MAX_RESETS_PER_EMAIL = 3;
export const MAX_RESETS_PER_CLIENT = 20;
const RESET_WINDOW_MS = 60 * 60 * 1000;

const attemptKey = (kind: string, value: string) =>
  createHash('sha256').update(`vertaamo-password:${kind}:${value}`).digest('base64url');

/**
 * Counts an attempt for each key unless one of them is over its limit (then 429 with
 * Retry-After, nothing counted). Check and count happen under a lock per key, so that many
 * requests at once pass at most the limit.
 */
async function throttleAttempts(
  tx: Tx,
  limits: { key: string; max: number }[],
  windowMs: number,
  now: Date,
  count: boolean,
): Promise<void> {
  for (const { key } of [...limits].sort((a, b) => (a.key < b.key ? -1 : 1)))
    await accountsRepo.lockAttemptKey(tx, key);
  const since = new Date(now.getTime() - windowMs);
  let waitMs = 0;
  for (const { key, max } of limits) {
    const { n, oldest } = await accountsRepo.recentAttempts(tx, key, since, max);
    if (n >= max && oldest) waitMs = Math.max(waitMs, new Date(oldest).getTime() + windowMs - now.getTime());
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(429, 'too-many-attempts', `Too many attempts. Try again in ${seconds} seconds.`, [], {
      retryAfter: seconds,
    });
  }
  if (count) for (const { key } of limits) await accountsRepo.insertAttempt(tx, key, now);
}

const wrongCurrent = () =>
  new AppError(422, 'wrong-password', 'The current password is wrong.', [
    { in: 'body', field: 'current_password', message: 'The current password is wrong.' },
  ]);

/**
 * Changes the signed-in person's password: the current one must be right (wrong ones are
 * throttled per account), the new one follows the password rules. Every other session of the
 * account ends, and so do unused reset links; this session stays. The account's row is locked
 * while the current password is checked, so two changes at once cannot both pass with it.
 */
export async function changePassword(
  db: Database,
  input: { userId: string; sessionToken: string; current: string; next: string },
  now: Date,
): Promise<void> {
  checkNewPassword(input.next, 'new_password');
  const newHash = await hashPassword(input.next);
  const key = attemptKey('change', input.userId);
  const outcome = await db.ownerTransaction(async (tx) => {
    await throttleAttempts(tx, [{ key, max: MAX_WRONG_CURRENT_PASSWORDS }], CHANGE_WINDOW_MS, now, false);
    const row = await accountsRepo.lockPassword(tx, input.userId);
    if (!row || !(await verifyPassword(row.password_hash, input.current))) {
      await accountsRepo.insertAttempt(tx, key, now);
      return 'wrong';
    }
    await accountsRepo.setPasswordHash(tx, input.userId, newHash);
    await accountsRepo.deleteOtherLoginSessions(tx, input.userId, sha256(input.sessionToken));
    await accountsRepo.spendAllResetLinks(tx, input.userId, now);
    return 'changed';
  });
  if (outcome === 'wrong') throw wrongCurrent();
}

type MailLang = Lang;

const RESET_MAIL: Record<MailLang, (url: string) => { subject: string; body: string }> = {
  fi: (url) => ({
    subject: 'Vertaamon salasanan vaihto',
    body:
      `Hei,\n\njoku (toivottavasti sinä) pyysi uutta salasanaa Vertaamon työtilaan tälle sähköpostiosoitteelle. ` +
      `Avaa linkki 30 minuutin kuluessa; se toimii kerran:\n${url}\n\n` +
      `Uuden salasanan asettaminen kirjaa tilisi ulos kaikilta laitteilta. ` +
      `Jos et pyytänyt tätä, voit jättää viestin huomiotta: salasanasi ei muutu.`,
  }),
  sv: (url) => ({
    subject: 'Byte av lösenord i Vertaamo',
    body:
      `Hej,\n\nnågon (förhoppningsvis du) bad om ett nytt lösenord till Vertaamos arbetsyta för den här e-postadressen. ` +
      `Öppna länken inom 30 minuter; den fungerar en gång:\n${url}\n\n` +
      `När du anger ett nytt lösenord loggas ditt konto ut på alla enheter. ` +
      `Om du inte bad om detta kan du strunta i meddelandet: ditt lösenord ändras inte.`,
  }),
  en: (url) => ({
    subject: 'Resetting your Vertaamo password',
    body:
      `Hello,\n\nsomeone (we hope you) asked for a new password for the Vertaamo workspace for this email address. ` +
      `Open the link within 30 minutes; it works once:\n${url}\n\n` +
      `Setting a new password signs your account out on every device. ` +
      `If you did not ask for this, you can ignore this message: your password stays as it is.`,
  }),
};

/** The reset page's address for a link secret (or for the outbox's slot). */
export const resetLink = (publicUrl: string, lang: MailLang, secret: string) =>
  `${publicUrl}/${lang}/staff/password/reset?token=${secret}`;

/**
 * Mails a single-use reset link if an account (not disabled) has this address. The caller
 * cannot tell: the answer is the same either way, and requests are throttled per address
 * asked about and per client address alike for known and unknown accounts (429).
 */
export async function requestPasswordReset(
  db: Database,
  input: { email: string; language: MailLang; client: string | null },
  opts: { now: Date; publicUrl: string },
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = opts.now;
  await db.ownerTransaction(async (tx) => {
    await accountsRepo.purgeResetLinks(tx, now, new Date(now.getTime() - RESET_WINDOW_MS));
    await throttleAttempts(
      tx,
      [
        { key: attemptKey('reset-email', email), max: MAX_RESETS_PER_EMAIL },
        { key: attemptKey('reset-client', input.client ?? 'unknown'), max: MAX_RESETS_PER_CLIENT },
      ],
      RESET_WINDOW_MS,
      now,
      true,
    );
  });
  // The attempts stay counted even if queueing fails; the link is written in its own transaction.
  const token = newSecret('');
  await db.ownerTransaction(async (tx) => {
    const account = await accountsRepo.accountByEmail(tx, email);
    if (!account) return;
    await accountsRepo.insertResetLink(tx, {
      userId: account.id,
      tokenHash: sha256(token),
      now,
      expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS),
    });
    const { subject, body } = RESET_MAIL[input.language](
      resetLink(opts.publicUrl, input.language, SECRET_SLOT),
    );
    await queueMail(tx, {
      orgId: null,
      kind: 'password_reset',
      recipient: account.email,
      language: input.language,
      subject,
      body,
      secret: token,
      sendAfter: now,
    });
  });
}

const TOKEN_LIKE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a reset link can still be used (shown before the form; using it spends it). */
export async function resetLinkUsable(db: Database, token: string, now: Date): Promise<boolean> {
  if (!TOKEN_LIKE.test(token)) return false;
  return db.ownerTransaction((tx) => accountsRepo.resetLinkUsable(tx, sha256(token), now));
}

/**
 * Sets a new password through a reset link: once, before it expires. Every session of the
 * account ends and every other reset link stops working. False when the link is unknown,
 * used or expired; 422 when the new password breaks the rules (the link is not spent).
 */
export async function resetPassword(db: Database, token: string, next: string, now: Date): Promise<boolean> {
  checkNewPassword(next, 'new_password');
  // Cheap refusal first: hashing costs time, and anyone may post here.
  if (!(await resetLinkUsable(db, token, now))) return false;
  const newHash = await hashPassword(next);
  return db.ownerTransaction(async (tx) => {
    const link = await accountsRepo.spendResetLink(tx, sha256(token), now);
    if (!link) return false;
    await accountsRepo.setPasswordHash(tx, link.user_id, newHash);
    await accountsRepo.deleteOtherLoginSessions(tx, link.user_id, null);
    await accountsRepo.spendAllResetLinks(tx, link.user_id, now);
    return true;
  });
}
