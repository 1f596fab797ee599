/** The staff feedback pages: a group's results, an organisation's year, the printable QR page. */
import type { Lang } from '../../shared/lang.ts';
import { pick, type LocalizedText } from '../../shared/localized.ts';
import { INTL_LOCALES } from '../../shared/lang.ts';
import { STATEMENTS, type OwnQuestion, type QuestionSummary, type Summary } from '../../feedback/policy.ts';
import type { GroupFeedback, OrganisationFeedback } from '../../feedback/service.ts';
import { Csrf, Notice, staffPath } from '../admin-ui.tsx';
import { Field } from '../../web/fields.tsx';
import { MAX_OWN_QUESTIONS } from '../../feedback/policy.ts';
import { STAFF_FEEDBACK_TEXTS } from './texts.ts';

const number = (lang: Lang, n: number, digits = 2) =>
  new Intl.NumberFormat(INTL_LOCALES[lang], { maximumFractionDigits: digits }).format(n);
const percent = (lang: Lang, n: number) =>
  new Intl.NumberFormat(INTL_LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 }).format(n);

function questionText(lang: Lang, key: string, questions: readonly OwnQuestion[]): string {
  const t = STAFF_FEEDBACK_TEXTS[lang];
  if (key === 'overall') return t.overall;
  if (key in STATEMENTS) return STATEMENTS[key as keyof typeof STATEMENTS].adult[lang];
  const own = questions.find((q) => `q:${q.id}` === key);
  return own ? (pick(own.text, lang) ?? '') : key;
}

/** A summary as a table, or the plain statement that there are too few answers to show. */
export function SummaryTable(props: {
  lang: Lang;
  summary: Summary;
  questions: readonly OwnQuestion[];
  caption: string;
  freeTexts?: boolean;
}) {
  const { lang, summary: s } = props;
  const t = STAFF_FEEDBACK_TEXTS[lang];
  if (!s.shown)
    return (
      <>
        <p class="feedback-suppressed">
          <strong>{t.suppressed}</strong>
        </p>
        <p class="muted">{t.suppressedHint}</p>
      </>
    );
  const row = (q: QuestionSummary) => (
    <tr>
      <th scope="row">{questionText(lang, q.key, props.questions)}</th>
      {q.distribution.map((n) => (
        <td class="num">{n}</td>
      ))}
      <td class="num">{q.key === 'overall' ? '' : q.not_applicable}</td>
      <td class="num">{q.mean === null ? '–' : number(lang, q.mean)}</td>
    </tr>
  );
  return (
    <>
      <dl class="staff-facts">
        <div>
          <dt>{t.responses}</dt>
          <dd>{s.responses}</dd>
        </div>
        <div>
          <dt>{t.responseRate}</dt>
          <dd>
            {s.response_rate === null
              ? t.noLinks
              : `${percent(lang, s.response_rate)} (${t.linksSent(s.links_sent ?? 0)})`}
          </dd>
        </div>
      </dl>
      <div class="table-wrap" tabIndex={0}>
        <table class="hds-table hds-table--light">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.question}</th>
              {t.scaleHeads.map((h) => (
                <th scope="col" class="num">
                  {h}
                </th>
              ))}
              <th scope="col" class="num">
                {t.notApplicable}
              </th>
              <th scope="col" class="num">
                {t.mean}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.questions.map(row)}
            {row(s.overall)}
          </tbody>
        </table>
      </div>
      {props.freeTexts ? (
        <>
          <h2>{t.freeTexts}</h2>
          {s.free_texts.length ? (
            <ul class="feedback-texts">
              {s.free_texts.map((text) => (
                <li>{text}</li>
              ))}
            </ul>
          ) : (
            <p>{t.noFreeTexts}</p>
          )}
        </>
      ) : null}
    </>
  );
}

