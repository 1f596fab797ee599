import type { GroupJson } from '../groups/service.ts';
import { formatEuros, LANGS, MESSAGES, pick, type Lang } from './i18n.ts';
import { inLang } from './layout.tsx';

export interface RegistrationForm {
  display_name: string;
  email: string;
  phone: string;
  language: string;
  consent: boolean;
}

export type FormErrors = Partial<Record<'display_name' | 'email' | 'phone' | 'consent' | 'form', string>>;

/** Checks what a person typed, with messages for the page (the API has its own schema). */
export function checkForm(form: RegistrationForm, lang: Lang): FormErrors {
  const t = MESSAGES[lang].registration.errors;
  const errors: FormErrors = {};
  const name = form.display_name.trim();
  if (name.length < 1 || name.length > 100) errors.display_name = t.name;
  const email = form.email.trim();
  const phone = form.phone.trim();
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = t.email;
  if (phone && !/^\+?[0-9 ()-]{6,20}$/.test(phone)) errors.phone = t.phone;
  if (!email && !phone) errors.email = t.contact;
  if (!form.consent) errors.consent = t.consent;
  return errors;
}

function Field({
  id,
  label,
  hint,
  error,
  value,
  type,
  autocomplete,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  type: 'text' | 'email' | 'tel';
  autocomplete: string;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`hds-text-input${error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for={id}>
        {label}
      </label>
      <div class="hds-text-input__input-wrapper">
        <input
          class="hds-text-input__input"
          id={id}
          name={id}
          type={type}
          list={undefined}
          value={value}
          autocomplete={autocomplete}
          aria-describedby={described || undefined}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      {hint ? (
        <span class="hds-text-input__helper-text" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="hds-text-input__error-text" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function RegistrationPage({
  lang,
  group,
  form,
  errors,
  idempotencyKey,
}: {
  lang: Lang;
  group: GroupJson;
  form: RegistrationForm;
  errors: FormErrors;
  idempotencyKey: string;
}) {
  const t = MESSAGES[lang].registration;
  const list = Object.entries(errors).filter(([, m]) => m);
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
              {t.errorsHeading}
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
      {group.cost.kind === 'co_payment' ? (
        <p class="join-box">
          <strong>{t.costNotice(formatEuros(group.cost.amount_cents ?? 0, lang))}</strong>
          {group.cost.note ? ` ${pick(group.cost.note, lang)}` : ''}
        </p>
      ) : null}
      <form method="post" action={inLang(lang, `/groups/${group.slug}/register`)} novalidate>
        <input type="hidden" name="idempotency_key" value={idempotencyKey} />
        <Field
          id="display_name"
          label={t.name}
          hint={t.nameHint}
          error={errors.display_name}
          value={form.display_name}
          type="text"
          autocomplete="nickname"
        />
        <Field
          id="email"
          label={t.email}
          hint={t.contactHint}
          error={errors.email}
          value={form.email}
          type="email"
          autocomplete="email"
        />
        <Field
          id="phone"
          label={t.phone}
          error={errors.phone}
          value={form.phone}
          type="tel"
          autocomplete="tel"
        />
        <fieldset class="hds-fieldset filter-group">
          <legend class="hds-fieldset-legend">{t.language}</legend>
          {LANGS.map((l) => (
            <div class="hds-radio-button">
              <input
                type="radio"
                class="hds-radio-button__input"
                id={`language-${l}`}
                name="language"
                value={l}
                checked={(form.language || lang) === l}
              />
              <label class="hds-radio-button__label" for={`language-${l}`} lang={l}>
                {MESSAGES[l].languageName}
              </label>
            </div>
          ))}
        </fieldset>
        <p id="privacy">{t.privacy(pick(group.organization.name, lang))}</p>
        <div class={`hds-checkbox${errors.consent ? ' hds-checkbox--invalid' : ''}`}>
          <input
            type="checkbox"
            class="hds-checkbox__input"
            id="consent"
            name="consent"
            value="yes"
            checked={form.consent}
            aria-describedby={errors.consent ? 'privacy consent-error' : 'privacy'}
            aria-invalid={errors.consent ? 'true' : undefined}
          />
          <label class="hds-checkbox__label" for="consent">
            {t.consent}
          </label>
        </div>
        {errors.consent ? (
          <p class="hds-text-input__error-text" id="consent-error">
            {errors.consent}
          </p>
        ) : null}
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{t.submit}</span>
          </button>
        </p>
      </form>
    </>
  );
}

export function RegisteredPage({
  lang,
  group,
  status,
  position,
  cancelUrl,
  emailed,
}: {
  lang: Lang;
  group: GroupJson;
  status: 'confirmed' | 'waitlisted';
  position: number | null;
  cancelUrl: string;
  emailed: boolean;
}) {
  const t = MESSAGES[lang].registration;
  return (
    <>
      <h1>{t.title(pick(group.name, lang))}</h1>
      <div class="hds-notification hds-notification--success" role="status">
        <div class="hds-notification__content">
          <p>{status === 'confirmed' ? t.confirmed : t.waitlisted(position ?? 0)}</p>
        </div>
      </div>
      {emailed ? <p>{t.mailNote}</p> : null}
      {cancelUrl ? (
        <>
          <p>{t.cancelLink}</p>
          <p>
            <a href={cancelUrl}>{cancelUrl}</a>
          </p>
        </>
      ) : null}
      <p>
        <a href={inLang(lang, `/groups/${group.slug}`)}>{pick(group.name, lang)}</a>
      </p>
    </>
  );
}
