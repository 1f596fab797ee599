/**
 * Passkeys (WebAuthn) for staff, beside passwords. The server makes every challenge, keeps it
 * (webauthn_challenges), binds it to the browser that asked for it and uses it once; what the
 * browser sends back is checked by @simplewebauthn/server against the configured origin and
 * relying party id, with user verification required and the signature counter checked.
 * A passkey sign-in opens the same kind of login session as a password and its failures count
 * in the same throttle.
 */
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Database } from '../db/database.ts';
import { forgiveAttempt, reserveAttempt, throttleKeys } from './throttle.ts';
import { openLoginSession, sha256, type LoginResult } from './service.ts';
import {
  advancePasskeyCounter,
  deleteChallenge,
  insertChallenge,
  passkeyForSignIn,
  type ChallengePurpose,
  type NewCredential,
} from './repository.ts';

// The signed-in person's passkeys are plain reads and writes under the passkeys policy.
export {
  listPasskeys,
  passkeyCredentials,
  removePasskey,
  renamePasskey,
  savePasskey,
  type NewCredential,
  type PasskeyRow,
} from './repository.ts';

/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const MAX_PASSKEY_NAME = 100;
const RP_NAME = 'Vertaamo';

export interface RelyingParty {
  /** e.g. https://vertaamo.example.fi, or http://localhost:3000 */
  origin: string;
  /** e.g. vertaamo.example.fi, or localhost */
  rpId: string;
}

type Purpose = ChallengePurpose;

async function storeChallenge(
  db: Database,
  purpose: Purpose,
  binding: string,
  userId: string | null,
  challenge: string,
  now: Date,
): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await insertChallenge(
      tx,
      {
        challenge,
        purpose,
        bindingHash: sha256(binding),
        userId,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      },
      now,
    );
  });
}

/** Uses up a challenge: true only once, for the browser and person it was given to, in time. */
async function takeChallenge(
  db: Database,
  purpose: Purpose,
  challenge: string,
  binding: string,
  userId: string | null,
  now: Date,
): Promise<boolean> {
  return db.ownerTransaction(async (tx) => {
    const row = await deleteChallenge(tx, challenge, purpose, sha256(binding));
    return !!row && row.user_id === userId && new Date(row.expires_at) > now;
  });
}

const newChallenge = () => randomBytes(32).toString('base64url');

/** The user id the authenticator keeps with a discoverable passkey: the account's UUID bytes. */
const userHandle = (userId: string) => Uint8Array.from(Buffer.from(userId.replace(/-/g, ''), 'hex'));

// ---------------------------------------------------------------- the signed-in person's passkeys

/** Options for creating a passkey, with a fresh challenge bound to the login session. */
export async function registrationOptions(
  db: Database,
  user: { id: string; email: string },
  existing: { id: string; transports: string[] }[],
  session: string,
  rp: RelyingParty,
  now: Date,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpId,
    userName: user.email,
    userDisplayName: user.email,
    userID: userHandle(user.id),
    challenge: newChallenge(),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing,
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await storeChallenge(db, 'register', session, user.id, options.challenge, now);
  return options;
}

/** Checks a new passkey against the challenge given to this person's login session; null if it fails. */
export async function verifyNewPasskey(
  db: Database,
  userId: string,
  session: string,
  response: RegistrationResponseJSON,
  rp: RelyingParty,
  now: Date,
): Promise<NewCredential | null> {
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => takeChallenge(db, 'register', challenge, session, userId, now),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    });
    if (!verification.verified) return null;
    const { credential } = verification.registrationInfo;
    return {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- signing in

/** Options for signing in with any passkey of this site, bound to the browser's pre-sign-in cookie. */
export async function authenticationOptions(
  db: Database,
  browser: string,
  rp: RelyingParty,
  now: Date,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    challenge: newChallenge(),
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
  });
  await storeChallenge(db, 'authenticate', browser, null, options.challenge, now);
  return options;
}

/**
 * Signs in with a passkey: null when it is unknown, removed, its account disabled, the challenge
 * not this browser's (or used, or old), the signature or counter wrong. Failures are recorded
 * in the sign-in throttle under the passkey's account (and the address), and a throttled account
 * or address is refused (429) before anything is checked, as with passwords.
 */
export async function signInWithPasskey(
  db: Database,
  browser: string,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
  now: Date,
  opts: { ip?: string | null } = {},
): Promise<LoginResult | null> {
  const found = await db.ownerTransaction((tx) => passkeyForSignIn(tx, response.id));
  // The same account key as the password form uses for this person's email; an unknown
  // credential is counted under itself, and always under the address.
  const keys = throttleKeys(found ? found.email : `passkey:${response.id}`, opts.ip ?? null);
  // Checked and counted as a failure before anything is verified, as with passwords, so
  // concurrent attempts cannot all pass the check (src/accounts/throttle.ts).
  const reservation = await db.ownerTransaction((tx) => reserveAttempt(tx, keys, now));
  // Already counted: a failure needs nothing more.
  const fail = () => null;
  if (!found) {
    // Still use up the challenge, so a refused attempt cannot be retried with it.
    const challenge = challengeOf(response);
    if (challenge) await takeChallenge(db, 'authenticate', challenge, browser, null, now);
    return fail();
  }
  const storedCounter = Number(found.counter);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => takeChallenge(db, 'authenticate', challenge, browser, null, now),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      credential: {
        id: response.id,
        publicKey: new Uint8Array(found.public_key),
        counter: storedCounter,
        transports: found.transports,
      },
      requireUserVerification: true,
    });
  } catch {
    return fail();
  }
  if (!verification.verified) return fail();
  // The discoverable passkey names its account too; it must be the one the credential belongs to.
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('hex') !== found.id.replace(/-/g, ''))
    return fail();
  const newCounter = verification.authenticationInfo.newCounter;
  return db.ownerTransaction(async (tx) => {
    // Compared again here: two answers racing with the same counter cannot both sign in.
    if (!(await advancePasskeyCounter(tx, found.passkey_id, newCounter, now))) return null;
    await forgiveAttempt(tx, keys, reservation);
    return openLoginSession(tx, found, now);
  });
}

/** The challenge a browser's answer claims to answer, without trusting anything else in it. */
function challengeOf(response: AuthenticationResponseJSON): string | null {
  try {
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as {
      challenge?: unknown;
    };
    return typeof data.challenge === 'string' ? data.challenge : null;
  } catch {
    return null;
  }
}
