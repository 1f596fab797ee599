/**
 * The one definition of every reported figure (docs/reporting.md): the yearly statistics of
 * an organisation and the organisations below it, per organisation and in total, and the
 * progress of a project's targets. The JSON API, the staff pages and the CSV and XLSX exports
 * all read these functions, so a figure means the same wherever it is shown.
 */
import { PROFESSIONS, type Profession } from '../facilitation/professions.ts';
import type { Tx } from '../db/database.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { AppError, badQuery, notFound, unauthenticated } from '../shared/errors.ts';
import { helsinkiDays, helsinkiToday } from '../shared/time.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { COST_CATEGORIES, type CostCategory } from '../groups/costs.ts';
import { getOrganisation } from '../organisations/service.ts';
import { readSealed } from '../privacy/crypto.ts';
import { audit } from '../privacy/audit.ts';
import * as repo from './repository.ts';
import { monthEnds, readPeriod, shareReached, yearBefore, type Period } from './policy.ts';

export const WAYS_OF_JOINING = ['drop_in', 'registration', 'referral', 'application'] as const;
export type WayOfJoining = (typeof WAYS_OF_JOINING)[number];
// one list of professions for the API, the forms, the pages and the statistics
export { PROFESSIONS, type Profession };
export const MEASURES = [
  'families_by_background',
  'facilitators_by_profession',
  'network',
  'participants',
  'groups_run',
  'sessions_held',
  'visits',
  'manual',
] as const;
export type Measure = (typeof MEASURES)[number];
export const BACKGROUNDS = ['finnish', 'immigrant'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** The figures of one organisation, or of a whole tree. */
export interface Figures {
  groups: {
    active: number;
    new: number;
    ended: number;
    suspended: number;
    by_programme: { template_id: string | null; name: LocalizedText | null; count: number }[];
    by_way_of_joining: Record<WayOfJoining, number>;
  };
  sessions: { held: number; cancelled: number; with_attendance: number };
  participants: { different: number; new: number };
  visits: number;
  children: number;
  drop_in: { sessions: number; head_count: number };
  facilitators: {
    total: number;
    volunteer: number;
    paid: number;
    peer: number;
    professional: number;
    by_profession: Partial<Record<Profession, number>>;
  };
  volunteer_hours: number;
  costs: { total_cents: number; by_category: Record<CostCategory, number>; currency: 'EUR' };
}

export interface OrgRef {
  id: string;
  slug: string;
  kind: string;
  parent_id: string | null;
  name: LocalizedText;
}

export interface Statistics {
  organisation: OrgRef;
  period: Period;
  /** the whole tree: distinct people counted once, however many organisations they met */
  total: Figures;
  /** the organisation itself and each organisation below it, its own groups only */
  organisations: { organisation: OrgRef; figures: Figures }[];
  months: { month: string; sessions_held: number; visits: number }[];
  /** the groups behind the figures */
  groups: {
    id: string;
    slug: string;
    org_id: string;
    name: LocalizedText;
    sessions_held: number;
    visits: number;
  }[];
  /**
   * FEEDBACK SUMMARY: the anonymous feedback of issue 14 section 1 (src/feedback/) plugs in
   * here; null until that module exists.
   */
  feedback: null;
}

const ref = (o: repo.TreeOrg): OrgRef => ({
  id: o.id,
  slug: o.slug,
  kind: o.kind,
  parent_id: o.parent_id,
  name: o.name,
});

function emptyFigures(): Figures {
  return {
    groups: {
      active: 0,
      new: 0,
      ended: 0,
      suspended: 0,
      by_programme: [],
      by_way_of_joining: { drop_in: 0, registration: 0, referral: 0, application: 0 },
    },
    sessions: { held: 0, cancelled: 0, with_attendance: 0 },
    participants: { different: 0, new: 0 },
    visits: 0,
    children: 0,
    drop_in: { sessions: 0, head_count: 0 },
    facilitators: { total: 0, volunteer: 0, paid: 0, peer: 0, professional: 0, by_profession: {} },
    volunteer_hours: 0,
    costs: {
      total_cents: 0,
      by_category: Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>,
      currency: 'EUR',
    },
  };
}

/** The organisation whose reports the actor may read: its admins and coordinators (and those above it). */
export async function reportingOrganisation(tx: Tx, actor: Actor, idOrSlug: string) {
  if (actor.kind === 'public') throw unauthenticated();
  const org = await getOrganisation(tx, idOrSlug);
  // Another organisation's reports are not there for this caller at all.
  if (!can(actor, 'organisation.read_internal', org.id)) throw notFound('organisation');
  return org;
}

/** A period from query text, or a 400 problem naming the field. */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): Period {
  const read = readPeriod(from, to, helsinkiToday(now));
  if (read.ok) return read.period;
  const message =
    read.reason === 'before-start'
      ? 'The period ends before it starts: give a `to` day on or after `from`.'
      : read.reason === 'too-long'
        ? 'The period is longer than ten years.'
        : 'Give a day as YYYY-MM-DD.';
  throw badQuery(read.field, message);
}

