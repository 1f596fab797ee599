import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { inFinnishOrder } from '../shared/collation.ts';

export interface FacilitatorRow {
  id: string;
  org_id: string;
  user_id: string | null;
  display_name: string;
  kind: 'peer' | 'professional';
  engagement: 'volunteer' | 'paid';
  profession: string | null;
  languages: string[];
  name_public: boolean;
}

export const FACILITATOR_WRITABLE = [
  'user_id',
  'display_name',
  'kind',
  'engagement',
  'profession',
  'languages',
  'name_public',
] as const;
export type FacilitatorWrite = Partial<Pick<FacilitatorRow, (typeof FACILITATOR_WRITABLE)[number]>>;

const FACILITATOR_COLUMNS =
  'id, org_id, user_id, display_name, kind, engagement, profession, languages, name_public';

export async function findFacilitator(tx: Tx, id: string): Promise<FacilitatorRow | null> {
  const { rows } = await tx.query<FacilitatorRow>(
    `SELECT ${FACILITATOR_COLUMNS} FROM facilitators WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listFacilitators(tx: Tx, orgId: string): Promise<FacilitatorRow[]> {
  const { rows } = await tx.query<FacilitatorRow>(
    `SELECT ${FACILITATOR_COLUMNS} FROM facilitators WHERE org_id = $1 ORDER BY display_name, id`,
    [orgId],
  );
  return inFinnishOrder(rows, (f) => f.display_name);
}

export async function insertFacilitator(
  tx: Tx,
  orgId: string,
  data: FacilitatorWrite,
): Promise<FacilitatorRow> {
  const cols = FACILITATOR_WRITABLE.filter((c) => data[c] !== undefined);
  const { rows } = await tx.query<FacilitatorRow>(
    `INSERT INTO facilitators (org_id, ${cols.join(', ')}) VALUES ($1, ${cols.map((_, i) => `$${i + 2}`).join(', ')})
     RETURNING ${FACILITATOR_COLUMNS}`,
    [orgId, ...cols.map((c) => data[c])],
  );
  return rows[0]!;
}

export async function updateFacilitator(tx: Tx, id: string, data: FacilitatorWrite): Promise<FacilitatorRow> {
  const cols = FACILITATOR_WRITABLE.filter((c) => data[c] !== undefined);
  if (cols.length > 0) {
    await tx.query(
      `UPDATE facilitators SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [id, ...cols.map((c) => data[c])],
    );
  }
  return (await findFacilitator(tx, id))!;
}

export interface TrainingRow {
  id: string;
  org_id: string | null;
  slug: string;
  name: LocalizedText;
  description: LocalizedText | null;
  kind: string;
  validity_months: number | null;
}

const TRAINING_COLUMNS = 'id, org_id, slug, name, description, kind, validity_months';

export async function findTraining(tx: Tx, idOrSlug: string, byId: boolean): Promise<TrainingRow | null> {
  const { rows } = await tx.query<TrainingRow>(
    `SELECT ${TRAINING_COLUMNS} FROM trainings WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [idOrSlug],
  );
  return rows[0] ?? null;
}

export async function listTrainings(tx: Tx): Promise<TrainingRow[]> {
  const { rows } = await tx.query<TrainingRow>(
    `SELECT ${TRAINING_COLUMNS} FROM trainings ORDER BY org_id NULLS FIRST, slug`,
  );
  return rows;
}

export async function insertTraining(tx: Tx, t: Omit<TrainingRow, 'id'>): Promise<TrainingRow> {
  const { rows } = await tx.query<TrainingRow>(
    `INSERT INTO trainings (org_id, slug, name, description, kind, validity_months) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${TRAINING_COLUMNS}`,
    [t.org_id, t.slug, t.name, t.description, t.kind, t.validity_months],
  );
  return rows[0]!;
}

export interface TrainingRecordRow {
  id: string;
  training_id: string;
  training_slug: string;
  training_name: LocalizedText;
  completed_on: string;
  valid_until: string | null;
}

export async function trainingRecords(tx: Tx, facilitatorId: string): Promise<TrainingRecordRow[]> {
  const { rows } = await tx.query<TrainingRecordRow>(
    `SELECT r.id, r.training_id, t.slug AS training_slug, t.name AS training_name, r.completed_on, r.valid_until
     FROM training_records r JOIN trainings t ON t.id = r.training_id
     WHERE r.facilitator_id = $1 ORDER BY r.completed_on DESC, t.slug`,
    [facilitatorId],
  );
  return rows;
}

export async function insertTrainingRecord(
  tx: Tx,
  r: {
    orgId: string;
    facilitatorId: string;
    trainingId: string;
    completedOn: string;
    validUntil: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO training_records (org_id, facilitator_id, training_id, completed_on, valid_until) VALUES ($1, $2, $3, $4, $5)`,
    [r.orgId, r.facilitatorId, r.trainingId, r.completedOn, r.validUntil],
  );
}