export function GroupFeedbackPage({
  lang,
  view,
  orgSlug,
}: {
  lang: Lang;
  view: GroupFeedback;
  /** the organisation's page, for its coordinators */
  orgSlug?: string;
}) {
  const t = STAFF_FEEDBACK_TEXTS[lang];
  const name = pick(view.group.name, lang) ?? '';
  const dropIn = view.group.how_to_join === 'drop_in';
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${view.group.slug}`)}>{t.back}</a>
      </p>
      <h1>{t.title(name)}</h1>
      <p>{dropIn ? t.howAsked.code : t.howAsked.link}</p>
      {view.variant === 'child' ? <p>{t.childVariant}</p> : null}
      {dropIn ? (
        <p>
          <a href={staffPath(lang, `/groups/${view.group.slug}/feedback/code`)}>{t.codeLink}</a>
        </p>
      ) : null}
      <SummaryTable
        lang={lang}
        summary={view.summary}
        questions={view.questions}
        caption={t.distribution}
        freeTexts
      />
      {orgSlug ? (
        <p>
          <a href={staffPath(lang, `/feedback?org=${orgSlug}`)}>{t.allOrganisation}</a>
        </p>
      ) : null}
    </>
  );
}

/** The settings form's fields as typed: `every_sessions`, and `q{n}_id`, `q{n}_fi`, `q{n}_sv`, `q{n}_en`. */
export type SettingsValues = Record<string, string>;

export function settingsValues(s: { every_sessions: number; questions: OwnQuestion[] }): SettingsValues {
  const v: SettingsValues = { every_sessions: String(s.every_sessions) };
  s.questions.forEach((q, i) => {
    v[`q${i + 1}_id`] = q.id;
    v[`q${i + 1}_fi`] = q.text.fi;
    v[`q${i + 1}_sv`] = q.text.sv ?? '';
    v[`q${i + 1}_en`] = q.text.en ?? '';
  });
  return v;
}

export interface SettingsForm {
  csrf: string;
  values: SettingsValues;
  errors: Record<string, string>;
  saved: boolean;
}

function SettingsSection({ lang, org, form }: { lang: Lang; org: string; form: SettingsForm }) {
  const t = STAFF_FEEDBACK_TEXTS[lang].settings;
  const v = (k: string) => form.values[k] ?? '';
  return (
    <section class="no-print" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t.heading}</h2>
      {form.saved ? <Notice text={t.saved} /> : null}
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, '/feedback/settings')} novalidate>
        <Csrf token={form.csrf} />
        <input type="hidden" name="org" value={org} />
        <Field
          id="every_sessions"
          label={t.every}
          hint={t.everyHint}
          error={form.errors.every_sessions}
          value={v('every_sessions')}
          type="number"
          inputMode="numeric"
        />
        {Array.from({ length: MAX_OWN_QUESTIONS }, (_, i) => i + 1).map((n) => (
          <fieldset class="hds-fieldset">
            <legend class="hds-fieldset-legend">{t.question(n)}</legend>
            <input type="hidden" name={`q${n}_id`} value={v(`q${n}_id`)} />
            {(['fi', 'sv', 'en'] as const).map((l) => (
              <Field
                id={`q${n}_${l}`}
                label={`${t.question(n)} ${t.inLang[l]}`}
                error={form.errors[`q${n}_${l}`]}
                value={v(`q${n}_${l}`)}
              />
            ))}
          </fieldset>
        ))}
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.save}</span>
          </button>
        </p>
      </form>
    </section>
  );
}

export function OrganisationFeedbackPage({
  lang,
  view,
  year,
  settings,
}: {
  lang: Lang;
  view: OrganisationFeedback;
  year: number;
  /** for those who may change them */
  settings?: SettingsForm;
}) {
  const t = STAFF_FEEDBACK_TEXTS[lang];
  const label = (name: LocalizedText | null) => (name ? (pick(name, lang) ?? '') : t.noProgramme);
  return (
    <>
      <h1>{t.orgTitle(pick(view.organisation.name, lang) ?? '', year)}</h1>
      <form method="get" action={staffPath(lang, '/feedback')} class="no-print">
        <input type="hidden" name="org" value={view.organisation.slug} />
        <div class="hds-text-input">
          <label class="hds-text-input__label" for="year">
            {t.year}
          </label>
          <div class="hds-text-input__input-wrapper">
            <input class="hds-text-input__input" id="year" name="year" type="number" value={String(year)} />
          </div>
        </div>
        <p>
          <button type="submit" class="hds-button hds-button--secondary">
            <span class="hds-button__label">{t.show}</span>
          </button>
        </p>
      </form>
      {view.groups.length === 0 ? <p>{t.none}</p> : null}
      <h2>{t.total}</h2>
      <SummaryTable lang={lang} summary={view.total} questions={view.questions} caption={t.total} />
      <h2>{t.programmes}</h2>
      {view.programmes.map((p) => (
        <section>
          <h3>{label(p.name)}</h3>
          <SummaryTable lang={lang} summary={p.summary} questions={view.questions} caption={label(p.name)} />
        </section>
      ))}
      <h2>{t.groups}</h2>
      {view.groups.map((g) => (
        <section>
          <h3>
            <a href={staffPath(lang, `/groups/${g.slug}/feedback`)}>{pick(g.name, lang)}</a>
          </h3>
          <SummaryTable
            lang={lang}
            summary={g.summary}
            questions={view.questions}
            caption={pick(g.name, lang) ?? ''}
          />
        </section>
      ))}
      {settings ? <SettingsSection lang={lang} org={view.organisation.slug} form={settings} /> : null}
    </>
  );
}

export function CodePrintPage(props: {
  lang: Lang;
  group: { slug: string; name: LocalizedText };
  code: string;
  formUrl: string;
  boxUrl: string;
  svg: string;
}) {
  const t = STAFF_FEEDBACK_TEXTS[props.lang];
  return (
    <>
      <p class="breadcrumb no-print">
        <a href={staffPath(props.lang, `/groups/${props.group.slug}/feedback`)}>{t.link}</a>
      </p>
      <h1>{t.codeTitle(pick(props.group.name, props.lang) ?? '')}</h1>
      <div
        class="qr-code"
        role="img"
        aria-label={t.qrLabel}
        dangerouslySetInnerHTML={{ __html: props.svg }}
      />
      <p>
        {t.codeIntro} <a href={props.boxUrl}>{props.boxUrl}</a>
      </p>
      <p>
        {t.codeShort}: <span class="feedback-code">{props.code}</span>
      </p>
      <p class="muted">
        {t.codeAddress}: {props.formUrl}
      </p>
      <p class="muted no-print">{t.print}</p>
    </>
  );
}

/** The links on a facilitator's session page: the group's feedback, and its QR page for drop-in groups. */
export function FeedbackLinks({ lang, slug, dropIn }: { lang: Lang; slug: string; dropIn: boolean }) {
  const t = STAFF_FEEDBACK_TEXTS[lang];
  return (
    <ul class="feedback-links">
      <li>
        <a href={staffPath(lang, `/groups/${slug}/feedback`)}>{t.link}</a>
      </li>
      {dropIn ? (
        <li>
          <a href={staffPath(lang, `/groups/${slug}/feedback/code`)}>{t.codeLink}</a>
        </li>
      ) : null}
    </ul>
  );
}
