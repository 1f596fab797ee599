import type { ComponentChildren } from 'preact';
import { actorName } from './actor-name.ts';
import type { GroupJson } from '../groups/service.ts';
import type { GroupStatus, LifecycleAction } from '../groups/lifecycle.ts';
import { FACILITATION_STYLES, JOIN_WAYS, MODES, SUSPENSION_REASONS } from '../groups/schemas.ts';
import type { Role } from '../accounts/permissions.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { langOf, MESSAGES, pick, type Lang } from '../web/i18n.ts';
import { formatDate, formatSessionTime, formatDateTime } from '../shared/time.ts';
import { inLang } from '../web/layout.tsx';
import { STAFF_MESSAGES, type GroupFormField } from './i18n.ts';
import { Field } from '../web/fields.tsx';

export { Field };
import {
  formOf,
  GROUP_LANGUAGES,
  type GroupForm,
  type GroupFormErrors,
  type LifecycleFields,
  type LifecycleForm,
} from './forms.ts';
import { CSRF_FIELD } from './security.ts';
import { GroupPeopleLinks } from './participants.tsx';
import { scheduleTexts } from './schedule.tsx';
import { venueTexts } from './venues.tsx';
import { AttendanceLink, GroupSessionsLink } from './sessions.tsx';
import {
  GroupRunningPanel,
  OrgLinks,
  WarningsSection,
  type OrgWarnings,
  type RunningPanelView,
} from './group-admin.tsx';

type Localized = Partial<Record<string, string>> | null | undefined;

/** A text from the data, marked with its own language when it had to fall back. */
function Text({ text, lang }: { text: Localized; lang: Lang }) {
  const own = langOf(text, lang);
  return <span lang={own === lang ? undefined : own}>{pick(text, lang)}</span>;
}

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

