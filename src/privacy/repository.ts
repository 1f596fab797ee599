/**
 * The SQL of `sealed_values` and of the plaintext leftovers it replaced (src/privacy/crypto.ts
 * seals and opens; this reads and writes the rows). Functions take the transaction first.
 */
import type { Tx } from '../db/database.ts';

/** The tables and fields whose values are sealed. */
export type SealedOwner = 'registrations' | 'applications' | 'session_notes' | 'outbox';
/**
 * `link_secret`: the secret of the link in a queued email (src/notifications/outbox.ts);
 * `cancel_token` is the name it had in mail queued before migration 027, still opened.
 */
export type SealedField = 'answers' | 'facts' | 'notes' | 'link_secret' | 'cancel_token';

/** The column of `sealed_values` naming each owner's row, and that row id's SQL type. */
export type OwnerColumn = 'registration_id' | 'application_id' | 'session_id' | 'outbox_id';
export const OWNER: Record<SealedOwner, { column: OwnerColumn; type: 'uuid' | 'bigint' }> = {
  registrations: { column: 'registration_id', type: 'uuid' },
  applications: { column: 'application_id', type: 'uuid' },
  session_notes: { column: 'session_id', type: 'uuid' },
  outbox: { column: 'outbox_id', type: 'bigint' },
};
export const OWNERS = Object.keys(OWNER) as SealedOwner[];

export interface SealedRow {
  owner_id: string;
  org_id: string | null;
  key_id: string;
  nonce: Buffer | Uint8Array;
  ciphertext: Buffer | Uint8Array;
}

/** Deletes the sealed value of one row's field. */
export async function deleteSealedField(
  tx: Tx,
  table: SealedOwner,
  id: string,
  field: SealedField,
): Promise<void> {
  const { column } = OWNER[table];
  await tx.query(`DELETE FROM sealed_values WHERE ${column} = $1 AND field = $2`, [id, field]);
}

export async function insertSealed(
  tx: Tx,
  table: SealedOwner,
  v: {
    orgId: string | null;
    id: string;
    field: SealedField;
    key_id: string;
    nonce: Buffer;
    ciphertext: Buffer;
  },
): Promise<void> {
  const { column } = OWNER[table];
  await tx.query(
    `INSERT INTO sealed_values (org_id, ${column}, field, key_id, nonce, ciphertext) VALUES ($1, $2, $3, $4, $5, $6)`,
    [v.orgId, v.id, v.field, v.key_id, v.nonce, v.ciphertext],
  );
}

/** The sealed values of one field for some rows of a table. */
export async function sealedRows(
  tx: Tx,
  table: SealedOwner,
  field: SealedField,
  ids: readonly string[],
): Promise<SealedRow[]> {
  const { column, type } = OWNER[table];
  const { rows } = await tx.query<SealedRow>(
    `SELECT ${column}::text AS owner_id, org_id, key_id, nonce, ciphertext FROM sealed_values
     WHERE ${column} = ANY ($1::${type}[]) AND field = $2`,
    [ids, field],
  );
  return rows;
}

/** Deletes every sealed value of some rows; returns how many went. */
export async function deleteSealedOf(tx: Tx, table: SealedOwner, ids: readonly string[]): Promise<number> {
  const { column, type } = OWNER[table];
  const { rowCount } = await tx.query(`DELETE FROM sealed_values WHERE ${column} = ANY ($1::${type}[])`, [
    ids,
  ]);
  return rowCount;
}

/** A batch of rows whose own JSON column still holds plaintext from before migration 022, locked. */
export async function plaintextLeftovers(
  tx: Tx,
  table: 'registrations' | 'applications',
  field: 'answers' | 'facts',
  limit: number,
): Promise<{ id: string; org_id: string; value: unknown }[]> {
  const { rows } = await tx.query<{ id: string; org_id: string; value: unknown }>(
    `SELECT id, org_id, ${field} AS value FROM ${table} WHERE ${field} <> '{}'::jsonb
     ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function clearPlaintextLeftover(
  tx: Tx,
  table: 'registrations' | 'applications',
  field: 'answers' | 'facts',
  id: string,
): Promise<void> {
  await tx.query(`UPDATE ${table} SET ${field} = '{}' WHERE id = $1`, [id]);
}

/** A batch of session notes still in plain text (before migration 025), locked. */
export async function plaintextSessionNotes(
  tx: Tx,
  limit: number,
): Promise<{ session_id: string; org_id: string; notes: string; materials: string }[]> {
  const { rows } = await tx.query<{ session_id: string; org_id: string; notes: string; materials: string }>(
    `SELECT session_id, org_id, notes, materials FROM session_notes WHERE notes <> '' OR materials <> ''
     ORDER BY session_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function clearSessionNotesColumns(tx: Tx, sessionId: string): Promise<void> {
  await tx.query(`UPDATE session_notes SET notes = '', materials = '' WHERE session_id = $1`, [sessionId]);
}

export type SealedRowWithOwner = Omit<SealedRow, 'owner_id'> & { id: string; field: SealedField } & Record<
    OwnerColumn,
    string | null
  >;

/** A batch of sealed values under another key than `keyId`, locked for re-encryption. */
export async function sealedNotUnder(tx: Tx, keyId: string, limit: number): Promise<SealedRowWithOwner[]> {
  const { rows } = await tx.query<SealedRowWithOwner>(
    `SELECT id::text AS id, ${OWNERS.map((o) => `${OWNER[o].column}::text AS ${OWNER[o].column}`).join(', ')},
            org_id, field, key_id, nonce, ciphertext
     FROM sealed_values WHERE key_id <> $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [keyId, limit],
  );
  return rows;
}

export async function updateSealed(
  tx: Tx,
  id: string,
  s: { key_id: string; nonce: Buffer; ciphertext: Buffer },
): Promise<void> {
  await tx.query(
    'UPDATE sealed_values SET key_id = $2, nonce = $3, ciphertext = $4, sealed_at = now() WHERE id = $1',
    [id, s.key_id, s.nonce, s.ciphertext],
  );
}

export async function countSealedUnder(tx: Tx, keyId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sealed_values WHERE key_id = $1',
    [keyId],
  );
  return rows[0]!.n;
}
