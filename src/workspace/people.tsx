/**
 * The organisation's people: members and their roles (admins), open invitations, the invite
 * form and revoking (admins and coordinators, for the roles they may invite to; see
 * src/organisations/invitations.ts), and removing a member (admins; the last admin stays).
 * Server-rendered, without JavaScript, every form CSRF-protected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { can, ROLES, type Actor, type Role } from '../accounts/permissions.ts';
import { AppError } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import {
  createInvitation,
  forgetInvitationMail,
  invitableRoles,
  listInvitations,
  revokeInvitation,
  statusOf,
  type InvitationRow,
  type InvitationStatus,
} from '../organisations/invitations.ts';
import * as orgRepo from '../organisations/repository.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { formatDate } from '../shared/time.ts';
import { inLang } from '../web/layout.tsx';
import { LanguageChoice } from '../web/fields.tsx';
import { sendNotFound } from '../web/send.tsx';
import { STAFF_MESSAGES } from './i18n.ts';
import { Csrf, Field } from './pages.tsx';
import type { Kit } from './participants.tsx';
import { organisationNames } from './repository.ts';
import { validCsrf } from './security.ts';

interface Texts {
  title: string;
  organisation: string;
  show: string;
  members: string;
  membersHidden: string;
  columns: { name: string; email: string; role: string; status: string; expires: string; actions: string };
  remove: (name: string, role: string) => string;
  invitations: string;
  noInvitations: string;
  status: Record<InvitationStatus, string>;
  revoke: (email: string) => string;
  invite: {
    heading: string;
    intro: string;
    email: string;
    role: string;
    language: string;
    submit: string;
  };
  errors: {
    email: string;
    role: string;
    pending: string;
    member: string;
    lastAdmin: string;
    forbidden: string;
  };
  done: { invited: (email: string) => string; revoked: string; removed: string };
  none: string;
}

const TEXTS: Record<Lang, Texts> = {
  fi: {
    title: 'Ihmiset ja kutsut',
    organisation: 'Organisaatio',
    show: 'Näytä',
    members: 'Jäsenet ja roolit',
    membersHidden: 'Jäsenluettelon näkevät pääkäyttäjät.',
    columns: {
      name: 'Nimi',
      email: 'Sähköposti',
      role: 'Rooli',
      status: 'Tila',
      expires: 'Voimassa',
      actions: 'Toiminnot',
    },
    remove: (n, r) => `Poista rooli: ${n} (${r})`,
    invitations: 'Kutsut',
    noInvitations: 'Ei kutsuja.',
    status: { pending: 'Odottaa', accepted: 'Hyväksytty', revoked: 'Peruttu', expired: 'Vanhentunut' },
    revoke: (e) => `Peru kutsu: ${e}`,
    invite: {
      heading: 'Kutsu henkilö',
      intro: 'Kutsu lähetetään sähköpostilla. Linkki on voimassa 7 päivää ja toimii kerran.',
      email: 'Sähköposti',
      role: 'Rooli',
      language: 'Kutsun kieli',
      submit: 'Lähetä kutsu',
    },
    errors: {
      email: 'Anna kelvollinen sähköpostiosoite.',
      role: 'Valitse rooli.',
      pending: 'Tälle henkilölle on jo avoin kutsu tähän rooliin. Peru se lähettääksesi uuden.',
      member: 'Henkilöllä on jo tämä rooli.',
      lastAdmin: 'Organisaatiolla on oltava vähintään yksi pääkäyttäjä.',
      forbidden: 'Sinulla ei ole oikeutta tähän.',
    },
    done: {
      invited: (e) => `Kutsu lähetettiin osoitteeseen ${e}.`,
      revoked: 'Kutsu peruttiin.',
      removed: 'Rooli poistettiin.',
    },
    none: 'Sinulla ei ole oikeutta kutsua ihmisiä mihinkään organisaatioon.',
  },
  sv: {
    title: 'Personer och inbjudningar',
    organisation: 'Organisation',
    show: 'Visa',
    members: 'Medlemmar och roller',
    membersHidden: 'Medlemslistan ser huvudanvändarna.',
    columns: {
      name: 'Namn',
      email: 'E-post',
      role: 'Roll',
      status: 'Status',
      expires: 'Giltig till',
      actions: 'Åtgärder',
    },
    remove: (n, r) => `Ta bort rollen: ${n} (${r})`,
    invitations: 'Inbjudningar',
    noInvitations: 'Inga inbjudningar.',
    status: { pending: 'Väntar', accepted: 'Godkänd', revoked: 'Återkallad', expired: 'Utgången' },
    revoke: (e) => `Återkalla inbjudan: ${e}`,
    invite: {
      heading: 'Bjud in en person',
      intro: 'Inbjudan skickas per e-post. Länken gäller i 7 dagar och fungerar en gång.',
      email: 'E-post',
      role: 'Roll',
      language: 'Inbjudans språk',
      submit: 'Skicka inbjudan',
    },
    errors: {
      email: 'Ange en giltig e-postadress.',
      role: 'Välj en roll.',
      pending:
        'Personen har redan en öppen inbjudan till den här rollen. Återkalla den för att skicka en ny.',
      member: 'Personen har redan den här rollen.',
      lastAdmin: 'Organisationen måste ha minst en huvudanvändare.',
      forbidden: 'Du har inte behörighet till detta.',
    },
    done: {
      invited: (e) => `Inbjudan skickades till ${e}.`,
      revoked: 'Inbjudan återkallades.',
      removed: 'Rollen togs bort.',
    },
    none: 'Du har inte behörighet att bjuda in personer till någon organisation.',
  },
  en: {
    title: 'People and invitations',
    organisation: 'Organisation',
    show: 'Show',
    members: 'Members and roles',
    membersHidden: 'Admins see the member list.',
    columns: {
      name: 'Name',
      email: 'Email',
      role: 'Role',
      status: 'Status',
      expires: 'Valid until',
      actions: 'Actions',
    },
    remove: (n, r) => `Remove the role: ${n} (${r})`,
    invitations: 'Invitations',
    noInvitations: 'No invitations.',
    status: { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' },
    revoke: (e) => `Revoke the invitation: ${e}`,
    invite: {
      heading: 'Invite a person',
      intro: 'The invitation is sent by email. The link is valid for 7 days and works once.',
      email: 'Email',
      role: 'Role',
      language: 'Language of the invitation',
      submit: 'Send the invitation',
    },
    errors: {
      email: 'Give a valid email address.',
      role: 'Choose a role.',
      pending: 'This person already has an open invitation to this role. Revoke it to send a new one.',
      member: 'This person already has this role.',
      lastAdmin: 'An organisation must keep at least one admin.',
      forbidden: 'You do not have permission to do this.',
    },
    done: {
      invited: (e) => `The invitation was sent to ${e}.`,
      revoked: 'The invitation was revoked.',
      removed: 'The role was removed.',
    },
    none: 'You may not invite people to any organisation.',
  },
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface InviteForm {
  email: string;
  role: string;
  language: Lang;
}
type InviteErrors = Partial<Record<'email' | 'role' | 'form', string>>;

interface PeopleView {
  orgs: { id: string; name: LocalizedText }[];
  org: { id: string; name: LocalizedText };
  members: orgRepo.MemberRow[] | null;
  invitations: InvitationRow[];
  roles: Role[];
  csrf: string;
  now: Date;
  form: InviteForm;
  errors: InviteErrors;
  done?: string;
  error?: string;
}

const staffPath = (lang: Lang, path = '') => inLang(lang, `/staff${path}`);

function Button({ children, secondary }: { children: string; secondary?: boolean }) {
  return (
    <button type="submit" class={`hds-button ${secondary ? 'hds-button--secondary' : 'hds-button--primary'}`}>
      <span class="hds-button__label">{children}</span>
    </button>
  );
}

function Notice({ text, error }: { text: string; error?: boolean }) {
  return (
    <div
      class={`hds-notification hds-notification--${error ? 'error' : 'success'}`}
      role={error ? 'alert' : 'status'}
    >
      <div class="hds-notification__content">
        <p>{text}</p>
      </div>
    </div>
  );
}

function PeoplePage({ lang, view }: { lang: Lang; view: PeopleView }) {
  const t = TEXTS[lang];
  const roleName = (r: string) => STAFF_MESSAGES[lang].start.roleNames[r as Role] ?? r;
  const orgQuery = `?org=${view.org.id}`;
  const open = view.invitations.filter((i) => statusOf(i, view.now) === 'pending');
  const closed = view.invitations.filter((i) => statusOf(i, view.now) !== 'pending').slice(0, 20);
  return (
    <>
      <h1>{t.title}</h1>
      {view.done ? <Notice text={view.done} /> : null}
      {view.error ? <Notice text={view.error} error /> : null}
      {view.orgs.length > 1 ? (
        <form method="get" action={staffPath(lang, '/people')} class="staff-form">
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

      <section aria-labelledby="members-heading" class="staff-section">
        <h3 id="members-heading">{t.members}</h3>
        {view.members ? (
          <div class="table-scroll" tabIndex={0}>
            <table class="hds-table">
              <thead>
                <tr>
                  <th scope="col">{t.columns.name}</th>
                  <th scope="col">{t.columns.email}</th>
                  <th scope="col">{t.columns.role}</th>
                  <th scope="col">{t.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {view.members.map((m) => (
                  <tr>
                    <th scope="row">{m.display_name}</th>
                    <td>{m.email}</td>
                    <td>{roleName(m.role)}</td>
                    <td>
                      <form
                        method="post"
                        action={staffPath(lang, `/people/members/${m.id}/remove${orgQuery}`)}
                      >
                        <Csrf token={view.csrf} />
                        <Button secondary>{t.remove(m.display_name, roleName(m.role))}</Button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t.membersHidden}</p>
        )}
      </section>

      <section aria-labelledby="invitations-heading" class="staff-section">
        <h3 id="invitations-heading">{t.invitations}</h3>
        {open.length + closed.length === 0 ? (
          <p>{t.noInvitations}</p>
        ) : (
          <div class="table-scroll" tabIndex={0}>
            <table class="hds-table">
              <thead>
                <tr>
                  <th scope="col">{t.columns.email}</th>
                  <th scope="col">{t.columns.role}</th>
                  <th scope="col">{t.columns.status}</th>
                  <th scope="col">{t.columns.expires}</th>
                  <th scope="col">{t.columns.actions}</th>
                </tr>
              </thead>
              <tbody>
                {[...open, ...closed].map((i) => {
                  const status = statusOf(i, view.now);
                  return (
                    <tr>
                      <th scope="row">{i.email}</th>
                      <td>{roleName(i.role)}</td>
                      <td>{t.status[status]}</td>
                      <td>{formatDate(i.expires_at, lang)}</td>
                      <td>
                        {status === 'pending' && view.roles.includes(i.role) ? (
                          <form
                            method="post"
                            action={staffPath(lang, `/people/invitations/${i.id}/revoke${orgQuery}`)}
                          >
                            <Csrf token={view.csrf} />
                            <Button secondary>{t.revoke(i.email)}</Button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="invite-heading" class="staff-section">
        <h3 id="invite-heading">{t.invite.heading}</h3>
        <p>{t.invite.intro}</p>
        {view.errors.form ? <Notice text={view.errors.form} error /> : null}
        <form
          method="post"
          action={staffPath(lang, `/people/invite${orgQuery}`)}
          class="staff-form"
          novalidate
        >
          <Csrf token={view.csrf} />
          <Field
            id="email"
            label={t.invite.email}
            type="email"
            autocomplete="off"
            value={view.form.email}
            required
            error={view.errors.email}
          />
          <div class={`staff-select${view.errors.role ? ' staff-select--invalid' : ''}`}>
            <label for="role">{t.invite.role}</label>{' '}
            <select
              id="role"
              name="role"
              aria-describedby={view.errors.role ? 'role-error' : undefined}
              aria-invalid={view.errors.role ? 'true' : undefined}
            >
              {view.roles.map((r) => (
                <option value={r} selected={r === view.form.role}>
                  {roleName(r)}
                </option>
              ))}
            </select>
            {view.errors.role ? (
              <span class="hds-text-input__error-text" id="role-error">
                {view.errors.role}
              </span>
            ) : null}
          </div>
          <LanguageChoice legend={t.invite.language} value={view.form.language} idPrefix="invite-language" />
          <p>
            <Button>{t.invite.submit}</Button>
          </p>
        </form>
      </section>
    </>
  );
}

type Req = FastifyRequest<{
  Params: { lang: string; id?: string };
  Body: Record<string, unknown> | undefined;
  Querystring: Record<string, string | undefined>;
}>;

const str = (body: Record<string, unknown> | undefined, key: string, max = 1000) => {
  const v = body?.[key];
  return typeof v === 'string' ? v.slice(0, max) : '';
};

/** The organisations whose people this person manages: where they may invite someone. */
const managedOrgs = (actor: Actor) =>
  [...actor.roles.keys()].filter((id) => invitableRoles(actor, id).length > 0);

