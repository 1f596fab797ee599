/**
 * The audit log of an organisation for its coordinators and admins: who read, exported or
 * changed participants' data, what and why, newest first; filtered by action and by days,
 * a page at a time. The same log the API serves (`GET /organizations/{org}/access-log`).
 * Server-rendered; the filter form is a plain GET form that works without JavaScript.
 */
import { actorName } from './actor-name.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { formatDateTime, helsinkiDays, isCalendarDay } from '../shared/time.ts';
import { accessLog, type AccessLogEntry } from '../enrolment/service.ts';
import { AUDIT_ACTIONS, type AuditAction, type AuditPurpose } from '../privacy/audit.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { inLang } from '../web/layout.tsx';
import { sendNotFound } from '../web/send.tsx';
import { Field } from '../web/fields.tsx';
import type { Kit } from './participants.tsx';
import { organisationNames } from './repository.ts';

/** Entries on one page. */
export const AUDIT_PAGE_SIZE = 50;

type SubjectType = 'registration' | 'application' | 'session' | 'group';

interface Texts {
  title: string;
  intro: string;
  organisation: string;
  show: string;
  filters: string;
  action: string;
  allActions: string;
  from: string;
  to: string;
  dateHint: string;
  filter: string;
  clear: string;
  columns: { at: string; actor: string; action: string; subject: string; purpose: string; records: string };
  none: string;
  older: string;
  newest: string;
  pages: string;
  errors: { date: string; range: string; heading: string };
  refused: string;
  actions: Record<AuditAction, string>;
  purposes: Record<AuditPurpose, string>;
  subjects: Record<SubjectType, string>;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Tietojen käsittelyloki',
    intro:
      'Kuka luki, vei tai muutti osallistujien, lähetettyjen ja hakijoiden tietoja, mitä ja mihin tarkoitukseen. Uusimmat ensin.',
    organisation: 'Organisaatio',
    show: 'Näytä',
    filters: 'Rajaa merkintöjä',
    action: 'Toiminto',
    allActions: 'Kaikki toiminnot',
    from: 'Alkaen',
    to: 'Päättyen',
    dateHint: 'Päivämäärä, esim. 31.12.2026. Voit jättää tyhjäksi.',
    filter: 'Rajaa',
    clear: 'Poista rajaukset',
    columns: {
      at: 'Aika',
      actor: 'Kuka',
      action: 'Mitä',
      subject: 'Kohde',
      purpose: 'Käyttötarkoitus',
      records: 'Henkilöitä',
    },
    none: 'Ei merkintöjä.',
    older: 'Vanhemmat merkinnät',
    newest: 'Uusimmat merkinnät',
    pages: 'Lokin sivut',
    errors: {
      date: 'Anna päivämäärä, esim. 31.12.2026.',
      range: 'Loppupäivä on ennen alkupäivää.',
      heading: 'Rajausta ei voitu tehdä',
    },
    refused: 'Tietojen käsittelylokin näkevät organisaation koordinaattorit ja pääkäyttäjät.',
    actions: {
      'registrations.list': 'Katsoi osallistujaluetteloa',
      'registrations.export': 'Vei osallistujaluettelon',
      'registration.create': 'Ilmoittautui',
      'registration.add': 'Lisäsi osallistujan',
      'registration.cancel': 'Perui ilmoittautumisen',
      'registration.promote': 'Siirsi jonosta ryhmään',
      'registration.remove': 'Poisti osallistujan',
      'answers.update': 'Muutti vastauksia',
      'referral.create': 'Teki lähetteen',
      'referral.accept': 'Hyväksyi lähetteen',
      'referral.decline': 'Hylkäsi lähetteen',
      'applications.list': 'Katsoi hakemuksia',
      'applications.count': 'Laski perheitä hakemusten taustatiedosta',
      'application.create': 'Haki ryhmään',
      'application.place': 'Sijoitti hakijan ryhmään',
      'application.decline': 'Hylkäsi hakemuksen',
      'attendance.read': 'Katsoi läsnäoloja',
      'attendance.record': 'Kirjasi läsnäolot',
      'session_notes.read': 'Luki kokoontumisen muistiinpanot',
      'session_notes.update': 'Kirjoitti kokoontumisen muistiinpanot',
      'retention.anonymise': 'Anonymisoi säilytysajan päätyttyä',
      'subject.export': 'Rekisteröity vei omat tietonsa',
      'subject.erase': 'Rekisteröity poisti omat tietonsa',
    },
    purposes: {
      'group administration': 'ryhmän hallinnointi',
      'referral handling': 'lähetteiden käsittely',
      attendance: 'läsnäolon kirjaus',
      retention: 'säilytysajan päättyminen',
      'data subject request': 'rekisteröidyn pyyntö',
    },
    subjects: {
      registration: 'ilmoittautuminen',
      application: 'hakemus',
      session: 'kokoontuminen',
      group: 'ryhmä',
    },
  },
  sv: {
    title: 'Logg över behandling av uppgifter',
    intro:
      'Vem läste, exporterade eller ändrade uppgifter om deltagare, remitterade och sökande, vad och för vilket ändamål. Nyaste först.',
    organisation: 'Organisation',
    show: 'Visa',
    filters: 'Avgränsa posterna',
    action: 'Åtgärd',
    allActions: 'Alla åtgärder',
    from: 'Från och med',
    to: 'Till och med',
    dateHint: 'Ett datum, t.ex. 31.12.2026. Kan lämnas tomt.',
    filter: 'Avgränsa',
    clear: 'Ta bort avgränsningarna',
    columns: {
      at: 'Tid',
      actor: 'Vem',
      action: 'Vad',
      subject: 'Gäller',
      purpose: 'Ändamål',
      records: 'Personer',
    },
    none: 'Inga poster.',
    older: 'Äldre poster',
    newest: 'Nyaste posterna',
    pages: 'Loggens sidor',
    errors: {
      date: 'Ange ett datum, t.ex. 31.12.2026.',
      range: 'Slutdatumet är före startdatumet.',
      heading: 'Avgränsningen kunde inte göras',
    },
    refused: 'Loggen över behandling av uppgifter ser organisationens koordinatorer och huvudanvändare.',
    actions: {
      'registrations.list': 'Såg deltagarlistan',
      'registrations.export': 'Exporterade deltagarlistan',
      'registration.create': 'Anmälde sig',
      'registration.add': 'Lade till en deltagare',
      'registration.cancel': 'Avbokade en anmälan',
      'registration.promote': 'Flyttade från kön till gruppen',
      'registration.remove': 'Tog bort en deltagare',
      'answers.update': 'Ändrade svar',
      'referral.create': 'Gjorde en remiss',
      'referral.accept': 'Godkände en remiss',
      'referral.decline': 'Avslog en remiss',
      'applications.list': 'Såg ansökningarna',
      'applications.count': 'Räknade familjer enligt ansökningarnas bakgrund',
      'application.create': 'Ansökte till en grupp',
      'application.place': 'Placerade en sökande i en grupp',
      'application.decline': 'Avslog en ansökan',
      'attendance.read': 'Såg närvaron',
      'attendance.record': 'Antecknade närvaron',
      'session_notes.read': 'Läste träffens anteckningar',
      'session_notes.update': 'Skrev träffens anteckningar',
      'retention.anonymise': 'Anonymiserade efter lagringstiden',
      'subject.export': 'Den registrerade exporterade sina uppgifter',
      'subject.erase': 'Den registrerade raderade sina uppgifter',
    },
    purposes: {
      'group administration': 'gruppens administration',
      'referral handling': 'hantering av remisser',
      attendance: 'närvaro',
      retention: 'lagringstidens slut',
      'data subject request': 'den registrerades begäran',
    },
    subjects: {
      registration: 'anmälan',
      application: 'ansökan',
      session: 'träff',
      group: 'grupp',
    },
  },
  en: {
    title: 'Audit log',
    intro:
      'Who read, exported or changed the data of participants, referred people and applicants, what and for which purpose. Newest first.',
    organisation: 'Organisation',
    show: 'Show',
    filters: 'Filter the entries',
    action: 'Action',
    allActions: 'All actions',
    from: 'From',
    to: 'To',
    dateHint: 'A date, e.g. 31.12.2026. May be left empty.',
    filter: 'Filter',
    clear: 'Clear the filters',
    columns: {
      at: 'Time',
      actor: 'Who',
      action: 'What',
      subject: 'Concerning',
      purpose: 'Purpose',
      records: 'People',
    },
    none: 'No entries.',
    older: 'Older entries',
    newest: 'Newest entries',
    pages: 'Pages of the log',
    errors: {
      date: 'Give a date, e.g. 31.12.2026.',
      range: 'The end date is before the start date.',
      heading: 'The filter could not be applied',
    },
    refused: "The organisation's coordinators and admins see the audit log.",
    actions: {
      'registrations.list': 'Looked at the participant list',
      'registrations.export': 'Exported the participant list',
      'registration.create': 'Registered',
      'registration.add': 'Added a participant',
      'registration.cancel': 'Cancelled a registration',
      'registration.promote': 'Moved from the waiting list into the group',
      'registration.remove': 'Removed a participant',
      'answers.update': 'Changed answers',
      'referral.create': 'Made a referral',
      'referral.accept': 'Accepted a referral',
      'referral.decline': 'Declined a referral',
      'applications.list': 'Looked at the applications',
      'applications.count': 'Counted families by the background in applications',
      'application.create': 'Applied to a group',
      'application.place': 'Placed an applicant in a group',
      'application.decline': 'Declined an application',
      'attendance.read': 'Looked at attendance',
      'attendance.record': 'Recorded attendance',
      'session_notes.read': "Read a meeting's notes",
      'session_notes.update': "Wrote a meeting's notes",
      'retention.anonymise': 'Anonymised after the retention period',
      'subject.export': 'The person exported their own data',
      'subject.erase': 'The person erased their own data',
    },
    purposes: {
      'group administration': 'group administration',
      'referral handling': 'referral handling',
      attendance: 'attendance',
      retention: 'end of the retention period',
      'data subject request': 'data subject request',
    },
    subjects: {
      registration: 'registration',
      application: 'application',
      session: 'meeting',
      group: 'group',
    },
  },
};

