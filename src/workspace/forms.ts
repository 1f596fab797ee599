/**
 * The staff forms as typed values: what was posted, checked with messages a person can act
 * on beside each field, and turned into the services' input. The services check the rules
 * between attributes and programmes; their errors are mapped back to the fields here.
 */
import type { GroupInput, LifecycleInput } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import { FACILITATION_STYLES, JOIN_WAYS, MODES, SUSPENSION_REASONS } from '../groups/schemas.ts';
import type { LifecycleAction } from '../groups/lifecycle.ts';
import { LIFECYCLE_ACTIONS } from '../groups/lifecycle.ts';
import type { LocalizedText } from '../shared/localized.ts';
import type { AppError } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import type { Lang } from '../web/i18n.ts';
import { KNOWN_ERRORS, STAFF_MESSAGES, type GroupFormField, type KnownError } from './i18n.ts';

export type Body = Record<string, unknown> | undefined;
const str = (body: Body, key: string, max = 5000) => {
  const value = body?.[key];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

/** Languages a group can be run in, offered as checkboxes (`language_fi`, …). */
export const GROUP_LANGUAGES = ['fi', 'sv', 'en', 'ar', 'so', 'ru', 'fa', 'ku', 'et'] as const;

export interface GroupForm {
  organization: string;
  name_fi: string;
  name_sv: string;
  name_en: string;
  description_fi: string;
  description_sv: string;
  description_en: string;
  template: string;
  how_to_join: string;
  capacity: string;
  cost_kind: string;
  co_payment: string;
  mode: string;
  languages: string[];
  venue: string;
  /** who leads the meetings: none, peer, professional, co_facilitated */
  facilitation: string;
  /** the group runs itself, with a convener */
  self_directed: boolean;
  /** the id of the suspended group this one replaces */
  replaces: string;
}

export type GroupFormErrors = Partial<Record<GroupFormField | 'form', string>>;

export function emptyGroupForm(organization: string): GroupForm {
  return {
    organization,
    name_fi: '',
    name_sv: '',
    name_en: '',
    description_fi: '',
    description_sv: '',
    description_en: '',
    template: '',
    how_to_join: 'registration',
    capacity: '',
    cost_kind: 'free',
    co_payment: '',
    mode: 'in_person',
    languages: ['fi'],
    venue: '',
    facilitation: 'peer',
    self_directed: false,
    replaces: '',
  };
}

/** A replacement starts as a copy of the group it replaces. */
export function replacementForm(old: GroupRow): GroupForm {
  return { ...editForm(old), replaces: old.id };
}

/** The group's saved details, for changing them. */
export function editForm(old: GroupRow): GroupForm {
  return {
    organization: old.org_id,
    name_fi: old.name.fi,
    name_sv: old.name.sv ?? '',
    name_en: old.name.en ?? '',
    description_fi: old.description?.fi ?? '',
    description_sv: old.description?.sv ?? '',
    description_en: old.description?.en ?? '',
    template: old.template_id ?? '',
    how_to_join: old.how_to_join,
    capacity: old.capacity === null ? '' : String(old.capacity),
    cost_kind: old.cost_kind,
    co_payment: old.co_payment_cents === null ? '' : (old.co_payment_cents / 100).toFixed(2),
    mode: old.mode,
    languages: old.languages,
    venue: old.venue_id ?? '',
    facilitation: old.facilitation,
    self_directed: old.self_directed,
    replaces: '',
  };
}

export function readGroupForm(body: Body): GroupForm {
  return {
    organization: str(body, 'organization', 100),
    name_fi: str(body, 'name_fi'),
    name_sv: str(body, 'name_sv'),
    name_en: str(body, 'name_en'),
    description_fi: str(body, 'description_fi', 20_000),
    description_sv: str(body, 'description_sv', 20_000),
    description_en: str(body, 'description_en', 20_000),
    template: str(body, 'template', 100),
    how_to_join: str(body, 'how_to_join', 50),
    capacity: str(body, 'capacity', 50),
    cost_kind: str(body, 'cost_kind', 50),
    co_payment: str(body, 'co_payment', 50),
    mode: str(body, 'mode', 50),
    languages: GROUP_LANGUAGES.filter((l) => str(body, `language_${l}`) !== ''),
    venue: str(body, 'venue', 100),
    facilitation: str(body, 'facilitation', 50),
    self_directed: str(body, 'self_directed', 10) !== '',
    replaces: str(body, 'replaces', 100),
  };
}

function localized(fi: string, sv: string, en: string): LocalizedText | null {
  if (!fi.trim()) return null;
  return {
    fi: fi.trim(),
    ...(sv.trim() ? { sv: sv.trim() } : {}),
    ...(en.trim() ? { en: en.trim() } : {}),
  };
}

/** Checks the form; returns the service input when nothing is wrong. */
export function checkGroupForm(
  form: GroupForm,
  lang: Lang,
  allowed: { organizations: string[]; templates: { id: string; org_id: string | null }[] },
): { errors: GroupFormErrors; input: (GroupInput & { name: LocalizedText; how_to_join: string }) | null } {
  const t = STAFF_MESSAGES[lang].form.errors;
  const errors: GroupFormErrors = {};
  if (!allowed.organizations.includes(form.organization)) errors.organization = t.organization;
  if (!form.name_fi.trim()) errors.name_fi = t.nameRequired;
  for (const key of ['name_fi', 'name_sv', 'name_en'] as const)
    if (form[key].trim().length > 200) errors[key] = t.tooLong;
  for (const key of ['description_fi', 'description_sv', 'description_en'] as const)
    if (form[key].trim().length > 5000) errors[key] = t.tooLong;
  if (!form.description_fi.trim() && (form.description_sv.trim() || form.description_en.trim()))
    errors.description_fi = t.descriptionFi;
  if (!form.name_fi.trim() && (form.name_sv.trim() || form.name_en.trim())) errors.name_fi = t.nameRequired;
  const template = form.template ? allowed.templates.find((x) => x.id === form.template) : null;
  if (form.template && (!template || (template.org_id !== null && template.org_id !== form.organization)))
    errors.template = STAFF_MESSAGES[lang].errors['unknown-template'];
  if (!(JOIN_WAYS as readonly string[]).includes(form.how_to_join)) errors.how_to_join = t.choose;
  if (!(MODES as readonly string[]).includes(form.mode)) errors.mode = t.choose;
  // Left out (an older form, a script): the saved or default style stays.
  if (form.facilitation && !(FACILITATION_STYLES as readonly string[]).includes(form.facilitation))
    errors.facilitation = t.choose;
  let capacity: number | null = null;
  if (form.capacity.trim()) {
    const n = Number(form.capacity.trim());
    if (!Number.isInteger(n) || n < 1 || n > 10_000) errors.capacity = t.capacity;
    else capacity = n;
  }
  let cents: number | null = null;
  if (form.cost_kind === 'co_payment') {
    const raw = form.co_payment.trim().replace(/\s|€/g, '');
    if (!raw) errors.co_payment = t.amountMissing;
    else if (!/^\d{1,4}([.,]\d{1,2})?$/.test(raw) || Number(raw.replace(',', '.')) <= 0)
      errors.co_payment = t.amount;
    else cents = Math.round(Number(raw.replace(',', '.')) * 100);
  } else if (form.cost_kind !== 'free') errors.cost_kind = t.choose;
  if (form.languages.length === 0) errors.languages = t.languages;
  if (form.venue && !isUuid(form.venue)) errors.venue = STAFF_MESSAGES[lang].errors['unknown-venue'];
  if (form.replaces && !isUuid(form.replaces)) errors.form = STAFF_MESSAGES[lang].errors['unknown-group'];
  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      name: localized(form.name_fi, form.name_sv, form.name_en)!,
      description: localized(form.description_fi, form.description_sv, form.description_en),
      template: form.template || null,
      how_to_join: form.how_to_join,
      capacity,
      cost_kind: form.cost_kind,
      co_payment_cents: cents,
      mode: form.mode,
      languages: form.languages,
      venue_id: form.venue || null,
      ...(form.facilitation ? { facilitation: form.facilitation } : {}),
      self_directed: form.self_directed,
      ...(form.replaces ? { replaces_group_id: form.replaces } : {}),
    },
  };
}

