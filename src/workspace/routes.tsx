/**
 * The staff workspace: server-rendered pages that work without JavaScript, on top of the
 * same services as the JSON API. Signed in with the login session cookie; every form that
 * changes something carries a CSRF token; nothing here is cached.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { App, Deps } from '../http/context.ts';
import { inTx, SESSION_COOKIE } from '../http/context.ts';
import { can, ROLES, type Actor, type Role } from '../accounts/permissions.ts';
import { LOGIN_SESSION_ABSOLUTE_MS, login, logout } from '../accounts/service.ts';
import { AppError } from '../shared/errors.ts';
import { helsinkiToday, toHelsinkiIso } from '../shared/time.ts';
import type { Tx } from '../db/database.ts';
import { isUuid } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';
import {
  accessToGroup,
  createGroup,
  listGroupEvents,
  presentGroup,
  transitionGroup,
  updateGroup,
} from '../groups/service.ts';
import * as groupRepo from '../groups/repository.ts';
import {
  GROUP_STATUSES,
  LIFECYCLE_ACTIONS,
  TRANSITIONS,
  type GroupStatus,
  type LifecycleAction,
} from '../groups/lifecycle.ts';
import { listSessions } from '../schedules/repository.ts';
import { listTemplates } from '../facilitation/repository.ts';
import { missingTrainings } from '../facilitation/service.ts';
import { listVenues } from '../venues/repository.ts';
import { myReferrals } from '../enrolment/referrals.ts';
import { invitableRoles } from '../organisations/invitations.ts';
import { isLang, pick, type Lang } from '../web/i18n.ts';
import { Layout } from '../web/layout.tsx';
import { MessagePage } from '../web/pages.tsx';
import { CSP, CSP_SAME_ORIGIN_SCRIPT, sendNotFound } from '../web/send.tsx';
import { PUBLISH_BLOCKERS, STAFF_MESSAGES } from './i18n.ts';
import {
  checkGroupForm,
  editForm,
  emptyGroupForm,
  errorText,
  formOf,
  groupServiceErrors,
  lifecycleInput,
  readGroupForm,
  readLifecycle,
  replacementForm,
  type Body,
  type GroupForm,
  type GroupFormErrors,
  type LifecycleFields,
} from './forms.ts';
import {
  GROUP_FORM_MORE,
  GroupFormPage,
  GroupWorkspacePage,
  SignInPage,
  StaffHeader,
  StartPage,
  type GroupLine,
  type GroupView,
  type LifecycleError,
  type StartView,
} from './pages.tsx';
import { facilitatedGroups, groupNames, organisationNames } from './repository.ts';
import { participantRoutes } from './participants.tsx';
import { scheduleRoutes } from './schedule.tsx';
import { sessionRoutes } from './sessions.tsx';
import { PASSKEY_SCRIPT, PasskeySignIn, passkeyRoutes } from './passkeys.tsx';
import { facilitatorRoutes } from './facilitators.tsx';
import { templateRoutes } from './templates.tsx';
import { groupAdminRoutes, groupAdminTexts, orgWarnings, runningPanel } from './group-admin.tsx';
import { invitationAcceptRoutes } from './invitation.tsx';
import { peopleRoutes } from './people.tsx';
import { settingsRoutes } from './settings.tsx';
import { auditRoutes } from './audit.tsx';
import { venueRoutes } from './venues.tsx';
import { tokenRoutes } from './tokens.tsx';
import { accountRoutes } from './account.tsx';
import { feedbackStaffRoutes } from './feedback/route.tsx';
import { reportRoutes } from './reports/route.tsx';
import { sessionFacilitatorRoutes } from './reports/session-facilitators.tsx';
import {
  csrfToken,
  newSignInSecret,
  SIGN_IN_COOKIE,
  signInToken,
  validCsrf,
  validSignIn,
} from './security.ts';

type LangRequest = FastifyRequest<{
  Params: { lang: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;
type GroupRequest = FastifyRequest<{
  Params: { lang: string; slug: string };
  Body: Body;
  Querystring: Record<string, string>;
}>;

/** Statuses that ask something of a coordinator, in the order they are listed. */
const NEEDS_ACTION: readonly GroupStatus[] = ['proposed', 'approved', 'suspended', 'draft'];