function spanOf(orgIds: string[], period: Period, now: Date): repo.Span {
  const days = helsinkiDays(period.from, period.to);
  return { orgIds, from: days.from!, until: days.to!, fromDay: period.from, toDay: period.to, now };
}

/** The figures of a set of organisations: per organisation id, and the total under null. */
async function figuresFor(tx: Tx, span: repo.Span): Promise<Map<string | null, Figures>> {
  const out = new Map<string | null, Figures>();
  const of = (id: string | null) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = emptyFigures()));
    return f;
  };
  of(null);
  for (const id of span.orgIds) of(id);
  for (const r of await repo.groupFigures(tx, span))
    Object.assign(of(r.org_id).groups, {
      active: r.active,
      new: r.new,
      ended: r.ended,
      suspended: r.suspended,
    });
  for (const r of await repo.groupBreakdown(tx, span)) {
    const f = of(r.org_id);
    if (r.by === 'programme')
      f.groups.by_programme.push({ template_id: r.template_id, name: r.template_name, count: r.count });
    else if (r.how_to_join) f.groups.by_way_of_joining[r.how_to_join as WayOfJoining] = r.count;
  }
  for (const f of out.values()) f.groups.by_programme.sort((a, b) => b.count - a.count);
  for (const r of await repo.sessionFigures(tx, span)) {
    const f = of(r.org_id);
    f.sessions = { held: r.held, cancelled: r.cancelled, with_attendance: r.recorded };
    f.visits = r.visits;
    f.children = r.children;
    f.drop_in = { sessions: r.head_count_sessions, head_count: r.head_count };
  }
  for (const r of await repo.participantFigures(tx, span))
    of(r.org_id).participants = { different: r.different, new: r.new };
  for (const r of await repo.facilitatorFigures(tx, span)) {
    const f = of(r.org_id);
    Object.assign(f.facilitators, {
      total: r.total,
      volunteer: r.volunteer,
      paid: r.paid,
      peer: r.peer,
      professional: r.professional,
    });
    f.volunteer_hours = Number(r.volunteer_hours);
  }
  for (const r of await repo.professionFigures(tx, span))
    of(r.org_id).facilitators.by_profession[r.profession as Profession] = r.count;
  for (const r of await repo.costFigures(tx, span)) {
    const f = of(r.org_id);
    f.costs.by_category[r.category as CostCategory] = Number(r.cents);
    f.costs.total_cents += Number(r.cents);
  }
  return out;
}

/** The yearly statistics of an organisation and everything below it, for a period. */
export async function statistics(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  period: Period,
  now: Date,
): Promise<Statistics> {
  const org = await reportingOrganisation(tx, actor, idOrSlug);
  return statisticsOf(tx, org.id, period, now);
}