const SERVICE_FIELDS: Record<string, GroupFormField> = {
  organization_id: 'organization',
  template: 'template',
  how_to_join: 'how_to_join',
  capacity: 'capacity',
  cost_kind: 'cost_kind',
  co_payment_cents: 'co_payment',
  mode: 'mode',
  languages: 'languages',
  venue_id: 'venue',
  name: 'name_fi',
  description: 'description_fi',
  facilitation: 'facilitation',
  self_directed: 'facilitation',
};

export const isKnownError = (code: string): code is KnownError => KNOWN_ERRORS.includes(code as KnownError);

/** A service's refusal, in the reader's language. */
export function errorText(error: AppError, lang: Lang): string {
  const t = STAFF_MESSAGES[lang].errors;
  return isKnownError(error.code) ? t[error.code] : t.other;
}

/** A service's refusal of a new group, beside the field it is about. */
export function groupServiceErrors(error: AppError, lang: Lang): GroupFormErrors {
  const text = errorText(error, lang);
  const field = error.errors[0] ? SERVICE_FIELDS[error.errors[0].field] : undefined;
  return field ? { [field]: text } : { form: text };
}

// ------------------------------------------------------------------ lifecycle

/** The lifecycle forms; approve and reject share the board's decision form. */
export const LIFECYCLE_FORMS = [
  'propose',
  'withdraw',
  'decision',
  'publish',
  'start',
  'suspend',
  'resume',
  'end',
] as const;
export type LifecycleForm = (typeof LIFECYCLE_FORMS)[number];
export const formOf = (action: LifecycleAction): LifecycleForm =>
  action === 'approve' || action === 'reject' ? 'decision' : action;