function Button({ children, name, value }: { children: ComponentChildren; name?: string; value?: string }) {
  return (
    <button type="submit" class="hds-button hds-button--primary" name={name} value={value}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

/** The workspace's part of the site header: where one is, who is signed in, and signing out. */
export function StaffHeader({ lang, who, csrf }: { lang: Lang; who: string; csrf: string }) {
  const t = STAFF_MESSAGES[lang];
  return (
    <nav class="staff-nav" aria-label={t.staffNav}>
      <a href={staffPath(lang)}>{t.workspace}</a>
      <a href={staffPath(lang, '/passkeys')}>{t.passkeys}</a>
      <a href={staffPath(lang, '/password')}>{t.password}</a>
      <a href={staffPath(lang, '/sessions')}>{t.sessions}</a>
      <span class="staff-nav__who">{t.signedInAs(who)}</span>
      <form method="post" action={staffPath(lang, '/sign-out')} class="staff-nav__sign-out">
        <Csrf token={csrf} />
        <button type="submit">{t.signIn.signOut}</button>
      </form>
    </nav>
  );
}

function ErrorSummary({
  heading,
  errors,
  lang,
}: {
  heading: string;
  errors: [string, string][];
  lang: Lang;
}) {
  if (errors.length === 0) return null;
  return (
    <div class="hds-notification hds-notification--error" role="alert" aria-labelledby="errors-heading">
      <div class="hds-notification__content">
        <h2 id="errors-heading" class="small-heading" lang={lang}>
          {heading}
        </h2>
        <ul>
          {errors.map(([field, message]) => (
            <li>{field === 'form' ? message : <a href={`#${field}`}>{message}</a>}</li>
          ))}
        </ul>
      </div>
    </div>
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

// ------------------------------------------------------------------ sign-in

export function SignInPage({
  lang,
  email,
  error,
  notice,
  token,
  next,
  passkey,
}: {
  lang: Lang;
  email: string;
  error?: string;
  notice?: string;
  token: string;
  next: string;
  /** signing in with a passkey instead (shown only when the browser runs the passkey script) */
  passkey?: ComponentChildren;
}) {
  const t = STAFF_MESSAGES[lang].signIn;
  return (
    <>
      <h1>{t.title}</h1>
      {notice ? <Notice text={notice} /> : null}
      <p>{t.intro}</p>
      <form method="post" action={staffPath(lang, '/sign-in')} class="staff-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={token} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {error ? (
          <p class="hds-text-input__error-text" id="sign-in-error" role="alert">
            {error}
          </p>
        ) : null}
        <Field
          id="email"
          label={t.email}
          type="email"
          autocomplete="username"
          value={email}
          required
          describedBy={error ? 'sign-in-error' : undefined}
        />
        <Field
          id="password"
          label={t.password}
          type="password"
          autocomplete="current-password"
          value=""
          required
          describedBy={error ? 'sign-in-error' : undefined}
        />
        <p>
          <Button>{t.submit}</Button>
        </p>
        <p>
          <a href={staffPath(lang, '/password/forgot')}>{t.forgotPassword}</a>
        </p>
      </form>
      {passkey}
      <p>
        <a href={inLang(lang, '/')}>{t.publicSite}</a>
      </p>
    </>
  );
}

// ------------------------------------------------------------------ start page

export interface GroupLine {
  slug: string;
  name: LocalizedText;
  status: GroupStatus;
  next_session: { starts_at: string; ends_at: string } | null;
}

export interface OrgSection {
  id: string;
  name: LocalizedText;
  roles: Role[];
  /** present for coordinators and admins */
  managed: { needsAction: GroupLine[]; all: GroupLine[] } | null;
  /** present for board members */
  proposals: GroupLine[] | null;
  /** present for coordinators and admins: low attendance, stale listings */
  warnings?: OrgWarnings;
  /** the organisation's pages this person may use (the audit log: coordinators and admins) */
  pages: { people: boolean; settings: boolean; audit: boolean };
}

export interface StartView {
  orgs: OrgSection[];
  canCreate: boolean;
  /** present for facilitators */
  facilitated:
    | { group: GroupLine; sessions: { id?: string; starts_at: string; ends_at: string; status: string }[] }[]
    | null;
  /** present for referrers */
  referrals:
    | { id: string; groupName: LocalizedText | null; slug: string; status: string; created_at: string }[]
    | null;
  notice?: string;
  csrf?: string;
}

function Status({ status, lang }: { status: GroupStatus; lang: Lang }) {
  return <span class={`status status--${status}`}>{STAFF_MESSAGES[lang].status[status]}</span>;
}

function GroupList({
  groups,
  lang,
  hints,
  empty,
}: {
  groups: GroupLine[];
  lang: Lang;
  hints?: boolean;
  empty: string;
}) {
  const t = STAFF_MESSAGES[lang];
  if (groups.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="staff-list">
      {groups.map((g) => (
        <li>
          <a href={staffPath(lang, `/groups/${g.slug}`)}>
            <Text text={g.name} lang={lang} />
          </a>{' '}
          <Status status={g.status} lang={lang} />
          {hints && t.actionHints[g.status] ? (
            <span class="staff-list__hint">{t.actionHints[g.status]}</span>
          ) : null}
          {!hints && g.next_session ? (
            <span class="staff-list__hint">
              {t.table.nextSession}:{' '}
              {formatSessionTime(g.next_session.starts_at, g.next_session.ends_at, lang)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function StartPage({ lang, view }: { lang: Lang; view: StartView }) {
  const t = STAFF_MESSAGES[lang];
  const s = t.start;
  return (
    <>
      <h1>{s.title}</h1>
      {view.notice ? <Notice text={view.notice} /> : null}
      {view.canCreate ? (
        <p>
          <a class="hds-button hds-button--secondary" href={staffPath(lang, '/groups/new')}>
            <span class="hds-button__label">{s.newGroup}</span>
          </a>
        </p>
      ) : null}
      {view.orgs.length === 0 ? <p>{s.noRoles}</p> : null}
      {view.orgs.map((org) => (
        <section aria-labelledby={`org-${org.id}`} class="staff-section">
          <h2 id={`org-${org.id}`}>
            <Text text={org.name} lang={lang} />
          </h2>
          <p class="muted">
            {s.roles}: {org.roles.map((r) => s.roleNames[r]).join(', ')}
          </p>
          <OrgLinks lang={lang} orgId={org.id} pages={org.pages} />
          {org.proposals ? (
            <>
              <h3>{s.proposals}</h3>
              <GroupList groups={org.proposals} lang={lang} empty={s.noProposals} />
            </>
          ) : null}
          {org.managed ? (
            <>
              {org.warnings ? (
                <WarningsSection lang={lang} orgKey={org.id} csrf={view.csrf ?? ''} warnings={org.warnings} />
              ) : null}
              <h3>{s.needsAction}</h3>
              <GroupList groups={org.managed.needsAction} lang={lang} hints empty={s.nothingNeedsAction} />
              <h3>{s.allGroups}</h3>
              <GroupList groups={org.managed.all} lang={lang} empty={s.noGroups} />
            </>
          ) : null}
        </section>
      ))}
      {view.facilitated ? (
        <section aria-labelledby="my-groups" class="staff-section">
          <h2 id="my-groups">{s.myGroups}</h2>
          {view.facilitated.length === 0 ? <p class="muted">{s.noMyGroups}</p> : null}
          {view.facilitated.map(({ group, sessions }) => (
            <>
              <h3>
                <a href={staffPath(lang, `/groups/${group.slug}`)}>
                  <Text text={group.name} lang={lang} />
                </a>{' '}
                <Status status={group.status} lang={lang} />
              </h3>
              <Sessions sessions={sessions} lang={lang} empty={s.noSessions} label={s.nextSessions} />
            </>
          ))}
        </section>
      ) : null}
      {view.referrals ? (
        <section aria-labelledby="my-referrals" class="staff-section">
          <h2 id="my-referrals">{s.myReferrals}</h2>
          {view.referrals.length === 0 ? (
            <p class="muted">{s.noReferrals}</p>
          ) : (
            <ul class="staff-list">
              {view.referrals.map((r) => (
                <li>
                  {r.groupName ? <Text text={r.groupName} lang={lang} /> : r.slug}{' '}
                  <span class="status">
                    {t.referralStatus[r.status as keyof typeof t.referralStatus] ?? r.status}
                  </span>
                  <span class="staff-list__hint">
                    {s.referredOn} {formatDate(r.created_at, lang)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  );
}

function Sessions({
  sessions,
  lang,
  empty,
  label,
}: {
  sessions: { id?: string; starts_at: string; ends_at: string; status: string }[];
  lang: Lang;
  empty: string;
  label: string;
}) {
  const t = STAFF_MESSAGES[lang];
  if (sessions.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="sessions" aria-label={label}>
      {sessions.map((x) => (
        <li class={x.status === 'cancelled' ? 'session--cancelled' : undefined}>
          <time dateTime={x.starts_at}>{formatSessionTime(x.starts_at, x.ends_at, lang)}</time>
          {x.status === 'cancelled' ? ` (${t.group.cancelled})` : ''}
          {x.id && x.status !== 'cancelled' ? (
            <>
              {' – '}
              <AttendanceLink lang={lang} sessionId={x.id} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

// ------------------------------------------------------------------ group workspace

export interface LifecycleError {
  form: LifecycleForm;
  message: string;
  /** further lines under the message, e.g. what stands in the way of publishing */
  details: string[];
  fields: Partial<Record<keyof LifecycleFields, string>>;
}

export interface GroupView {
  group: GroupJson;
  /** facilitators and costs links, missing trainings, the low-attendance rule */
  running?: RunningPanelView;
  /** the actions this person may take now */
  actions: LifecycleAction[];
  canReplace: boolean;
  /** may change the group's details */
  canEdit?: boolean;
  events: {
    created_at: string;
    actor_label: string;
    action: string;
    from_status: string | null;
    to_status: string | null;
    details: Record<string, unknown>;
  }[];
  sessions: { starts_at: string; ends_at: string; status: string }[];
  today: string;
  csrf: string;
  done?: string;
  error?: LifecycleError;
  fields?: LifecycleFields;
}

function ActionForm({
  lang,
  slug,
  form,
  view,
  children,
}: {
  lang: Lang;
  slug: string;
  form: LifecycleForm;
  view: GroupView;
  children: ComponentChildren;
}) {
  const t = STAFF_MESSAGES[lang].lifecycle;
  const error = view.error?.form === form ? view.error : undefined;
  const headingId = `action-${form}`;
  return (
    <section class="staff-action" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.headings[form]}</h3>
      <p class="muted" id={`${form}-hint`}>
        {t.hints[form]}
      </p>
      {error ? (
        <div class="hds-notification hds-notification--error" role="alert" id={`${form}-error`}>
          <div class="hds-notification__content">
            <p>
              <strong>{error.message}</strong>
            </p>
            {error.details.length ? (
              <ul>
                {error.details.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      <form
        method="post"
        action={staffPath(lang, `/groups/${slug}/lifecycle`)}
        aria-describedby={error ? `${form}-hint ${form}-error` : `${form}-hint`}
        novalidate
      >
        <Csrf token={view.csrf} />
        {children}
      </form>
    </section>
  );
}

function describe(e: GroupView['events'][number], lang: Lang): string {
  const t = STAFF_MESSAGES[lang];
  const what = (t.lifecycle.events as Record<string, string>)[e.action] ?? t.lifecycle.otherChange;
  const d = e.details;
  const extra: string[] = [];
  if (typeof d.decided_on === 'string') extra.push(formatDate(d.decided_on, lang));
  if (typeof d.minutes_reference === 'string') extra.push(d.minutes_reference);
  if (typeof d.suspended_on === 'string') extra.push(formatDate(d.suspended_on, lang));
  if (typeof d.reason_code === 'string' && d.reason_code in t.lifecycle.reasons)
    extra.push(t.lifecycle.reasons[d.reason_code as keyof typeof t.lifecycle.reasons]);
  if (typeof d.reason === 'string') extra.push(d.reason);
  if (typeof d.ended_on === 'string') extra.push(formatDate(d.ended_on, lang));
  return extra.length ? `${what}: ${extra.join(', ')}` : what;
}

export function GroupWorkspacePage({ lang, view }: { lang: Lang; view: GroupView }) {
  const t = STAFF_MESSAGES[lang];
  const m = MESSAGES[lang];
  const g = view.group;
  const f = view.fields;
  const has = (a: LifecycleAction) => view.actions.includes(a);
  const fieldError = (key: keyof LifecycleFields) => view.error?.fields[key];
  const simple = (action: LifecycleAction) =>
    has(action) ? (
      <ActionForm
        lang={lang}
        slug={g.slug}
        form={action === 'approve' || action === 'reject' ? 'decision' : action}
        view={view}
      >
        <Button name="action" value={action}>
          {t.lifecycle.buttons[action]}
        </Button>
      </ActionForm>
    ) : null;
  const decision = g.internal?.board_decision;
  return (
    <>
      <p class="breadcrumb">
        <a href={staffPath(lang)}>{t.group.backToStart}</a>
      </p>
      <h1>
        <Text text={g.name} lang={lang} />
      </h1>
      <p>
        <Status status={g.status} lang={lang} />
        {t.actionHints[g.status] ? <span class="staff-status-hint">{t.actionHints[g.status]}</span> : null}
      </p>
      {view.done ? <Notice text={view.done} /> : null}
      <GroupPeopleLinks lang={lang} slug={g.slug} joinWay={g.how_to_join} />
      <p>
        <a href={`/${lang}/staff/groups/${g.slug}/schedule`}>{scheduleTexts(lang).link}</a>
      </p>
      {view.canEdit ? (
        <p>
          <a href={staffPath(lang, `/groups/${g.slug}/edit`)}>{GROUP_FORM_MORE[lang].edit}</a>
        </p>
      ) : null}
      {view.running ? (
        <GroupRunningPanel lang={lang} slug={g.slug} csrf={view.csrf} view={view.running} />
      ) : null}
      <h2>{t.group.facts}</h2>
      <dl class="facts">
        <div>
          <dt>{t.group.organisation}</dt>
          <dd>
            <Text text={g.organization.name} lang={lang} />
          </dd>
        </div>
        {g.programme ? (
          <div>
            <dt>{t.group.programme}</dt>
            <dd>
              <Text text={g.programme.name} lang={lang} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t.group.howToJoin}</dt>
          <dd>{m.joinWays[g.how_to_join]}</dd>
        </div>
        <div>
          <dt>{t.group.mode}</dt>
          <dd>{m.modes[g.mode]}</dd>
        </div>
        {g.venue ? (
          <div>
            <dt>{t.group.venue}</dt>
            <dd>{`${g.venue.name}, ${g.venue.municipality}`}</dd>
          </div>
        ) : null}
        {decision ? (
          <div>
            <dt>{t.group.boardDecision}</dt>
            <dd>
              {t.group.decision(
                decision.decision,
                formatDate(decision.decided_on, lang),
                decision.minutes_reference,
              )}
            </dd>
          </div>
        ) : null}
        {g.status === 'suspended' && g.suspended_on ? (
          <div>
            <dt>{t.group.status}</dt>
            <dd>
              {t.group.suspendedOn(
                formatDate(g.suspended_on, lang),
                [
                  g.suspension_reason_code && g.suspension_reason_code in t.lifecycle.reasons
                    ? t.lifecycle.reasons[g.suspension_reason_code as keyof typeof t.lifecycle.reasons]
                    : '',
                  g.suspension_reason ?? '',
                ]
                  .filter(Boolean)
                  .join(' – '),
              )}
            </dd>
          </div>
        ) : null}
        {g.replaces ? (
          <div>
            <dt>{t.group.replaces}</dt>
            <dd>
              <a href={staffPath(lang, `/groups/${g.replaces.slug}`)}>
                <Text text={g.replaces.name as Localized} lang={lang} />
              </a>
            </dd>
          </div>
        ) : null}
        {g.replaced_by ? (
          <div>
            <dt>{t.group.replacedBy}</dt>
            <dd>
              <a href={staffPath(lang, `/groups/${g.replaced_by.slug}`)}>
                <Text text={g.replaced_by.name as Localized} lang={lang} />
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      {['published', 'running', 'suspended', 'ended'].includes(g.status) ? (
        <p>
          <a href={inLang(lang, `/groups/${g.slug}`)}>{t.group.publicPage}</a>
        </p>
      ) : null}

      <h2>{t.group.actions}</h2>
      {view.error && !view.actions.some((a) => formOf(a) === view.error!.form) ? (
        // The refused action has no form here (e.g. not this person's to take): say so at the top.
        <div class="hds-notification hds-notification--error" role="alert">
          <div class="hds-notification__content">
            <p>
              <strong>{view.error.message}</strong>
            </p>
          </div>
        </div>
      ) : null}
      {view.actions.length === 0 && !view.canReplace ? <p class="muted">{t.group.noActions}</p> : null}
      {simple('propose')}
      {has('approve') || has('reject') ? (
        <ActionForm lang={lang} slug={g.slug} form="decision" view={view}>
          <Field
            id="decided_on"
            type="date"
            label={t.lifecycle.decidedOn}
            value={f?.decided_on ?? view.today}
            error={fieldError('decided_on')}
            required
          />
          <Field
            id="minutes_reference"
            label={t.lifecycle.minutesReference}
            hint={t.lifecycle.minutesHint}
            value={f?.minutes_reference ?? ''}
            error={fieldError('minutes_reference')}
          />
          <Field id="notes" label={t.lifecycle.notes} value={f?.notes ?? ''} multiline />
          <p class="button-row">
            {has('approve') ? (
              <Button name="action" value="approve">
                {t.lifecycle.buttons.approve}
              </Button>
            ) : null}
            {has('reject') ? (
              <Button name="action" value="reject">
                {t.lifecycle.buttons.reject}
              </Button>
            ) : null}
          </p>
        </ActionForm>
      ) : null}
      {simple('publish')}
      {simple('start')}
      {has('suspend') ? (
        <ActionForm lang={lang} slug={g.slug} form="suspend" view={view}>
          <Field
            id="suspended_on"
            type="date"
            label={t.lifecycle.suspendedOn}
            value={f?.suspended_on ?? view.today}
            error={fieldError('suspended_on')}
          />
          <div class="staff-select">
            <label class="hds-text-input__label" for="reason_code">
              {t.lifecycle.reasonCode}
            </label>
            <select id="reason_code" name="reason_code">
              {SUSPENSION_REASONS.map((r) => (
                <option value={r} selected={(f?.reason_code || 'low_attendance') === r}>
                  {t.lifecycle.reasons[r]}
                </option>
              ))}
            </select>
          </div>
          <Field id="reason" label={t.lifecycle.reason} value={f?.reason ?? ''} multiline />
          <p>
            <Button name="action" value="suspend">
              {t.lifecycle.buttons.suspend}
            </Button>
          </p>
        </ActionForm>
      ) : null}
      {simple('resume')}
      {has('end') ? (
        <ActionForm lang={lang} slug={g.slug} form="end" view={view}>
          <Field
            id="ended_on"
            type="date"
            label={t.lifecycle.endedOn}
            value={f?.ended_on ?? view.today}
            error={fieldError('ended_on')}
          />
          <p>
            <Button name="action" value="end">
              {t.lifecycle.buttons.end}
            </Button>
          </p>
        </ActionForm>
      ) : null}
      {simple('withdraw')}
      {view.canReplace ? (
        <section class="staff-action" aria-labelledby="action-replacement">
          <h3 id="action-replacement">{t.lifecycle.replacement}</h3>
          <p class="muted">{t.lifecycle.replacementHint}</p>
          <p>
            <a
              class="hds-button hds-button--secondary"
              href={staffPath(lang, `/groups/new?replaces=${g.slug}`)}
            >
              <span class="hds-button__label">{t.lifecycle.startReplacement}</span>
            </a>
          </p>
        </section>
      ) : null}

      <h2>{t.group.sessions}</h2>
      <Sessions sessions={view.sessions} lang={lang} empty={t.group.noSessions} label={t.group.sessions} />
      <GroupSessionsLink lang={lang} slug={g.slug} />

      <h2>{t.group.history}</h2>
      {view.events.length === 0 ? (
        <p class="muted">{t.group.noHistory}</p>
      ) : (
        <ol class="staff-history">
          {view.events.map((e) => (
            <li>
              <time dateTime={e.created_at}>{formatDateTime(e.created_at, lang)}</time>
              {' – '}
              <span class="staff-history__who">{actorName(e.actor_label, lang)}</span>
              {': '}
              {describe(e, lang)}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

// ------------------------------------------------------------------ new group

export interface GroupFormView {
  form: GroupForm;
  errors: GroupFormErrors;
  organizations: { id: string; name: LocalizedText }[];
  templates: { id: string; org_id: string | null; name: LocalizedText }[];
  venues: { id: string; org_id: string; name: string; municipality: string }[];
  replacing: { slug: string; name: LocalizedText } | null;
  /** present when changing a saved group's details */
  editing?: { slug: string; name: LocalizedText } | null;
  csrf: string;
}

/** Texts of the form's facilitation fields and of changing a saved group. */
export const GROUP_FORM_MORE: Record<
  Lang,
  {
    facilitation: string;
    styles: Record<(typeof FACILITATION_STYLES)[number], string>;
    selfDirected: string;
    selfDirectedHint: string;
    editTitle: (name: string) => string;
    editIntro: string;
    save: string;
    edit: string;
    saved: string;
    backToGroup: string;
  }
> = {
  fi: {
    facilitation: 'Kuka ohjaa tapaamisia',
    styles: {
      none: 'Ei ohjaajaa',
      peer: 'Vertaisohjaaja',
      professional: 'Ammattilainen',
      co_facilitated: 'Ammattilainen ja vertaisohjaaja yhdessä',
    },
    selfDirected: 'Omatoiminen ryhmä',
    selfDirectedHint: 'Ryhmä ohjaa itse itseään; koollekutsuja hoitaa käytännön asiat.',
    editTitle: (name) => `Muokkaa ryhmää ${name}`,
    editIntro: 'Muutokset näkyvät heti; julkaistun ryhmän tiedot merkitään samalla tarkistetuiksi.',
    save: 'Tallenna muutokset',
    edit: 'Muokkaa ryhmän tietoja',
    saved: 'Muutokset tallennettiin.',
    backToGroup: 'Takaisin ryhmään',
  },
  sv: {
    facilitation: 'Vem leder träffarna',
    styles: {
      none: 'Ingen ledare',
      peer: 'Kamratledare',
      professional: 'Yrkesperson',
      co_facilitated: 'Yrkesperson och kamratledare tillsammans',
    },
    selfDirected: 'Självstyrd grupp',
    selfDirectedHint: 'Gruppen leder sig själv; en sammankallare sköter det praktiska.',
    editTitle: (name) => `Redigera gruppen ${name}`,
    editIntro:
      'Ändringarna syns genast; för en publicerad grupp markeras uppgifterna samtidigt som kontrollerade.',
    save: 'Spara ändringarna',
    edit: 'Redigera gruppens uppgifter',
    saved: 'Ändringarna har sparats.',
    backToGroup: 'Tillbaka till gruppen',
  },
  en: {
    facilitation: 'Who leads the meetings',
    styles: {
      none: 'No facilitator',
      peer: 'A peer facilitator',
      professional: 'A professional',
      co_facilitated: 'A professional and a peer facilitator together',
    },
    selfDirected: 'Self-directed group',
    selfDirectedHint: 'The group runs itself; a convener takes care of the practical things.',
    editTitle: (name) => `Edit ${name}`,
    editIntro: 'Changes show at once; a published group’s details are marked as confirmed at the same time.',
    save: 'Save the changes',
    edit: 'Edit the group’s details',
    saved: 'The changes have been saved.',
    backToGroup: 'Back to the group',
  },
};

function Radios({
  name,
  legend,
  options,
  value,
  error,
}: {
  name: GroupFormField;
  legend: string;
  options: [string, string][];
  value: string;
  error?: string;
}) {
  return (
    <fieldset
      class="hds-fieldset filter-group staff-fieldset"
      id={name}
      aria-describedby={error ? `${name}-error` : undefined}
      tabIndex={error ? -1 : undefined}
    >
      <legend class="hds-fieldset-legend">{legend}</legend>
      {options.map(([v, label]) => (
        <div class="hds-radio-button">
          <input
            type="radio"
            class="hds-radio-button__input"
            id={`${name}-${v}`}
            name={name}
            value={v}
            checked={value === v}
          />
          <label class="hds-radio-button__label" for={`${name}-${v}`}>
            {label}
          </label>
        </div>
      ))}
      {error ? (
        <p class="hds-text-input__error-text" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Select({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: GroupFormField;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`staff-select${error ? ' staff-select--invalid' : ''}`}>
      <label class="hds-text-input__label" for={id}>
        {label}
      </label>
      <select
        id={id}
        name={id}
        aria-describedby={described || undefined}
        aria-invalid={error ? 'true' : undefined}
      >
        {children}
      </select>
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

export function GroupFormPage({ lang, view }: { lang: Lang; view: GroupFormView }) {
  const t = STAFF_MESSAGES[lang].form;
  const m = MESSAGES[lang];
  const { form, errors } = view;
  const orgName = (id: string) => pick(view.organizations.find((o) => o.id === id)?.name, lang);
  const more = GROUP_FORM_MORE[lang];
  const editing = view.editing ?? null;
  const single = view.organizations.length === 1 || view.replacing !== null || editing !== null;
  const title = editing
    ? more.editTitle(pick(editing.name, lang))
    : view.replacing
      ? t.replacementTitle(pick(view.replacing.name, lang))
      : t.title;
  return (
    <>
      <p class="breadcrumb">
        {editing ? (
          <a href={staffPath(lang, `/groups/${editing.slug}`)}>{more.backToGroup}</a>
        ) : (
          <a href={staffPath(lang)}>{STAFF_MESSAGES[lang].group.backToStart}</a>
        )}
      </p>
      <h1>{title}</h1>
      <ErrorSummary
        heading={t.errorsHeading}
        errors={Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]))}
        lang={lang}
      />
      <p>{editing ? more.editIntro : t.intro}</p>
      <form
        method="post"
        action={staffPath(lang, editing ? `/groups/${editing.slug}/edit` : '/groups/new')}
        class="staff-form"
        novalidate
      >
        <Csrf token={view.csrf} />
        {view.replacing ? <input type="hidden" name="replaces" value={form.replaces} /> : null}
        {single ? (
          <>
            <input type="hidden" name="organization" value={form.organization} />
            <p>
              <strong>{t.organization}:</strong> {orgName(form.organization)}
            </p>
          </>
        ) : (
          <Select id="organization" label={t.organization} error={errors.organization}>
            {view.organizations.map((o) => (
              <option value={o.id} selected={form.organization === o.id}>
                {pick(o.name, lang)}
              </option>
            ))}
          </Select>
        )}
        <fieldset class="hds-fieldset filter-group staff-fieldset">
          <legend class="hds-fieldset-legend">{t.names}</legend>
          <Field id="name_fi" label={t.nameFi} value={form.name_fi} error={errors.name_fi} required />
          <Field
            id="name_sv"
            label={`${t.nameSv} ${t.optional}`}
            value={form.name_sv}
            error={errors.name_sv}
          />
          <Field
            id="name_en"
            label={`${t.nameEn} ${t.optional}`}
            value={form.name_en}
            error={errors.name_en}
          />
        </fieldset>
        <fieldset class="hds-fieldset filter-group staff-fieldset">
          <legend class="hds-fieldset-legend">{t.descriptions}</legend>
          <Field
            id="description_fi"
            label={t.descriptionFi}
            hint={t.descriptionHint}
            value={form.description_fi}
            error={errors.description_fi}
            multiline
          />
          <Field
            id="description_sv"
            label={`${t.descriptionSv} ${t.optional}`}
            value={form.description_sv}
            error={errors.description_sv}
            multiline
          />
          <Field
            id="description_en"
            label={`${t.descriptionEn} ${t.optional}`}
            value={form.description_en}
            error={errors.description_en}
            multiline
          />
        </fieldset>
        <Select id="template" label={t.template} error={errors.template}>
          <option value="" selected={form.template === ''}>
            {t.noTemplate}
          </option>
          {view.templates.map((x) => (
            <option value={x.id} selected={form.template === x.id}>
              {pick(x.name, lang)}
              {x.org_id === null ? ` (${t.builtIn})` : single ? '' : ` – ${orgName(x.org_id)}`}
            </option>
          ))}
        </Select>
        <Radios
          name="how_to_join"
          legend={t.howToJoin}
          options={JOIN_WAYS.map((w) => [w, m.joinWays[w]])}
          value={form.how_to_join}
          error={errors.how_to_join}
        />
        <Field
          id="capacity"
          label={`${t.capacity} ${t.optional}`}
          hint={t.capacityHint}
          value={form.capacity}
          error={errors.capacity}
          inputMode="numeric"
        />
        <Radios
          name="cost_kind"
          legend={t.cost}
          options={[
            ['free', t.free],
            ['co_payment', t.coPayment],
          ]}
          value={form.cost_kind}
          error={errors.cost_kind}
        />
        <Field
          id="co_payment"
          label={t.amount}
          hint={t.amountHint}
          value={form.co_payment}
          error={errors.co_payment}
          inputMode="decimal"
        />
        <Radios
          name="mode"
          legend={t.mode}
          options={MODES.map((x) => [x, m.modes[x]])}
          value={form.mode}
          error={errors.mode}
        />
        <fieldset
          class="hds-fieldset filter-group staff-fieldset"
          id="languages"
          aria-describedby={errors.languages ? 'languages-error' : undefined}
          tabIndex={errors.languages ? -1 : undefined}
        >
          <legend class="hds-fieldset-legend">{t.languages}</legend>
          {GROUP_LANGUAGES.map((l) => (
            <div class="hds-checkbox">
              <input
                type="checkbox"
                class="hds-checkbox__input"
                id={`language_${l}`}
                name={`language_${l}`}
                value="yes"
                checked={form.languages.includes(l)}
              />
              <label class="hds-checkbox__label" for={`language_${l}`}>
                {m.languageNames[l] ?? l}
              </label>
            </div>
          ))}
          {errors.languages ? (
            <p class="hds-text-input__error-text" id="languages-error">
              {errors.languages}
            </p>
          ) : null}
        </fieldset>
        <Select id="venue" label={t.venue} hint={t.venueHint} error={errors.venue}>
          <option value="" selected={form.venue === ''}>
            {t.noVenue}
          </option>
          {view.organizations.map((o) => {
            const venues = view.venues.filter((v) => v.org_id === o.id);
            if (venues.length === 0) return null;
            const options = venues.map((v) => (
              <option value={v.id} selected={form.venue === v.id}>
                {`${v.name}, ${v.municipality}`}
              </option>
            ));
            return single ? options : <optgroup label={pick(o.name, lang)}>{options}</optgroup>;
          })}
        </Select>
        <p>
          <a href={staffPath(lang, '/venues')}>{venueTexts(lang).manageLink}</a>
        </p>
        <Radios
          name="facilitation"
          legend={more.facilitation}
          options={FACILITATION_STYLES.map((x) => [x, more.styles[x]])}
          value={form.facilitation}
          error={errors.facilitation}
        />
        <div class="hds-checkbox">
          <input
            type="checkbox"
            class="hds-checkbox__input"
            id="self_directed"
            name="self_directed"
            value="yes"
            checked={form.self_directed}
            aria-describedby="self_directed-hint"
          />
          <label class="hds-checkbox__label" for="self_directed">
            {more.selfDirected}
          </label>
        </div>
        <p class="hds-text-input__helper-text" id="self_directed-hint">
          {more.selfDirectedHint}
        </p>
        <p>
          <Button>{editing ? more.save : t.submit}</Button>
        </p>
      </form>
    </>
  );
}
