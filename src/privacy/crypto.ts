/**
 * Application-level encryption of special-category values (GDPR art. 9 and child-welfare
 * client facts) and of secrets that must wait in the database: registration answers,
 * application facts, session notes for the facilitators (with the materials), and the secret
 * of the link a queued email carries (cancel, invitation, my-data). They are stored apart from their rows, in
 * `sealed_values`, encrypted here with AES-256-GCM under a key that never enters the
 * database.
 *
 * - Every value gets a random 96-bit nonce and a 128-bit authentication tag.
 * - The additional authenticated data names the row, its organisation and the field, so a
 *   ciphertext copied onto another row (or field, or organisation) fails to open.
 * - The key id is stored beside each ciphertext; a keyring holds the current key (used for
 *   every new value) and older keys (still opened, until `vertaamo rotate-keys` re-encrypts
 *   every value under the current key).
 *
 * The API for the rest of the application: `writeSealed`, `readSealed`, `eraseSealed`
 * (inside a caller's transaction, after the caller's role check), and for operators
 * `sealLeftovers` and `rotateKeys`. Keys come from `loadKeyring` at the command line edge.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database, Tx } from '../db/database.ts';
import {
  clearPlaintextLeftover,
  clearSessionNotesColumns,
  countSealedUnder,
  deleteSealedField,
  deleteSealedOf,
  insertSealed,
  OWNER,
  OWNERS,
  plaintextLeftovers,
  plaintextSessionNotes,
  sealedNotUnder,
  sealedRows,
  updateSealed,
  type SealedField,
  type SealedOwner,
} from './repository.ts';

export type { SealedField, SealedOwner };

export interface Keyring {
  /** the id of the key every new value is sealed with */
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** A value that cannot be opened: wrong key, tampered bytes, or moved to another row. */
export class SealError extends Error {
  override name = 'SealError';
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A keyring from its text form, `k2:BASE64,k1:BASE64` (the first is the current key); each
 * key is 32 random bytes in base64. Whitespace and newlines between entries are allowed.
 */
export function parseKeyring(text: string): Keyring {
  const keys = new Map<string, Buffer>();
  let currentId: string | null = null;
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon);
    if (colon < 1 || !KEY_ID.test(id)) throw new Error('a data key must be written as id:base64');
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`data key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
    if (keys.has(id)) throw new Error(`data key "${id}" is listed twice`);
    keys.set(id, key);
    currentId ??= id;
  }
  if (!currentId) throw new Error('the keyring holds no data key');
  return { currentId, keys };
}

/** A new key entry for a keyring, `id:BASE64`. */
export function newKeyEntry(id: string): string {
  if (!KEY_ID.test(id)) throw new Error('a key id is 1–32 letters, digits, - or _');
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export interface KeySource {
  keyring: Keyring;
  /** where the keys came from, for the start-up message (never the keys themselves) */
  source: string;
  /** true when a key file was created on this start */
  created: boolean;
}

/**
 * SHA-256 of data keys that have been published and so protect nothing: the development
 * key once committed to the repository as `data.keys` (every clone had it). Such a key may
 * still be listed after the current one, so that `vertaamo rotate-keys` can re-seal what it
 * sealed, but it is never used to seal anything new.
 */
const PUBLISHED_KEYS = new Set(['d9ca0a390dedcb73c15583a6fbb29844c6d8b272381d93dd86a73a947346620d']);

const fingerprint = (key: Buffer) => createHash('sha256').update(key).digest('hex');

/** Refuses a keyring whose current key is a published one (see PUBLISHED_KEYS). */
function refusePublishedCurrentKey(keyring: Keyring, source: string): Keyring {
  if (PUBLISHED_KEYS.has(fingerprint(keyring.keys.get(keyring.currentId)!))) {
    throw new Error(
      `The data key "${keyring.currentId}" in ${source} was published in the repository and protects nothing: ` +
        'put a new key first and keep this one after it until `vertaamo rotate-keys` has re-sealed every value (docs/security.md).',
    );
  }
  return keyring;
}

/** Whether a published key is still listed (the start-up message asks to rotate). */
export function holdsPublishedKey(keyring: Keyring): boolean {
  return [...keyring.keys.values()].some((key) => PUBLISHED_KEYS.has(fingerprint(key)));
}

/**
 * Finds the data keys outside the database: `VERTAAMO_DATA_KEYS` (the keyring itself),
 * else `VERTAAMO_DATA_KEY_FILE` (a file holding it), else — only outside production — the
 * default key file (`defaultKeyFile`), created with mode 0600 on first run. In production
 * (NODE_ENV=production) a missing key is an error: the server refuses to start rather than
 * seal values under a key nobody keeps. A key file that git tracks is refused wherever it
 * is: a key in a repository is a key every clone has.
 */
export async function loadKeyring(
  env: NodeJS.ProcessEnv,
  opts: { dataDir: string; production: boolean },
): Promise<KeySource> {
  if (env.VERTAAMO_DATA_KEYS) {
    const keyring = refusePublishedCurrentKey(parseKeyring(env.VERTAAMO_DATA_KEYS), 'VERTAAMO_DATA_KEYS');
    return { keyring, source: 'VERTAAMO_DATA_KEYS', created: false };
  }
  if (env.VERTAAMO_DATA_KEY_FILE) {
    const file = path.resolve(env.VERTAAMO_DATA_KEY_FILE);
    return { keyring: await readKeyFile(file), source: file, created: false };
  }
  if (opts.production) {
    throw new Error(
      'No data encryption key: set VERTAAMO_DATA_KEYS or VERTAAMO_DATA_KEY_FILE (see docs/security.md).',
    );
  }
  const file = defaultKeyFile(opts.dataDir, env);
  try {
    return { keyring: await readKeyFile(file), source: file, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key file another process has just written.
  await fs.writeFile(file, `${newKeyEntry('k1')}\n`, { mode: 0o600, flag: 'wx' });
  return { keyring: await readKeyFile(file), source: file, created: true };
}

async function readKeyFile(file: string): Promise<Keyring> {
  const text = await fs.readFile(file, 'utf8');
  if (trackedByGit(file)) {
    throw new Error(
      `The key file ${file} is tracked by git: a key in a repository is a key every clone has. ` +
        'Remove it from the repository (git rm --cached), make a new key and rotate (docs/security.md).',
    );
  }
  return refusePublishedCurrentKey(parseKeyring(text), file);
}

/** The git work tree a path lies in (the folder holding `.git`), or null. */
export function gitWorkTreeOf(target: string): string | null {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Whether git tracks the file (false where there is no repository or no git). */
export function trackedByGit(file: string): boolean {
  const tree = gitWorkTreeOf(path.dirname(file));
  if (!tree) return false;
  try {
    execFileSync('git', ['-C', tree, 'ls-files', '--error-unmatch', '--', path.relative(tree, file)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the key file of a data folder lives when no key is configured: beside the data
 * folder (`<data folder>.keys`, never inside it, so that a copy of the data folder alone
 * opens nothing) when that place is outside any git work tree; otherwise — the quick
 * start's `./data` is inside the checkout — in the user's configuration folder
 * (`$XDG_CONFIG_HOME/vertaamo/keys`, by default `~/.config/vertaamo/keys`), named after
 * the data folder and a hash of its full path, so a key is never created inside a checkout.
 */
export function defaultKeyFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const resolved = path.resolve(dataDir);
  const beside = `${resolved}.keys`;
  if (!gitWorkTreeOf(path.dirname(resolved))) return beside;
  const config = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  const tag = createHash('sha256').update(resolved).digest('hex').slice(0, 12);
  return path.join(config, 'vertaamo', 'keys', `${path.basename(resolved)}-${tag}.keys`);
}

let active: Keyring | null = null;

/** Sets the keyring the application seals and opens with (called once at start-up). */
export function useKeyring(keyring: Keyring): void {
  active = keyring;
}

/**
 * The keyring in use. A process that never set one (tests, scripts outside the command
 * line) gets a random key of its own that lives as long as the process; production never
 * gets there, since the command line refuses to start without a key.
 */
export function currentKeyring(): Keyring {
  if (!active) {
    if (process.env.NODE_ENV === 'production') throw new Error('no data encryption key configured');
    active = parseKeyring(newKeyEntry('ephemeral'));
  }
  return active;
}

/** What a sealed value belongs to; all of it is bound to the ciphertext. */
export interface SealedRef {
  table: SealedOwner;
  id: string;
  /** null only for an outbox row of no organisation (a my-data link goes to a person, not for one) */
  orgId: string | null;
  field: SealedField;
}

export interface Sealed {
  key_id: string;
  nonce: Buffer;
  /** ciphertext followed by the 16-byte authentication tag */
  ciphertext: Buffer;
}

const aad = (ref: SealedRef) =>
  Buffer.from(`vertaamo/v1/${ref.table}/${ref.id}/${ref.orgId ?? ''}/${ref.field}`);

/** Encrypts one value under the keyring's current key. */
export function seal(keyring: Keyring, ref: SealedRef, plaintext: Buffer): Sealed {
  const key = keyring.keys.get(keyring.currentId)!;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(ref));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { key_id: keyring.currentId, nonce, ciphertext: body };
}

/** Decrypts one value, or throws SealError: never returns bytes that did not authenticate. */
export function open(keyring: Keyring, ref: SealedRef, sealed: Sealed): Buffer {
  const key = keyring.keys.get(sealed.key_id);
  if (!key) throw new SealError(`no data key "${sealed.key_id}" in the keyring (${ref.table}.${ref.field})`);
  if (sealed.nonce.length !== 12 || sealed.ciphertext.length < 16)
    throw new SealError(`malformed sealed value (${ref.table}.${ref.field} of ${ref.id})`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
  decipher.setAAD(aad(ref));
  decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(0, -16)), decipher.final()]);
  } catch {
    throw new SealError(
      `sealed value of ${ref.table}.${ref.field} ${ref.id} does not authenticate (tampered, moved or wrong key)`,
    );
  }
}

/**
 * Stores a value (as JSON) sealed, replacing the row's earlier value of that field. An
 * empty object stores nothing: "no answers" is not worth a ciphertext.
 */
export async function writeSealed(tx: Tx, ref: SealedRef, value: unknown): Promise<void> {
  await deleteSealedField(tx, ref.table, ref.id, ref.field);
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
  const s = seal(currentKeyring(), ref, Buffer.from(JSON.stringify(value)));
  await insertSealed(tx, ref.table, { orgId: ref.orgId, id: ref.id, field: ref.field, ...s });
}

const buf = (b: Buffer | Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b));

/**
 * The values of one field for some rows, decrypted: a map from row id to value (rows with
 * nothing sealed are absent). Call it only after the caller's role check; a value that does
 * not authenticate throws SealError.
 */
export async function readSealed<T = unknown>(
  tx: Tx,
  table: SealedOwner,
  field: SealedField,
  ids: readonly string[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (ids.length === 0) return out;
  const rows = await sealedRows(tx, table, field, ids);
  const keyring = currentKeyring();
  for (const r of rows) {
    const plain = open(
      keyring,
      { table, id: r.owner_id, orgId: r.org_id, field },
      { key_id: r.key_id, nonce: buf(r.nonce), ciphertext: buf(r.ciphertext) },
    );
    out.set(r.owner_id, JSON.parse(plain.toString('utf8')) as T);
  }
  return out;
}

/** Deletes the sealed values of rows (erasure, anonymisation); returns how many went. */
export async function eraseSealed(tx: Tx, table: SealedOwner, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return deleteSealedOf(tx, table, ids);
}

/** Where plaintext may be left from before encryption (migration 022 could not encrypt it). */
const LEFTOVERS: { table: 'registrations' | 'applications'; field: 'answers' | 'facts' }[] = [
  { table: 'registrations', field: 'answers' },
  { table: 'applications', field: 'facts' },
];

/** What a session's sealed notes hold: the notes for the facilitators and the materials. */
export interface SessionNotesValue {
  notes: string;
  materials: string;
}

/**
 * Seals plaintext still in `registrations.answers`, `applications.facts` (rows written
 * before 022) and `session_notes.notes` / `.materials` (before 025), and empties those
 * columns; in batches, one transaction each, so it can stop anywhere and run again.
 * Returns how many values were sealed.
 */
export async function sealLeftovers(db: Database, batchSize = 200): Promise<number> {
  let sealed = 0;
  const batches = async (step: (tx: Tx) => Promise<number>) => {
    for (;;) {
      const n = await db.ownerTransaction(step);
      sealed += n;
      if (n < batchSize) break;
    }
  };
  for (const { table, field } of LEFTOVERS) {
    await batches(async (tx) => {
      const rows = await plaintextLeftovers(tx, table, field, batchSize);
      for (const r of rows) {
        const value = typeof r.value === 'string' ? (JSON.parse(r.value) as unknown) : r.value;
        await writeSealed(tx, { table, id: r.id, orgId: r.org_id, field }, value);
        await clearPlaintextLeftover(tx, table, field, r.id);
      }
      return rows.length;
    });
  }
  await batches(async (tx) => {
    const rows = await plaintextSessionNotes(tx, batchSize);
    for (const r of rows) await sealSessionNotes(tx, r.session_id, r.org_id, r);
    return rows.length;
  });
  return sealed;
}

/**
 * Seals a session's notes and materials and empties the row's own columns (which held
 * them in plain text before migration 025). The `session_notes` row must exist.
 */
export async function sealSessionNotes(
  tx: Tx,
  sessionId: string,
  orgId: string,
  value: SessionNotesValue,
): Promise<void> {
  const empty = !value.notes && !value.materials;
  await writeSealed(
    tx,
    { table: 'session_notes', id: sessionId, orgId, field: 'notes' },
    empty ? null : { notes: value.notes, materials: value.materials },
  );
  await clearSessionNotesColumns(tx, sessionId);
}

export interface RotationResult {
  /** values re-encrypted under the current key in this run */
  rotated: number;
  /** values already under the current key */
  current: number;
  /** plaintext leftovers sealed in this run */
  sealedLeftovers: number;
}

/**
 * Re-encrypts every sealed value that is not under the current key, in batches of
 * `batchSize`, each batch its own transaction: idempotent (a second run finds nothing to
 * do) and resumable (an interrupted run leaves each value under either key, both in the
 * keyring). Opening a value that does not authenticate stops the run with SealError.
 */
export async function rotateKeys(db: Database, batchSize = 200): Promise<RotationResult> {
  const keyring = currentKeyring();
  const sealedLeftovers = await sealLeftovers(db, batchSize);
  let rotated = 0;
  for (;;) {
    const n = await db.ownerTransaction(async (tx) => {
      const rows = await sealedNotUnder(tx, keyring.currentId, batchSize);
      for (const r of rows) {
        const table = OWNERS.find((o) => r[OWNER[o].column] !== null)!;
        const ref: SealedRef = { table, id: r[OWNER[table].column]!, orgId: r.org_id, field: r.field };
        const plain = open(keyring, ref, {
          key_id: r.key_id,
          nonce: buf(r.nonce),
          ciphertext: buf(r.ciphertext),
        });
        const s = seal(keyring, ref, plain);
        await updateSealed(tx, r.id, s);
      }
      return rows.length;
    });
    rotated += n;
    if (n < batchSize) break;
  }
  const current = await db.ownerTransaction((tx) => countSealedUnder(tx, keyring.currentId));
  return { rotated, current: current - rotated - sealedLeftovers, sealedLeftovers };
}
