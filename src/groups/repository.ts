import type { Question } from '../enrolment/questions.ts';
import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import type { GroupStatus } from './lifecycle.ts';

export interface GroupRow {
  id: string;
  org_id: string;
  slug: string;
  name: LocalizedText;
  description: LocalizedText | null;
  audience: string[];
  unifying_factor: LocalizedText | null;
  theme: LocalizedText | null;
  topics: string[];
  method: string;
  openness: string;
  how_to_join: string;
  capacity: number | null;
  waitlist_capacity: number | null;
  allow_late_joiners: boolean;
  cost_kind: string;
  co_payment_cents: number | null;
  co_payment_note: LocalizedText | null;
  languages: string[];
  mode: string;
  children_along: boolean;
  child_age_min_months: number | null;
  child_age_max_months: number | null;
  crisis_notice: boolean;
  facilitation: string;
  self_directed: boolean;
  template_id: string | null;
  venue_id: string | null;
  season: LocalizedText | null;
  starts_on: string | null;
  ends_on: string | null;
  status: GroupStatus;
  suspended_on: string | null;
  suspension_reason_code: string | null;
  suspension_reason: string | null;
  ended_on: string | null;
  replaces_group_id: string | null;
  published_at: Date | null;
  last_confirmed_at: Date | null;
  registration_questions: Question[];
  /** the group's low-attendance rule: the organisation's default, off, or its own numbers */
  low_attendance_rule: 'organisation' | 'off' | 'custom';
  low_attendance_min_present: number | null;
  low_attendance_consecutive: number | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns a create or change may set; everything else is owned by the lifecycle. */
export const WRITABLE_COLUMNS = [
  'slug',
  'name',
  'description',
  'audience',
  'unifying_factor',
  'theme',
  'topics',
  'method',
  'openness',
  'how_to_join',
  'capacity',
  'waitlist_capacity',
  'allow_late_joiners',
  'cost_kind',
  'co_payment_cents',
  'co_payment_note',
  'languages',
  'mode',
  'children_along',
  'child_age_min_months',
  'child_age_max_months',
  'crisis_notice',
  'facilitation',
  'self_directed',
  'template_id',
  'venue_id',
  'season',
  'starts_on',
  'ends_on',
  'registration_questions',
] as const;
export type WritableColumn = (typeof WRITABLE_COLUMNS)[number];
export type GroupWrite = Partial<Pick<GroupRow, WritableColumn>>;

export const GROUP_COLUMNS = `g.id, g.org_id, g.slug, g.name, g.description, g.audience, g.unifying_factor, g.theme, g.topics,
  g.method, g.openness, g.how_to_join, g.capacity, g.waitlist_capacity, g.allow_late_joiners, g.cost_kind,
  g.co_payment_cents, g.co_payment_note, g.languages, g.mode, g.children_along, g.child_age_min_months,
  g.child_age_max_months, g.crisis_notice, g.facilitation, g.self_directed, g.template_id, g.venue_id, g.season,
  g.starts_on, g.ends_on, g.status, g.suspended_on, g.suspension_reason_code, g.suspension_reason, g.ended_on,
  g.replaces_group_id, g.published_at, g.last_confirmed_at, g.registration_questions, g.low_attendance_rule,
  g.low_attendance_min_present, g.low_attendance_consecutive, g.created_at, g.updated_at`;

export async function findGroup(
  tx: Tx,
  idOrSlug: string,
  byId: boolean,
  forUpdate = false,
): Promise<GroupRow | null> {
  const { rows } = await tx.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM groups g WHERE ${byId ? 'g.id = $1::uuid' : 'g.slug = $1'}${forUpdate ? ' FOR UPDATE' : ''}`,
    [idOrSlug],
  );
  return rows[0] ?? null;
}

export interface GroupListFilter {
  /** only these statuses (RLS still hides other organisations' unpublished groups) */
  statuses: readonly string[];
  orgIds?: readonly string[];
  limit: number;
  offset: number;
}

export async function listGroups(tx: Tx, f: GroupListFilter): Promise<{ rows: GroupRow[]; total: number }> {
  const params: unknown[] = [f.statuses];
  const where = ['g.status = ANY ($1::text[])'];
  if (f.orgIds) where.push(`g.org_id = ANY ($${params.push(f.orgIds)}::uuid[])`);
  const { rows } = await tx.query<GroupRow & { total: number }>(
    `SELECT ${GROUP_COLUMNS}, count(*) OVER ()::int AS total FROM groups g
     WHERE ${where.join(' AND ')}
     ORDER BY g.name->>'fi', g.id
     LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
    params,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function insertGroup(
  tx: Tx,
  data: GroupWrite & { org_id: string; replaces_group_id?: string | null; created_by: string | null },
): Promise<GroupRow> {
  const cols = [
    ...WRITABLE_COLUMNS.filter((c) => data[c] !== undefined),
    'org_id',
    'replaces_group_id',
    'created_by',
  ] as const;
  const values = cols.map((c) => toColumn(c, (data as Record<string, unknown>)[c] ?? null));
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO groups (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    values,
  );
  return (await findGroup(tx, rows[0]!.id, true))!;
}

/** JSON columns holding lists go as JSON text (a list would otherwise be sent as an SQL array). */
const toColumn = (column: string, value: unknown) =>
  column === 'registration_questions' && value !== null ? JSON.stringify(value) : value;

export async function updateGroup(tx: Tx, id: string, data: Partial<GroupRow>): Promise<GroupRow> {
  const cols = Object.keys(data).filter((c) => (data as Record<string, unknown>)[c] !== undefined);
  if (cols.length > 0) {
    await tx.query(
      `UPDATE groups SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => toColumn(c, (data as Record<string, unknown>)[c]))],
    );
  }
  return (await findGroup(tx, id, true))!;
}

export async function slugTaken(tx: Tx, slug: string): Promise<boolean> {
  // Runs under RLS, so another organisation's draft with this slug is not seen; the
  // unique index still refuses it and the caller retries with a suffix.
  const { rows } = await tx.query('SELECT 1 FROM groups WHERE slug = $1', [slug]);
  return rows.length > 0;
}

export async function recordEvent(
  tx: Tx,
  e: {
    groupId: string;
    orgId: string;
    actorUserId: string | null;
    actorLabel: string;
    action: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO group_events (group_id, org_id, actor_user_id, actor_label, action, from_status, to_status, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      e.groupId,
      e.orgId,
      e.actorUserId,
      e.actorLabel,
      e.action,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.details ?? {},
    ],
  );
}

export interface GroupEventRow {
  id: string;
  actor_label: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

export async function listEvents(tx: Tx, groupId: string): Promise<GroupEventRow[]> {
  const { rows } = await tx.query<GroupEventRow>(
    `SELECT id::text, actor_label, action, from_status, to_status, details, created_at
     FROM group_events WHERE group_id = $1 ORDER BY group_events.id`,
    [groupId],
  );
  return rows;
}

export async function insertBoardDecision(
  tx: Tx,
  d: {
    groupId: string;
    orgId: string;
    decision: 'approved' | 'rejected';
    decidedOn: string;
    decidedBy: string | null;
    minutesReference: string | null;
    notes: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO board_decisions (group_id, org_id, decision, decided_on, decided_by, minutes_reference, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [d.groupId, d.orgId, d.decision, d.decidedOn, d.decidedBy, d.minutesReference, d.notes],
  );
}

export interface BoardDecisionRow {
  decision: string;
  decided_on: string;
  minutes_reference: string | null;
  notes: string | null;
}

export async function latestBoardDecision(tx: Tx, groupId: string): Promise<BoardDecisionRow | null> {
  const { rows } = await tx.query<BoardDecisionRow>(
    `SELECT decision, decided_on, minutes_reference, notes FROM board_decisions
     WHERE group_id = $1 ORDER BY decided_on DESC, created_at DESC LIMIT 1`,
    [groupId],
  );
  return rows[0] ?? null;
}

export interface GroupLinkRow {
  id: string;
  slug: string;
  name: LocalizedText;
  status: string;
}

export async function findLink(
  tx: Tx,
  where: 'id' | 'replaces_group_id',
  value: string,
): Promise<GroupLinkRow | null> {
  const { rows } = await tx.query<GroupLinkRow>(
    `SELECT id, slug, name, status FROM groups WHERE ${where} = $1`,
    [value],
  );
  return rows[0] ?? null;
}

export async function publicFacilitation(tx: Tx, groupId: string) {
  const { rows } = await tx.query<{
    role: string;
    kind: string;
    engagement: string;
    profession: string | null;
    name: string | null;
  }>('SELECT role, kind, engagement, profession, name FROM public_group_facilitation($1)', [groupId]);
  return rows;
}

export async function groupPartners(tx: Tx, groupId: string) {
  const { rows } = await tx.query<{ id: string; name: LocalizedText; kind: string; website: string | null }>(
    `SELECT p.id, p.name, p.kind, p.website FROM group_partners gp JOIN partners p ON p.id = gp.partner_id
     WHERE gp.group_id = $1 ORDER BY p.name->>'fi'`,
    [groupId],
  );
  return rows;
}

export async function replacePartners(tx: Tx, groupId: string, partnerIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM group_partners WHERE group_id = $1', [groupId]);
  for (const id of partnerIds) {
    await tx.query('INSERT INTO group_partners (group_id, partner_id) VALUES ($1, $2)', [groupId, id]);
  }
}

export async function replaceFacilitators(
  tx: Tx,
  groupId: string,
  orgId: string,
  assignments: readonly { facilitator_id: string; role: string }[],
): Promise<void> {
  await tx.query('DELETE FROM group_facilitators WHERE group_id = $1', [groupId]);
  for (const a of assignments) {
    await tx.query(
      'INSERT INTO group_facilitators (group_id, facilitator_id, org_id, role) VALUES ($1, $2, $3, $4)',
      [groupId, a.facilitator_id, orgId, a.role],
    );
  }
}

export interface TemplateRuleRow {
  id: string;
  slug: string;
  name: LocalizedText;
  max_participants: number | null;
  session_minutes_min: number | null;
  session_minutes_max: number | null;
  allowed_modes: string[];
  hybrid_discouraged: boolean;
  crisis_notice: boolean;
  self_directed_allowed: boolean;
  required_training_id: string | null;
}

export async function findTemplate(tx: Tx, idOrSlug: string, byId: boolean): Promise<TemplateRuleRow | null> {
  const { rows } = await tx.query<TemplateRuleRow>(
    `SELECT id, slug, name, max_participants, session_minutes_min, session_minutes_max, allowed_modes,
            hybrid_discouraged, crisis_notice, self_directed_allowed, required_training_id
     FROM programme_templates WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [idOrSlug],
  );
  return rows[0] ?? null;
}

export async function venueOrg(tx: Tx, venueId: string): Promise<string | null> {
  const { rows } = await tx.query<{ org_id: string }>('SELECT org_id FROM venues WHERE id = $1', [venueId]);
  return rows[0]?.org_id ?? null;
}

export async function remoteDetails(tx: Tx, groupId: string) {
  const { rows } = await tx.query<{ url: string; instructions: LocalizedText | null }>(
    'SELECT url, instructions FROM group_remote_details WHERE group_id = $1',
    [groupId],
  );
  return rows[0] ?? null;
}

export async function upsertRemoteDetails(
  tx: Tx,
  groupId: string,
  orgId: string,
  details: { url: string; instructions: LocalizedText | null } | null,
): Promise<void> {
  if (!details) {
    await tx.query('DELETE FROM group_remote_details WHERE group_id = $1', [groupId]);
    return;
  }
  await tx.query(
    `INSERT INTO group_remote_details (group_id, org_id, url, instructions) VALUES ($1, $2, $3, $4)
     ON CONFLICT (group_id) DO UPDATE SET url = EXCLUDED.url, instructions = EXCLUDED.instructions`,
    [groupId, orgId, details.url, details.instructions],
  );
}

/** Cancels the group's sessions from a date on, e.g. when it is suspended. Returns how many. */
export async function cancelSessionsFrom(
  tx: Tx,
  groupId: string,
  from: Date,
  reasonCode: string,
): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE sessions SET status = 'cancelled', cancel_reason_code = $3, customised = true, updated_at = now()
     WHERE group_id = $1 AND starts_at >= $2 AND status = 'scheduled'`,
    [groupId, from, reasonCode],
  );
  return rowCount;
}

export interface GroupRelated {
  org: {
    id: string;
    slug: string;
    name: LocalizedText;
    kind: string;
    requires_board_approval: boolean;
    stale_after_days: number;
    email: string | null;
    phone: string | null;
    website: string | null;
  };
  facilitators: {
    role: string;
    kind: string;
    engagement: string;
    profession: string | null;
    name: string | null;
    /** the facilitator made the name public; otherwise it is for those `groupAccess` allows */
    name_public: boolean;
  }[];
  partners: { id: string; name: LocalizedText; kind: string; website: string | null }[];
  replaces: GroupLinkRow | null;
  replacedBy: GroupLinkRow | null;
  template: { id: string; slug: string; name: LocalizedText } | null;
  venueId: string | null;
  nextSession: { starts_at: Date; ends_at: Date } | null;
}

/**
 * Everything a list of groups shows besides the group rows, in a fixed number of queries
 * whatever the page size (one per kind of related row, never one per group).
 */
export async function relatedOf(
  tx: Tx,
  groups: readonly GroupRow[],
  now: Date,
): Promise<Map<string, GroupRelated>> {
  const ids = groups.map((g) => g.id);
  const orgIds = [...new Set(groups.map((g) => g.org_id))];
  const templateIds = [...new Set(groups.flatMap((g) => (g.template_id ? [g.template_id] : [])))];
  const replacedIds = groups.flatMap((g) => (g.replaces_group_id ? [g.replaces_group_id] : []));
  const related = new Map<string, GroupRelated>();
  if (ids.length === 0) return related;

  const orgs = await tx.query<GroupRelated['org']>(
    `SELECT id, slug, name, kind, requires_board_approval, stale_after_days, email, phone, website
     FROM organisations WHERE id = ANY ($1::uuid[])`,
    [orgIds],
  );
  const facilitation = await tx.query<GroupRelated['facilitators'][number] & { group_id: string }>(
    'SELECT group_id, role, kind, engagement, profession, name, name_public FROM group_facilitation_many($1::uuid[])',
    [ids],
  );
  const partners = await tx.query<GroupRelated['partners'][number] & { group_id: string }>(
    `SELECT gp.group_id, p.id, p.name, p.kind, p.website FROM group_partners gp JOIN partners p ON p.id = gp.partner_id
     WHERE gp.group_id = ANY ($1::uuid[]) ORDER BY p.name->>'fi', p.id`,
    [ids],
  );
  const links = await tx.query<GroupLinkRow & { replaces_group_id: string | null }>(
    `SELECT id, slug, name, status, replaces_group_id FROM groups
     WHERE id = ANY ($1::uuid[]) OR replaces_group_id = ANY ($2::uuid[])`,
    [replacedIds, ids],
  );
  const templates = templateIds.length
    ? await tx.query<NonNullable<GroupRelated['template']>>(
        'SELECT id, slug, name FROM programme_templates WHERE id = ANY ($1::uuid[])',
        [templateIds],
      )
    : { rows: [] };
  const next = await tx.query<{ group_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT g.id AS group_id, s.starts_at, s.ends_at FROM unnest($1::uuid[]) AS g(id)
     JOIN LATERAL (SELECT starts_at, ends_at FROM sessions
                   WHERE group_id = g.id AND status = 'scheduled' AND starts_at >= $2
                   ORDER BY starts_at LIMIT 1) s ON true`,
    [ids, now],
  );

  const orgById = new Map(orgs.rows.map((o) => [o.id, o]));
  const templateById = new Map(templates.rows.map((t) => [t.id, t]));
  const linkById = new Map(links.rows.map((l) => [l.id, l]));
  const replacerOf = new Map(
    links.rows.filter((l) => l.replaces_group_id).map((l) => [l.replaces_group_id!, l]),
  );
  const nextOf = new Map(next.rows.map((n) => [n.group_id, n]));
  const strip = <T extends { group_id: string }>(row: T): Omit<T, 'group_id'> => {
    const { group_id: _unused, ...rest } = row;
    return rest;
  };
  for (const g of groups) {
    const link = (l: GroupLinkRow | undefined) =>
      l ? { id: l.id, slug: l.slug, name: l.name, status: l.status } : null;
    related.set(g.id, {
      org: orgById.get(g.org_id)!,
      facilitators: facilitation.rows.filter((f) => f.group_id === g.id).map(strip),
      partners: partners.rows.filter((p) => p.group_id === g.id).map(strip),
      replaces: g.replaces_group_id ? link(linkById.get(g.replaces_group_id)) : null,
      replacedBy: link(replacerOf.get(g.id)),
      template: g.template_id ? (templateById.get(g.template_id) ?? null) : null,
      venueId: g.venue_id,
      nextSession: nextOf.has(g.id)
        ? { starts_at: nextOf.get(g.id)!.starts_at, ends_at: nextOf.get(g.id)!.ends_at }
        : null,
    });
  }
  return related;
}

/** Which of these groups the person facilitates (their account is one of the group's facilitators). */
export async function facilitatedBy(
  tx: Tx,
  userId: string | null,
  groupIds: readonly string[],
): Promise<Set<string>> {
  if (!userId || groupIds.length === 0) return new Set();
  const { rows } = await tx.query<{ group_id: string }>(
    `SELECT DISTINCT gf.group_id::text AS group_id
     FROM group_facilitators gf JOIN facilitators f ON f.id = gf.facilitator_id
     WHERE gf.group_id = ANY ($1::uuid[]) AND f.user_id = $2`,
    [groupIds, userId],
  );
  return new Set(rows.map((r) => r.group_id));
}