/** The group's facilitators without a valid record of the training on the date. */
export async function facilitatorsLackingTraining(
  tx: Tx,
  groupId: string,
  trainingId: string,
  onDate: string,
) {
  const { rows } = await tx.query<{ facilitator_id: string; display_name: string }>(
    `SELECT f.id AS facilitator_id, f.display_name
     FROM group_facilitators gf JOIN facilitators f ON f.id = gf.facilitator_id
     WHERE gf.group_id = $1 AND NOT EXISTS (
       SELECT 1 FROM training_records r
       WHERE r.facilitator_id = f.id AND r.training_id = $2 AND r.completed_on <= $3::date
         AND (r.valid_until IS NULL OR r.valid_until >= $3::date))
     ORDER BY f.display_name`,
    [groupId, trainingId, onDate],
  );
  return inFinnishOrder(rows, (f) => f.display_name);
}

export interface TemplateRow {
  id: string;
  org_id: string | null;
  slug: string;
  name: LocalizedText;
  description: LocalizedText | null;
  max_participants: number | null;
  session_minutes_min: number | null;
  session_minutes_max: number | null;
  allowed_modes: string[];
  hybrid_discouraged: boolean;
  crisis_notice: boolean;
  self_directed_allowed: boolean;
  required_training_id: string | null;
  theme_options: { key: string; label: LocalizedText }[];
}

const TEMPLATE_COLUMNS = `id, org_id, slug, name, description, max_participants, session_minutes_min, session_minutes_max,
  allowed_modes, hybrid_discouraged, crisis_notice, self_directed_allowed, required_training_id, theme_options`;

export async function findTemplateRow(tx: Tx, idOrSlug: string, byId: boolean): Promise<TemplateRow | null> {
  const { rows } = await tx.query<TemplateRow>(
    `SELECT ${TEMPLATE_COLUMNS} FROM programme_templates WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`,
    [idOrSlug],
  );
  return rows[0] ?? null;
}

export async function listTemplates(tx: Tx): Promise<TemplateRow[]> {
  const { rows } = await tx.query<TemplateRow>(
    `SELECT ${TEMPLATE_COLUMNS} FROM programme_templates ORDER BY org_id NULLS FIRST, slug`,
  );
  return rows;
}

export async function insertTemplate(tx: Tx, t: Omit<TemplateRow, 'id'>): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO programme_templates (org_id, slug, name, description, max_participants, session_minutes_min,
       session_minutes_max, allowed_modes, hybrid_discouraged, crisis_notice, self_directed_allowed,
       required_training_id, theme_options)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb) RETURNING id`,
    [
      t.org_id,
      t.slug,
      t.name,
      t.description,
      t.max_participants,
      t.session_minutes_min,
      t.session_minutes_max,
      t.allowed_modes,
      t.hybrid_discouraged,
      t.crisis_notice,
      t.self_directed_allowed,
      t.required_training_id,
      JSON.stringify(t.theme_options),
    ],
  );
  return rows[0]!.id;
}

export async function insertTemplateSessions(
  tx: Tx,
  templateId: string,
  plan: { kind: string; title: LocalizedText | null }[],
) {
  for (const [i, item] of plan.entries()) {
    await tx.query(
      'INSERT INTO template_sessions (template_id, position, kind, title) VALUES ($1, $2, $3, $4)',
      [templateId, i + 1, item.kind, item.title],
    );
  }
}

export async function templateSessions(tx: Tx, templateId: string) {
  const { rows } = await tx.query<{ position: number; kind: string; title: LocalizedText | null }>(
    'SELECT position, kind, title FROM template_sessions WHERE template_id = $1 ORDER BY position',
    [templateId],
  );
  return rows;
}
