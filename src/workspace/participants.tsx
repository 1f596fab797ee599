/**
 * Organisers' and referrers' pages of the staff workspace: a group's participants (names only
 * for coordinators and the group's own facilitators, every look logged by the service),
 * removing someone by hand, deciding referrals, writing to everyone, and referring a client.
 * Server-rendered, without JavaScript, every form CSRF-protected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import { getGroup } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import {
  addByHand,
  listParticipants,
  messageParticipants,
  removeParticipant,
  type ParticipantRow,
} from '../enrolment/service.ts';
import { createReferralCode, decideReferral, referClient } from '../enrolment/referrals.ts';
import {
  declineApplication,
  listApplications,
  placeApplication,
  type ApplicationRow,
} from '../enrolment/applications.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { isLang, MESSAGES, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { ConsentCheckbox, Field, LanguageChoice } from '../web/fields.tsx';
import { sendNotFound } from '../web/send.tsx';
import { validCsrf, CSRF_FIELD } from './security.ts';
import { formatLongDate } from '../shared/time.ts';

export interface Kit {
  page: (
    reply: FastifyReply,
    lang: Lang,
    title: string,
    path: string,
    body: ComponentChildren,
    opts?: { status?: number; who?: { actor: Actor; csrf: string } },
  ) => FastifyReply;
  signedIn: (
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
  ) => { actor: Actor; csrf: string } | null;
  refused: (reply: FastifyReply, lang: Lang, path: string) => FastifyReply;
}

interface Texts {
  participants: string;
  title: (group: string) => string;
  back: string;
  csv: string;
  empty: string;
  columns: {
    name: string;
    status: string;
    contact: string;
    language: string;
    answers: string;
    actions: string;
  };
  status: { confirmed: string; waitlisted: (n: number) => string; pending: string };
  remove: string;
  accept: string;
  decline: string;
  done: {
    removed: string;
    accepted: string;
    declined: string;
    sent: (n: number) => string;
    referred: string;
  };
  message: {
    heading: string;
    subject: string;
    text: string;
    waitlist: string;
    send: string;
    required: string;
  };
  refer: {
    link: string;
    title: (group: string) => string;
    intro: string;
    name: string;
    email: string;
    phone: string;
    language: string;
    consent: string;
    submit: string;
    errors: { name: string; contact: string; consent: string; closed: string };
    codeHeading: string;
    codeIntro: string;
    codeButton: string;
    code: (code: string, until: string) => string;
  };
  forbidden: string;
  add: {
    heading: string;
    consent: string;
    submit: string;
    added: string;
    full: string;
  };
  applications: {
    heading: string;
    none: string;
    facts: string;
    place: string;
    into: string;
    decline: string;
    placed: string;
    declined: string;
    full: string;
    factLabels: {
      area: string;
      child_age_months: string;
      due_date: string;
      languages: string;
      availability: string;
      background: string;
    };
  };
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    participants: 'Osallistujat',
    title: (g) => `Osallistujat: ${g}`,
    back: 'Takaisin ryhmään',
    csv: 'Lataa osallistujalista (CSV)',
    empty: 'Ryhmään ei ole vielä ilmoittautunut ketään.',
    columns: {
      name: 'Nimi',
      status: 'Tila',
      contact: 'Yhteystieto',
      language: 'Kieli',
      answers: 'Vastaukset',
      actions: 'Toiminnot',
    },
    status: {
      confirmed: 'Paikka',
      waitlisted: (n) => `Jonossa, sija ${n}`,
      pending: 'Lähete odottaa päätöstä',
    },
    remove: 'Poista ryhmästä',
    accept: 'Hyväksy lähete',
    decline: 'Hylkää lähete',
    done: {
      removed: 'Osallistuja poistettiin. Jonon ensimmäinen sai paikan, jos jonossa oli joku.',
      accepted: 'Lähete hyväksyttiin.',
      declined: 'Lähete hylättiin.',
      sent: (n) => `Viesti lähetettiin ${n} osallistujalle.`,
      referred: 'Asiakas on lähetetty ryhmään. Koordinaattori päättää lähetteestä.',
    },
    message: {
      heading: 'Viesti kaikille osallistujille',
      subject: 'Otsikko',
      text: 'Viesti',
      waitlist: 'Lähetä myös jonossa oleville',
      send: 'Lähetä viesti',
      required: 'Kirjoita otsikko ja viesti.',
    },
    refer: {
      link: 'Lähetä asiakas ryhmään',
      title: (g) => `Lähete: ${g}`,
      intro: 'Ilmoita asiakkaasi ryhmään hänen suostumuksellaan. Näet jatkossa vain lähetteen tilan.',
      name: 'Asiakkaan nimi tai lempinimi',
      email: 'Sähköposti',
      phone: 'Puhelinnumero',
      language: 'Viestien kieli',
      consent: 'Asiakas on antanut suostumuksensa tietojensa käyttöön tämän ryhmän järjestämiseen.',
      submit: 'Lähetä',
      errors: {
        name: 'Kirjoita nimi tai lempinimi.',
        contact: 'Anna sähköposti tai puhelinnumero.',
        consent: 'Lähete vaatii asiakkaan suostumuksen.',
        closed: 'Ryhmään ei voi nyt lähettää asiakkaita.',
      },
      codeHeading: 'Lähetekoodi',
      codeIntro: 'Voit myös antaa asiakkaalle kertakäyttöisen koodin, jolla hän ilmoittautuu itse.',
      codeButton: 'Luo lähetekoodi',
      code: (code, until) => `Koodi: ${code} (voimassa ${until} asti). Koodi näytetään vain kerran.`,
    },
    forbidden: 'Sinulla ei ole oikeutta tähän.',
    add: {
      heading: 'Lisää osallistuja',
      consent: 'Henkilö on antanut suostumuksensa tietojensa käyttöön tämän ryhmän järjestämiseen.',
      submit: 'Lisää',
      added: 'Osallistuja lisättiin.',
      full: 'Ryhmä ja sen jono ovat täynnä.',
    },
    applications: {
      heading: 'Hakemukset',
      none: 'Ei käsittelemättömiä hakemuksia.',
      facts: 'Tiedot',
      place: 'Sijoita',
      into: 'Ryhmä',
      decline: 'Hylkää hakemus',
      placed: 'Hakija sijoitettiin ryhmään.',
      declined: 'Hakemus hylättiin.',
      full: 'Ryhmä ja sen jono ovat täynnä.',
      factLabels: {
        area: 'Alue',
        child_age_months: 'Lapsen ikä (kk)',
        due_date: 'Laskettu aika',
        languages: 'Kielet',
        availability: 'Sopivat ajat',
        background: 'Muuta',
      },
    },
  },
  sv: {
    participants: 'Deltagare',
    title: (g) => `Deltagare: ${g}`,
    back: 'Tillbaka till gruppen',
    csv: 'Ladda ner deltagarlistan (CSV)',
    empty: 'Ingen har anmält sig till gruppen ännu.',
    columns: {
      name: 'Namn',
      status: 'Status',
      contact: 'Kontakt',
      language: 'Språk',
      answers: 'Svar',
      actions: 'Åtgärder',
    },
    status: {
      confirmed: 'Plats',
      waitlisted: (n) => `I kö, nummer ${n}`,
      pending: 'Remissen väntar på beslut',
    },
    remove: 'Ta bort ur gruppen',
    accept: 'Godkänn remissen',
    decline: 'Avslå remissen',
    done: {
      removed: 'Deltagaren togs bort. Den första i kön fick platsen, om någon stod i kö.',
      accepted: 'Remissen godkändes.',
      declined: 'Remissen avslogs.',
      sent: (n) => `Meddelandet skickades till ${n} deltagare.`,
      referred: 'Klienten har remitterats till gruppen. Koordinatorn beslutar om remissen.',
    },
    message: {
      heading: 'Meddelande till alla deltagare',
      subject: 'Rubrik',
      text: 'Meddelande',
      waitlist: 'Skicka också till dem i kön',
      send: 'Skicka meddelandet',
      required: 'Skriv en rubrik och ett meddelande.',
    },
    refer: {
      link: 'Remittera en klient till gruppen',
      title: (g) => `Remiss: ${g}`,
      intro: 'Anmäl din klient till gruppen med hens samtycke. Du ser sedan bara remissens status.',
      name: 'Klientens namn eller smeknamn',
      email: 'E-post',
      phone: 'Telefonnummer',
      language: 'Meddelandenas språk',
      consent: 'Klienten har samtyckt till att uppgifterna används för att ordna den här gruppen.',
      submit: 'Skicka',
      errors: {
        name: 'Skriv ett namn eller smeknamn.',
        contact: 'Ange e-post eller telefonnummer.',
        consent: 'Remissen kräver klientens samtycke.',
        closed: 'Det går inte att remittera klienter till gruppen nu.',
      },
      codeHeading: 'Remisskod',
      codeIntro: 'Du kan också ge klienten en engångskod som hen anmäler sig med själv.',
      codeButton: 'Skapa remisskod',
      code: (code, until) => `Kod: ${code} (giltig till ${until}). Koden visas bara en gång.`,
    },
    forbidden: 'Du har inte behörighet till detta.',
    add: {
      heading: 'Lägg till en deltagare',
      consent: 'Personen har samtyckt till att uppgifterna används för att ordna den här gruppen.',
      submit: 'Lägg till',
      added: 'Deltagaren lades till.',
      full: 'Gruppen och dess kö är fulla.',
    },
    applications: {
      heading: 'Ansökningar',
      none: 'Inga obehandlade ansökningar.',
      facts: 'Uppgifter',
      place: 'Placera',
      into: 'Grupp',
      decline: 'Avslå ansökan',
      placed: 'Sökanden placerades i gruppen.',
      declined: 'Ansökan avslogs.',
      full: 'Gruppen och dess kö är fulla.',
      factLabels: {
        area: 'Område',
        child_age_months: 'Barnets ålder (mån)',
        due_date: 'Beräknad tid',
        languages: 'Språk',
        availability: 'Tider som passar',
        background: 'Annat',
      },
    },
  },
  en: {
    participants: 'Participants',
    title: (g) => `Participants: ${g}`,
    back: 'Back to the group',
    csv: 'Download the participant list (CSV)',
    empty: 'Nobody has registered for the group yet.',
    columns: {
      name: 'Name',
      status: 'Status',
      contact: 'Contact',
      language: 'Language',
      answers: 'Answers',
      actions: 'Actions',
    },
    status: {
      confirmed: 'Seat',
      waitlisted: (n) => `Waiting list, number ${n}`,
      pending: 'Referral awaiting decision',
    },
    remove: 'Remove from the group',
    accept: 'Accept the referral',
    decline: 'Decline the referral',
    done: {
      removed: 'The participant was removed. The first in line got the seat, if anyone was waiting.',
      accepted: 'The referral was accepted.',
      declined: 'The referral was declined.',
      sent: (n) => `The message was sent to ${n} participants.`,
      referred: 'Your client has been referred to the group. The coordinator decides on the referral.',
    },
    message: {
      heading: 'A message to all participants',
      subject: 'Subject',
      text: 'Message',
      waitlist: 'Send to the waiting list too',
      send: 'Send the message',
      required: 'Write a subject and a message.',
    },
    refer: {
      link: 'Refer a client to the group',
      title: (g) => `Referral: ${g}`,
      intro:
        'Register your client for the group with their consent. Afterwards you see only the status of the referral.',
      name: 'Client’s name or nickname',
      email: 'Email',
      phone: 'Phone number',
      language: 'Language of messages',
      consent: 'The client has consented to their data being used to run this group.',
      submit: 'Refer',
      errors: {
        name: 'Write a name or nickname.',
        contact: 'Give an email address or a phone number.',
        consent: 'A referral needs the client’s consent.',
        closed: 'The group does not take referrals now.',
      },
      codeHeading: 'Referral code',
      codeIntro: 'You can also give your client a single-use code to register with themselves.',
      codeButton: 'Create a referral code',
      code: (code, until) => `Code: ${code} (valid until ${until}). The code is shown only once.`,
    },
    forbidden: 'You do not have permission to do this.',
    add: {
      heading: 'Add a participant',
      consent: 'The person has consented to their data being used to run this group.',
      submit: 'Add',
      added: 'The participant was added.',
      full: 'The group and its waiting list are full.',
    },
    applications: {
      heading: 'Applications',
      none: 'No applications waiting.',
      facts: 'Facts',
      place: 'Place',
      into: 'Group',
      decline: 'Decline the application',
      placed: 'The applicant was placed in the group.',
      declined: 'The application was declined.',
      full: 'The group and its waiting list are full.',
      factLabels: {
        area: 'Area',
        child_age_months: 'Child’s age (months)',
        due_date: 'Due date',
        languages: 'Languages',
        availability: 'Times that suit',
        background: 'Other',
      },
    },
  },
};

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

/** Links from a group's workspace page to its participants and, for referral groups, referring. */
export function GroupPeopleLinks({ lang, slug, joinWay }: { lang: Lang; slug: string; joinWay: string }) {
  if (joinWay === 'drop_in') return null;
  const t = TEXTS[lang];
  return (
    <ul class="group-people-links">
      <li>
        <a href={staffPath(lang, `/groups/${slug}/participants`)}>{t.participants}</a>
      </li>
      {joinWay === 'referral' ? (
        <li>
          <a href={staffPath(lang, `/groups/${slug}/refer`)}>{t.refer.link}</a>
        </li>
      ) : null}
    </ul>
  );
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

function Button({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button ${secondary ? 'hds-button--secondary' : 'hds-button--primary'}`}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function Notice({ text }: { text: string }) {
  return (
    <div class="hds-notification hds-notification--success" role="status">
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

function ErrorBox({ text }: { text: string }) {
  return (
    <div class="hds-notification hds-notification--error" role="alert">
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

function answerText(value: string | number | boolean | undefined, lang: Lang): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean')
    return value ? MESSAGES[lang].registration.yes : MESSAGES[lang].registration.no;
  return String(value);
}

interface ParticipantsView {
  group: GroupRow;
  participants: ParticipantRow[];
  manage: boolean;
  canRefer: boolean;
  csrf: string;
  done?: string;
  message?: { subject: string; text: string; waitlist: boolean; error?: string };
  /** for groups assembled from applications: the pending ones and where they can be placed */
  applications?: ApplicationRow[];
  targets?: { id: string; slug: string; name: LocalizedText }[];
  applicationError?: string;
  add?: { form: ReferForm; errors: Partial<Record<'display_name' | 'email' | 'consent' | 'form', string>> };
}

function factText(key: string, value: unknown, lang: Lang): string {
  if (Array.isArray(value))
    return value.map((l) => MESSAGES[lang].languageNames[String(l)] ?? String(l)).join(', ');
  void key;
  return String(value);
}

function Applications({ lang, view }: { lang: Lang; view: ParticipantsView }) {
  const t = TEXTS[lang].applications;
  const pending = (view.applications ?? []).filter((a) => a.status === 'pending');
  const base = `/groups/${view.group.slug}/participants/applications`;
  return (
    <section aria-labelledby="applications-heading">
      <h2 id="applications-heading">{t.heading}</h2>
      {view.applicationError ? <ErrorBox text={view.applicationError} /> : null}
      {pending.length === 0 ? <p>{t.none}</p> : null}
      {pending.map((a) => (
        <article class="application" aria-labelledby={`application-${a.id}`}>
          <h3 id={`application-${a.id}`}>{a.display_name}</h3>
          <p>{[a.email, a.phone].filter(Boolean).join(', ')}</p>
          <dl class="answers">
            {Object.entries(a.facts).map(([key, value]) => (
              <div>
                <dt>{t.factLabels[key as keyof typeof t.factLabels] ?? key}</dt>
                <dd>{factText(key, value, lang)}</dd>
              </div>
            ))}
          </dl>
          {view.manage ? (
            <>
              <form method="post" action={staffPath(lang, `${base}/${a.id}/place`)} class="no-print">
                <Csrf token={view.csrf} />
                <label for={`into-${a.id}`}>{t.into}</label>{' '}
                <select id={`into-${a.id}`} name="group">
                  {(view.targets ?? []).map((g) => (
                    <option value={g.slug}>{pick(g.name, lang)}</option>
                  ))}
                </select>{' '}
                <Button>{`${t.place}: ${a.display_name}`}</Button>
              </form>
              <form method="post" action={staffPath(lang, `${base}/${a.id}/decline`)} class="no-print">
                <Csrf token={view.csrf} />
                <Button secondary>{`${t.decline}: ${a.display_name}`}</Button>
              </form>
            </>
          ) : null}
        </article>
      ))}
    </section>
  );
}

function AddParticipant({ lang, view }: { lang: Lang; view: ParticipantsView }) {
  const t = TEXTS[lang];
  const r = t.refer;
  const form = view.add?.form ?? { display_name: '', email: '', phone: '', language: lang, consent: false };
  const errors = view.add?.errors ?? {};
  return (
    <section aria-labelledby="add-heading" class="no-print">
      <h2 id="add-heading">{t.add.heading}</h2>
      {errors.form ? <ErrorBox text={errors.form} /> : null}
      <form method="post" action={staffPath(lang, `/groups/${view.group.slug}/participants/add`)} novalidate>
        <Csrf token={view.csrf} />
        <Field
          id="display_name"
          label={MESSAGES[lang].registration.name}
          value={form.display_name}
          error={errors.display_name}
        />
        <Field id="email" label={r.email} value={form.email} error={errors.email} type="email" />
        <Field id="phone" label={r.phone} value={form.phone} type="tel" />
        <LanguageChoice legend={r.language} value={form.language} idPrefix="add-language" />
        <ConsentCheckbox label={t.add.consent} checked={form.consent} error={errors.consent} />
        <p>
          <Button>{t.add.submit}</Button>
        </p>
      </form>
    </section>
  );
}

function ParticipantsPage({ lang, view }: { lang: Lang; view: ParticipantsView }) {
  const t = TEXTS[lang];
  const g = view.group;
  const base = `/groups/${g.slug}/participants`;
  const questions = g.registration_questions;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang, `/groups/${g.slug}`)}>{t.back}</a>
      </p>
      <h1>{t.title(pick(g.name, lang))}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      <p>
        <a href={`/api/v1/groups/${g.id}/registrations.csv`}>{t.csv}</a>
        {view.canRefer ? (
          <>
            {' · '}
            <a href={staffPath(lang, `/groups/${g.slug}/refer`)}>{t.refer.link}</a>
          </>
        ) : null}
      </p>
      {view.participants.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <div class="table-scroll" tabIndex={0}>
          <table class="hds-table participants">
            <thead>
              <tr>
                <th scope="col">{t.columns.name}</th>
                <th scope="col">{t.columns.status}</th>
                <th scope="col">{t.columns.contact}</th>
                <th scope="col">{t.columns.language}</th>
                {questions.length ? <th scope="col">{t.columns.answers}</th> : null}
                {view.manage ? <th scope="col">{t.columns.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {view.participants.map((p) => (
                <tr>
                  <th scope="row">{p.display_name}</th>
                  <td>
                    {p.status === 'waitlisted'
                      ? t.status.waitlisted(p.waitlist_position ?? 0)
                      : t.status[p.status]}
                  </td>
                  <td>{[p.email, p.phone].filter(Boolean).join(', ')}</td>
                  <td>{MESSAGES[lang].languageNames[p.language] ?? p.language}</td>
                  {questions.length ? (
                    <td>
                      <dl class="answers">
                        {questions.map((q) => (
                          <div>
                            <dt>{pick(q.label, lang)}</dt>
                            <dd>{answerText(p.answers[q.key], lang)}</dd>
                          </div>
                        ))}
                      </dl>
                    </td>
                  ) : null}
                  {view.manage ? (
                    <td>
                      {p.status === 'pending' ? (
                        <>
                          <form method="post" action={staffPath(lang, `${base}/${p.id}/decision`)}>
                            <Csrf token={view.csrf} />
                            <input type="hidden" name="decision" value="accept" />
                            <Button>{t.accept}</Button>
                          </form>
                          <form method="post" action={staffPath(lang, `${base}/${p.id}/decision`)}>
                            <Csrf token={view.csrf} />
                            <input type="hidden" name="decision" value="decline" />
                            <Button secondary>{t.decline}</Button>
                          </form>
                        </>
                      ) : (
                        <form method="post" action={staffPath(lang, `${base}/${p.id}/remove`)}>
                          <Csrf token={view.csrf} />
                          <Button secondary>{`${t.remove}: ${p.display_name}`}</Button>
                        </form>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.applications ? <Applications lang={lang} view={view} /> : null}
      {view.manage ? <AddParticipant lang={lang} view={view} /> : null}
      {view.manage ? (
        <section aria-labelledby="message-heading" class="no-print">
          <h2 id="message-heading">{t.message.heading}</h2>
          {view.message?.error ? <ErrorBox text={view.message.error} /> : null}
          <form method="post" action={staffPath(lang, `${base}/message`)} novalidate>
            <Csrf token={view.csrf} />
            <Field id="subject" label={t.message.subject} value={view.message?.subject ?? ''} />
            <Field id="text" label={t.message.text} value={view.message?.text ?? ''} multiline />
            <div class="hds-checkbox">
              <input
                type="checkbox"
                class="hds-checkbox__input"
                id="include_waitlist"
                name="include_waitlist"
                value="yes"
                checked={view.message?.waitlist}
              />
              <label class="hds-checkbox__label" for="include_waitlist">
                {t.message.waitlist}
              </label>
            </div>
            <p>
              <Button>{t.message.send}</Button>
            </p>
          </form>
        </section>
      ) : null}
    </>
  );
}

interface ReferForm {
  display_name: string;
  email: string;
  phone: string;
  language: Lang;
  consent: boolean;
}

function ReferPage({
  lang,
  group,
  csrf,
  form,
  errors,
  done,
  code,
}: {
  lang: Lang;
  group: GroupRow;
  csrf: string;
  form: ReferForm;
  errors: Partial<Record<'display_name' | 'email' | 'consent' | 'form', string>>;
  done?: string;
  code?: string;
}) {
  const t = TEXTS[lang].refer;
  const base = `/groups/${group.slug}/refer`;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang)}>{STAFF_BACK[lang]}</a>
      </p>
      <h1>{t.title(pick(group.name, lang))}</h1>
      {done ? <Notice text={done} /> : null}
      {errors.form ? <ErrorBox text={errors.form} /> : null}
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, base)} novalidate>
        <Csrf token={csrf} />
        <Field id="display_name" label={t.name} value={form.display_name} error={errors.display_name} />
        <Field id="email" label={t.email} value={form.email} error={errors.email} type="email" />
        <Field id="phone" label={t.phone} value={form.phone} type="tel" />
        <LanguageChoice legend={t.language} value={form.language} />
        <ConsentCheckbox label={t.consent} checked={form.consent} error={errors.consent} />
        <p>
          <Button>{t.submit}</Button>
        </p>
      </form>
      <section aria-labelledby="code-heading">
        <h2 id="code-heading">{t.codeHeading}</h2>
        <p>{t.codeIntro}</p>
        {code ? <Notice text={code} /> : null}
        <form method="post" action={staffPath(lang, `${base}/code`)}>
          <Csrf token={csrf} />
          <Button secondary>{t.codeButton}</Button>
        </form>
      </section>
    </>
  );
}

const STAFF_BACK: Record<Lang, string> = {
  fi: 'Takaisin työtilaan',
  sv: 'Tillbaka till arbetsytan',
  en: 'Back to the workspace',
};

type Req = FastifyRequest<{
  Params: { lang: string; slug: string; id?: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string>;
}>;

const str = (body: Record<string, unknown> | undefined, key: string, max = 1000) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

export function participantRoutes(staff: App, deps: Deps, kit: Kit): void {
  /** The group as this person may see it, or null (404 sent). */
  const groupFor = async (reply: FastifyReply, lang: Lang, actor: Actor, slug: string, path: string) => {
    try {
      return await inTx(deps, actor, (tx) => getGroup(tx, slug));
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        await sendNotFound(reply, lang, path, deps.publicUrl);
        return null;
      }
      throw error;
    }
  };

  const participantsPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    slug: string,
    extra: {
      done?: string;
      message?: ParticipantsView['message'];
      applicationError?: string;
      add?: ParticipantsView['add'];
      status?: number;
    } = {},
  ) => {
    const path = `/groups/${slug}/participants`;
    try {
      const { group, participants, applications, targets } = await inTx(deps, who.actor, async (tx) => {
        const listed = await listParticipants(tx, who.actor, slug, 'registrations.list');
        if (listed.group.how_to_join !== 'application')
          return { ...listed, applications: undefined, targets: [] };
        // Applicants are placed into the organisation's groups that are not over yet.
        const { rows } = await tx.query<{ id: string; slug: string; name: LocalizedText }>(
          `SELECT id, slug, name FROM groups WHERE org_id = $1 AND status IN ('draft', 'approved', 'published', 'running')
           ORDER BY name->>'fi', id`,
          [listed.group.org_id],
        );
        return { ...listed, applications: await listApplications(tx, who.actor, slug), targets: rows };
      });
      const view: ParticipantsView = {
        group,
        participants,
        applications,
        targets,
        manage: can(who.actor, 'participants.manage', group.org_id),
        canRefer: group.how_to_join === 'referral' && can(who.actor, 'referral.create', group.org_id),
        csrf: who.csrf,
        ...extra,
      };
      return kit.page(
        reply,
        lang,
        TEXTS[lang].title(pick(group.name, lang)),
        path,
        <ParticipantsPage lang={lang} view={view} />,
        { who, status: extra.status },
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 404) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
      const text = TEXTS[lang].forbidden;
      return kit.page(reply, lang, text, path, <ErrorBox text={text} />, { who, status: 403 });
    }
  };

  staff.get(
    '/:lang/staff/groups/:slug/participants',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const t = TEXTS[lang].done;
      const d = request.query.done ?? '';
      const a = TEXTS[lang].applications;
      const done =
        d === 'added'
          ? TEXTS[lang].add.added
          : d === 'placed'
            ? a.placed
            : d === 'application-declined'
              ? a.declined
              : d === 'removed' || d === 'accepted' || d === 'declined'
                ? t[d]
                : /^sent-\d+$/.test(d)
                  ? t.sent(Number(d.slice(5)))
                  : undefined;
      return participantsPage(reply, lang, who, slug, { done });
    },
  );

  /** Runs a coordinator's action, then back to the list (POST, redirect, GET). */
  const action =
    (run: (request: Req, actor: Actor) => Promise<string>) => async (request: Req, reply: FastifyReply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/groups/${slug}/participants`;
      if (!validCsrf(request)) return kit.refused(reply, lang, path);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      try {
        const done = await run(request, who.actor);
        return reply.redirect(`/${lang}/staff${path}?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404) return sendNotFound(reply, lang, `/staff${path}`, deps.publicUrl);
        const text = TEXTS[lang].forbidden;
        return kit.page(reply, lang, text, path, <ErrorBox text={text} />, { who, status: error.status });
      }
    };

  /** The registration must belong to the group in the address, or it is not found. */
  const inGroup = async (actor: Actor, slug: string, id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError(404, 'not-found', 'Not found.');
    const ok = await inTx(deps, actor, async (tx) => {
      const group = await getGroup(tx, slug);
      const { rows } = await tx.query('SELECT 1 FROM registrations WHERE id = $1 AND group_id = $2', [
        id,
        group.id,
      ]);
      return rows.length > 0;
    });
    if (!ok) throw new AppError(404, 'not-found', 'Not found.');
  };

  staff.post(
    '/:lang/staff/groups/:slug/participants/:id/remove',
    { schema: { hide: true } },
    action(async (request, actor) => {
      await inGroup(actor, request.params.slug, request.params.id!);
      await inTx(deps, actor, (tx) =>
        removeParticipant(tx, actor, request.params.id!, deps.clock(), deps.publicUrl),
      );
      return 'removed';
    }),
  );

  staff.post(
    '/:lang/staff/groups/:slug/participants/:id/decision',
    { schema: { hide: true } },
    action(async (request, actor) => {
      await inGroup(actor, request.params.slug, request.params.id!);
      const decision = str(request.body, 'decision') === 'accept' ? 'accept' : 'decline';
      await inTx(deps, actor, (tx) =>
        decideReferral(tx, actor, request.params.id!, decision, {
          now: deps.clock(),
          publicUrl: deps.publicUrl,
        }),
      );
      return decision === 'accept' ? 'accepted' : 'declined';
    }),
  );

  staff.post(
    '/:lang/staff/groups/:slug/participants/message',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, `/groups/${slug}/participants`);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const message = {
        subject: str(request.body, 'subject', 200).trim(),
        text: str(request.body, 'text', 5000).trim(),
        waitlist: str(request.body, 'include_waitlist') === 'yes',
      };
      if (!message.subject || !message.text)
        return participantsPage(reply, lang, who, slug, {
          message: { ...message, error: TEXTS[lang].message.required },
          status: 400,
        });
      return action(async (_request, actor) => {
        const { recipients } = await inTx(deps, actor, (tx) =>
          messageParticipants(
            tx,
            actor,
            slug,
            { subject: message.subject, text: message.text, include_waitlist: message.waitlist },
            deps.publicUrl,
          ),
        );
        return `sent-${recipients}`;
      })(request, reply);
    },
  );

  /** Reads the person form shared by adding by hand and referring. */
  const readPerson = (body: Record<string, unknown> | undefined, lang: Lang) => {
    const t = TEXTS[lang].refer.errors;
    const language = str(body, 'language');
    const form: ReferForm = {
      display_name: str(body, 'display_name', 100).trim(),
      email: str(body, 'email', 254).trim(),
      phone: str(body, 'phone', 30).trim(),
      language: isLang(language) ? language : lang,
      consent: str(body, 'consent') === 'yes',
    };
    const errors: Partial<Record<'display_name' | 'email' | 'consent' | 'form', string>> = {};
    if (!form.display_name) errors.display_name = t.name;
    if (!form.email && !form.phone) errors.email = t.contact;
    if (!form.consent) errors.consent = t.consent;
    return { form, errors };
  };

  staff.post(
    '/:lang/staff/groups/:slug/participants/add',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, `/groups/${slug}/participants`);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const { form, errors } = readPerson(request.body, lang);
      if (Object.keys(errors).length)
        return participantsPage(reply, lang, who, slug, { add: { form, errors }, status: 400 });
      try {
        await inTx(deps, who.actor, (tx) =>
          addByHand(
            tx,
            who.actor,
            slug,
            {
              display_name: form.display_name,
              email: form.email || null,
              phone: form.phone || null,
              language: form.language,
              consent: true,
            },
            { now: deps.clock(), publicUrl: deps.publicUrl },
          ),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404)
          return sendNotFound(reply, lang, `/staff/groups/${slug}/participants`, deps.publicUrl);
        const t = TEXTS[lang];
        const field = error.errors[0]?.field;
        const add =
          field === 'email' || field === 'phone'
            ? { form, errors: { email: t.refer.errors.contact } }
            : { form, errors: { form: error.code === 'group-full' ? t.add.full : t.forbidden } };
        return participantsPage(reply, lang, who, slug, { add, status: error.status });
      }
      return reply.redirect(`/${lang}/staff/groups/${slug}/participants?done=added`, 303);
    },
  );

  /** The application must be to the group in the address, or it is not found. */
  const applicationIn = async (actor: Actor, slug: string, id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError(404, 'not-found', 'Not found.');
    const ok = await inTx(deps, actor, async (tx) => {
      const group = await getGroup(tx, slug);
      const { rows } = await tx.query('SELECT 1 FROM applications WHERE id = $1 AND group_id = $2', [
        id,
        group.id,
      ]);
      return rows.length > 0;
    });
    if (!ok) throw new AppError(404, 'not-found', 'Not found.');
  };

  staff.post(
    '/:lang/staff/groups/:slug/participants/applications/:id/place',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, `/groups/${slug}/participants`);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      try {
        await applicationIn(who.actor, slug, request.params.id!);
        await inTx(deps, who.actor, (tx) =>
          placeApplication(tx, who.actor, request.params.id!, str(request.body, 'group', 100), {
            now: deps.clock(),
            publicUrl: deps.publicUrl,
          }),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404)
          return sendNotFound(reply, lang, `/staff/groups/${slug}/participants`, deps.publicUrl);
        const t = TEXTS[lang];
        return participantsPage(reply, lang, who, slug, {
          applicationError: error.code === 'group-full' ? t.applications.full : t.forbidden,
          status: error.status,
        });
      }
      return reply.redirect(`/${lang}/staff/groups/${slug}/participants?done=placed`, 303);
    },
  );

  staff.post(
    '/:lang/staff/groups/:slug/participants/applications/:id/decline',
    { schema: { hide: true } },
    action(async (request, actor) => {
      await applicationIn(actor, request.params.slug, request.params.id!);
      await inTx(deps, actor, (tx) => declineApplication(tx, actor, request.params.id!, deps.clock()));
      return 'application-declined';
    }),
  );

  // ---------------------------------------------------------------- referring a client

  const referPage = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    group: GroupRow,
    view: {
      form?: ReferForm;
      errors?: Partial<Record<'display_name' | 'email' | 'consent' | 'form', string>>;
      done?: string;
      code?: string;
      status?: number;
    } = {},
  ) =>
    kit.page(
      reply,
      lang,
      TEXTS[lang].refer.title(pick(group.name, lang)),
      `/groups/${group.slug}/refer`,
      <ReferPage
        lang={lang}
        group={group}
        csrf={who.csrf}
        form={view.form ?? { display_name: '', email: '', phone: '', language: lang, consent: false }}
        errors={view.errors ?? {}}
        done={view.done}
        code={view.code}
      />,
      { who, status: view.status },
    );

  /** The referral group this person may refer to, or null with the answer already sent. */
  const referralGroup = async (
    request: Req,
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
  ) => {
    const slug = request.params.slug;
    const group = await groupFor(reply, lang, who.actor, slug, `/staff/groups/${slug}/refer`);
    if (!group) return null;
    if (group.how_to_join !== 'referral' || !can(who.actor, 'referral.create', group.org_id)) {
      const text = TEXTS[lang].forbidden;
      await kit.page(reply, lang, text, `/groups/${slug}/refer`, <ErrorBox text={text} />, {
        who,
        status: 403,
      });
      return null;
    }
    return group;
  };

  staff.get('/:lang/staff/groups/:slug/refer', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const group = await referralGroup(request, reply, lang, who);
    if (!group) return reply;
    return referPage(reply, lang, who, group, {
      done: request.query.done === 'referred' ? TEXTS[lang].done.referred : undefined,
    });
  });

  staff.post('/:lang/staff/groups/:slug/refer', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang, slug } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, `/groups/${slug}/refer`);
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const group = await referralGroup(request, reply, lang, who);
    if (!group) return reply;
    const t = TEXTS[lang].refer.errors;
    const { form, errors } = readPerson(request.body, lang);
    if (Object.keys(errors).length) return referPage(reply, lang, who, group, { form, errors, status: 400 });
    try {
      await inTx(deps, who.actor, (tx) =>
        referClient(
          tx,
          who.actor,
          group.id,
          {
            display_name: form.display_name,
            email: form.email || null,
            phone: form.phone || null,
            language: form.language,
            consent: true,
          },
          { now: deps.clock(), publicUrl: deps.publicUrl },
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = error.errors[0]?.field;
      if (field === 'email' || field === 'phone')
        return referPage(reply, lang, who, group, {
          form,
          errors: { email: t.contact },
          status: error.status,
        });
      return referPage(reply, lang, who, group, { form, errors: { form: t.closed }, status: error.status });
    }
    return reply.redirect(`/${lang}/staff/groups/${slug}/refer?done=referred`, 303);
  });

  staff.post(
    '/:lang/staff/groups/:slug/refer/code',
    { schema: { hide: true } },
    async (request: Req, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, `/groups/${slug}/refer`);
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const group = await referralGroup(request, reply, lang, who);
      if (!group) return reply;
      const { code, expires_at } = await inTx(deps, who.actor, (tx) =>
        createReferralCode(tx, who.actor, group.id, deps.clock()),
      );
      // Shown once, on this answer only: the code is not kept anywhere readable.
      const until = formatLongDate(expires_at, lang);
      return referPage(reply, lang, who, group, { code: TEXTS[lang].refer.code(code, until) });
    },
  );
}