/** The audit log link's text, for the start page. */
export const auditLinkText = (lang: Lang) => TEXTS[lang].title;

/** The organisations whose audit log this person may see. */
export const auditOrgs = (actor: Actor) =>
  [...actor.roles.keys()].filter((id) => can(actor, 'participants.manage', id));

interface Filters {
  action: string;
  from: string;
  to: string;
}
type FilterErrors = Partial<Record<keyof Filters, string>>;

interface AuditView {
  orgs: { id: string; name: LocalizedText }[];
  org: { id: string; name: LocalizedText };
  filters: Filters;
  errors: FilterErrors;
  entries: AccessLogEntry[] | null;
  older: string | null;
  paged: boolean;
}

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

/** A day typed as 2026-12-31 (what a date input sends) or as 31.12.2026, as YYYY-MM-DD. */
export function readDay(text: string): string | null {
  const finnish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const day = finnish
    ? `${finnish[3]}-${finnish[2]!.padStart(2, '0')}-${finnish[1]!.padStart(2, '0')}`
    : text;
  return isCalendarDay(day) ? day : null;
}

function queryOf(orgId: string, filters: Filters, before?: string): string {
  const q = new URLSearchParams({ org: orgId });
  if (filters.action) q.set('action', filters.action);
  if (filters.from) q.set('from', filters.from);
  if (filters.to) q.set('to', filters.to);
  if (before) q.set('before', before);
  return q.toString();
}

