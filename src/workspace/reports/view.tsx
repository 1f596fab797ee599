/** The statistics and project pages: props in, markup out (charts are SVG strings made in the route). */
import type { LocalizedText } from '../../shared/localized.ts';
import type { Lang } from '../../shared/lang.ts';
import { pick } from '../../web/i18n.ts';
import { Field } from '../../web/fields.tsx';
import { inLang } from '../../web/layout.tsx';
import { Csrf, ErrorBox, Notice } from '../admin-ui.tsx';
import { BACKGROUNDS, MEASURES, PROFESSIONS, type ProjectProgress } from '../../reporting/statistics.ts';
import type { Table } from './tables.ts';
import { measureText } from './tables.ts';
import { REPORT_TEXTS } from './texts.ts';

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

const formatCell = (v: string | number | boolean | Date | null | undefined, lang: Lang): string => {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number')
    return new Intl.NumberFormat({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang]).format(v);
  if (v instanceof Date)
    return new Intl.DateTimeFormat({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang], {
      timeZone: 'UTC',
    }).format(v);
  return String(v);
};

/** A table with a caption; the first column heads its row. */
export function DataTable({ table, lang, id }: { table: Table; lang: Lang; id?: string }) {
  return (
    <div class="table-scroll" tabIndex={0}>
      <table class="hds-table" id={id}>
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.header.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr>
              {row.map((cell, i) =>
                i === 0 ? <th scope="row">{formatCell(cell, lang)}</th> : <td>{formatCell(cell, lang)}</td>,
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart (server-rendered SVG markup) with its data as a table beside it. */
export function Chart({ svg, table, lang }: { svg: string; table: Table; lang: Lang }) {
  return (
    <div class="chart-with-table">
      <figure class="chart-figure">
        <div dangerouslySetInnerHTML={{ __html: svg }} />
      </figure>
      <DataTable table={table} lang={lang} />
    </div>
  );
}

export interface PeriodForm {
  from: string;
  to: string;
  errors: { from?: string; to?: string };
}

export interface StatisticsView {
  orgs: { id: string; name: LocalizedText }[];
  org: { id: string; name: LocalizedText };
  form: PeriodForm;
  period: { from: string; to: string } | null;
  hasTargets: boolean;
  summary: Table | null;
  monthly: { svg: string; table: Table } | null;
  yearly: { svg: string; table: Table } | null;
  breakdowns: Table[];
  costs: Table | null;
  groups: { slug: string; name: LocalizedText; sessions: number; visits: number }[];
  several: boolean;
}

const query = (org: string, from: string, to: string) =>
  new URLSearchParams({ org, ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();

function OrgPicker(props: {
  lang: Lang;
  action: string;
  orgs: StatisticsView['orgs'];
  org: string;
  extra?: Record<string, string>;
}) {
  const t = REPORT_TEXTS[props.lang];
  if (props.orgs.length < 2) return null;
  return (
    <form method="get" action={props.action} class="staff-form">
      {Object.entries(props.extra ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <div class="staff-select">
        <label for="org">{t.organisation}</label>{' '}
        <select id="org" name="org">
          {props.orgs.map((o) => (
            <option value={o.id} selected={o.id === props.org}>
              {pick(o.name, props.lang)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{t.show}</span>
        </button>
      </div>
    </form>
  );
}

export function StatisticsPage({ lang, view }: { lang: Lang; view: StatisticsView }) {
  const t = REPORT_TEXTS[lang];
  const errors = Object.entries(view.form.errors).filter(([, v]) => v);
  const q = view.period ? query(view.org.id, view.period.from, view.period.to) : '';
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <OrgPicker
        lang={lang}
        action={staffPath(lang, '/reports')}
        orgs={view.orgs}
        org={view.org.id}
        extra={{ from: view.form.from, to: view.form.to }}
      />
      <h2 id="org-heading">{pick(view.org.name, lang)}</h2>
      {view.hasTargets ? (
        <p>
          <a href={staffPath(lang, `/reports/targets?org=${view.org.id}`)}>{t.targetsLink}</a>
        </p>
      ) : null}
      <section aria-labelledby="period-heading" class="staff-section">
        <h3 id="period-heading">{t.period}</h3>
        {errors.length ? <ErrorBox text={t.errors.heading} /> : null}
        <form method="get" action={staffPath(lang, '/reports')} class="staff-form" novalidate>
          <input type="hidden" name="org" value={view.org.id} />
          <Field
            id="from"
            label={t.from}
            type="date"
            hint={t.dateHint}
            value={view.form.from}
            error={view.form.errors.from}
          />
          <Field
            id="to"
            label={t.to}
            type="date"
            hint={t.dateHint}
            value={view.form.to}
            error={view.form.errors.to}
          />
          <p class="button-row">
            <button type="submit" class="hds-button hds-button--primary">
              <span class="hds-button__label">{t.show}</span>
            </button>
          </p>
        </form>
      </section>
      {view.summary && view.period ? (
        <>
          <section aria-labelledby="download-heading" class="staff-section">
            <h3 id="download-heading">{t.download}</h3>
            <ul>
              <li>
                <a href={staffPath(lang, `/reports/statistics.csv?${q}`)} download>
                  {t.csv}
                </a>
              </li>
              <li>
                <a href={staffPath(lang, `/reports/statistics.xlsx?${q}`)} download>
                  {t.xlsx}
                </a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="summary-heading" class="staff-section">
            <h3 id="summary-heading">{t.summary}</h3>
            {view.several ? <p>{t.totalNote}</p> : null}
            <p class="muted">{t.definitions}</p>
            <DataTable table={view.summary} lang={lang} id="summary" />
          </section>
          {view.monthly ? (
            <section aria-labelledby="monthly-heading" class="staff-section">
              <h3 id="monthly-heading">{t.monthly.title}</h3>
              <Chart svg={view.monthly.svg} table={view.monthly.table} lang={lang} />
            </section>
          ) : null}
          {view.yearly ? (
            <section aria-labelledby="yearly-heading" class="staff-section">
              <h3 id="yearly-heading">{t.yearly.title}</h3>
              <Chart svg={view.yearly.svg} table={view.yearly.table} lang={lang} />
            </section>
          ) : null}
          {view.breakdowns.map((b, i) => (
            <section aria-labelledby={`breakdown-${i}`} class="staff-section">
              <h3 id={`breakdown-${i}`}>{b.title}</h3>
              <DataTable table={b} lang={lang} />
            </section>
          ))}
          {view.costs ? (
            <section aria-labelledby="costs-heading" class="staff-section">
              <h3 id="costs-heading">{t.costs}</h3>
              <DataTable table={view.costs} lang={lang} />
            </section>
          ) : null}
          {/* FEEDBACK SUMMARY: the anonymous feedback summary (issue 14 §1, src/feedback/) plugs in here. */}
          <GroupList lang={lang} groups={view.groups} />
        </>
      ) : null}
    </>
  );
}

function GroupList({ lang, groups }: { lang: Lang; groups: StatisticsView['groups'] }) {
  const t = REPORT_TEXTS[lang];
  return (
    <section aria-labelledby="groups-heading" class="staff-section">
      <h3 id="groups-heading">{t.groups.title}</h3>
      {groups.length === 0 ? (
        <p>{t.groups.none}</p>
      ) : (
        <div class="table-scroll" tabIndex={0}>
          <table class="hds-table">
            <caption>{t.groups.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.groups.name}</th>
                <th scope="col">{t.groups.sessions}</th>
                <th scope="col">{t.groups.visits}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <th scope="row">
                    <a href={staffPath(lang, `/groups/${g.slug}`)}>{pick(g.name, lang)}</a>
                  </th>
                  <td>{g.sessions}</td>
                  <td>{g.visits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export interface TargetsView {
  orgs: { id: string; name: LocalizedText }[];
  progress: ProjectProgress;
  charts: Map<string, { svg: string; table: Table }>;
  csrf: string;
  done?: string;
  /** a form sent back with its errors: which target and form, the fields and messages */
  posted?: {
    key: string;
    form: 'measure' | 'figure';
    fields: Record<string, string>;
    errors: Record<string, string>;
  };
}

export function TargetsPage({ lang, view }: { lang: Lang; view: TargetsView }) {
  const t = REPORT_TEXTS[lang];
  const tp = t.project;
  const p = view.progress;
  const org = p.organisation;
  const fmt = (d: string) => formatCell(new Date(`${d}T00:00:00Z`), lang);
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/reports?org=${org.id}`)}>{t.statisticsLink}</a>
      </p>
      <h1>{tp.title}</h1>
      <p>{tp.intro}</p>
      <OrgPicker lang={lang} action={staffPath(lang, '/reports/targets')} orgs={view.orgs} org={org.id} />
      <h2>{pick(org.name, lang)}</h2>
      <p>
        {tp.period}: {fmt(p.period.from)}–{fmt(p.period.to)}
      </p>
      {view.done ? <Notice text={view.done} /> : null}
      <ul>
        <li>
          <a href={staffPath(lang, `/reports/targets.csv?org=${org.id}`)} download>
            CSV
          </a>
        </li>
        <li>
          <a href={staffPath(lang, `/reports/targets.xlsx?org=${org.id}`)} download>
            Excel (XLSX)
          </a>
        </li>
      </ul>
      {p.targets.length === 0 ? <p>{tp.none}</p> : null}
      {p.targets.map((g) => {
        const label = pick(g.label, lang) ?? g.key;
        const chart = view.charts.get(g.key);
        const posted = view.posted?.key === g.key ? view.posted : undefined;
        const measurePosted = posted?.form === 'measure' ? posted : undefined;
        const figurePosted = posted?.form === 'figure' ? posted : undefined;
        const measure = measurePosted?.fields.measure ?? g.measure ?? '';
        const id = `target-${g.key.replace(/_/g, '-')}`;
        return (
          <section aria-labelledby={id} class="staff-section">
            <h3 id={id}>{label}</h3>
            <dl class="staff-facts">
              <div>
                <dt>{tp.goal}</dt>
                <dd>{g.target_value}</dd>
              </div>
              <div>
                <dt>{tp.value}</dt>
                <dd>{g.value ?? '–'}</dd>
              </div>
              <div>
                <dt>{tp.share}</dt>
                <dd>{g.share_percent === null ? '–' : `${g.share_percent} %`}</dd>
              </div>
              <div>
                <dt>{tp.countedFrom}</dt>
                <dd>{measureText(g, lang)}</dd>
              </div>
            </dl>
            {chart ? <Chart svg={chart.svg} table={chart.table} lang={lang} /> : null}
            {g.measure === 'manual' || g.figures.length ? (
              <>
                <h4>{tp.figures}</h4>
                {g.figures.length === 0 ? (
                  <p>{tp.noFigures}</p>
                ) : (
                  <ul>
                    {g.figures.map((f) => (
                      <li>
                        {fmt(f.recorded_on)}: {f.value}
                        {f.note ? ` – ${f.note}` : ''}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : null}
            <details open={Boolean(posted)}>
              <summary>{tp.measureHeading}</summary>
              <form
                method="post"
                action={staffPath(lang, '/reports/targets/measure')}
                class="staff-form"
                novalidate
              >
                <Csrf token={view.csrf} />
                <input type="hidden" name="org" value={org.id} />
                <input type="hidden" name="key" value={g.key} />
                <div class="staff-select">
                  <label for={`${id}-measure`}>{tp.measure}</label>{' '}
                  <select id={`${id}-measure`} name="measure">
                    {MEASURES.map((m) => (
                      <option value={m} selected={m === measure}>
                        {t.measures[m]}
                      </option>
                    ))}
                  </select>
                </div>
                <SelectField
                  id={`${id}-background`}
                  name="background"
                  label={tp.background}
                  value={measurePosted?.fields.background ?? g.background ?? ''}
                  options={BACKGROUNDS.map((b) => [b, t.backgrounds[b]])}
                  error={measurePosted?.errors.background}
                />
                <SelectField
                  id={`${id}-profession`}
                  name="profession"
                  label={tp.profession}
                  value={measurePosted?.fields.profession ?? g.profession ?? ''}
                  options={PROFESSIONS.map((b) => [b, t.professions[b]])}
                  error={measurePosted?.errors.profession}
                />
                <p class="button-row">
                  <button type="submit" class="hds-button hds-button--secondary">
                    <span class="hds-button__label">{tp.save}</span>
                  </button>
                </p>
              </form>
              <h4>{tp.figureHeading}</h4>
              <form
                method="post"
                action={staffPath(lang, '/reports/targets/figure')}
                class="staff-form"
                novalidate
              >
                <Csrf token={view.csrf} />
                <input type="hidden" name="org" value={org.id} />
                <input type="hidden" name="key" value={g.key} />
                <Field
                  id={`${id}-value`}
                  label={tp.figureValue}
                  value={figurePosted?.fields.value ?? ''}
                  error={figurePosted?.errors.value}
                  inputMode="numeric"
                />
                <Field
                  id={`${id}-day`}
                  label={tp.figureDay}
                  type="date"
                  hint={t.dateHint}
                  value={figurePosted?.fields.recorded_on ?? ''}
                  error={figurePosted?.errors.recorded_on}
                />
                <Field id={`${id}-note`} label={tp.figureNote} value={figurePosted?.fields.note ?? ''} />
                <p class="button-row">
                  <button type="submit" class="hds-button hds-button--secondary">
                    <span class="hds-button__label">{tp.add}</span>
                  </button>
                </p>
              </form>
            </details>
          </section>
        );
      })}
      <section aria-labelledby="drill-heading" class="staff-section">
        <h3 id="drill-heading">{tp.drill}</h3>
        <ul>
          {p.groups.map((g) => (
            <li>
              <a href={staffPath(lang, `/groups/${g.slug}`)}>{pick(g.name, lang)}</a>: {g.sessions_held}{' '}
              {t.groups.sessions.toLowerCase()}, {g.visits} {t.groups.visits.toLowerCase()}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function SelectField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  error?: string;
}) {
  return (
    <div class="staff-select">
      <label for={props.id}>{props.label}</label>{' '}
      <select
        id={props.id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      >
        <option value="" selected={!props.value}>
          –
        </option>
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === props.value}>
            {text}
          </option>
        ))}
      </select>
      {props.error ? (
        <p class="hds-text-input__error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
