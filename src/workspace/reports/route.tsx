/**
 * The staff's statistics and project pages and their CSV and XLSX downloads: parse the
 * request, call one reporting service, render or redirect. Server-rendered, no script; the
 * charts are SVG made on the server (src/reporting/charts.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../../http/context.ts';
import { inTx } from '../../http/context.ts';
import type { Tx } from '../../db/database.ts';
import { can, type Actor } from '../../accounts/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { csvDocument, xlsxDocument } from '../../shared/spreadsheet.ts';
import { helsinkiToday } from '../../shared/time.ts';
import { isLang, pick, type Lang } from '../../web/i18n.ts';
import { sendNotFound } from '../../web/send.tsx';
import { readPeriod } from '../../reporting/policy.ts';
import {
  addTargetFigure,
  BACKGROUNDS,
  MEASURES,
  PROFESSIONS,
  projectProgress,
  setTargetMeasure,
  statistics,
  statisticsWithYearBefore,
  type Background,
  type Measure,
  type Profession,
} from '../../reporting/statistics.ts';
import { barChart, lineChart } from '../../reporting/charts.ts';
import { readDay } from '../audit.tsx';
import type { Kit } from '../participants.tsx';
import { organisationNames } from '../repository.ts';
import { validCsrf } from '../security.ts';
import {
  breakdownTables,
  costTable,
  figureValue,
  monthName,
  monthTable,
  progressTable,
  statisticsTables,
  summaryTable,
  targetTable,
  type Table,
} from './tables.ts';
import { REPORT_TEXTS, type FigureKey } from './texts.ts';
import {
  StatisticsPage,
  TargetsPage,
  type PeriodForm,
  type StatisticsView,
  type TargetsView,
} from './view.tsx';

type Query = Record<string, string | string[] | undefined>;
type Req = FastifyRequest<{
  Params: { lang: string; file?: string };
  Querystring: Query;
  Body: Record<string, unknown> | undefined;
}>;

const one = (value: unknown, max = 100) => (typeof value === 'string' ? value : '').trim().slice(0, max);

/** The organisations whose reports this person may read. */
export const reportOrgs = (actor: Actor) =>
  [...actor.roles.keys()].filter((id) => can(actor, 'organisation.read_internal', id));

/** The link text of the start page. */
export const reportsLinkText = (lang: Lang) => REPORT_TEXTS[lang].title;

const YEARLY_KEYS: FigureKey[] = ['sessions_held', 'visits', 'participants_different', 'volunteer_hours'];

/** The period form: days typed as 31.12.2019 or 2019-12-31, errors beside the field. */
function readForm(
  lang: Lang,
  q: Query,
  now: Date,
): { form: PeriodForm; period: { from: string; to: string } | null } {
  const t = REPORT_TEXTS[lang];
  const form: PeriodForm = { from: one(q.from, 20), to: one(q.to, 20), errors: {} };
  const from = form.from ? readDay(form.from) : undefined;
  const to = form.to ? readDay(form.to) : undefined;
  if (from === null) form.errors.from = t.errors.date;
  if (to === null) form.errors.to = t.errors.date;
  if (from === null || to === null) return { form, period: null };
  const read = readPeriod(from, to, helsinkiToday(now));
  if (!read.ok) {
    form.errors[read.field] = read.reason === 'before-start' ? t.errors.range : t.errors.date;
    return { form, period: null };
  }
  return { form, period: read.period };
}

const fileName = (base: string, period?: { from: string; to: string }) =>
  period ? `${base}-${period.from}-${period.to}` : base;