/** The same without the access check, for callers that made it (the project page). */
async function statisticsOf(tx: Tx, orgId: string, period: Period, now: Date): Promise<Statistics> {
  const tree = await repo.orgTree(tx, orgId);
  const span = spanOf(
    tree.map((o) => o.id),
    period,
    now,
  );
  const figures = await figuresFor(tx, span);
  const months = await repo.monthlyFigures(tx, span);
  const groups = await repo.groupLines(tx, span);
  return {
    organisation: ref(tree[0]!),
    period,
    total: figures.get(null)!,
    organisations: tree.map((o) => ({ organisation: ref(o), figures: figures.get(o.id)! })),
    months: months.map((m) => ({ month: m.month, sessions_held: m.held, visits: m.visits })),
    groups: groups.map((g) => ({
      id: g.id,
      slug: g.slug,
      org_id: g.org_id,
      name: g.name,
      sessions_held: g.held,
      visits: g.visits,
    })),
    feedback: null,
  };
}

/** This period and the same period a year earlier, for the year-against-year chart. */
export async function yearAgainstYear(tx: Tx, orgId: string, period: Period, now: Date) {
  const earlier = yearBefore(period);
  const before = await statisticsOf(tx, orgId, earlier, now);
  return { period: earlier, total: before.total };
}

// ---------------------------------------------------------------- project targets

/** Words of the application's background fact that tell a family's background. */
const BACKGROUND_WORDS: Record<Background, RegExp> = {
  finnish: /\b(suomalai|finsk|finnish|kantasuomal)/i,
  immigrant: /(maahanmuutt|invandrar|immigra|ulkomaalaistaust|utländsk)/i,
};

/**
 * Families by background: the different participants whose application (the one that placed
 * them) has a background fact naming that background. The facts are read through the sealed
 * store and only counted, never shown.
 */
async function familiesByBackground(tx: Tx, span: repo.Span, background: Background): Promise<number> {
  const regs = await repo.participantRegistrations(tx, span);
  if (regs.length === 0) return 0;
  const apps = await repo.applicationsOf(
    tx,
    regs.map((r) => r.id),
  );
  const facts = await readSealed<{ background?: string }>(
    tx,
    'applications',
    'facts',
    apps.map((a) => a.id),
  );
  const whoOf = new Map(regs.map((r) => [r.id, r.who]));
  const families = new Set<string>();
  for (const a of apps) {
    const text = facts.get(a.id)?.background;
    if (typeof text === 'string' && BACKGROUND_WORDS[background].test(text))
      families.add(whoOf.get(a.registration_id)!);
  }
  return families.size;
}

/** The value of a counted measure over one span, from the same figures as the statistics. */
async function measured(tx: Tx, span: repo.Span, target: repo.TargetRow): Promise<number> {
  const measure = target.measure as Measure;
  if (measure === 'families_by_background')
    return familiesByBackground(tx, span, target.background as Background);
  const total = (await figuresFor(tx, span)).get(null)!;
  switch (measure) {
    case 'facilitators_by_profession':
      return total.facilitators.by_profession[target.profession as Profession] ?? 0;
    case 'network':
      return total.participants.different + total.facilitators.total;
    case 'participants':
      return total.participants.different;
    case 'groups_run':
      return total.groups.active;
    case 'sessions_held':
      return total.sessions.held;
    case 'visits':
      return total.visits;
    default:
      return 0;
  }
}

export interface TargetProgress {
  key: string;
  label: LocalizedText;
  target_value: number;
  unit: string;
  measure: Measure | null;
  background: Background | null;
  profession: Profession | null;
  value: number | null;
  share_percent: number | null;
  /** the value at the end of each month of the project (cumulative from its start) */
  progress: { on: string; value: number }[];
  /** manual figures with their day and note */
  figures: { id: string; value: number; recorded_on: string; note: string | null }[];
}

export interface ProjectProgress {
  organisation: OrgRef;
  period: Period;
  targets: TargetProgress[];
  groups: Statistics['groups'];
}

/** The project's period: its own dates, else the calendar year. */
function projectPeriod(o: repo.TreeOrg, now: Date): Period {
  const today = helsinkiToday(now);
  const from = o.starts_on ?? `${today.slice(0, 4)}-01-01`;
  const to = o.ends_on ?? (from > today ? from : today);
  return { from, to: to < from ? from : to };
}

