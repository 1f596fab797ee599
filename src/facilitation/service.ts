import { DateTime } from 'luxon';
import type { Tx } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { invalid, notFound } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { findOrganisation } from '../organisations/repository.ts';
import * as repo from './repository.ts';

async function organisationFor(tx: Tx, actor: Actor, orgIdOrSlug: string) {
  const org = await findOrganisation(tx, orgIdOrSlug, isUuid(orgIdOrSlug));
  if (!org) throw invalid('organization_id', 'No such organisation.', 'unknown-organisation');
  authorize(actor, 'catalogue.manage', org.id);
  return org;
}

/** A facilitator is personal data: visible only inside the organisation (row-level security). */
export async function getFacilitator(tx: Tx, actor: Actor, id: string): Promise<repo.FacilitatorRow> {
  const row = isUuid(id) ? await repo.findFacilitator(tx, id) : null;
  if (!row) throw notFound('facilitator');
  authorize(actor, 'organisation.read_internal', row.org_id);
  return row;
}

export async function presentFacilitator(tx: Tx, f: repo.FacilitatorRow, today: string) {
  const records = await repo.trainingRecords(tx, f.id);
  return {
    id: f.id,
    organization_id: f.org_id,
    user_id: f.user_id,
    display_name: f.display_name,
    kind: f.kind,
    engagement: f.engagement,
    profession: f.profession,
    languages: f.languages,
    name_public: f.name_public,
    trainings: records.map((r) => ({
      id: r.id,
      training_id: r.training_id,
      training_slug: r.training_slug,
      training_name: r.training_name,
      completed_on: r.completed_on,
      valid_until: r.valid_until,
      valid: r.completed_on <= today && (r.valid_until === null || r.valid_until >= today),
    })),
  };
}

export async function createFacilitator(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  input: repo.FacilitatorWrite,
) {
  const org = await organisationFor(tx, actor, orgIdOrSlug);
  await checkAccount(tx, org.id, input.user_id);
  return repo.insertFacilitator(tx, org.id, input);
}

/**
 * A facilitator's staff account must belong to the organisation: linking someone else's
 * account would show them this organisation's groups and participants.
 */
async function checkAccount(tx: Tx, orgId: string, userId: string | null | undefined) {
  if (!userId) return;
  const { rows } = await tx.query('SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2 LIMIT 1', [
    orgId,
    userId,
  ]);
  if (rows.length === 0)
    throw invalid('user_id', 'The account must be a member of the organisation.', 'unknown-user');
}

export async function updateFacilitator(tx: Tx, actor: Actor, id: string, input: repo.FacilitatorWrite) {
  const current = await getFacilitator(tx, actor, id);
  authorize(actor, 'catalogue.manage', current.org_id);
  await checkAccount(tx, current.org_id, input.user_id);
  return repo.updateFacilitator(tx, current.id, input);
}

async function trainingByRef(tx: Tx, ref: string, field: string): Promise<repo.TrainingRow> {
  const training = await repo.findTraining(tx, ref, isUuid(ref));
  if (!training) throw invalid(field, 'No such training.', 'unknown-training');
  return training;
}

/** Records that a facilitator completed a training; validity follows the training's own length. */
export async function recordTraining(
  tx: Tx,
  actor: Actor,
  facilitatorId: string,
  input: { training: string; completed_on: string; valid_until?: string | null },
) {
  const facilitator = await getFacilitator(tx, actor, facilitatorId);
  authorize(actor, 'catalogue.manage', facilitator.org_id);
  const training = await trainingByRef(tx, input.training, 'training');
  let validUntil = input.valid_until ?? null;
  if (input.valid_until === undefined && training.validity_months) {
    validUntil = DateTime.fromISO(input.completed_on).plus({ months: training.validity_months }).toISODate();
  }
  if (validUntil && validUntil < input.completed_on) {
    throw invalid('valid_until', 'Validity cannot end before the training was completed.', 'invalid-dates');
  }
  await repo.insertTrainingRecord(tx, {
    orgId: facilitator.org_id,
    facilitatorId: facilitator.id,
    trainingId: training.id,
    completedOn: input.completed_on,
    validUntil,
  });
  return facilitator;
}

/**
 * The group's facilitators who lack a valid record of a required training on a date:
 * a group cannot be published while this list is not empty.
 */
