import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { inFinnishOrder } from '../shared/collation.ts';

export interface OrganisationRow {
  id: string;
  slug: string;
  kind: string;
  parent_id: string | null;
  name: LocalizedText;
  description: LocalizedText | null;
  municipality: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  requires_board_approval: boolean;
  starts_on: string | null;
  ends_on: string | null;
  low_attendance_min_present: number | null;
  low_attendance_consecutive: number | null;
  retention_days: number;
  /** a listing not confirmed for this many days is stale */
  stale_after_days: number;
}

const COLUMNS = `id, slug, kind, parent_id, name, description, municipality, website, email, phone,
  requires_board_approval, starts_on, ends_on, low_attendance_min_present, low_attendance_consecutive, retention_days,
  stale_after_days`;

export async function findOrganisation(
  tx: Tx,
  idOrSlug: string,
  byId: boolean,
): Promise<OrganisationRow | null> {
  const { rows } = await tx.query<OrganisationRow>(
    `SELECT ${COLUMNS} FROM organisations WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [idOrSlug],
  );
  return rows[0] ?? null;
}

export async function listOrganisations(
  tx: Tx,
  filter: { kind?: string; parentId?: string; limit: number; offset: number },
): Promise<{ rows: OrganisationRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.parentId) where.push(`parent_id = $${params.push(filter.parentId)}`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { rows } = await tx.query<OrganisationRow & { total: number }>(
    `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM organisations ${clause}
     ORDER BY name->>'fi', id LIMIT $${params.push(filter.limit)} OFFSET $${params.push(filter.offset)}`,
    params,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

export type OrganisationWrite = Partial<Omit<OrganisationRow, 'id'>>;

const WRITABLE = [
  'slug',
  'kind',
  'parent_id',
  'name',
  'description',
  'municipality',
  'website',
  'email',
  'phone',
  'requires_board_approval',
  'starts_on',
  'ends_on',
  'low_attendance_min_present',
  'low_attendance_consecutive',
  'retention_days',
  'stale_after_days',
] as const;

export async function insertOrganisation(
  tx: Tx,
  data: OrganisationWrite & Pick<OrganisationRow, 'slug' | 'kind' | 'name'>,
): Promise<OrganisationRow> {
  const cols = WRITABLE.filter((c) => data[c] !== undefined);
  const { rows } = await tx.query<OrganisationRow>(
    `INSERT INTO organisations (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING ${COLUMNS}`,
    cols.map((c) => data[c]),
  );
  return rows[0]!;
}

export async function updateOrganisation(
  tx: Tx,
  id: string,
  data: OrganisationWrite,
): Promise<OrganisationRow | null> {
  const cols = WRITABLE.filter((c) => data[c] !== undefined);
  if (cols.length === 0) {
    return findOrganisation(tx, id, true);
  }
  const { rows } = await tx.query<OrganisationRow>(
    `UPDATE organisations SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...cols.map((c) => data[c])],
  );
  return rows[0] ?? null;
}

export interface TargetRow {
  id: string;
  key: string;
  label: LocalizedText;
  target_value: number;
  unit: string;
}

export async function listTargets(tx: Tx, orgId: string): Promise<TargetRow[]> {
  const { rows } = await tx.query<TargetRow>(
    'SELECT id, key, label, target_value, unit FROM project_targets WHERE org_id = $1 ORDER BY key',
    [orgId],
  );
  return rows;
}

export async function replaceTargets(tx: Tx, orgId: string, targets: Omit<TargetRow, 'id'>[]): Promise<void> {
  await tx.query('DELETE FROM project_targets WHERE org_id = $1', [orgId]);
  for (const t of targets) {
    await tx.query(
      'INSERT INTO project_targets (org_id, key, label, target_value, unit) VALUES ($1, $2, $3, $4, $5)',
      [orgId, t.key, t.label, t.target_value, t.unit],
    );
  }
}

export interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  display_name: string;
  role: string;
  created_at: Date;
}

export async function listMembers(tx: Tx, orgId: string): Promise<MemberRow[]> {
  const { rows } = await tx.query<MemberRow>(
    `SELECT m.id, m.user_id, u.email, u.display_name, m.role, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.display_name, m.role`,
    [orgId],
  );
  return inFinnishOrder(rows, (m) => m.display_name);
}

export async function insertMembership(
  tx: Tx,
  orgId: string,
  userId: string,
  role: string,
): Promise<{ id: string; created: boolean }> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (org_id, user_id, role) DO NOTHING RETURNING id`,
    [orgId, userId, role],
  );
  if (rows[0]) return { id: rows[0].id, created: true };
  const existing = await tx.query<{ id: string }>(
    'SELECT id FROM memberships WHERE org_id = $1 AND user_id = $2 AND role = $3',
    [orgId, userId, role],
  );
  return { id: existing.rows[0]!.id, created: false };
}

export async function deleteMembership(tx: Tx, orgId: string, membershipId: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM memberships WHERE org_id = $1 AND id = $2', [
    orgId,
    membershipId,
  ]);
  return rowCount > 0;
}

export async function countAdmins(tx: Tx, orgId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM memberships WHERE org_id = $1 AND role = 'admin'`,
    [orgId],
  );
  return rows[0]!.n;
}

export interface PartnerRow {
  id: string;
  org_id: string;
  name: LocalizedText;
  kind: string;
  website: string | null;
}

export async function listPartners(tx: Tx, orgId: string): Promise<PartnerRow[]> {
  const { rows } = await tx.query<PartnerRow>(
    `SELECT id, org_id, name, kind, website FROM partners WHERE org_id = $1 ORDER BY name->>'fi'`,
    [orgId],
  );
  return inFinnishOrder(rows, (p) => p.name.fi);
}

export async function insertPartner(tx: Tx, p: Omit<PartnerRow, 'id'>): Promise<PartnerRow> {
  const { rows } = await tx.query<PartnerRow>(
    `INSERT INTO partners (org_id, name, kind, website) VALUES ($1, $2, $3, $4)
     RETURNING id, org_id, name, kind, website`,
    [p.org_id, p.name, p.kind, p.website],
  );
  return rows[0]!;
}
