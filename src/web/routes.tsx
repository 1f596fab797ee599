import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { getVisibleGroup, presentGroups, type GroupJson } from '../groups/service.ts';
import { getOrganisation } from '../organisations/service.ts';
import { getVenue, presentVenue } from '../venues/service.ts';
import { heldSpan, listSessions, publicGuests } from '../schedules/repository.ts';
import { findGroups } from '../search/find.ts';
import { FINDER_STATUSES, parseSearch, type SearchQueryInput } from '../search/query.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { cancelByToken, describeCancelLink, markComing, register } from '../enrolment/service.ts';
import { registerWithCode } from '../enrolment/referrals.ts';
import { randomUUID } from 'node:crypto';
import { apply } from '../enrolment/applications.ts';
import {
  ApplicationPage,
  AppliedPage,
  checkApplicationForm,
  readApplicationForm,
  type ApplicationForm,
} from './application.tsx';
import {
  checkForm,
  checkFormAnswers,
  emptyRegistrationForm,
  readRegistrationForm,
  RegisteredPage,
  registrationInput,
  RegistrationPage,
  type FormErrors,
  type RegistrationForm,
} from './registration.tsx';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../accounts/permissions.ts';
import { isLang, langFromAcceptLanguage, MESSAGES, pick, type Lang } from './i18n.ts';
import {
  AccessibilityPage,
  GroupPage,
  HomePage,
  MessagePage,
  OrganisationPage,
  SearchPage,
  VenuePage,
  type SearchView,
} from './pages.tsx';
import { groupJsonLd } from './json-ld.ts';
import { send, sendNotFound } from './send.tsx';
import { myDataRoutes } from './my-data.tsx';
import { feedbackPages } from './feedback/route.tsx';
import {
  CANCEL_COOKIE,
  clearSecretCookie,
  linkCsrf,
  noStore,
  setSecretCookie,
  validLinkCsrf,
} from './link-exchange.ts';

const PER_PAGE = 20;
function readAsset(relative: string): string {
  return fs.readFileSync(new URL(relative, import.meta.url), 'utf8');
}
/** A file of a package, found through the package's own exports (never a node_modules path). */
const packageFile = (specifier: string) =>
  fs.readFileSync(createRequire(import.meta.url).resolve(specifier), 'utf8');
const ASSETS: Record<string, { type: string; body: string }> = {
  'hds.css': {
    type: 'text/css; charset=utf-8',
    body: [packageFile('hds-core/lib/base.min.css'), packageFile('hds-core/lib/components/all.min.css')].join(
      '\n',
    ),
  },
  'site.css': { type: 'text/css; charset=utf-8', body: readAsset('./site.css') },
  // The site's icon; pages name it, and /favicon.ico answers with it for tools that ask there.
  'icon.svg': { type: 'image/svg+xml', body: readAsset('./icon.svg') },
};

type LangParams = { Params: { lang: string } };

/** The query string as lists of values, whether a key came once, repeated, or comma-separated. */
function queryLists(query: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries((query ?? {}) as Record<string, string | string[]>)) {
    const values = (Array.isArray(raw) ? raw : [raw])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length) out[key] = values;
  }
  return out;
}

const LIST_KEYS = [
  'municipality',
  'neighbourhood',
  'audience',
  'theme',
  'language',
  'weekday',
  'time_of_day',
  'join',
] as const;

/** The search page's form as the API's search input, with the errors a person can fix beside the field. */
function searchInput(lists: Record<string, string[]>): {
  input: SearchQueryInput;
  errors: { field: string; message: string }[];
  page: number;
} {
  const errors: { field: string; message: string }[] = [];
  const input: SearchQueryInput = {};
  const one = (key: string) => lists[key]?.[0];
  const q = lists.q?.join(' ');
  if (q) {
    if (q.length > 200) errors.push({ field: 'q', message: 'max 200' });
    else input.q = q;
  }
  for (const key of LIST_KEYS) if (lists[key]) input[key] = lists[key].join(',');
  if (one('near')) input.near = one('near');
  const number = (key: 'radius_km' | 'starts_within_days', integer: boolean) => {
    const raw = one(key);
    if (raw === undefined) return;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)) || value > 1000) {
      errors.push({ field: key, message: `${key}: ${raw}` });
    } else input[key] = value;
  };
  number('radius_km', false);
  number('starts_within_days', true);
  for (const key of ['free', 'ongoing', 'accepting'] as const) if (one(key) === 'true') input[key] = true;
  const mode = one('mode');
  if (mode === 'in_person' || mode === 'remote') input.mode = mode;
  const openness = one('openness');
  if (openness === 'open' || openness === 'closed') input.openness = openness;
  const sort = one('sort');
  if (sort === 'relevance' || sort === 'next_session' || sort === 'distance' || sort === 'name')
    input.sort = sort;
  const page = Math.min(Math.max(Number.parseInt(one('page') ?? '1', 10) || 1, 1), 10_000);
  return { input, errors, page };
}