export function peopleRoutes(staff: App, deps: Deps, kit: Kit): void {
  const render = async (
    reply: FastifyReply,
    lang: Lang,
    who: { actor: Actor; csrf: string },
    orgId: string | undefined,
    extra: { form?: InviteForm; errors?: InviteErrors; done?: string; error?: string; status?: number } = {},
  ) => {
    const managed = managedOrgs(who.actor);
    const t = TEXTS[lang];
    if (managed.length === 0)
      return kit.page(reply, lang, t.title, '/people', <Notice text={t.none} error />, { who, status: 403 });
    if (orgId && !managed.includes(orgId)) return sendNotFound(reply, lang, '/staff/people', deps.publicUrl);
    const view = await inTx(deps, who.actor, async (tx) => {
      const orgs = await organisationNames(tx, managed);
      const org = orgs.find((o) => o.id === orgId) ?? orgs[0]!;
      return {
        orgs,
        org,
        members: can(who.actor, 'members.manage', org.id) ? await orgRepo.listMembers(tx, org.id) : null,
        invitations: await listInvitations(tx, who.actor, org.id),
      };
    });
    const roles = invitableRoles(who.actor, view.org.id);
    const form = extra.form ?? {
      email: '',
      role: roles.includes('facilitator') ? 'facilitator' : roles[0]!,
      language: lang,
    };
    return kit.page(
      reply,
      lang,
      t.title,
      `/people?org=${view.org.id}`,
      <PeoplePage
        lang={lang}
        view={{
          ...view,
          roles,
          csrf: who.csrf,
          now: deps.clock(),
          form,
          errors: extra.errors ?? {},
          done: extra.done,
          error: extra.error,
        }}
      />,
      { who, status: extra.status },
    );
  };

  const orgOf = (request: Req) => {
    const org = request.query.org;
    return typeof org === 'string' && /^[0-9a-f-]{36}$/i.test(org) ? org : undefined;
  };

  staff.get('/:lang/staff/people', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const t = TEXTS[lang].done;
    const d = request.query.done;
    const done =
      d === 'invited' && request.query.email
        ? t.invited(request.query.email.slice(0, 320))
        : d === 'revoked' || d === 'removed'
          ? t[d]
          : undefined;
    return render(reply, lang, who, orgOf(request), { done });
  });

  staff.post('/:lang/staff/people/invite', { schema: { hide: true } }, async (request: Req, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    if (!validCsrf(request)) return kit.refused(reply, lang, '/people');
    const who = kit.signedIn(request, reply, lang);
    if (!who) return reply;
    const orgId = orgOf(request);
    const t = TEXTS[lang].errors;
    const language = str(request.body, 'language');
    const form: InviteForm = {
      email: str(request.body, 'email', 320).trim(),
      role: str(request.body, 'role', 40),
      language: isLang(language) ? language : lang,
    };
    const errors: InviteErrors = {};
    if (!EMAIL.test(form.email)) errors.email = t.email;
    if (!(ROLES as readonly string[]).includes(form.role)) errors.role = t.role;
    if (!orgId) return sendNotFound(reply, lang, '/staff/people', deps.publicUrl);
    if (Object.keys(errors).length > 0) return render(reply, lang, who, orgId, { form, errors, status: 422 });
    try {
      await inTx(deps, who.actor, (tx) =>
        createInvitation(
          tx,
          who.actor,
          orgId,
          { email: form.email, role: form.role as Role, language: form.language },
          { now: deps.clock(), publicUrl: deps.publicUrl },
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 404) return sendNotFound(reply, lang, '/staff/people', deps.publicUrl);
      if (error.code === 'role-not-invitable') errors.role = t.forbidden;
      else if (error.code === 'invitation-pending') errors.email = t.pending;
      else if (error.code === 'already-member') errors.email = t.member;
      else errors.form = t.forbidden;
      return render(reply, lang, who, orgId, { form, errors, status: error.status });
    }
    const email = encodeURIComponent(form.email.toLowerCase());
    return reply.redirect(`/${lang}/staff/people?org=${orgId}&done=invited&email=${email}`, 303);
  });

  /** Runs an action on one row, then back to the list (POST, redirect, GET). */
  const action =
    (run: (actor: Actor, orgId: string, id: string) => Promise<string>) =>
    async (request: Req, reply: FastifyReply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return kit.refused(reply, lang, '/people');
      const who = kit.signedIn(request, reply, lang);
      if (!who) return reply;
      const orgId = orgOf(request);
      const id = request.params.id ?? '';
      if (!orgId || !/^[0-9a-f-]{36}$/i.test(id))
        return sendNotFound(reply, lang, '/staff/people', deps.publicUrl);
      try {
        const done = await run(who.actor, orgId, id);
        return reply.redirect(`/${lang}/staff/people?org=${orgId}&done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404) return sendNotFound(reply, lang, '/staff/people', deps.publicUrl);
        const t = TEXTS[lang].errors;
        const message = error.code === 'last-admin' ? t.lastAdmin : t.forbidden;
        if (managedOrgs(who.actor).includes(orgId))
          return render(reply, lang, who, orgId, { error: message, status: error.status });
        return kit.page(reply, lang, message, '/people', <Notice text={message} error />, {
          who,
          status: error.status,
        });
      }
    };

  staff.post(
    '/:lang/staff/people/invitations/:id/revoke',
    { schema: { hide: true } },
    action(async (actor, orgId, id) => {
      const now = deps.clock();
      await inTx(deps, actor, (tx) => revokeInvitation(tx, actor, orgId, id, now));
      await forgetInvitationMail(deps.db, id, now);
      return 'revoked';
    }),
  );

  staff.post(
    '/:lang/staff/people/members/:id/remove',
    { schema: { hide: true } },
    action(async (actor, orgId, id) => {
      await inTx(deps, actor, async (tx) => {
        if (!can(actor, 'members.manage', orgId)) throw new AppError(403, 'forbidden', 'Forbidden.');
        const target = (await orgRepo.listMembers(tx, orgId)).find((m) => m.id === id);
        if (!target) throw new AppError(404, 'not-found', 'Not found.');
        if (target.role === 'admin' && (await orgRepo.countAdmins(tx, orgId)) <= 1)
          throw new AppError(409, 'last-admin', 'An organisation must keep at least one admin.');
        await orgRepo.deleteMembership(tx, orgId, id);
      });
      return 'removed';
    }),
  );
}