function Button({ children, secondary }: { children: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button ${secondary ? 'hds-button--secondary' : 'hds-button--primary'}`}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function AuditPage({ lang, view }: { lang: Lang; view: AuditView }) {
  const t = TEXTS[lang];
  const errors = Object.entries(view.errors) as [keyof Filters, string][];
  const actor = (label: string) => actorName(label, lang);
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {view.orgs.length > 1 ? (
        <form method="get" action={staffPath(lang, '/audit')} class="staff-form">
          <div class="staff-select">
            <label for="org">{t.organisation}</label>{' '}
            <select id="org" name="org">
              {view.orgs.map((o) => (
                <option value={o.id} selected={o.id === view.org.id}>
                  {pick(o.name, lang)}
                </option>
              ))}
            </select>{' '}
            <Button secondary>{t.show}</Button>
          </div>
        </form>
      ) : null}
      <h2 id="org-heading">{pick(view.org.name, lang)}</h2>

      <section aria-labelledby="filters-heading" class="staff-section">
        <h3 id="filters-heading">{t.filters}</h3>
        {errors.length > 0 ? (
          <div class="hds-notification hds-notification--error" role="alert" aria-labelledby="errors-heading">
            <div class="hds-notification__content">
              <p id="errors-heading" class="small-heading">
                {t.errors.heading}
              </p>
              <ul>
                {errors.map(([field, message]) => (
                  <li>
                    <a href={`#${field}`}>{message}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
        <form method="get" action={staffPath(lang, '/audit')} class="staff-form" novalidate>
          <input type="hidden" name="org" value={view.org.id} />
          <div class="staff-select">
            <label for="action">{t.action}</label>{' '}
            <select id="action" name="action">
              <option value="" selected={!view.filters.action}>
                {t.allActions}
              </option>
              {AUDIT_ACTIONS.map((a) => (
                <option value={a} selected={a === view.filters.action}>
                  {t.actions[a]}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="from"
            label={t.from}
            type="date"
            hint={t.dateHint}
            value={view.filters.from}
            error={view.errors.from}
          />
          <Field
            id="to"
            label={t.to}
            type="date"
            hint={t.dateHint}
            value={view.filters.to}
            error={view.errors.to}
          />
          <p class="button-row">
            <Button>{t.filter}</Button>
            <a
              class="hds-button hds-button--supplementary"
              href={staffPath(lang, `/audit?org=${view.org.id}`)}
            >
              <span class="hds-button__label">{t.clear}</span>
            </a>
          </p>
        </form>
      </section>

      {view.entries ? (
        <section aria-labelledby="org-heading" class="staff-section">
          {view.entries.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <div class="table-scroll" tabIndex={0}>
              <table class="hds-table">
                <thead>
                  <tr>
                    <th scope="col">{t.columns.at}</th>
                    <th scope="col">{t.columns.actor}</th>
                    <th scope="col">{t.columns.action}</th>
                    <th scope="col">{t.columns.subject}</th>
                    <th scope="col">{t.columns.purpose}</th>
                    <th scope="col">{t.columns.records}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.entries.map((e) => (
                    <tr>
                      <th scope="row">
                        <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, lang)}</time>
                      </th>
                      <td>{actor(e.actor_label)}</td>
                      <td>{t.actions[e.action as AuditAction] ?? e.action}</td>
                      <td>
                        <Subject lang={lang} entry={e} />
                      </td>
                      <td>{t.purposes[e.purpose as AuditPurpose] ?? e.purpose}</td>
                      <td>{e.records}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.paged || view.older ? (
            <nav class="pager" aria-label={t.pages}>
              {view.paged ? (
                <a href={staffPath(lang, `/audit?${queryOf(view.org.id, view.filters)}`)}>{t.newest}</a>
              ) : (
                <span />
              )}
              {view.older ? (
                <a href={staffPath(lang, `/audit?${queryOf(view.org.id, view.filters, view.older)}`)}>
                  {t.older}
                </a>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** What an entry is about: the group (linked to its workspace page) and the kind of record. */
function Subject({ lang, entry }: { lang: Lang; entry: AccessLogEntry }) {
  const t = TEXTS[lang];
  const kind = entry.subject_type ? t.subjects[entry.subject_type as SubjectType] : null;
  const group =
    entry.group_slug && entry.group_name ? (
      <a href={staffPath(lang, `/groups/${entry.group_slug}`)}>{pick(entry.group_name, lang)}</a>
    ) : null;
  if (kind && entry.subject_type === 'session' && entry.subject_id)
    return (
      <>
        {group}
        {group ? ', ' : null}
        <a href={staffPath(lang, `/sessions/${entry.subject_id}`)}>{kind}</a>
      </>
    );
  return (
    <>
      {group}
      {group && kind && entry.subject_type !== 'group' ? `, ${kind}` : null}
      {!group && kind ? kind : null}
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string };
  Querystring: Record<string, string | string[] | undefined>;
}>;

const one = (value: string | string[] | undefined, max = 100) =>
  (typeof value === 'string' ? value : '').trim().slice(0, max);

export function auditRoutes(staff: App, deps: Deps, kit: Kit): void {
  staff.get('/:lang/staff/audit', { schema: { hide: true } }, async (request: Req, reply: FastifyReply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = TEXTS[lang];
    const allowed = auditOrgs(who.actor);
    if (allowed.length === 0)
      return kit.page(
        reply,
        lang,
        t.title,
        '/audit',
        <div class="hds-notification hds-notification--error" role="alert">
          <div class="hds-notification__content">
            <p>{t.refused}</p>
          </div>
        </div>,
        { who, status: 403 },
      );
    const q = request.query;
    const orgId = one(q.org, 40);
    if (orgId && !allowed.includes(orgId)) return sendNotFound(reply, lang, '/staff/audit', deps.publicUrl);

    const filters: Filters = { action: one(q.action, 40), from: one(q.from, 20), to: one(q.to, 20) };
    const errors: FilterErrors = {};
    const action = (AUDIT_ACTIONS as readonly string[]).includes(filters.action) ? filters.action : undefined;
    if (!action) filters.action = '';
    const from = filters.from ? readDay(filters.from) : null;
    const to = filters.to ? readDay(filters.to) : null;
    if (filters.from && !from) errors.from = t.errors.date;
    if (filters.to && !to) errors.to = t.errors.date;
    if (from && to && to < from) errors.to = t.errors.range;
    const before = /^[0-9]{1,18}$/.test(one(q.before, 20)) ? one(q.before, 20) : undefined;
    const valid = Object.keys(errors).length === 0;

    const view = await inTx(deps, who.actor, async (tx): Promise<AuditView> => {
      const orgs = await organisationNames(tx, allowed);
      const org = orgs.find((o) => o.id === orgId) ?? orgs[0]!;
      const rows = valid
        ? await accessLog(tx, who.actor, org.id, {
            limit: AUDIT_PAGE_SIZE + 1,
            before,
            action,
            ...helsinkiDays(from ?? undefined, to ?? undefined),
          })
        : null;
      const entries = rows?.slice(0, AUDIT_PAGE_SIZE) ?? null;
      return {
        orgs,
        org,
        filters,
        errors,
        entries,
        older: rows && rows.length > AUDIT_PAGE_SIZE ? entries!.at(-1)!.id : null,
        paged: before !== undefined,
      };
    });
    return kit.page(
      reply,
      lang,
      t.title,
      `/audit?${queryOf(view.org.id, view.filters, before)}`,
      <AuditPage lang={lang} view={view} />,
      { who, status: valid ? 200 : 400 },
    );
  });
}
