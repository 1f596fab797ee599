/**
 * "My data": a person sees, downloads and erases what is held about their email address,
 * without an account and without JavaScript (src/enrolment/subject-requests.ts does the work).
 *
 * GET  /{lang}/my-data               the form for an email address
 * POST /{lang}/my-data               sends a link if the address is known; the same answer either way
 * GET  /{lang}/my-data/link/{token}  exchanges the emailed link for a cookie, 303 to /mine
 * GET  /{lang}/my-data/mine          what is held, with download, cancel and erase
 * POST /{lang}/my-data/export        the JSON download
 * POST /{lang}/my-data/cancel        cancels one of the person's registrations
 * POST /{lang}/my-data/erase         erases everything, or says which seats to cancel first
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { App, Deps } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import {
  cancelOwnRegistration,
  eraseSubject,
  exportSubject,
  exchangeLink,
  holdsSeat,
  isTokenLike,
  LINK_TTL_MS,
  requestLink,
  SESSION_TTL_MS,
  sessionEmail,
  subjectData,
  type SubjectData,
  type SubjectRegistration,
} from '../enrolment/subject-requests.ts';
import { isLang, pick, type Lang } from './i18n.ts';
import { Field } from './fields.tsx';
import { send } from './send.tsx';
import { MY_DATA_TEXTS } from './my-data-texts.ts';
import {
  clearSecretCookie,
  linkCsrf,
  MY_DATA_COOKIE,
  noStore,
  setSecretCookie,
  validLinkCsrf,
} from './link-exchange.ts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

function RequestForm({ lang, email, error }: { lang: Lang; email: string; error?: string }) {
  const t = MY_DATA_TEXTS[lang];
  return (
    <form method="post" action={`/${lang}/my-data`} novalidate>
      <Field
        id="email"
        label={t.email}
        hint={t.emailHint}
        error={error}
        value={email}
        type="email"
        autocomplete="email"
      />
      <button type="submit" class="hds-button hds-button--primary">
        <span class="hds-button__label">{t.send}</span>
      </button>
    </form>
  );
}

function Hidden({ csrf }: { csrf: string }) {
  return <input type="hidden" name="csrf" value={csrf} />;
}

function CancelButton({ lang, r, csrf }: { lang: Lang; r: SubjectRegistration; csrf: string }) {
  const t = MY_DATA_TEXTS[lang];
  return (
    <form method="post" action={`/${lang}/my-data/cancel`}>
      <Hidden csrf={csrf} />
      <input type="hidden" name="registration" value={r.id} />
      <button
        type="submit"
        class="hds-button hds-button--secondary"
        aria-label={`${t.cancel}: ${pick(r.group.name, lang)}`}
      >
        <span class="hds-button__label">{t.cancel}</span>
      </button>
    </form>
  );
}

function groupLine(lang: Lang, r: SubjectRegistration) {
  const t = MY_DATA_TEXTS[lang];
  return (
    <>
      <strong>{pick(r.group.name, lang)}</strong> ({pick(r.organisation.name, lang)}):{' '}
      {t.status[r.status] ?? r.status}
      {r.group.next_session ? `. ${t.nextSession} ${when(r.group.next_session)}` : ''}
      {!r.group.next_session && r.group.starts_on ? `. ${t.startsOn} ${r.group.starts_on}` : ''}
    </>
  );
}

function Overview({
  lang,
  data,
  csrf,
  notice,
}: {
  lang: Lang;
  data: SubjectData;
  csrf: string;
  notice?: string;
}) {
  const t = MY_DATA_TEXTS[lang];
  const own = data.registrations.filter((r) => r.display_name !== 'anonymised');
  const referrals = own.filter((r) => r.via !== 'self');
  const empty = own.length === 0 && data.applications.length === 0 && data.messages.length === 0;
  return (
    <>
      <h1>{t.title}</h1>
      {notice ? (
        <div class="hds-notification hds-notification--success" role="status">
          <div class="hds-notification__content">
            <p class="hds-notification__body">{notice}</p>
          </div>
        </div>
      ) : null}
      <p>
        {t.holding} <strong>{data.email}</strong>.
      </p>
      <p>{t.sessionNote}</p>
      {empty ? <p>{t.nothing}</p> : null}
      {own.length ? (
        <section aria-labelledby="my-registrations">
          <h2 id="my-registrations">{t.registrations}</h2>
          <ul>
            {own.map((r) => (
              <li>
                {groupLine(lang, r)}. {t.registered} {when(r.registered_at)}.{' '}
                {[r.display_name, r.email, r.phone].filter(Boolean).join(', ')}
                {Object.keys(r.answers).length ? (
                  <>
                    {' '}
                    {t.answers}:{' '}
                    {Object.entries(r.answers)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join('; ')}
                  </>
                ) : null}
                {['confirmed', 'waitlisted', 'pending'].includes(r.status) && r.group.status !== 'ended' ? (
                  <CancelButton lang={lang} r={r} csrf={csrf} />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {referrals.length ? (
        <section aria-labelledby="my-referrals">
          <h2 id="my-referrals">{t.referrals}</h2>
          <ul>
            {referrals.map((r) => (
              <li>
                {pick(r.group.name, lang)}: {t.referredBy} {r.referred_by ?? '—'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.applications.length ? (
        <section aria-labelledby="my-applications">
          <h2 id="my-applications">{t.applications}</h2>
          <ul>
            {data.applications.map((a) => (
              <li>
                <strong>{pick(a.group.name, lang)}</strong> ({pick(a.organisation.name, lang)}):{' '}
                {t.status[a.status] ?? a.status}, {when(a.applied_at)}. {t.facts}:{' '}
                {Object.entries(a.facts)
                  .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                  .join('; ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.messages.length ? (
        <section aria-labelledby="my-messages">
          <h2 id="my-messages">{t.messages}</h2>
          <ul>
            {data.messages.map((m) => (
              <li>
                {when(m.queued_at)}: {m.subject}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="my-export">
        <h2 id="my-export">{t.exportTitle}</h2>
        <p>{t.exportText}</p>
        <form method="post" action={`/${lang}/my-data/export`}>
          <Hidden csrf={csrf} />
          <button type="submit" class="hds-button hds-button--secondary">
            <span class="hds-button__label">{t.exportButton}</span>
          </button>
        </form>
      </section>
      {empty ? null : (
        <section aria-labelledby="my-erase">
          <h2 id="my-erase">{t.eraseTitle}</h2>
          <p>{t.eraseText}</p>
          <form method="post" action={`/${lang}/my-data/erase`}>
            <Hidden csrf={csrf} />
            <button type="submit" class="hds-button hds-button--danger">
              <span class="hds-button__label">{t.eraseButton}</span>
            </button>
          </form>
        </section>
      )}
    </>
  );
}

function Refused({ lang, seats, csrf }: { lang: Lang; seats: SubjectRegistration[]; csrf: string }) {
  const t = MY_DATA_TEXTS[lang];
  return (
    <>
      <h1>{t.refusedTitle}</h1>
      <p>{t.refused}</p>
      <ul>
        {seats.map((r) => (
          <li>
            {groupLine(lang, r)}
            <CancelButton lang={lang} r={r} csrf={csrf} />
          </li>
        ))}
      </ul>
      <p>{t.refusedHow}</p>
      <p>
        <a href={`/${lang}/my-data/mine`}>{t.title}</a>
      </p>
    </>
  );
}

export async function myDataRoutes(app: App, deps: Deps): Promise<void> {
  type Req = FastifyRequest<{ Params: { lang: string }; Body: Record<string, string> | undefined }>;

  const page = (reply: FastifyReply, lang: Lang, body: ComponentChildren, status = 200) => {
    const t = MY_DATA_TEXTS[lang];
    return send(
      noStore(reply),
      { lang, title: t.title, path: '/my-data', noindex: true },
      deps.publicUrl,
      body,
      status,
    );
  };
  const requestPage = (reply: FastifyReply, lang: Lang, email: string, error?: string, status = 200) =>
    page(
      reply,
      lang,
      <>
        <h1>{MY_DATA_TEXTS[lang].title}</h1>
        <p>{MY_DATA_TEXTS[lang].intro}</p>
        <RequestForm lang={lang} email={email} error={error} />
      </>,
      status,
    );
  const expired = (reply: FastifyReply, lang: Lang) => {
    clearSecretCookie(reply, MY_DATA_COOKIE, deps.publicUrl);
    const t = MY_DATA_TEXTS[lang];
    return page(
      reply,
      lang,
      <>
        <h1>{t.title}</h1>
        <p>{t.expired}</p>
        <p>
          <a href={`/${lang}/my-data`}>{t.askAgain}</a>
        </p>
      </>,
      401,
    );
  };
  /** The session's secret and address, or null when there is none (or it ended). */
  const session = async (request: FastifyRequest) => {
    const secret = request.cookies[MY_DATA_COOKIE];
    if (!secret) return null;
    const email = await sessionEmail(deps.db, secret, deps.clock());
    return email ? { secret, email } : null;
  };

  app.get('/:lang/my-data', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    return requestPage(reply, lang, '');
  });

  app.post('/:lang/my-data', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const t = MY_DATA_TEXTS[lang];
    const email = String(request.body?.email ?? '')
      .trim()
      .slice(0, 254);
    if (request.headers['sec-fetch-site'] === 'cross-site')
      return requestPage(reply, lang, email, t.errors.forged, 403);
    if (!EMAIL.test(email)) return requestPage(reply, lang, email, t.errors.email, 400);
    try {
      await requestLink(
        deps.db,
        { email, language: lang, client: request.ip },
        { now: deps.clock(), publicUrl: deps.publicUrl },
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 429) throw error;
      const seconds = error.extra.retryAfter ?? 60;
      reply.header('retry-after', String(seconds));
      return requestPage(reply, lang, email, t.errors.throttled(Math.ceil(seconds / 60)), 429);
    }
    return page(
      reply,
      lang,
      <>
        <h1>{t.sentTitle}</h1>
        <p role="status">{t.sent}</p>
      </>,
    );
  });

  app.get(
    '/:lang/my-data/link/:token',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { lang: string; token: string } }>, reply) => {
      const { lang, token } = request.params;
      if (!isLang(lang)) return reply.callNotFound();
      const exchanged = isTokenLike(token) ? await exchangeLink(deps.db, token, deps.clock()) : null;
      noStore(reply);
      if (exchanged)
        setSecretCookie(reply, MY_DATA_COOKIE, exchanged.session, deps.publicUrl, SESSION_TTL_MS / 1000);
      else clearSecretCookie(reply, MY_DATA_COOKIE, deps.publicUrl);
      return reply.redirect(`/${lang}/my-data/mine`, 303);
    },
  );

  app.get('/:lang/my-data/mine', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const s = await session(request);
    if (!s) return expired(reply, lang);
    const data = await subjectData(deps.db, s.email, deps.clock());
    const notice = (request.query as { done?: string }).done === 'cancelled';
    return page(
      reply,
      lang,
      <Overview
        lang={lang}
        data={data}
        csrf={linkCsrf(s.secret, 'my-data')}
        notice={notice ? MY_DATA_TEXTS[lang].cancelledOne : undefined}
      />,
    );
  });

  app.post('/:lang/my-data/export', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const s = await session(request);
    if (!s) return expired(reply, lang);
    if (!validLinkCsrf(request, s.secret, 'my-data'))
      return page(reply, lang, <p>{MY_DATA_TEXTS[lang].errors.forged}</p>, 403);
    const data = await exportSubject(deps.db, s.email, deps.clock());
    return noStore(reply)
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="vertaamo-my-data.json"')
      .send(JSON.stringify(data, null, 2));
  });

  app.post('/:lang/my-data/cancel', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const s = await session(request);
    if (!s) return expired(reply, lang);
    if (!validLinkCsrf(request, s.secret, 'my-data'))
      return page(reply, lang, <p>{MY_DATA_TEXTS[lang].errors.forged}</p>, 403);
    const id = String(request.body?.registration ?? '');
    const done = await cancelOwnRegistration(deps.db, s.email, id, deps.clock(), deps.publicUrl);
    return reply.redirect(`/${lang}/my-data/mine${done ? '?done=cancelled' : ''}`, 303);
  });

  app.post('/:lang/my-data/erase', { schema: { hide: true } }, async (request: Req, reply) => {
    const { lang } = request.params;
    if (!isLang(lang)) return reply.callNotFound();
    const t = MY_DATA_TEXTS[lang];
    const s = await session(request);
    if (!s) return expired(reply, lang);
    if (!validLinkCsrf(request, s.secret, 'my-data')) return page(reply, lang, <p>{t.errors.forged}</p>, 403);
    const result = await eraseSubject(deps.db, s.email, deps.clock());
    if (!result.erased)
      return page(
        reply,
        lang,
        <Refused lang={lang} seats={result.seats.filter(holdsSeat)} csrf={linkCsrf(s.secret, 'my-data')} />,
        409,
      );
    clearSecretCookie(reply, MY_DATA_COOKIE, deps.publicUrl);
    return page(
      reply,
      lang,
      <>
        <h1>{t.erasedTitle}</h1>
        <p role="status">{t.erased}</p>
      </>,
    );
  });
}

/** Seconds an emailed link stays valid, for the API description. */
export const LINK_TTL_SECONDS = LINK_TTL_MS / 1000;
