/** The public feedback pages: the form (ordinary and child-friendly), the code box, the outcomes. */
import type { Lang } from '../../shared/lang.ts';
import { pick } from '../../shared/localized.ts';
import { Field } from '../fields.tsx';
import { inLang } from '../layout.tsx';
import { ownKey, STATEMENT_KEYS, STATEMENTS, type OwnQuestion, type Variant } from '../../feedback/policy.ts';
import type { FeedbackForm } from '../../feedback/service.ts';
import { FEEDBACK_TEXTS } from './texts.ts';

/** What was typed or chosen, kept when the form comes back with errors. */
export interface FormValues {
  /** question key → '1' … '5' or 'na' */
  answers: Record<string, string>;
  overall: string;
  free_text: string;
}

/** Messages by field: `form`, `answers`, `overall`, `free_text`, or `answer.` and a question key. */
export type FormErrors = Record<string, string>;

export const emptyValues = (): FormValues => ({ answers: {}, overall: '', free_text: '' });

const FACES = ['😞', '🙁', '😐', '🙂', '😄'];

function ScaleQuestion(props: {
  id: string;
  name: string;
  legend: string;
  lang: Lang;
  variant: Variant;
  value: string;
  error?: string;
  withNotApplicable: boolean;
  hint?: string;
}) {
  const t = FEEDBACK_TEXTS[props.lang];
  const child = props.variant === 'child';
  const words = child ? t.childScale : t.scale;
  const options: [string, string, string | null][] = words.map((w, i) => [
    String(i + 1),
    child ? w : `${i + 1} – ${w}`,
    child ? FACES[i]! : null,
  ]);
  if (props.withNotApplicable) options.push(['na', child ? t.childNotApplicable : t.notApplicable, null]);
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      class={`hds-fieldset feedback-question${child ? ' feedback-question--child' : ''}`}
      id={props.id}
      aria-describedby={described || undefined}
    >
      <legend class="hds-fieldset-legend">{props.legend}</legend>
      {props.hint ? (
        <p class="hds-text-input__helper-text" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="hds-text-input__error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
      <div class="feedback-scale">
        {options.map(([value, label, face]) => (
          <div class="hds-radio-button">
            <input
              type="radio"
              class="hds-radio-button__input"
              id={`${props.id}-${value}`}
              name={props.name}
              value={value}
              checked={props.value === value}
            />
            <label class="hds-radio-button__label" for={`${props.id}-${value}`}>
              {face ? (
                <span class="feedback-face" aria-hidden="true">
                  {face}
                </span>
              ) : null}
              {label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function FeedbackFormPage(props: {
  lang: Lang;
  form: FeedbackForm;
  action: string;
  csrf: string | null;
  values: FormValues;
  errors: FormErrors;
}) {
  const { lang, form, values, errors } = props;
  const t = FEEDBACK_TEXTS[lang];
  const child = form.variant === 'child';
  const list = Object.entries(errors).filter(([, m]) => m);
  const keys = [...STATEMENT_KEYS];
  const anchor = (field: string) => {
    if (field === 'free_text') return 'free_text';
    if (field === 'overall') return 'overall';
    const key = field.replace(/^answer\./, '');
    const i = keys.indexOf(key as (typeof keys)[number]);
    if (i >= 0) return `answer-${i}`;
    const own = form.questions.findIndex((q) => ownKey(q.id) === key);
    return own >= 0 ? `own-${own}` : 'answer-0';
  };
  return (
    <>
      <h1>{t.title(pick(form.group.name, lang) ?? '')}</h1>
      {list.length ? (
        <div class="hds-notification hds-notification--error" role="alert" aria-labelledby="errors-heading">
          <div class="hds-notification__content">
            <h2 id="errors-heading" class="small-heading">
              {t.errorsHeading}
            </h2>
            <ul>
              {list.map(([field, message]) => (
                <li>{field === 'form' ? message : <a href={`#${anchor(field)}`}>{message}</a>}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <p>{child ? t.childIntro : t.intro}</p>
      <p class="muted" id="anonymous">
        {t.anonymous}
      </p>
      <form method="post" action={props.action} novalidate>
        {props.csrf ? <input type="hidden" name="csrf" value={props.csrf} /> : null}
        <h2>{t.statementsHeading}</h2>
        {errors.answers ? (
          <p class="hds-text-input__error-text" id="answers-error">
            {errors.answers}
          </p>
        ) : null}
        {keys.map((key, i) => (
          <ScaleQuestion
            id={`answer-${i}`}
            name={`answer.${key}`}
            legend={STATEMENTS[key][form.variant][lang]}
            lang={lang}
            variant={form.variant}
            value={values.answers[key] ?? ''}
            error={errors[`answer.${key}`]}
            withNotApplicable
          />
        ))}
        {form.questions.length ? <h2>{t.ownHeading}</h2> : null}
        {form.questions.map((q: OwnQuestion, i) => (
          <ScaleQuestion
            id={`own-${i}`}
            name={`answer.${ownKey(q.id)}`}
            legend={pick(q.text, lang) ?? ''}
            lang={lang}
            variant={form.variant}
            value={values.answers[ownKey(q.id)] ?? ''}
            error={errors[`answer.${ownKey(q.id)}`]}
            withNotApplicable
          />
        ))}
        <ScaleQuestion
          id="overall"
          name="overall"
          legend={child ? t.childOverall : t.overall}
          hint={child ? undefined : t.overallScale.join(', ')}
          lang={lang}
          variant={form.variant}
          value={values.overall}
          error={errors.overall}
          withNotApplicable={false}
        />
        <Field
          id="free_text"
          label={child ? t.childFreeText : t.freeText}
          hint={t.freeTextHint}
          error={errors.free_text}
          value={values.free_text}
          multiline
        />
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{child ? t.childSubmit : t.submit}</span>
          </button>
        </p>
      </form>
    </>
  );
}

export function OutcomePage({ title, text, status }: { title: string; text: string; status?: boolean }) {
  return (
    <>
      <h1>{title}</h1>
      {status ? (
        <div class="hds-notification hds-notification--success" role="status">
          <div class="hds-notification__content">
            <p>{text}</p>
          </div>
        </div>
      ) : (
        <p>{text}</p>
      )}
    </>
  );
}

export function CodePage({ lang, value, error }: { lang: Lang; value: string; error?: string }) {
  const t = FEEDBACK_TEXTS[lang];
  return (
    <>
      <h1>{t.codeTitle}</h1>
      <p>{t.codeIntro}</p>
      <form method="get" action={inLang(lang, '/feedback')} novalidate>
        <Field
          id="code"
          label={t.codeLabel}
          hint={t.codeHint}
          error={error}
          value={value}
          autocomplete="off"
        />
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.codeSubmit}</span>
          </button>
        </p>
      </form>
    </>
  );
}
