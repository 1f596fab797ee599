/**
 * The tables of the statistics and project pages, in one language: the same rows feed the
 * HTML tables beside the charts, the CSV and the XLSX sheets, so they never disagree.
 */
import type { Lang } from '../../shared/lang.ts';
import type { CellValue } from '../../shared/spreadsheet.ts';
import { pick } from '../../web/i18n.ts';
import { COST_CATEGORIES } from '../../groups/costs.ts';
import {
  PROFESSIONS,
  WAYS_OF_JOINING,
  type Figures,
  type ProjectProgress,
  type Statistics,
} from '../../reporting/statistics.ts';
import { FIGURE_KEYS, REPORT_TEXTS, type FigureKey } from './texts.ts';

export interface Table {
  /** the sheet's name in an XLSX workbook (at most 31 characters) */
  sheet: string;
  title: string;
  header: string[];
  rows: CellValue[][];
}

/** One figure's value; costs in euros. */
export function figureValue(f: Figures, key: FigureKey): number {
  switch (key) {
    case 'groups_active':
      return f.groups.active;
    case 'groups_new':
      return f.groups.new;
    case 'groups_ended':
      return f.groups.ended;
    case 'groups_suspended':
      return f.groups.suspended;
    case 'sessions_held':
      return f.sessions.held;
    case 'sessions_cancelled':
      return f.sessions.cancelled;
    case 'sessions_with_attendance':
      return f.sessions.with_attendance;
    case 'participants_different':
      return f.participants.different;
    case 'participants_new':
      return f.participants.new;
    case 'visits':
      return f.visits;
    case 'children':
      return f.children;
    case 'drop_in_sessions':
      return f.drop_in.sessions;
    case 'drop_in_head_count':
      return f.drop_in.head_count;
    case 'facilitators_total':
      return f.facilitators.total;
    case 'facilitators_volunteer':
      return f.facilitators.volunteer;
    case 'facilitators_paid':
      return f.facilitators.paid;
    case 'facilitators_peer':
      return f.facilitators.peer;
    case 'facilitators_professional':
      return f.facilitators.professional;
    case 'volunteer_hours':
      return f.volunteer_hours;
    case 'costs_total':
      return f.costs.total_cents / 100;
  }
}

/** The columns of a statistics table: each organisation, then the total when there are several. */
function columns(s: Statistics, lang: Lang): { name: string; figures: Figures }[] {
  const t = REPORT_TEXTS[lang];
  const orgs = s.organisations.map((o) => ({
    name: pick(o.organisation.name, lang) ?? '',
    figures: o.figures,
  }));
  return s.organisations.length > 1 ? [...orgs, { name: t.total, figures: s.total }] : orgs;
}

export function summaryTable(s: Statistics, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  const cols = columns(s, lang);
  return {
    sheet: t.sheet.summary,
    title: t.summary,
    header: [t.figure, ...cols.map((c) => c.name)],
    rows: FIGURE_KEYS.map((k) => [t.figures[k], ...cols.map((c) => figureValue(c.figures, k))]),
  };
}

export function monthTable(s: Statistics, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  return {
    sheet: t.sheet.months,
    title: t.monthly.title,
    header: [t.month, t.monthly.sessions, t.monthly.visits],
    rows: s.months.map((m) => [monthName(m.month, lang), m.sessions_held, m.visits]),
  };
}

export function monthName(month: string, lang: Lang): string {
  const d = new Date(`${month}-15T12:00:00Z`);
  const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** Groups by programme, by way of joining and facilitators by profession, for the whole tree. */
export function breakdownTables(s: Statistics, lang: Lang): Table[] {
  const t = REPORT_TEXTS[lang];
  return [
    {
      sheet: t.sheet.breakdown,
      title: t.byProgramme,
      header: [t.byProgramme, t.count],
      rows: s.total.groups.by_programme.map((p) => [pick(p.name, lang) ?? t.noProgramme, p.count]),
    },
    {
      sheet: t.sheet.breakdown,
      title: t.byJoining,
      header: [t.byJoining, t.count],
      rows: WAYS_OF_JOINING.map((w) => [t.ways[w], s.total.groups.by_way_of_joining[w]]),
    },
    {
      sheet: t.sheet.breakdown,
      title: t.byProfession,
      header: [t.byProfession, t.count],
      rows: PROFESSIONS.filter((p) => s.total.facilitators.by_profession[p]).map((p) => [
        t.professions[p],
        s.total.facilitators.by_profession[p] ?? 0,
      ]),
    },
  ];
}

export function costTable(s: Statistics, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  const cols = columns(s, lang);
  return {
    sheet: t.sheet.costs,
    title: t.costs,
    header: [t.category, ...cols.map((c) => c.name)],
    rows: [
      ...COST_CATEGORIES.map((c) => [
        t.categories[c],
        ...cols.map((col) => col.figures.costs.by_category[c] / 100),
      ]),
      [t.total, ...cols.map((col) => col.figures.costs.total_cents / 100)],
    ],
  };
}

export function groupTable(s: { groups: Statistics['groups'] }, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  return {
    sheet: t.sheet.groups,
    title: t.groups.title,
    header: [t.groups.name, t.groups.sessions, t.groups.visits],
    rows: s.groups.map((g) => [pick(g.name, lang) ?? '', g.sessions_held, g.visits]),
  };
}

/** Every table of the statistics, in the order of the page. */
export function statisticsTables(s: Statistics, lang: Lang): Table[] {
  return [
    summaryTable(s, lang),
    monthTable(s, lang),
    ...breakdownTables(s, lang),
    costTable(s, lang),
    groupTable(s, lang),
  ];
}

/** What a target is counted from, in words. */
export function measureText(target: ProjectProgress['targets'][number], lang: Lang): string {
  const t = REPORT_TEXTS[lang];
  if (!target.measure) return t.project.notMeasured;
  const base = t.measures[target.measure];
  if (target.background) return `${base}: ${t.backgrounds[target.background]}`;
  if (target.profession) return `${base}: ${t.professions[target.profession]}`;
  return base;
}

export function targetTable(p: ProjectProgress, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  return {
    sheet: t.sheet.targets,
    title: t.project.title,
    header: [
      t.project.target,
      t.project.goal,
      t.project.value,
      `${t.project.share} (%)`,
      t.project.countedFrom,
    ],
    rows: p.targets.map((g) => [
      pick(g.label, lang) ?? '',
      g.target_value,
      g.value,
      g.share_percent,
      measureText(g, lang),
    ]),
  };
}

/** The progress of every target: one row per target and day. Days are dates. */
export function progressTable(p: ProjectProgress, lang: Lang): Table {
  const t = REPORT_TEXTS[lang];
  return {
    sheet: t.sheet.progress,
    title: t.sheet.progress,
    header: [t.project.target, t.project.day, t.project.value],
    rows: p.targets.flatMap((g) =>
      g.progress.map((pt) => [pick(g.label, lang) ?? '', new Date(`${pt.on}T00:00:00Z`), pt.value]),
    ),
  };
}