/** Each target of a project with its current value, share reached and progress over time. */
export async function projectProgress(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  now: Date,
): Promise<ProjectProgress> {
  const org = await reportingOrganisation(tx, actor, idOrSlug);
  const tree = await repo.orgTree(tx, org.id);
  const period = projectPeriod(tree[0]!, now);
  const orgIds = tree.map((o) => o.id);
  const figures = await repo.figuresOf(tx, org.id);
  const ends = monthEnds(period.from, period.to);
  const targets: TargetProgress[] = [];
  const all = await repo.targetsOf(tx, org.id);
  if (all.some((t) => t.measure === 'families_by_background'))
    await audit(tx, {
      orgId: org.id,
      actor,
      action: 'applications.count',
      operation: 'read',
      purpose: 'group administration',
      records: (await repo.participantRegistrations(tx, spanOf(orgIds, period, now))).length,
    });
  for (const t of all) {
    const own = figures.filter((f) => f.target_key === t.key);
    let progress: { on: string; value: number }[] = [];
    let value: number | null = null;
    if (t.measure === 'manual') {
      progress = own.map((f) => ({ on: f.recorded_on, value: f.value }));
      value = own.at(-1)?.value ?? null;
    } else if (t.measure) {
      for (const end of ends)
        progress.push({
          on: end,
          value: await measured(tx, spanOf(orgIds, { from: period.from, to: end }, now), t),
        });
      value = progress.at(-1)?.value ?? 0;
    }
    targets.push({
      key: t.key,
      label: t.label,
      target_value: t.target_value,
      unit: t.unit,
      measure: t.measure as Measure | null,
      background: t.background as Background | null,
      profession: t.profession as Profession | null,
      value,
      share_percent: value === null ? null : shareReached(value, t.target_value),
      progress,
      figures: own.map((f) => ({ id: f.id, value: f.value, recorded_on: f.recorded_on, note: f.note })),
    });
  }
  const stats = await statisticsOf(tx, org.id, period, now);
  return { organisation: ref(tree[0]!), period, targets, groups: stats.groups };
}

export interface MeasureInput {
  measure: Measure;
  background?: Background | null;
  profession?: Profession | null;
}

/** Sets how a target is measured (the organisation's admins and coordinators). */
export async function setTargetMeasure(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  key: string,
  input: MeasureInput,
  now: Date,
): Promise<void> {
  const org = await reportingOrganisation(tx, actor, idOrSlug);
  if (!(await repo.targetsOf(tx, org.id)).some((t) => t.key === key)) throw notFound('target');
  const background = input.measure === 'families_by_background' ? (input.background ?? null) : null;
  const profession = input.measure === 'facilitators_by_profession' ? (input.profession ?? null) : null;
  if (input.measure === 'families_by_background' && !background)
    throw new AppError(422, 'invalid-field', 'Name the background.', [
      { in: 'body', field: 'background', message: 'is needed for families by background' },
    ]);
  if (input.measure === 'facilitators_by_profession' && !profession)
    throw new AppError(422, 'invalid-field', 'Name the profession.', [
      { in: 'body', field: 'profession', message: 'is needed for facilitators by profession' },
    ]);
  await repo.setMeasure(tx, org.id, key, { measure: input.measure, background, profession }, now);
}

/** Records a manual figure of a target. */
export async function addTargetFigure(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  key: string,
  input: { value: number; recorded_on: string; note?: string | null },
) {
  const org = await reportingOrganisation(tx, actor, idOrSlug);
  if (!(await repo.targetsOf(tx, org.id)).some((t) => t.key === key)) throw notFound('target');
  return repo.addFigure(tx, org.id, key, {
    value: input.value,
    recorded_on: input.recorded_on,
    note: input.note?.trim() || null,
  });
}

/** The statistics page's one call: the period's statistics and the same period a year earlier. */
export async function statisticsWithYearBefore(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  period: Period,
  now: Date,
): Promise<{ current: Statistics; before: { period: Period; total: Figures }; hasTargets: boolean }> {
  const current = await statistics(tx, actor, idOrSlug, period, now);
  const before = await yearAgainstYear(tx, current.organisation.id, period, now);
  const hasTargets = (await repo.targetsOf(tx, current.organisation.id)).length > 0;
  return { current, before, hasTargets };
}
