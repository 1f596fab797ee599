import type { GroupJson } from '../groups/service.ts';
import { seatState } from '../enrolment/seat-state.ts';
import { AppError } from '../shared/errors.ts';
import { checkAnswers, type Answer, type Question } from '../enrolment/questions.ts';
import { isLang, MESSAGES, pick, type Lang } from './i18n.ts';
import { formatEuros, formatSessionTime } from '../shared/time.ts';
import { inLang } from './layout.tsx';
import { ConsentCheckbox, Field, LanguageChoice } from './fields.tsx';
import { ContactList } from './pages.tsx';

export interface RegistrationForm {
  display_name: string;
  email: string;
  phone: string;
  language: string;
  consent: boolean;
  /** what was typed for each of the group's own questions, by question key */
  answers: Record<string, string>;
}

/** Messages by field: the contact fields, `answer_<key>` for a question, `form` for the whole. */
export type FormErrors = Partial<Record<string, string>>;

/** A question's form field. */
export const answerField = (key: string) => `answer_${key}`;

/** The answers typed into the form, for the group's questions only. */
export function formAnswers(
  questions: readonly Question[],
  body: Record<string, unknown>,
): Record<string, string> {
  return Object.fromEntries(
    questions.map((q) => {
      const value = body[answerField(q.key)];
      return [q.key, typeof value === 'string' ? value.slice(0, 2100) : ''];
    }),
  );
}

/** A registration form as typed (cut to the fields' lengths), for the register and referral pages. */
export function readRegistrationForm(
  questions: readonly Question[],
  body: Record<string, string | undefined>,
  lang: Lang,
): RegistrationForm {
  return {
    display_name: String(body.display_name ?? '').slice(0, 200),
    email: String(body.email ?? '').slice(0, 300),
    phone: String(body.phone ?? '').slice(0, 40),
    language: isLang(body.language) ? body.language : lang,
    consent: body.consent === 'yes',
    answers: formAnswers(questions, body),
  };
}

/** An empty registration form in the page's language. */
export const emptyRegistrationForm = (lang: Lang): RegistrationForm => ({
  display_name: '',
  email: '',
  phone: '',
  language: lang,
  consent: false,
  answers: {},
});

/** A checked form as the registration services take it (the form's consent box was ticked). */
export function registrationInput(form: RegistrationForm, answers: Record<string, Answer>) {
  return {
    display_name: form.display_name,
    email: form.email.trim() || null,
    phone: form.phone.trim() || null,
    language: form.language as Lang,
    answers,
    consent: true as const,
  };
}

/** The answers as stored, or messages beside the questions that need another look. */
export function checkFormAnswers(
  questions: readonly Question[],
  typed: Record<string, string>,
  lang: Lang,
): { answers: Record<string, Answer>; errors: FormErrors } {
  const t = MESSAGES[lang].registration.answerErrors;
  try {
    return { answers: checkAnswers(questions, typed), errors: {} };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const errors: FormErrors = {};
    for (const e of error.errors) {
      const q = questions.find((x) => `answers.${x.key}` === e.field);
      if (!q) continue;
      const value = (typed[q.key] ?? '').trim();
      errors[answerField(q.key)] = !value
        ? t.required
        : value.length > 200 && q.kind !== 'long_text'
          ? t.tooLong
          : q.kind === 'number'
            ? t.number(q.min, q.max)
            : q.kind === 'date'
              ? t.date
              : q.kind === 'choice' || q.kind === 'yes_no'
                ? t.choice
                : t.tooLong;
    }
    return { answers: {}, errors };
  }
}

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