export function reportRoutes(staff: App, deps: Deps, kit: Kit): void {
  const refusedPage = (reply: FastifyReply, lang: Lang, who: { actor: Actor; csrf: string }) =>
    kit.page(
      reply,
      lang,
      REPORT_TEXTS[lang].title,
      '/reports',
      <div class="hds-notification hds-notification--error" role="alert">
        <div class="hds-notification__content">
          <p>{REPORT_TEXTS[lang].refused}</p>
        </div>
      </div>,
      { who, status: 403 },
    );

  /** The organisation asked for, or the first one this person may read; null when not theirs. */
  const orgOf = (actor: Actor, q: Query) => {
    const allowed = reportOrgs(actor);
    const asked = one(q.org, 40);
    if (asked && !allowed.includes(asked)) return null;
    return { allowed, id: asked || allowed[0]! };
  };

  const notFound = (reply: FastifyReply, lang: Lang, path: string, error: unknown) => {
    if (error instanceof AppError && (error.status === 404 || error.status === 400))
      return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
    throw error;
  };

  // ---------------------------------------------------------------- statistics

  staff.get('/:lang/staff/reports', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = REPORT_TEXTS[lang];
    const chosen = orgOf(who.actor, request.query);
    if (chosen?.allowed.length === 0) return refusedPage(reply, lang, who);
    if (!chosen) return sendNotFound(reply, lang, '/staff/reports', deps.publicUrl);
    const now = deps.clock();
    const { form, period } = readForm(lang, request.query, now);
    try {
      const data = await inTx(deps, who.actor, async (tx) => ({
        orgs: await organisationNames(tx, chosen.allowed),
        result: period ? await statisticsWithYearBefore(tx, who.actor, chosen.id, period, now) : null,
      }));
      const org = data.orgs.find((o) => o.id === chosen.id)!;
      const r = data.result;
      let view: StatisticsView = {
        orgs: data.orgs,
        org,
        form,
        period,
        hasTargets: r?.hasTargets ?? false,
        summary: null,
        monthly: null,
        yearly: null,
        breakdowns: [],
        costs: null,
        groups: [],
        several: false,
      };
      if (r && period) {
        const s = r.current;
        if (!form.from && !form.to) view.form = { ...form, from: period.from, to: period.to };
        const months = monthTable(s, lang);
        const fmt = (p: { from: string; to: string }) =>
          `${p.from.split('-').reverse().join('.')}–${p.to.split('-').reverse().join('.')}`;
        const yearly: Table = {
          sheet: t.yearly.title,
          title: t.yearly.title,
          header: [t.yearly.figure, fmt(r.before.period), fmt(period)],
          rows: YEARLY_KEYS.map((k) => [
            t.figures[k],
            figureValue(r.before.total, k),
            figureValue(s.total, k),
          ]),
        };
        view = {
          ...view,
          summary: summaryTable(s, lang),
          monthly: s.months.length
            ? {
                table: months,
                svg: await barChart({
                  title: t.monthly.title,
                  description: t.monthly.description,
                  categories: s.months.map((m) => monthName(m.month, lang)),
                  series: [
                    { name: t.monthly.sessions, values: s.months.map((m) => m.sessions_held) },
                    { name: t.monthly.visits, values: s.months.map((m) => m.visits) },
                  ],
                }),
              }
            : null,
          // Two empty years make an empty chart (an axis of zeros): the summary says it already.
          yearly: YEARLY_KEYS.every((k) => !figureValue(r.before.total, k) && !figureValue(s.total, k))
            ? null
            : {
                table: yearly,
                svg: await barChart({
                  title: t.yearly.title,
                  description: t.yearly.description(fmt(period), fmt(r.before.period)),
                  categories: YEARLY_KEYS.map((k) => t.figures[k]),
                  series: [
                    {
                      name: fmt(r.before.period),
                      values: YEARLY_KEYS.map((k) => figureValue(r.before.total, k)),
                    },
                    { name: fmt(period), values: YEARLY_KEYS.map((k) => figureValue(s.total, k)) },
                  ],
                }),
              },
          breakdowns: breakdownTables(s, lang).filter((b) => b.rows.length > 0),
          costs: s.total.costs.total_cents > 0 ? costTable(s, lang) : null,
          groups: s.groups.map((g) => ({
            slug: g.slug,
            name: g.name,
            sessions: g.sessions_held,
            visits: g.visits,
          })),
          several: s.organisations.length > 1,
        };
      }
      return kit.page(
        reply,
        lang,
        `${t.title} – ${pick(org.name, lang)}`,
        `/reports?org=${org.id}`,
        <StatisticsPage lang={lang} view={view} />,
        {
          who,
          status: period ? 200 : 400,
        },
      );
    } catch (error) {
      return notFound(reply, lang, '/reports', error);
    }
  });

  /** A download: CSV (one table, the summary) or XLSX (a sheet per table). */
  const download = async (reply: FastifyReply, lang: Lang, base: string, ext: string, tables: Table[]) => {
    if (ext === 'csv') {
      const [main] = tables;
      return reply
        .header('content-disposition', `attachment; filename="${base}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(csvDocument(main!.header, main!.rows));
    }
    const book = await xlsxDocument(
      tables.map((tb) => ({ name: tb.sheet, header: tb.header, rows: tb.rows })),
    );
    void lang;
    return reply
      .header('content-disposition', `attachment; filename="${base}.xlsx"`)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(book);
  };

  staff.get('/:lang/staff/reports/:file', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    const file = request.params.file ?? '';
    const match = /^(statistics|targets)\.(csv|xlsx)$/.exec(file);
    if (!isLang(lang) || !match) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const chosen = orgOf(who.actor, request.query);
    if (!chosen || chosen.allowed.length === 0)
      return sendNotFound(reply, lang, `/staff/reports/${file}`, deps.publicUrl);
    const now = deps.clock();
    try {
      if (match[1] === 'statistics') {
        const { period } = readForm(lang, request.query, now);
        if (!period) return sendNotFound(reply, lang, `/staff/reports/${file}`, deps.publicUrl);
        const s = await inTx(deps, who.actor, (tx) => statistics(tx, who.actor, chosen.id, period, now));
        return download(
          reply,
          lang,
          fileName(`tilastot-${s.organisation.slug}`, period),
          match[2]!,
          statisticsTables(s, lang),
        );
      }
      const p = await inTx(deps, who.actor, (tx) => projectProgress(tx, who.actor, chosen.id, now));
      return download(reply, lang, `tavoitteet-${p.organisation.slug}`, match[2]!, [
        targetTable(p, lang),
        progressTable(p, lang),
      ]);
    } catch (error) {
      return notFound(reply, lang, `/reports/${file}`, error);
    }
  });

  // ---------------------------------------------------------------- project targets

  const targetsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    orgId: string,
    extra: Pick<TargetsView, 'done' | 'posted'> & { status?: number } = {},
  ) => {
    const t = REPORT_TEXTS[lang];
    const now = deps.clock();
    try {
      const { orgs, progress } = await inTx(deps, who.actor, async (tx) => ({
        orgs: await organisationNames(tx, reportOrgs(who.actor)),
        progress: await projectProgress(tx, who.actor, orgId, now),
      }));
      const charts = new Map<string, { svg: string; table: Table }>();
      for (const g of progress.targets) {
        if (g.progress.length === 0) continue;
        const label = pick(g.label, lang) ?? g.key;
        charts.set(g.key, {
          svg: await lineChart({
            title: t.project.chartTitle(label),
            description: t.project.chartDescription(label, g.target_value),
            points: g.progress,
            goal: g.target_value,
            labels: { value: t.project.value, goal: t.project.goal },
          }),
          table: {
            sheet: label,
            title: t.project.chartTitle(label),
            header: [t.project.day, t.project.value, t.project.goal],
            rows: g.progress.map((pt) => [new Date(`${pt.on}T00:00:00Z`), pt.value, g.target_value]),
          },
        });
      }
      const view: TargetsView = { orgs, progress, charts, csrf: who.csrf, ...extra };
      return kit.page(
        reply,
        lang,
        `${t.project.title} – ${pick(progress.organisation.name, lang)}`,
        `/reports/targets?org=${progress.organisation.id}`,
        <TargetsPage lang={lang} view={view} />,
        { who, status: extra.status },
      );
    } catch (error) {
      return notFound(reply, lang, '/reports/targets', error);
    }
  };

  staff.get('/:lang/staff/reports/targets', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const chosen = orgOf(who.actor, request.query);
    if (chosen?.allowed.length === 0) return refusedPage(reply, lang, who);
    if (!chosen) return sendNotFound(reply, lang, '/staff/reports/targets', deps.publicUrl);
    const done = one(request.query.done, 20);
    const t = REPORT_TEXTS[lang].project;
    return targetsPage(reply, lang, who, chosen.id, {
      done: done === 'measure' ? t.saved : done === 'figure' ? t.added : undefined,
    });
  });

  const targetForm = (form: 'measure' | 'figure') => async (request: Req, reply: FastifyReply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const path = '/reports/targets';
    if (!validCsrf(request)) return kit.refused(reply, lang, path);
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const body = request.body;
    const orgId = one(body?.org, 40);
    const key = one(body?.key, 60);
    if (!reportOrgs(who.actor).includes(orgId) || !/^[a-z0-9_]+$/.test(key))
      return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
    const t = REPORT_TEXTS[lang].project;
    const prefix = `target-${key.replace(/_/g, '-')}`;
    const errors: Record<string, string> = {};
    let fields: Record<string, string>;
    let run: (tx: Tx) => Promise<unknown>;
    if (form === 'measure') {
      fields = {
        measure: one(body?.measure, 40),
        background: one(body?.background, 40),
        profession: one(body?.profession, 40),
      };
      const measure = (MEASURES as readonly string[]).includes(fields.measure!)
        ? (fields.measure as Measure)
        : 'manual';
      const background = (BACKGROUNDS as readonly string[]).includes(fields.background!)
        ? (fields.background as Background)
        : null;
      const profession = (PROFESSIONS as readonly string[]).includes(fields.profession!)
        ? (fields.profession as Profession)
        : null;
      if (measure === 'families_by_background' && !background) errors.background = t.errors.background;
      if (measure === 'facilitators_by_profession' && !profession) errors.profession = t.errors.profession;
      run = (tx) =>
        setTargetMeasure(tx, who.actor, orgId, key, { measure, background, profession }, deps.clock());
    } else {
      fields = {
        value: one(body?.[`${prefix}-value`], 20),
        recorded_on: one(body?.[`${prefix}-day`], 20),
        note: one(body?.[`${prefix}-note`], 1000),
      };
      const value = /^\d{1,7}$/.test(fields.value!) ? Number(fields.value) : null;
      const day = readDay(fields.recorded_on!);
      if (value === null) errors.value = t.errors.value;
      if (!day) errors.recorded_on = REPORT_TEXTS[lang].errors.date;
      run = (tx) =>
        addTargetFigure(tx, who.actor, orgId, key, { value: value!, recorded_on: day!, note: fields.note });
    }
    if (Object.keys(errors).length > 0)
      return targetsPage(reply, lang, who, orgId, { posted: { key, form, fields, errors }, status: 422 });
    try {
      await inTx(deps, who.actor, run);
    } catch (error) {
      return notFound(reply, lang, path, error);
    }
    return reply.redirect(`/${lang}/staff${path}?org=${orgId}&done=${form}#${prefix}`, 303);
  };

  staff.post('/:lang/staff/reports/targets/measure', { schema: { hide: true } }, targetForm('measure'));
  staff.post('/:lang/staff/reports/targets/figure', { schema: { hide: true } }, targetForm('figure'));
}