export async function missingTrainings(tx: Tx, groupId: string, requiredTrainingId: string, onDate: string) {
  const training = (await repo.findTraining(tx, requiredTrainingId, true))!;
  const lacking = await repo.facilitatorsLackingTraining(tx, groupId, requiredTrainingId, onDate);
  return lacking.map((f) => ({ ...f, training_slug: training.slug, training_name: training.name }));
}

export async function createTraining(
  tx: Tx,
  actor: Actor,
  input: {
    organization_id: string;
    slug: string;
    name: LocalizedText;
    description?: LocalizedText | null;
    kind: string;
    validity_months?: number | null;
  },
) {
  const org = await organisationFor(tx, actor, input.organization_id);
  return repo.insertTraining(tx, {
    org_id: org.id,
    slug: input.slug,
    name: input.name,
    description: input.description ?? null,
    kind: input.kind,
    validity_months: input.validity_months ?? null,
  });
}

export async function presentTemplate(tx: Tx, t: repo.TemplateRow) {
  const required = t.required_training_id ? await repo.findTraining(tx, t.required_training_id, true) : null;
  return {
    id: t.id,
    organization_id: t.org_id,
    built_in: t.org_id === null,
    slug: t.slug,
    name: t.name,
    description: t.description,
    max_participants: t.max_participants,
    session_minutes: { min: t.session_minutes_min, max: t.session_minutes_max },
    allowed_modes: t.allowed_modes,
    hybrid_discouraged: t.hybrid_discouraged,
    crisis_notice: t.crisis_notice,
    self_directed_allowed: t.self_directed_allowed,
    required_training: required ? { id: required.id, slug: required.slug, name: required.name } : null,
    theme_options: t.theme_options,
    sessions: await repo.templateSessions(tx, t.id),
  };
}

export async function getTemplate(tx: Tx, idOrSlug: string): Promise<repo.TemplateRow> {
  const t = await repo.findTemplateRow(tx, idOrSlug, isUuid(idOrSlug));
  if (!t) throw notFound('programme template');
  return t;
}

export interface TemplateInput {
  organization_id: string;
  slug: string;
  name: LocalizedText;
  description?: LocalizedText | null;
  max_participants?: number | null;
  session_minutes_min?: number | null;
  session_minutes_max?: number | null;
  allowed_modes?: string[];
  hybrid_discouraged?: boolean;
  crisis_notice?: boolean;
  self_directed_allowed?: boolean;
  required_training?: string | null;
  theme_options?: { key: string; label: LocalizedText }[];
  sessions?: { kind: string; title?: LocalizedText | null }[];
}

/** An organisation's own programme template, with its session plan. */
export async function createTemplate(tx: Tx, actor: Actor, input: TemplateInput) {
  const org = await organisationFor(tx, actor, input.organization_id);
  const min = input.session_minutes_min ?? null;
  const max = input.session_minutes_max ?? null;
  if (min !== null && max !== null && max < min) {
    throw invalid(
      'session_minutes_max',
      'The longest session is shorter than the shortest.',
      'invalid-range',
    );
  }
  const keys = (input.theme_options ?? []).map((o) => o.key);
  if (new Set(keys).size !== keys.length)
    throw invalid('theme_options', 'Each theme needs its own key.', 'duplicate-theme');
  const training = input.required_training
    ? await trainingByRef(tx, input.required_training, 'required_training')
    : null;
  const id = await repo.insertTemplate(tx, {
    org_id: org.id,
    slug: input.slug,
    name: input.name,
    description: input.description ?? null,
    max_participants: input.max_participants ?? null,
    session_minutes_min: min,
    session_minutes_max: max,
    allowed_modes: input.allowed_modes ?? ['in_person', 'remote', 'hybrid'],
    hybrid_discouraged: input.hybrid_discouraged ?? false,
    crisis_notice: input.crisis_notice ?? false,
    self_directed_allowed: input.self_directed_allowed ?? false,
    required_training_id: training?.id ?? null,
    theme_options: input.theme_options ?? [],
  });
  await repo.insertTemplateSessions(
    tx,
    id,
    (input.sessions ?? []).map((s) => ({ kind: s.kind, title: s.title ?? null })),
  );
  return (await repo.findTemplateRow(tx, id, true))!;
}