export type LifecycleFields = Record<
  'decided_on' | 'minutes_reference' | 'notes' | 'suspended_on' | 'reason_code' | 'reason' | 'ended_on',
  string
>;

export interface LifecyclePost {
  action: LifecycleAction | null;
  fields: LifecycleFields;
}

export function readLifecycle(body: Body): LifecyclePost {
  const action = str(body, 'action', 50);
  return {
    action: (LIFECYCLE_ACTIONS as readonly string[]).includes(action) ? (action as LifecycleAction) : null,
    fields: {
      decided_on: str(body, 'decided_on', 20).trim(),
      minutes_reference: str(body, 'minutes_reference', 200).trim(),
      notes: str(body, 'notes', 2000).trim(),
      suspended_on: str(body, 'suspended_on', 20).trim(),
      reason_code: str(body, 'reason_code', 50),
      reason: str(body, 'reason', 1000).trim(),
      ended_on: str(body, 'ended_on', 20).trim(),
    },
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The service input, or the fields with a date that cannot be read. */
export function lifecycleInput(
  action: LifecycleAction,
  f: LifecycleFields,
  lang: Lang,
): { input: LifecycleInput | null; errors: Partial<Record<keyof LifecycleFields, string>> } {
  const bad = STAFF_MESSAGES[lang].lifecycle.dateInvalid;
  const errors: Partial<Record<keyof LifecycleFields, string>> = {};
  for (const key of ['decided_on', 'suspended_on', 'ended_on'] as const)
    if (f[key] && !validDate(f[key])) errors[key] = bad;
  if (Object.keys(errors).length) return { input: null, errors };
  const input: LifecycleInput = { action };
  if (action === 'approve' || action === 'reject') {
    if (f.decided_on) input.decided_on = f.decided_on;
    input.minutes_reference = f.minutes_reference || null;
    input.notes = f.notes || null;
  }
  if (action === 'suspend') {
    if (f.suspended_on) input.suspended_on = f.suspended_on;
    input.reason_code = (SUSPENSION_REASONS as readonly string[]).includes(f.reason_code)
      ? (f.reason_code as LifecycleInput['reason_code'])
      : 'other';
    input.reason = f.reason || null;
  }
  if (action === 'end' && f.ended_on) input.ended_on = f.ended_on;
  return { input, errors };
}
