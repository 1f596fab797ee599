/**
 * Applying to a programme whose groups the organiser assembles (e.g. the Tampere families
 * project): contact details and the facts the programme uses to put groups together. Works
 * without JavaScript; every fact is optional and stays with the organiser.
 */
import type { GroupJson } from '../groups/service.ts';
import type { ApplicationFacts } from '../enrolment/applications.ts';
import { LANGS, MESSAGES, pick, type Lang } from './i18n.ts';
import { inLang } from './layout.tsx';
import { ConsentCheckbox, Field, LanguageChoice } from './fields.tsx';
import { checkForm, type FormErrors, type RegistrationForm } from './registration.tsx';

/** Languages offered as checkboxes: the group's own first, then the common ones. */
export const APPLICATION_LANGUAGES = ['fi', 'sv', 'en', 'ar', 'so', 'ru', 'fa', 'ku', 'et'] as const;

export interface ApplicationForm extends RegistrationForm {
  area: string;
  child_age_months: string;
  due_date: string;
  languages: string[];
  availability: string;
  background: string;
}

/** What the form sent, cut to size: nothing here is trusted until it is checked. */
export function readApplicationForm(body: Record<string, unknown>, lang: Lang): ApplicationForm {
  const text = (name: string, max: number) => {
    const v = body[name];
    return typeof v === 'string' ? v.slice(0, max) : '';
  };
  // One checkbox per language, each a field of its own (speaks_fi=yes …).
  const spoken = Object.keys(body)
    .filter((k) => /^speaks_[a-z]{2,3}$/.test(k) && body[k] === 'yes')
    .map((k) => k.slice('speaks_'.length));
  return {
    display_name: text('display_name', 200),
    email: text('email', 300),
    phone: text('phone', 40),
    language: LANGS.includes(body.language as Lang) ? (body.language as Lang) : lang,
    consent: body.consent === 'yes',
    answers: {},
    area: text('area', 200),
    child_age_months: text('child_age_months', 10),
    due_date: text('due_date', 20),
    languages: spoken.slice(0, 10),
    availability: text('availability', 600),
    background: text('background', 1100),
  };
}

/** The facts as the service takes them, or messages beside the fields. */
export function checkApplicationForm(
  form: ApplicationForm,
  lang: Lang,
): { facts: ApplicationFacts; errors: FormErrors } {
  const t = MESSAGES[lang].application.errors;
  const errors: FormErrors = checkForm(form, lang);
  const facts: ApplicationFacts = {};
  if (form.area.trim()) {
    if (form.area.trim().length > 100) errors.area = t.tooLong;
    else facts.area = form.area.trim();
  }
  if (form.child_age_months.trim()) {
    const months = Number(form.child_age_months.trim());
    if (!Number.isInteger(months) || months < 0 || months > 240) errors.child_age_months = t.childAge;
    else facts.child_age_months = months;
  }
  if (form.due_date.trim()) {
    const d = form.due_date.trim();
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    if (!valid) errors.due_date = t.dueDate;
    else facts.due_date = d;
  }
  if (form.languages.length) facts.languages = form.languages;
  if (form.availability.trim()) {
    if (form.availability.trim().length > 500) errors.availability = t.tooLong;
    else facts.availability = form.availability.trim();
  }
  if (form.background.trim()) {
    if (form.background.trim().length > 1000) errors.background = t.tooLong;
    else facts.background = form.background.trim();
  }
  return { facts, errors };
}

export function ApplicationPage({
  lang,
  group,
  form,
  errors,
}: {
  lang: Lang;
  group: GroupJson;
  form: ApplicationForm;
  errors: FormErrors;
}) {
  const t = MESSAGES[lang].application;
  const r = MESSAGES[lang].registration;
  const names = MESSAGES[lang].languageNames;
  const list = Object.entries(errors).filter(([, m]) => m);
  const offered = [...new Set([...group.languages, ...APPLICATION_LANGUAGES])].filter((l) => names[l]);
  return (
    <>
      <p class="breadcrumb">
        <a href={inLang(lang, `/groups/${group.slug}`)}>{pick(group.name, lang)}</a>
      </p>
      <h1>{t.title(pick(group.name, lang))}</h1>
      {list.length ? (
        <div class="hds-notification hds-notification--error" role="alert" aria-labelledby="errors-heading">
          <div class="hds-notification__content">
            <h2 id="errors-heading" class="small-heading">
              {r.errorsHeading}
            </h2>
            <ul>
              {list.map(([field, message]) => (
                <li>{field === 'form' ? message : <a href={`#${field}`}>{message}</a>}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <p>{t.intro}</p>
      <form method="post" action={inLang(lang, `/groups/${group.slug}/apply`)} novalidate>
        <Field
          id="display_name"
          label={r.name}
          hint={r.nameHint}
          error={errors.display_name}
          value={form.display_name}
          type="text"
          autocomplete="nickname"
        />
        <Field
          id="email"
          label={r.email}
          hint={r.contactHint}
          error={errors.email}
          value={form.email}
          type="email"
          autocomplete="email"
        />
        <Field
          id="phone"
          label={r.phone}
          error={errors.phone}
          value={form.phone}
          type="tel"
          autocomplete="tel"
        />
        <LanguageChoice legend={r.language} value={(form.language || lang) as Lang} />
        <h2 class="small-heading">{t.factsHeading}</h2>
        <Field
          id="area"
          label={t.area}
          hint={t.areaHint}
          error={errors.area}
          value={form.area}
          type="text"
          autocomplete="address-level3"
        />
        <Field
          id="due_date"
          label={t.dueDate}
          hint={t.dueDateHint}
          error={errors.due_date}
          value={form.due_date}
          type="text"
          autocomplete="off"
        />
        <Field
          id="child_age_months"
          label={t.childAge}
          hint={t.childAgeHint}
          error={errors.child_age_months}
          value={form.child_age_months}
          type="text"
          autocomplete="off"
        />
        <fieldset class="hds-fieldset filter-group">
          <legend class="hds-fieldset-legend">{t.languages}</legend>
          {offered.map((l) => (
            <div class="hds-checkbox">
              <input
                type="checkbox"
                class="hds-checkbox__input"
                id={`speaks_${l}`}
                name={`speaks_${l}`}
                value="yes"
                checked={form.languages.includes(l)}
              />
              <label class="hds-checkbox__label" for={`speaks_${l}`}>
                {names[l]}
              </label>
            </div>
          ))}
        </fieldset>
        <Field
          multiline
          id="availability"
          label={t.availability}
          hint={t.availabilityHint}
          error={errors.availability}
          value={form.availability}
        />
        <Field
          multiline
          id="background"
          label={t.background}
          hint={t.backgroundHint}
          error={errors.background}
          value={form.background}
        />
        <p id="privacy">{t.privacy(pick(group.organization.name, lang))}</p>
        <ConsentCheckbox
          label={r.consent}
          checked={form.consent}
          error={errors.consent}
          describedBy="privacy"
        />
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.submit}</span>
          </button>
        </p>
      </form>
    </>
  );
}

export function AppliedPage({ lang, group }: { lang: Lang; group: GroupJson }) {
  const t = MESSAGES[lang].application;
  return (
    <>
      <h1>{t.title(pick(group.name, lang))}</h1>
      <div class="hds-notification hds-notification--success" role="status">
        <div class="hds-notification__content">
          <p>{t.done}</p>
        </div>
      </div>
      <p>
        <a href={inLang(lang, `/groups/${group.slug}`)}>{pick(group.name, lang)}</a>
      </p>
    </>
  );
}