async function present(
  tx: Tx,
  actor: Actor,
  groups: GroupJson[] | Parameters<typeof presentGroups>[2],
  deps: Deps,
) {
  return presentGroups(
    tx,
    actor,
    groups as Parameters<typeof presentGroups>[2],
    deps.publicUrl,
    deps.clock(),
  );
}

export async function webRoutes(app: App, deps: Deps): Promise<void> {
  const finder = (actor: Actor) => ({ actor, publicUrl: deps.publicUrl, cache: deps.searchCache });
  app.get(
    '/assets/:name',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { name: string } }>, reply) => {
      const asset = ASSETS[request.params.name];
      if (!asset) return reply.callNotFound();
      return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
    },
  );
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(ASSETS['icon.svg']!.body),
  );

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const lang = langFromAcceptLanguage(request.headers['accept-language']);
    return reply.header('vary', 'Accept-Language').redirect(`/${lang}`, 302);
  });

  app.get('/:lang', { schema: { hide: true } }, async (request: FastifyRequest<LangParams>, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const t = MESSAGES[lang];
    const { upcoming, total } = await inTx(deps, request.actor, async (tx) => {
      const found = await findGroups(tx, finder(request.actor), {
        statuses: FINDER_STATUSES,
        sort: 'next_session',
        limit: 6,
        offset: 0,
        now: deps.clock(),
      });
      return { upcoming: found.items, total: found.total };
    });
    return send(
      reply,
      { lang, title: t.search.heading, description: t.tagline, path: '/' },
      deps.publicUrl,
      <HomePage lang={lang} upcoming={upcoming} total={total} />,
    );
  });

  app.get('/:lang/search', { schema: { hide: true } }, async (request: FastifyRequest<LangParams>, reply) => {
    const lang = request.params.lang;
    if (!isLang(lang)) return reply.callNotFound();
    const t = MESSAGES[lang];
    const lists = queryLists(request.query);
    const { input, errors, page } = searchInput(lists);
    const path = `/search${request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''}`;
    let search: ReturnType<typeof parseSearch> | null = null;
    if (errors.length === 0) {
      try {
        search = parseSearch(input, deps.clock());
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push(...error.errors.map((e) => ({ field: e.field, message: e.message })));
      }
    }
    const view: SearchView = {
      query: lists,
      total: 0,
      page,
      perPage: PER_PAGE,
      sort: input.sort ?? (input.q ? 'relevance' : input.near ? 'distance' : 'next_session'),
      groups: [],
      errors,
      hasNear: Boolean(input.near),
    };
    if (search) {
      const found = search;
      await inTx(deps, request.actor, async (tx) => {
        const { items, total } = await findGroups(tx, finder(request.actor), {
          ...found,
          statuses: FINDER_STATUSES,
          limit: PER_PAGE,
          offset: (page - 1) * PER_PAGE,
        });
        view.groups = items;
        view.total = total;
      });
    }
    const title = input.q ? `${input.q} – ${t.search.heading}` : t.search.heading;
    return send(
      reply,
      { lang, title, path, noindex: true },
      deps.publicUrl,
      <SearchPage lang={lang} view={view} />,
      errors.length ? 400 : 200,
    );
  });

  app.get(
    '/:lang/groups/:slug',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; slug: string } }>, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/groups/${slug}`;
      const now = deps.clock();
      const found = await inTx(deps, request.actor, async (tx) => {
        let row;
        try {
          // Unpublished groups only to those who may see them (docs/security.md, finding 8).
          row = (await getVisibleGroup(tx, request.actor, slug)).group;
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return null;
          throw error;
        }
        const [group] = await present(tx, request.actor, [row], deps);
        const sessions = await listSessions(tx, row.id, now, null, 12);
        const held = await heldSpan(tx, row.id, now);
        const guests = await publicGuests(
          tx,
          sessions.map((s) => s.id),
        );
        return {
          group: group!,
          sessions: sessions.map((s) => ({
            id: s.id,
            starts_at: toHelsinkiIso(s.starts_at),
            ends_at: toHelsinkiIso(s.ends_at),
            status: s.status,
            theme: s.theme,
            guests: guests.get(s.id) ?? [],
          })),
          held: {
            first: held.first ? toHelsinkiIso(held.first) : null,
            last: held.last ? toHelsinkiIso(held.last) : null,
          },
        };
      });
      if (!found) return sendNotFound(reply, lang, path, deps.publicUrl);
      const { group, sessions, held } = found;
      return send(
        reply,
        {
          lang,
          title: pick(group.name, lang),
          description: pick(group.description, lang).slice(0, 200),
          path,
          jsonLd: groupJsonLd(group, sessions, lang, deps.publicUrl),
          noindex: !['published', 'running'].includes(group.status),
        },
        deps.publicUrl,
        <GroupPage
          lang={lang}
          group={group}
          sessions={sessions}
          held={held}
          now={now}
          thanked={(request.query as Record<string, string> | undefined)?.coming === 'thanks'}
        />,
      );
    },
  );

  /** The public view of a group for the registration pages, or null when it is not visible. */
  const publicGroup = (request: FastifyRequest, slug: string) =>
    inTx(deps, request.actor, async (tx) => {
      try {
        const { group: row } = await getVisibleGroup(tx, request.actor, slug);
        const [group] = await present(tx, request.actor, [row], deps);
        return group!;
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      }
    });
  type RegisterRequest = FastifyRequest<{
    Params: { lang: string; slug: string };
    Body: Record<string, string> | undefined;
  }>;
  const registerPage = (
    reply: FastifyReply,
    lang: Lang,
    group: GroupJson,
    form: RegistrationForm,
    errors: FormErrors,
    key: string,
    status = 200,
  ) =>
    send(
      reply,
      {
        lang,
        title: MESSAGES[lang].registration.title(pick(group.name, lang)),
        path: `/groups/${group.slug}/register`,
        noindex: true,
      },
      deps.publicUrl,
      <RegistrationPage lang={lang} group={group} form={form} errors={errors} idempotencyKey={key} />,
      status,
    );

  app.get(
    '/:lang/groups/:slug/register',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'registration')
        return sendNotFound(reply, lang, `/groups/${slug}/register`, deps.publicUrl);
      const empty = emptyRegistrationForm(lang);
      return registerPage(reply, lang, group, empty, {}, randomUUID());
    },
  );

  app.post(
    '/:lang/groups/:slug/register',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'registration')
        return sendNotFound(reply, lang, `/groups/${slug}/register`, deps.publicUrl);
      const body = request.body ?? {};
      const form = readRegistrationForm(group.registration_questions, body, lang);
      // A double click or a reload sends the same key, and gets the same registration.
      const key = /^[0-9a-f-]{36}$/.test(String(body.idempotency_key))
        ? String(body.idempotency_key)
        : randomUUID();
      const checked = checkFormAnswers(group.registration_questions, form.answers, lang);
      const errors = { ...checkForm(form, lang), ...checked.errors };
      if (Object.keys(errors).length) return registerPage(reply, lang, group, form, errors, key, 400);
      const t = MESSAGES[lang].registration.errors;
      try {
        const { result } = await register(deps.db, group.id, registrationInput(form, checked.answers), {
          publicUrl: deps.publicUrl,
          now: deps.clock(),
          idempotencyKey: `form:${key}`,
          client: request.actor.kind === 'public' ? request.ip : null,
        });
        return send(
          reply,
          {
            lang,
            title: MESSAGES[lang].registration.title(pick(group.name, lang)),
            path: `/groups/${group.slug}/register`,
            noindex: true,
          },
          deps.publicUrl,
          <RegisteredPage
            lang={lang}
            group={group}
            status={result.status === 'waitlisted' ? 'waitlisted' : 'confirmed'}
            position={result.waitlist_position}
            cancelUrl={result.cancel_url}
            emailed={Boolean(form.email.trim())}
          />,
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404)
          return sendNotFound(reply, lang, `/groups/${slug}/register`, deps.publicUrl);
        let problem: FormErrors;
        if (error.status === 429) {
          const seconds = error.extra.retryAfter ?? 60;
          void reply.header('retry-after', String(seconds));
          problem = { form: t.tooMany(Math.ceil(seconds / 60)) };
        } else if (error.code === 'already-registered')
          problem =
            error.errors[0]?.field === 'phone' ? { phone: t.alreadyPhone } : { email: t.alreadyEmail };
        else problem = error.code === 'group-full' ? { form: t.full } : { form: t.closed };
        return registerPage(reply, lang, group, form, problem, key, error.status);
      }
    },
  );

  // ---------------------------------------------------------------- registering with a referral code

  const referralPage = (
    reply: FastifyReply,
    lang: Lang,
    group: GroupJson,
    form: RegistrationForm,
    code: string,
    errors: FormErrors,
    status = 200,
  ) =>
    send(
      reply,
      {
        lang,
        title: MESSAGES[lang].registration.referral.title(pick(group.name, lang)),
        path: `/groups/${group.slug}/referral`,
        noindex: true,
      },
      deps.publicUrl,
      <RegistrationPage
        lang={lang}
        group={group}
        form={form}
        errors={errors}
        idempotencyKey={randomUUID()}
        referral={{ code }}
      />,
      status,
    );

  app.get(
    '/:lang/groups/:slug/referral',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'referral')
        return sendNotFound(reply, lang, `/groups/${slug}/referral`, deps.publicUrl);
      const empty = emptyRegistrationForm(lang);
      return referralPage(reply, lang, group, empty, '', {});
    },
  );

  app.post(
    '/:lang/groups/:slug/referral',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'referral')
        return sendNotFound(reply, lang, `/groups/${slug}/referral`, deps.publicUrl);
      const body = request.body ?? {};
      const code = String(body.referral_code ?? '')
        .trim()
        .slice(0, 40);
      const form = readRegistrationForm(group.registration_questions, body, lang);
      const t = MESSAGES[lang].registration;
      const checked = checkFormAnswers(group.registration_questions, form.answers, lang);
      const errors: FormErrors = {
        ...(code ? {} : { referral_code: t.referral.codeRequired }),
        ...checkForm(form, lang),
        ...checked.errors,
      };
      if (Object.keys(errors).length) return referralPage(reply, lang, group, form, code, errors, 400);
      try {
        const result = await registerWithCode(
          deps.db,
          group.id,
          code,
          registrationInput(form, checked.answers),
          { now: deps.clock(), publicUrl: deps.publicUrl },
        );
        return send(
          reply,
          {
            lang,
            title: t.referral.title(pick(group.name, lang)),
            path: `/groups/${group.slug}/referral`,
            noindex: true,
          },
          deps.publicUrl,
          <RegisteredPage
            lang={lang}
            group={group}
            status="pending"
            position={null}
            cancelUrl={result.cancel_url}
            emailed={false}
          />,
          201,
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'invalid-referral-code')
          return referralPage(reply, lang, group, form, code, { referral_code: t.referral.codeInvalid }, 400);
        return referralPage(reply, lang, group, form, code, { form: t.errors.closed }, error.status);
      }
    },
  );

  const applyPage = (
    reply: FastifyReply,
    lang: Lang,
    group: GroupJson,
    form: ApplicationForm,
    errors: FormErrors,
    status = 200,
  ) =>
    send(
      reply,
      {
        lang,
        title: MESSAGES[lang].application.title(pick(group.name, lang)),
        path: `/groups/${group.slug}/apply`,
        noindex: true,
      },
      deps.publicUrl,
      <ApplicationPage lang={lang} group={group} form={form} errors={errors} />,
      status,
    );

  app.get(
    '/:lang/groups/:slug/apply',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'application')
        return sendNotFound(reply, lang, `/groups/${slug}/apply`, deps.publicUrl);
      return applyPage(reply, lang, group, readApplicationForm({}, lang), {});
    },
  );

  app.post(
    '/:lang/groups/:slug/apply',
    { schema: { hide: true } },
    async (request: RegisterRequest, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const group = await publicGroup(request, slug);
      if (!group || group.how_to_join !== 'application')
        return sendNotFound(reply, lang, `/groups/${slug}/apply`, deps.publicUrl);
      const form = readApplicationForm(request.body ?? {}, lang);
      const { facts, errors } = checkApplicationForm(form, lang);
      if (Object.keys(errors).length) return applyPage(reply, lang, group, form, errors, 400);
      try {
        await apply(
          deps.db,
          group.id,
          {
            display_name: form.display_name.trim(),
            email: form.email.trim() || null,
            phone: form.phone.trim() || null,
            language: form.language as Lang,
            consent: true,
            facts,
          },
          deps.clock(),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404) return sendNotFound(reply, lang, `/groups/${slug}/apply`, deps.publicUrl);
        return applyPage(
          reply,
          lang,
          group,
          form,
          { form: MESSAGES[lang].application.errors.closed },
          error.status,
        );
      }
      return send(
        reply,
        {
          lang,
          title: MESSAGES[lang].application.title(pick(group.name, lang)),
          path: `/groups/${group.slug}/apply`,
          noindex: true,
        },
        deps.publicUrl,
        <AppliedPage lang={lang} group={group} />,
      );
    },
  );

  // "I'm coming" without JavaScript: count it, then back to the group page (POST, redirect, GET).
  app.post(
    '/:lang/groups/:slug/coming',
    { schema: { hide: true } },
    async (
      request: FastifyRequest<{
        Params: { lang: string; slug: string };
        Body: Record<string, string> | undefined;
      }>,
      reply,
    ) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const sessionId = String(request.body?.session_id ?? '');
      if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return reply.redirect(`/${lang}/groups/${slug}`, 303);
      try {
        await markComing(deps.db, sessionId, deps.clock());
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return reply.redirect(`/${lang}/groups/${slug}`, 303);
      }
      return reply.redirect(`/${lang}/groups/${slug}?coming=thanks`, 303);
    },
  );

  // The secret link from a registration: its first GET moves the token into a short-lived
  // cookie and sends the browser on to the page without it (link-exchange.ts). That page
  // asks first (a link preview or a prefetch must not cancel anything), then cancels on the
  // form's POST.
  app.get(
    '/:lang/registrations/:token/cancel',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; token: string } }>, reply) => {
      const { lang, token } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      noStore(reply);
      if (/^[A-Za-z0-9_-]{43}$/.test(token))
        setSecretCookie(reply, CANCEL_COOKIE, token, deps.publicUrl, 60 * 60);
      return reply.redirect(`/${lang}/registrations/cancel`, 303);
    },
  );
  const cancelPage = (reply: FastifyReply, lang: Lang, body: ComponentChildren, status = 200) =>
    send(
      noStore(reply),
      { lang, title: MESSAGES[lang].cancelRegistration.title, path: '/registrations/cancel', noindex: true },
      deps.publicUrl,
      body,
      status,
    );
  app.get(
    '/:lang/registrations/cancel',
    { schema: { hide: true } },
    async (request: FastifyRequest<LangParams>, reply) => {
      const { lang } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const t = MESSAGES[lang].cancelRegistration;
      const token = request.cookies[CANCEL_COOKIE];
      const link = token ? await describeCancelLink(deps.db, token) : null;
      if (!token || !link)
        return cancelPage(reply, lang, <MessagePage title={t.title} text={t.unknown} />, 404);
      const groupName = pick(link.groupName, lang) ?? '';
      // A used link says so and asks nothing again.
      if (link.cancelled)
        return cancelPage(reply, lang, <MessagePage title={t.title} text={t.already(groupName)} />);
      return cancelPage(
        reply,
        lang,
        <>
          <h1>{t.title}</h1>
          <p>{t.question(groupName)}</p>
          <form method="post" action={`/${lang}/registrations/cancel`}>
            <input type="hidden" name="csrf" value={linkCsrf(token, 'cancel')} />
            <button type="submit" class="hds-button hds-button--primary">
              <span class="hds-button__label">{t.button}</span>
            </button>
          </form>
        </>,
      );
    },
  );
  app.post(
    '/:lang/registrations/cancel',
    { schema: { hide: true } },
    async (request: FastifyRequest<LangParams>, reply) => {
      const { lang } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const t = MESSAGES[lang].cancelRegistration;
      const token = request.cookies[CANCEL_COOKIE];
      if (!token) return cancelPage(reply, lang, <MessagePage title={t.title} text={t.unknown} />, 404);
      if (!validLinkCsrf(request, token, 'cancel'))
        return cancelPage(reply, lang, <MessagePage title={t.title} text={t.text} />, 403);
      const link = await describeCancelLink(deps.db, token);
      const groupName = link ? (pick(link.groupName, lang) ?? '') : '';
      try {
        await cancelByToken(deps.db, token, deps.clock(), deps.publicUrl);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 404) throw error;
        clearSecretCookie(reply, CANCEL_COOKIE, deps.publicUrl);
        return cancelPage(reply, lang, <MessagePage title={t.title} text={t.unknown} />, 404);
      }
      clearSecretCookie(reply, CANCEL_COOKIE, deps.publicUrl);
      return cancelPage(
        reply,
        lang,
        <MessagePage title={t.title} text={link?.cancelled ? t.already(groupName) : t.doneIn(groupName)} />,
      );
    },
  );

  await myDataRoutes(app, deps);
  await feedbackPages(app, deps);

  app.get(
    '/:lang/organisations/:slug',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; slug: string } }>, reply) => {
      const { lang, slug } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/organisations/${slug}`;
      const found = await inTx(deps, request.actor, async (tx) => {
        let org;
        try {
          org = await getOrganisation(tx, slug);
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return null;
          throw error;
        }
        const base = { orgIds: [org.id], offset: 0, now: deps.clock() };
        const current = await findGroups(tx, finder(request.actor), {
          ...base,
          statuses: FINDER_STATUSES,
          sort: 'next_session',
          limit: 100,
        });
        const earlier = await findGroups(tx, finder(request.actor), {
          ...base,
          statuses: ['suspended', 'ended'],
          sort: 'name',
          limit: 50,
        });
        return { org, current: current.items, earlier: earlier.items };
      });
      if (!found) return sendNotFound(reply, lang, path, deps.publicUrl);
      const { org } = found;
      return send(
        reply,
        { lang, title: pick(org.name, lang), description: pick(org.description, lang).slice(0, 200), path },
        deps.publicUrl,
        <OrganisationPage lang={lang} org={org} current={found.current} earlier={found.earlier} />,
      );
    },
  );

  app.get(
    '/:lang/accessibility',
    { schema: { hide: true } },
    async (request: FastifyRequest<LangParams>, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) return reply.callNotFound();
      const t = MESSAGES[lang].accessibilityStatement;
      return send(
        reply,
        { lang, title: t.title, path: '/accessibility' },
        deps.publicUrl,
        <AccessibilityPage lang={lang} />,
      );
    },
  );

  app.get(
    '/:lang/venues/:id',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; id: string } }>, reply) => {
      const { lang, id } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const path = `/venues/${id}`;
      const found = await inTx(deps, request.actor, async (tx) => {
        let venue;
        try {
          venue = await getVenue(tx, id);
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return null;
          throw error;
        }
        const { items } = await findGroups(tx, finder(request.actor), {
          venueIds: [venue.id],
          statuses: FINDER_STATUSES,
          sort: 'next_session',
          limit: 100,
          offset: 0,
          now: deps.clock(),
        });
        return { venue: presentVenue(venue), groups: items };
      });
      if (!found) return sendNotFound(reply, lang, path, deps.publicUrl);
      return send(
        reply,
        { lang, title: found.venue.name, path },
        deps.publicUrl,
        <VenuePage lang={lang} venue={found.venue} groups={found.groups} />,
      );
    },
  );
}
