import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import type { Lang } from '../shared/lang.ts';
import type { Role } from '../accounts/permissions.ts';
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

// ------------------------------------------------------------------ invitations
// The SQL of src/organisations/invitations.ts. Reading and accepting by link run in the schema
// owner's transactions (the person is not signed in yet); the rest in the inviter's.

export interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  role: Role;
  language: Lang;
  invited_by_label: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const INVITATION_COLUMNS = `id, org_id, email, role, language, invited_by_label, created_at, expires_at, accepted_at, revoked_at`;

/** The organisation's invitations, newest first (at most 500). */
export async function listInvitationRows(tx: Tx, orgId: string): Promise<InvitationRow[]> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT 500`,
    [orgId],
  );
  return rows;
}

/** Whether the account with this email already holds the role in the organisation. */
export async function holdsRole(tx: Tx, orgId: string, email: string, role: Role): Promise<boolean> {
  const member = await tx.query(
    `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.org_id = $1 AND u.email = $2 AND m.role = $3`,
    [orgId, email, role],
  );
  return member.rows.length > 0;
}

/** Closes (as revoked) an open invitation of the person to the role whose time is up. */
export async function closeExpiredInvitation(
  tx: Tx,
  orgId: string,
  email: string,
  role: Role,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE invitations SET revoked_at = $4
     WHERE org_id = $1 AND email = $2 AND role = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= $4`,
    [orgId, email, role, now],
  );
}

/** Inserts an invitation; null when the person has an open invitation to the role already. */
export async function insertInvitation(
  tx: Tx,
  i: {
    orgId: string;
    email: string;
    role: Role;
    language: Lang;
    tokenHash: string;
    invitedBy: string | null;
    invitedByLabel: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `INSERT INTO invitations (org_id, email, role, language, token_hash, invited_by, invited_by_label, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (org_id, email, role) WHERE accepted_at IS NULL AND revoked_at IS NULL DO NOTHING
     RETURNING ${INVITATION_COLUMNS}`,
    [
      i.orgId,
      i.email,
      i.role,
      i.language,
      i.tokenHash,
      i.invitedBy,
      i.invitedByLabel,
      i.createdAt,
      i.expiresAt,
    ],
  );
  return rows[0] ?? null;
}

/** A user's display name, or null when there is no such user. */
export async function userDisplayName(tx: Tx, userId: string): Promise<string | null> {
  const { rows } = await tx.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0]?.display_name ?? null;
}

/** An invitation of the organisation, locked for a change. */
export async function lockInvitation(tx: Tx, orgId: string, id: string): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE org_id = $1 AND id = $2 FOR UPDATE`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

export async function setInvitationRevoked(tx: Tx, id: string, at: Date): Promise<InvitationRow> {
  const { rows } = await tx.query<InvitationRow>(
    `UPDATE invitations SET revoked_at = $2 WHERE id = $1 RETURNING ${INVITATION_COLUMNS}`,
    [id, at],
  );
  return rows[0]!;
}

/** Marks an invitation's unsent email as given up; returns the ids of its outbox rows. */
export async function giveUpInvitationMail(tx: Tx, invitationId: string, now: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE outbox SET failed_at = CASE WHEN sent_at IS NULL THEN $2::timestamptz ELSE failed_at END,
       last_error = CASE WHEN sent_at IS NULL THEN 'invitation no longer valid' ELSE last_error END
     WHERE dedupe_key = $1 RETURNING id::text AS id`,
    [`invitation:${invitationId}`, now],
  );
  return rows.map((r) => r.id);
}

export type InvitationWithAccountRow = InvitationRow & {
  org_name: LocalizedText;
  has_user: boolean;
  has_password: boolean;
};

/** The invitation with this token hash, its organisation's name and whether its email has an account. */
export async function invitationWithAccount(
  tx: Tx,
  tokenHash: string,
): Promise<InvitationWithAccountRow | null> {
  const { rows } = await tx.query<InvitationWithAccountRow>(
    `SELECT i.id, i.org_id, i.email, i.role, i.language, i.invited_by_label, i.created_at, i.expires_at,
       i.accepted_at, i.revoked_at, o.name AS org_name,
       u.id IS NOT NULL AS has_user, u.password_hash IS NOT NULL AS has_password
     FROM invitations i JOIN organisations o ON o.id = i.org_id
     LEFT JOIN users u ON u.email = i.email AND u.disabled_at IS NULL
     WHERE i.token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** The invitation with this token hash, locked so that it is accepted once. */
export async function lockInvitationByToken(tx: Tx, tokenHash: string): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/**
 * Creates the invited person's account, or gives a password to one created earlier without
 * one (e.g. added by an admin); null when an account with a password (or disabled) exists.
 */
export async function createInvitedUser(
  tx: Tx,
  u: { email: string; displayName: string; passwordHash: string | null; locale: Lang },
): Promise<string | null> {
  const created = await tx.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, locale) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
       locale = EXCLUDED.locale
     WHERE users.password_hash IS NULL AND users.disabled_at IS NULL
     RETURNING id`,
    [u.email, u.displayName, u.passwordHash, u.locale],
  );
  return created.rows[0]?.id ?? null;
}

/** The user's id when it is an active account with this email, else null. */
export async function activeUserWithEmail(tx: Tx, userId: string, email: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM users WHERE id = $1 AND email = $2 AND disabled_at IS NULL',
    [userId, email],
  );
  return rows[0]?.id ?? null;
}

export async function setInvitationAccepted(tx: Tx, id: string, at: Date, userId: string): Promise<void> {
  await tx.query('UPDATE invitations SET accepted_at = $2, accepted_by = $3 WHERE id = $1', [id, at, userId]);
}
