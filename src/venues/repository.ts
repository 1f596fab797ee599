import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { inFinnishOrder } from '../shared/collation.ts';

export interface VenueRow {
  id: string;
  org_id: string;
  name: string;
  street_address: string | null;
  postal_code: string | null;
  municipality: string;
  neighbourhood: string | null;
  latitude: string | null; // numeric arrives as text: exact, converted when presented
  longitude: string | null;
  accessibility: string[];
  accessibility_notes: LocalizedText | null;
  directions: LocalizedText | null;
}

export const VENUE_WRITABLE = [
  'name',
  'street_address',
  'postal_code',
  'municipality',
  'neighbourhood',
  'latitude',
  'longitude',
  'accessibility',
  'accessibility_notes',
  'directions',
] as const;
export type VenueWrite = Partial<Record<(typeof VENUE_WRITABLE)[number], unknown>>;

const COLUMNS = `id, org_id, name, street_address, postal_code, municipality, neighbourhood, latitude::text AS latitude,
  longitude::text AS longitude, accessibility, accessibility_notes, directions`;

export async function findVenue(tx: Tx, id: string, forUpdate = false): Promise<VenueRow | null> {
  const { rows } = await tx.query<VenueRow>(
    `SELECT ${COLUMNS} FROM venues WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findVenues(tx: Tx, ids: readonly string[]): Promise<VenueRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<VenueRow>(`SELECT ${COLUMNS} FROM venues WHERE id = ANY ($1::uuid[])`, [
    ids,
  ]);
  return rows;
}

export async function listVenues(tx: Tx, orgId: string): Promise<VenueRow[]> {
  const { rows } = await tx.query<VenueRow>(
    `SELECT ${COLUMNS} FROM venues WHERE org_id = $1 ORDER BY municipality, name, id`,
    [orgId],
  );
  return inFinnishOrder(
    rows,
    (v) => v.municipality,
    (v) => v.name,
  );
}

export async function insertVenue(tx: Tx, orgId: string, data: VenueWrite): Promise<VenueRow> {
  const cols = VENUE_WRITABLE.filter((c) => data[c] !== undefined);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO venues (org_id, ${cols.join(', ')}) VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
    [orgId, ...cols.map((c) => data[c])],
  );
  return (await findVenue(tx, rows[0]!.id))!;
}

export async function updateVenue(tx: Tx, id: string, data: VenueWrite): Promise<VenueRow> {
  const cols = VENUE_WRITABLE.filter((c) => data[c] !== undefined);
  if (cols.length > 0) {
    await tx.query(
      `UPDATE venues SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => data[c])],
    );
  }
  return (await findVenue(tx, id))!;
}