/** One of the group's own questions, as the kind of field its answer needs. */
function QuestionField({
  lang,
  question: q,
  value,
  error,
}: {
  lang: Lang;
  question: Question;
  value: string;
  error?: string;
}) {
  const t = MESSAGES[lang].registration;
  const id = answerField(q.key);
  const label = `${pick(q.label, lang)}${q.required ? ` (${t.required})` : ''}`;
  const help = q.help ? pick(q.help, lang) : '';
  const described =
    [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const hint = help ? (
    <span class="hds-text-input__helper-text" id={`${id}-hint`}>
      {help}
    </span>
  ) : null;
  const errorText = error ? (
    <span class="hds-text-input__error-text" id={`${id}-error`}>
      {error}
    </span>
  ) : null;
  if (q.kind === 'choice' || q.kind === 'yes_no') {
    const options =
      q.kind === 'yes_no'
        ? [
            { value: 'yes', label: t.yes },
            { value: 'no', label: t.no },
          ]
        : (q.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang) }));
    return (
      <fieldset
        class="hds-fieldset filter-group"
        id={id}
        aria-describedby={described}
        aria-invalid={error ? 'true' : undefined}
      >
        <legend class="hds-fieldset-legend">{label}</legend>
        {options.map((o) => (
          <div class="hds-radio-button">
            <input
              type="radio"
              class="hds-radio-button__input"
              id={`${id}-${o.value}`}
              name={id}
              value={o.value}
              checked={value === o.value}
            />
            <label class="hds-radio-button__label" for={`${id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
        {hint}
        {errorText}
      </fieldset>
    );
  }
  const common = {
    id,
    name: id,
    'aria-describedby': described,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-required': q.required ? ('true' as const) : undefined,
  };
  return (
    <div class={`hds-text-input${error ? ' hds-text-input--invalid' : ''}`}>
      <label class="hds-text-input__label" for={id}>
        {label}
      </label>
      <div class="hds-text-input__input-wrapper">
        {q.kind === 'long_text' ? (
          <textarea class="hds-text-input__input" rows={4} {...common}>
            {value}
          </textarea>
        ) : q.kind === 'number' ? (
          <input
            class="hds-text-input__input"
            type="number"
            inputmode="numeric"
            min={q.min}
            max={q.max}
            value={value}
            {...common}
          />
        ) : q.kind === 'date' ? (
          <input class="hds-text-input__input" type="date" value={value} {...common} />
        ) : (
          <input class="hds-text-input__input" type="text" value={value} {...common} />
        )}
      </div>
      {hint}
      {errorText}
    </div>
  );
}

export function RegistrationPage({
  lang,
  group,
  form,
  errors,
  idempotencyKey,
  referral,
}: {
  lang: Lang;
  group: GroupJson;
  form: RegistrationForm;
  errors: FormErrors;
  idempotencyKey: string;
  /** the referral-code variant: the code comes first, and the coordinator decides */
  referral?: { code: string };
}) {
  const t = MESSAGES[lang].registration;
  const list = Object.entries(errors).filter(([, m]) => m);
  const seats = referral ? ({ kind: 'unlimited' } as const) : seatState(group);
  return (
    <>
      <p class="breadcrumb">
        <a href={inLang(lang, `/groups/${group.slug}`)}>{pick(group.name, lang)}</a>
      </p>
      <h1>{referral ? t.referral.title(pick(group.name, lang)) : t.title(pick(group.name, lang))}</h1>
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
      {seats.kind === 'waitlist' || seats.kind === 'full' ? (
        <div class="hds-notification hds-notification--alert" role="status">
          <div class="hds-notification__content">
            <p>
              <strong>
                {seats.kind === 'full'
                  ? MESSAGES[lang].group.noRoom
                  : MESSAGES[lang].group.waitlistOnly(seats.ahead)}
              </strong>
            </p>
          </div>
        </div>
      ) : null}
      <p>{referral ? t.referral.intro : t.intro}</p>
      {group.cost.kind === 'co_payment' ? (
        <p class="join-box">
          <strong>{t.costNotice(formatEuros(group.cost.amount_cents ?? 0, lang))}</strong>
          {group.cost.note ? ` ${pick(group.cost.note, lang)}` : ''}
        </p>
      ) : null}
      <form
        method="post"
        action={inLang(lang, `/groups/${group.slug}/${referral ? 'referral' : 'register'}`)}
        novalidate
      >
        <input type="hidden" name="idempotency_key" value={idempotencyKey} />
        {referral ? (
          <Field
            id="referral_code"
            label={t.referral.code}
            hint={t.referral.codeHint}
            error={errors.referral_code}
            value={referral.code}
            type="text"
            autocomplete="off"
          />
        ) : null}
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
        {group.registration_questions.length ? (
          <>
            <h2 class="small-heading">{t.questionsHeading}</h2>
            {group.registration_questions.map((q) => (
              <QuestionField
                lang={lang}
                question={q}
                value={form.answers[q.key] ?? ''}
                error={errors[answerField(q.key)]}
              />
            ))}
          </>
        ) : null}
        <LanguageChoice legend={t.language} value={(form.language || lang) as Lang} />
        <p id="privacy">{t.privacy(pick(group.organization.name, lang))}</p>
        <ConsentCheckbox
          label={t.consent}
          checked={form.consent}
          error={errors.consent}
          describedBy="privacy"
        />
        <p>
          <button type="submit" class="hds-button hds-button--primary">
            <span class="hds-button__label">{referral ? t.referral.submit : t.submit}</span>
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
  status: 'confirmed' | 'waitlisted' | 'pending';
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
          <p>
            {status === 'confirmed'
              ? t.confirmed
              : status === 'pending'
                ? t.referral.received
                : t.waitlisted(position ?? 0)}
          </p>
        </div>
      </div>
      {emailed ? <p>{t.mailNote}</p> : null}
      <section aria-labelledby="next-heading">
        <h2 id="next-heading">{t.nextHeading}</h2>
        <dl class="facts">
          <div>
            <dt>{t.firstMeeting}</dt>
            <dd>
              {group.next_session
                ? formatSessionTime(group.next_session.starts_at, group.next_session.ends_at, lang)
                : t.noMeetingYet}
            </dd>
          </div>
          <div>
            <dt>{t.meetingPlace}</dt>
            <dd>
              {group.venue
                ? [
                    group.venue.name,
                    group.venue.street_address,
                    [group.venue.postal_code, group.venue.municipality].filter(Boolean).join(' '),
                  ]
                    .filter(Boolean)
                    .join(', ')
                : t.remotePlace}
            </dd>
          </div>
        </dl>
        {group.next_session ? (
          <p>
            <a href={`/api/v1/groups/${group.id}/calendar.ics?lang=${lang}`}>
              {MESSAGES[lang].group.calendar}
            </a>
          </p>
        ) : null}
      </section>
      {cancelUrl ? (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t.cancelButton}</h2>
          <p>{t.cancelLink}</p>
          <p>
            <a class="hds-button hds-button--secondary" href={cancelUrl}>
              <span class="hds-button__label">{t.cancelButton}</span>
            </a>
          </p>
        </section>
      ) : null}
      {group.organization.contact.email ||
      group.organization.contact.phone ||
      group.organization.contact.website ? (
        <section aria-labelledby="ask-heading">
          <h2 id="ask-heading">{t.askHeading}</h2>
          <p>{MESSAGES[lang].organisation.askText(pick(group.organization.name, lang))}</p>
          <ContactList contact={group.organization.contact} lang={lang} />
        </section>
      ) : null}
      <p>
        <a href={inLang(lang, `/groups/${group.slug}`)}>{pick(group.name, lang)}</a>
      </p>
    </>
  );
}