/** Where to go after signing in: only a workspace page of this site. */
function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '';
  return /^\/(fi|sv|en)\/staff(\/[A-Za-z0-9\-._~/?=&%]*)?$/.test(next) && !next.includes('//') ? next : '';
}

interface SignedIn {
  actor: Actor;
  csrf: string;
}

export async function workspaceRoutes(app: App, deps: Deps): Promise<void> {
  const secure = deps.publicUrl.startsWith('https://');

  function page(
    reply: FastifyReply,
    lang: Lang,
    title: string,
    path: string,
    body: ComponentChildren,
    opts: { status?: number; who?: SignedIn; scripts?: readonly string[] } = {},
  ) {
    const header = opts.who ? (
      <StaffHeader lang={lang} who={opts.who.actor.label} csrf={opts.who.csrf} />
    ) : null;
    const html =
      '<!doctype html>' +
      render(
        <Layout
          meta={{ lang, title, path: `/staff${path}`, publicUrl: deps.publicUrl, noindex: true }}
          options={{ header, private: true, scripts: opts.scripts }}
        >
          {body}
        </Layout>,
      );
    return reply
      .code(opts.status ?? 200)
      .header('content-security-policy', opts.scripts?.length ? CSP_SAME_ORIGIN_SCRIPT : CSP)
      .header('content-language', lang)
      .type('text/html; charset=utf-8')
      .send(html);
  }

  /** The signed-in person, or null after redirecting to the sign-in page. */
  function signedIn(request: FastifyRequest, reply: FastifyReply, lang: Lang): SignedIn | null {
    const session = request.cookies[SESSION_COOKIE];
    if (request.actor.kind !== 'user' || !session) {
      const next = request.method === 'GET' ? safeNext(request.url) : '';
      void reply.redirect(`/${lang}/staff/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
      return null;
    }
    return { actor: request.actor, csrf: csrfToken(session) };
  }

  function refused(reply: FastifyReply, lang: Lang, path: string) {
    const t = STAFF_MESSAGES[lang].csrf;
    return page(reply, lang, t.title, path, <MessagePage title={t.title} text={t.text} />, { status: 403 });
  }

  function forbiddenPage(reply: FastifyReply, lang: Lang, path: string, who: SignedIn) {
    const text = STAFF_MESSAGES[lang].errors.forbidden;
    return page(
      reply,
      lang,
      text,
      path,
      <MessagePage title={text} text={STAFF_MESSAGES[lang].group.noActions} />,
      {
        status: 403,
        who,
      },
    );
  }

  await app.register(async (staff) => {
    // Pages behind a sign-in are never stored by browsers or proxies.
    staff.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });

    // ---------------------------------------------------------------- sign in and out

    const signInPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      lang: Lang,
      view: {
        email: string;
        error?: string;
        notice?: string;
        next: string;
        status?: number;
        fresh?: boolean;
      },
    ) => {
      let secret = view.fresh ? undefined : request.cookies[SIGN_IN_COOKIE];
      if (!secret) {
        secret = newSignInSecret();
        void reply.setCookie(SIGN_IN_COOKIE, secret, {
          path: `/${lang}/staff`,
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: 60 * 60,
        });
      }
      const t = STAFF_MESSAGES[lang].signIn;
      return page(
        reply,
        lang,
        t.title,
        '/sign-in',
        <SignInPage
          lang={lang}
          email={view.email}
          error={view.error}
          notice={view.notice}
          token={signInToken(secret)}
          next={view.next}
          passkey={<PasskeySignIn lang={lang} token={signInToken(secret)} next={view.next} />}
        />,
        { status: view.status, scripts: [PASSKEY_SCRIPT] },
      );
    };

    staff.get('/:lang/staff/sign-in', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const next = safeNext(request.query.next);
      if (request.actor.kind === 'user' && request.cookies[SESSION_COOKIE])
        return reply.redirect(next || `/${lang}/staff`, 303);
      const t = STAFF_MESSAGES[lang].signIn;
      const notice = request.query.signed_out
        ? t.signedOut
        : request.query.reset
          ? t.passwordReset
          : next
            ? t.expired
            : undefined;
      return signInPage(request, reply, lang, { email: '', notice, next });
    });

    staff.post('/:lang/staff/sign-in', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const t = STAFF_MESSAGES[lang];
      const body = request.body;
      const email = typeof body?.email === 'string' ? body.email.trim().slice(0, 320) : '';
      const password = typeof body?.password === 'string' ? body.password.slice(0, 1000) : '';
      const next = safeNext(body?.next);
      if (!validSignIn(request))
        return signInPage(request, reply, lang, {
          email,
          error: t.csrf.text,
          next,
          status: 403,
          fresh: true,
        });
      if (!email || !password)
        return signInPage(request, reply, lang, { email, error: t.signIn.required, next, status: 400 });
      let result;
      try {
        result = await login(deps.db, email, password, deps.clock(), { ip: request.ip });
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 429) throw error;
        const seconds = error.extra.retryAfter ?? 60;
        void reply.header('retry-after', String(seconds));
        const error429 = t.signIn.throttled(Math.ceil(seconds / 60));
        return signInPage(request, reply, lang, { email, error: error429, next, status: 429 });
      }
      if (!result)
        return signInPage(request, reply, lang, { email, error: t.signIn.failed, next, status: 401 });
      // A new session every time; the one the browser had before ends.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await logout(deps.db, previous);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: LOGIN_SESSION_ABSOLUTE_MS / 1000,
      });
      void reply.clearCookie(SIGN_IN_COOKIE, { path: `/${lang}/staff` });
      return reply.redirect(next || `/${lang}/staff`, 303);
    });

    staff.post('/:lang/staff/sign-out', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return refused(reply, lang, '/sign-out');
      await logout(deps.db, request.cookies[SESSION_COOKIE]!);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect(`/${lang}/staff/sign-in?signed_out=1`, 303);
    });

    // ---------------------------------------------------------------- start page

    staff.get('/:lang/staff', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const who = signedIn(request, reply, lang);
      if (!who) return reply;
      const view = await inTx(deps, who.actor, (tx) => startView(tx, who.actor, deps.clock()));
      if (request.query.done === 'confirmed') view.notice = groupAdminTexts(lang).warnings.confirmed;
      return page(
        reply,
        lang,
        STAFF_MESSAGES[lang].start.title,
        '',
        <StartPage lang={lang} view={{ ...view, csrf: who.csrf }} />,
        { who },
      );
    });

    // ---------------------------------------------------------------- new group

    /** The choices of the new-group form for the organisations this person manages. */
    const formOptions = async (tx: Tx, actor: Actor) => {
      const managed = [...actor.roles.keys()].filter((id) => can(actor, 'catalogue.manage', id));
      const organizations = await organisationNames(tx, managed);
      const templates = (await listTemplates(tx))
        .filter((x) => x.org_id === null || managed.includes(x.org_id))
        .map((x) => ({ id: x.id, org_id: x.org_id, name: x.name }));
      const venues = [];
      for (const o of organizations)
        for (const v of await listVenues(tx, o.id))
          venues.push({ id: v.id, org_id: v.org_id, name: v.name, municipality: v.municipality });
      return { organizations, templates, venues };
    };

    const formPage = async (
      reply: FastifyReply,
      lang: Lang,
      who: SignedIn,
      form: GroupForm,
      errors: GroupFormErrors,
      status = 200,
      editing: { slug: string; name: LocalizedText } | null = null,
    ) => {
      const view = await inTx(deps, who.actor, async (tx) => {
        const options = await formOptions(tx, who.actor);
        let replacing = null;
        if (form.replaces && isUuid(form.replaces)) {
          const old = await groupRepo.findGroup(tx, form.replaces, true);
          replacing = old ? { slug: old.slug, name: old.name } : null;
        }
        return { ...options, replacing };
      });
      const t = STAFF_MESSAGES[lang].form;
      const title = editing
        ? GROUP_FORM_MORE[lang].editTitle(pick(editing.name, lang))
        : view.replacing
          ? t.replacementTitle(pick(view.replacing.name, lang))
          : t.title;
      return page(
        reply,
        lang,
        title,
        editing ? `/groups/${editing.slug}/edit` : '/groups/new',
        <GroupFormPage lang={lang} view={{ ...view, editing, form, errors, csrf: who.csrf }} />,
        { status, who },
      );
    };

    staff.get('/:lang/staff/groups/new', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const who = signedIn(request, reply, lang);
      if (!who) return reply;
      const managed = [...who.actor.roles.keys()].filter((id) => can(who.actor, 'catalogue.manage', id));
      if (managed.length === 0) return forbiddenPage(reply, lang, '/groups/new', who);
      let form = emptyGroupForm(managed[0]!);
      const replaces = request.query.replaces;
      if (typeof replaces === 'string' && replaces) {
        const old = await inTx(deps, who.actor, async (tx) => {
          const row = await groupRepo.findGroup(tx, replaces, false);
          const links = row ? await groupRepo.relatedOf(tx, [row], deps.clock()) : null;
          return row && !links?.get(row.id)?.replacedBy ? row : null;
        });
        if (!old || !managed.includes(old.org_id) || !['suspended', 'ended'].includes(old.status))
          return sendNotFound(reply, lang, '/staff/groups/new', deps.publicUrl);
        form = replacementForm(old);
      }
      return formPage(reply, lang, who, form, {});
    });

    staff.post('/:lang/staff/groups/new', { schema: { hide: true } }, async (request: LangRequest, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      if (!validCsrf(request)) return refused(reply, lang, '/groups/new');
      const who = signedIn(request, reply, lang);
      if (!who) return reply;
      const form = readGroupForm(request.body);
      const options = await inTx(deps, who.actor, (tx) => formOptions(tx, who.actor));
      const { errors, input } = checkGroupForm(form, lang, {
        organizations: options.organizations.map((o) => o.id),
        templates: options.templates,
      });
      if (!input) return formPage(reply, lang, who, form, errors, 422);
      try {
        const group = await inTx(deps, who.actor, async (tx) => {
          const { group } = await createGroup(tx, who.actor, form.organization, input);
          return group;
        });
        return reply.redirect(`/${lang}/staff/groups/${group.slug}?done=created`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return formPage(reply, lang, who, form, groupServiceErrors(error, lang), error.status);
      }
    });

    // ---------------------------------------------------------------- changing a group's details

    /** The group when this person may change its details; null shows "not found". */
    const editable = (who: SignedIn, slug: string) =>
      inTx(deps, who.actor, async (tx) => {
        const row = await groupRepo.findGroup(tx, slug, false);
        return row && can(who.actor, 'catalogue.manage', row.org_id) && row.status !== 'ended' ? row : null;
      });

    staff.get(
      '/:lang/staff/groups/:slug/edit',
      { schema: { hide: true } },
      async (request: GroupRequest, reply) => {
        const { lang, slug } = request.params;
        if (!isLang(lang)) return reply.callNotFound();
        const who = signedIn(request, reply, lang);
        if (!who) return reply;
        const row = await editable(who, slug);
        if (!row) return sendNotFound(reply, lang, `/staff/groups/${slug}/edit`, deps.publicUrl);
        return formPage(reply, lang, who, editForm(row), {}, 200, { slug: row.slug, name: row.name });
      },
    );

    staff.post(
      '/:lang/staff/groups/:slug/edit',
      { schema: { hide: true } },
      async (request: GroupRequest, reply) => {
        const { lang, slug } = request.params;
        if (!isLang(lang)) return reply.callNotFound();
        if (!validCsrf(request)) return refused(reply, lang, `/groups/${slug}/edit`);
        const who = signedIn(request, reply, lang);
        if (!who) return reply;
        const row = await editable(who, slug);
        if (!row) return sendNotFound(reply, lang, `/staff/groups/${slug}/edit`, deps.publicUrl);
        const editing = { slug: row.slug, name: row.name };
        // The organisation and the replaced group are not changed here.
        const form = { ...readGroupForm(request.body), organization: row.org_id, replaces: '' };
        const options = await inTx(deps, who.actor, (tx) => formOptions(tx, who.actor));
        const { errors, input } = checkGroupForm(form, lang, {
          organizations: [row.org_id],
          templates: options.templates,
        });
        if (!input) return formPage(reply, lang, who, form, errors, 422, editing);
        try {
          await inTx(deps, who.actor, (tx) =>
            updateGroup(tx, who.actor, row.id, input, deps.publicUrl, deps.clock()),
          );
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return formPage(reply, lang, who, form, groupServiceErrors(error, lang), error.status, editing);
        }
        return reply.redirect(`/${lang}/staff/groups/${row.slug}?done=updated`, 303);
      },
    );

    // ---------------------------------------------------------------- group workspace

    const groupPage = async (
      reply: FastifyReply,
      lang: Lang,
      who: SignedIn,
      slug: string,
      extra: {
        done?: string;
        error?: LifecycleError;
        fields?: LifecycleFields;
        status?: number;
        missing?: boolean;
      },
    ) => {
      const now = deps.clock();
      const today = helsinkiToday(now);
      const view = await inTx(deps, who.actor, async (tx): Promise<GroupView | null> => {
        const row = await groupRepo.findGroup(tx, slug, false);
        // Its coordinators and admins, its own facilitators, and the board for a proposal before it.
        if (!row || !(await accessToGroup(tx, who.actor, row)).internal) return null;
        const group = await presentGroup(tx, who.actor, row, deps.publicUrl, now);
        const actions = (group.internal?.available_actions ?? [])
          .filter((a): a is LifecycleAction => (LIFECYCLE_ACTIONS as readonly string[]).includes(a))
          .filter((a) => can(who.actor, TRANSITIONS[a].permission, row.org_id));
        const error = extra.error;
        if (error && extra.missing && row.template_id) {
          // Name who lacks which training, in the reader's language.
          const template = await groupRepo.findTemplate(tx, row.template_id, true);
          if (template?.required_training_id) {
            const prefix = STAFF_MESSAGES[lang].errors.blockers.facilitators;
            for (const f of await missingTrainings(tx, row.id, template.required_training_id, today))
              error.details.push(`${prefix} ${f.display_name} – ${pick(f.training_name, lang)}`);
          }
        }
        return {
          group,
          running: await runningPanel(tx, who.actor, row, today),
          actions,
          canReplace:
            ['suspended', 'ended'].includes(row.status) &&
            !group.replaced_by &&
            can(who.actor, 'catalogue.manage', row.org_id),
          canEdit: can(who.actor, 'catalogue.manage', row.org_id) && row.status !== 'ended',
          events: await listGroupEvents(tx, who.actor, row.id),
          sessions: (await listSessions(tx, row.id, now, null, 10)).map((s) => ({
            starts_at: toHelsinkiIso(s.starts_at),
            ends_at: toHelsinkiIso(s.ends_at),
            status: s.status,
          })),
          today,
          csrf: who.csrf,
          done: extra.done,
          error,
          fields: extra.fields,
        };
      });
      if (!view) return sendNotFound(reply, lang, `/staff/groups/${slug}`, deps.publicUrl);
      return page(
        reply,
        lang,
        pick(view.group.name, lang),
        `/groups/${slug}`,
        <GroupWorkspacePage lang={lang} view={view} />,
        { who, status: extra.status },
      );
    };

    staff.get(
      '/:lang/staff/groups/:slug',
      { schema: { hide: true } },
      async (request: GroupRequest, reply) => {
        const { lang, slug } = request.params;
        if (!isLang(lang)) return reply.callNotFound();
        const who = signedIn(request, reply, lang);
        if (!who) return reply;
        const t = STAFF_MESSAGES[lang].group;
        const doneKey = request.query.done;
        const done =
          doneKey === 'created'
            ? t.created
            : doneKey === 'updated'
              ? GROUP_FORM_MORE[lang].saved
              : doneKey === 'rule'
                ? groupAdminTexts(lang).rule.saved
                : (LIFECYCLE_ACTIONS as readonly string[]).includes(doneKey ?? '')
                  ? t.done[doneKey as keyof typeof t.done]
                  : undefined;
        return groupPage(reply, lang, who, slug, { done });
      },
    );

    staff.post(
      '/:lang/staff/groups/:slug/lifecycle',
      { schema: { hide: true } },
      async (request: GroupRequest, reply) => {
        const { lang, slug } = request.params;
        if (!isLang(lang)) return reply.callNotFound();
        if (!validCsrf(request)) return refused(reply, lang, `/groups/${slug}`);
        const who = signedIn(request, reply, lang);
        if (!who) return reply;
        const t = STAFF_MESSAGES[lang];
        const { action, fields } = readLifecycle(request.body);
        if (!action) return reply.redirect(`/${lang}/staff/groups/${slug}`, 303);
        const form = formOf(action);
        const { input, errors } = lifecycleInput(action, fields, lang);
        if (!input) {
          const error: LifecycleError = { form, message: t.group.errorHeading, details: [], fields: errors };
          return groupPage(reply, lang, who, slug, { error, fields, status: 422 });
        }
        try {
          await inTx(deps, who.actor, (tx) =>
            transitionGroup(tx, who.actor, slug, input, deps.clock(), deps.publicUrl),
          );
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.status === 404) return sendNotFound(reply, lang, `/staff/groups/${slug}`, deps.publicUrl);
          const details: string[] = [];
          const fieldErrors: LifecycleError['fields'] = {};
          let missing = false;
          for (const e of error.errors) {
            if (error.code === 'not-ready-to-publish') {
              if (e.field === 'facilitators') missing = true;
              else if ((PUBLISH_BLOCKERS as readonly string[]).includes(e.field)) {
                const line = t.errors.blockers[e.field as (typeof PUBLISH_BLOCKERS)[number]];
                if (!details.includes(line)) details.push(line);
              }
            } else if (e.field in fields)
              fieldErrors[e.field as keyof LifecycleFields] = errorText(error, lang);
          }
          const lifecycleError: LifecycleError = {
            form,
            message: errorText(error, lang),
            details,
            fields: fieldErrors,
          };
          return groupPage(reply, lang, who, slug, {
            error: lifecycleError,
            fields,
            status: error.status,
            missing,
          });
        }
        return reply.redirect(`/${lang}/staff/groups/${slug}?done=${action}`, 303);
      },
    );

    participantRoutes(staff, deps, { page, signedIn, refused });
    scheduleRoutes(staff, deps, { page, signedIn, refused });
    sessionRoutes(staff, deps, { page, signedIn, refused });
    passkeyRoutes(staff, deps, { page, signedIn, refused, signInPage, safeNext });
    facilitatorRoutes(staff, deps, { page, signedIn, refused });
    groupAdminRoutes(staff, deps, { page, signedIn, refused });
    templateRoutes(staff, deps, { page, signedIn, refused });
    invitationAcceptRoutes(staff, deps, { page, signedIn, refused });
    peopleRoutes(staff, deps, { page, signedIn, refused });
    settingsRoutes(staff, deps, { page, signedIn, refused });
    auditRoutes(staff, deps, { page, signedIn, refused });
    venueRoutes(staff, deps, { page, signedIn, refused });
    tokenRoutes(staff, deps, { page, signedIn, refused });
    accountRoutes(staff, deps, { page, signedIn, refused });
    feedbackStaffRoutes(staff, deps, { page, signedIn, refused });
    reportRoutes(staff, deps, { page, signedIn, refused });
    sessionFacilitatorRoutes(staff, deps, { page, signedIn, refused });
  });
}

const line = (row: groupRepo.GroupRow, related: Map<string, groupRepo.GroupRelated>): GroupLine => {
  const next = related.get(row.id)?.nextSession;
  return {
    slug: row.slug,
    name: row.name,
    status: row.status,
    next_session: next
      ? { starts_at: toHelsinkiIso(next.starts_at), ends_at: toHelsinkiIso(next.ends_at) }
      : null,
  };
};

/** The start page: a section for each organisation and role, then the person's own groups and referrals. */
async function startView(tx: Tx, actor: Actor, now: Date): Promise<StartView> {
  const orgs = await organisationNames(tx, [...actor.roles.keys()]);
  const view: StartView = { orgs: [], canCreate: false, facilitated: null, referrals: null };
  const allRoles = new Set<Role>();
  for (const org of orgs) {
    const roles = ROLES.filter((r) => actor.roles.get(org.id)?.has(r));
    roles.forEach((r) => allRoles.add(r));
    const manages = can(actor, 'catalogue.manage', org.id);
    const section: StartView['orgs'][number] = {
      id: org.id,
      name: org.name,
      roles,
      managed: null,
      proposals: null,
      pages: {
        people: invitableRoles(actor, org.id).length > 0,
        settings: can(actor, 'organisation.update', org.id),
        audit: can(actor, 'participants.manage', org.id),
      },
    };
    if (manages) {
      view.canCreate = true;
      const { rows } = await groupRepo.listGroups(tx, {
        statuses: GROUP_STATUSES,
        orgIds: [org.id],
        limit: 300,
        offset: 0,
      });
      const related = await groupRepo.relatedOf(tx, rows, now);
      const lines = rows.map((r) => line(r, related));
      section.managed = {
        needsAction: NEEDS_ACTION.flatMap((s) => lines.filter((g) => g.status === s)),
        all: lines,
      };
      section.warnings = await orgWarnings(tx, actor, org.id, now);
    }
    if (roles.includes('board_member')) {
      const { rows } = await groupRepo.listGroups(tx, {
        statuses: ['proposed'],
        orgIds: [org.id],
        limit: 100,
        offset: 0,
      });
      section.proposals = rows.map((r) => line(r, new Map()));
    }
    view.orgs.push(section);
  }
  if (allRoles.has('facilitator') && actor.userId) {
    const groups = await facilitatedGroups(tx, actor.userId);
    const related = await groupRepo.relatedOf(tx, groups, now);
    view.facilitated = [];
    for (const g of groups) {
      // Sessions of the last two days stay listed, so their attendance can still be marked.
      const sessions = await listSessions(tx, g.id, new Date(now.getTime() - 2 * 86_400_000), null, 4);
      view.facilitated.push({
        group: line(g, related),
        sessions: sessions.map((s) => ({
          id: s.id,
          starts_at: toHelsinkiIso(s.starts_at),
          ends_at: toHelsinkiIso(s.ends_at),
          status: s.status,
        })),
      });
    }
  }
  if (allRoles.has('referrer')) {
    const referrals = await myReferrals(tx, actor);
    const names = await groupNames(
      tx,
      referrals.map((r) => r.group_id),
    );
    view.referrals = referrals.map((r) => ({
      id: r.id,
      groupName: names.get(r.group_id) ?? null,
      slug: r.group_slug,
      status: r.status,
      created_at: toHelsinkiIso(r.created_at),
    }));
  }
  return view;
}
