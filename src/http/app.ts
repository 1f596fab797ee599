import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../db/database.ts';
import { PUBLIC_ACTOR, type Actor } from '../accounts/permissions.ts';
import { actorFromApiToken, actorFromLoginSession } from '../accounts/service.ts';
import { handleError, ProblemSchema, problemBody } from './problem.ts';
import { LocalizedText } from '../shared/localized.ts';
import { buildValidator } from './validation.ts';
import { problem } from './schemas.ts';
import { accountRoutes } from '../accounts/routes.ts';
import { organisationRoutes } from '../organisations/routes.ts';
import { venueRoutes } from '../venues/routes.ts';
import { facilitationRoutes } from '../facilitation/routes.ts';
import { groupRoutes } from '../groups/routes.ts';
import { scheduleRoutes } from '../schedules/routes.ts';
import { calendarRoutes } from '../calendar/routes.ts';
import {
  applicationRoutes,
  dataRequestRoutes,
  enrolmentRoutes,
  groupMessageRoutes,
  organiserRoutes,
  referralRoutes,
} from '../enrolment/routes.ts';
import { webRoutes } from '../web/routes.tsx';
import { sendNotFound } from '../web/send.tsx';
import { workspaceRoutes } from '../workspace/routes.tsx';
import { mailboxRoutes } from '../notifications/mailbox.tsx';
import { queuedCount } from '../notifications/outbox.ts';
import { attendanceRoutes } from '../attendance/routes.ts';
import { feedbackRoutes } from '../feedback/routes.ts';
import { reportingRoutes } from '../reporting/routes.ts';
import { isLang } from '../web/i18n.ts';
import { checkApiWrite, requestOrigin } from './origin.ts';
import { validCsrfToken } from './csrf.ts';
import { SearchCache } from '../search/cache.ts';
import { SESSION_COOKIE, type App, type Deps } from './context.ts';

export interface BuildOptions {
  db: Database;
  publicUrl?: string;
  /** `stream` receives the log lines (tests read them); requests are logged by route, never by URL */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  clock?: () => Date;
  /** Development without SMTP: show queued mail at /dev/mailbox. Never with real participants. */
  devMailbox?: boolean;
  /**
   * Where mail goes, as /healthz reports it: SMTP, the development mailbox, or nowhere ('none',
   * the default: mail stays queued until SMTP_URL is set).
   */
  mail?: 'smtp' | 'mailbox' | 'none';
  /** how many search results to keep in memory; 0 turns the cache off (default 1000) */
  searchCacheSize?: number;
  /** PASSKEY_ORIGIN and PASSKEY_RP_ID (src/config.ts); unset: taken from each request */
  passkeys?: { origin: string | null; rpId: string | null };
  /**
   * TRUST_PROXY (src/config.ts): the proxies whose X-Forwarded-For names the client; default
   * none, so that no client can choose the address per-address limits count it under
   */
  trustProxy?: false | number | string[];
}

/**
 * A path as it may be logged: a route's pattern (`/:lang/registrations/:token/cancel`) when
 * one matched, otherwise the path with every segment that could be a secret, an email
 * address, a name or a phone number replaced. Query strings are never logged.
 */
export function loggableUrl(request: { url: string; routeOptions?: { url?: string } }): string {
  const pattern = request.routeOptions?.url;
  if (pattern) return pattern;
  const [path = '/', query] = request.url.split('?');
  const safe = path
    .split('/')
    .map((segment) =>
      /^[a-z][a-z0-9._-]{0,39}$/.test(segment) && !/\d{5}/.test(segment) ? segment : segment && ':x',
    )
    .join('/');
  return query === undefined ? safe : `${safe}?…`;
}

/**
 * What the request log may say. Fastify's default logs `req.url`, which would carry cancel
 * and data-request tokens and search words; database errors carry the failing row in
 * `detail`. Neither is ever written.
 */
const LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, url: loggableUrl(request), id: request.id }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: (error: Error & { code?: unknown; statusCode?: unknown }) => ({
    type: error.name,
    code: typeof error.code === 'string' ? error.code : undefined,
    statusCode: typeof error.statusCode === 'number' ? error.statusCode : undefined,
    message: error.message,
    stack: error.stack ?? '',
  }),
};

/** The same protective headers on every answer, pages, JSON, feeds and errors alike. */
function protect(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  // Pages set their own policy (styles from this site, no scripts); everything else loads nothing.
  if (!reply.hasHeader('content-security-policy'))
    reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
}

/** A hop count as Fastify's trust function (hop 0 is the connection's own address), or the list as it is. */
function trustedProxies(
  trust: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** Builds the whole HTTP application without listening, so tests drive it with inject(). */
export async function buildApp(opts: BuildOptions): Promise<App> {
  const deps: Deps = {
    db: opts.db,
    publicUrl: (opts.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    clock: opts.clock ?? (() => new Date()),
    searchCache: new SearchCache(opts.searchCacheSize ?? 1000),
    passkeys: opts.passkeys ?? { origin: null, rpId: null },
  };
  const app = Fastify({
    logger: opts.logger
      ? { ...(opts.logger === true ? {} : opts.logger), serializers: LOG_SERIALIZERS }
      : false,
    bodyLimit: 256 * 1024,
    // X-Forwarded-For only from the proxies TRUST_PROXY names: otherwise any client could choose
    // the address that per-address limits count it under.
    trustProxy: trustedProxies(opts.trustProxy ?? false),
    return503OnClosing: true,
    // Errors the router raises before any route runs (a path segment longer than 100
    // characters, malformed percent-encoding) are problem details like every other error,
    // with the same headers (no hooks run for them).
    frameworkErrors: (error, _request, reply) => {
      protect(reply);
      const status = error.statusCode ?? 400;
      const code = error.code
        .toLowerCase()
        .replace(/^fst_err_/, '')
        .replace(/_/g, '-');
      void (reply as FastifyReply)
        .code(status)
        .type('application/problem+json')
        .send(problemBody(status, code, error.message, []));
    },
    // Fastify's typing of the factory is narrower than what it calls it with.
    schemaController: { compilersFactory: { buildValidator: buildValidator as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // HTML forms post url-encoded fields; parsed with the platform's own URLSearchParams.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, formFields(body as string));
    },
  );
  app.addSchema(ProblemSchema);
  app.addSchema(LocalizedText);
  await app.register(cookie);
  app.decorate('searchCacheStats', () => deps.searchCache.stats());
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    // The router answers 414 for a path segment over 100 characters before the route runs:
    // the document says so for every operation with a path parameter.
    const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
    if (response && route.url.includes('/:') && !response[414]) response[414] = problem;
    // Every API operation reaches the database: while it is unreachable, when a write collided
    // with another one, or when the line for it is full (overloaded), the answer is 503 with
    // problem+json and Retry-After, and the client retries.
    if (response && route.url.startsWith('/api/') && !response[503]) response[503] = problem;
    // API writes take JSON only (415) and, signed in by the session cookie, refuse another
    // origin or a missing X-CSRF-Token (403; src/http/origin.ts).
    const writes = [route.method].flat().some((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m));
    if (response && writes && route.url.startsWith('/api/')) {
      response[415] ??= problem;
      response[403] ??= problem;
    }
  });
  app.decorate('routeList', () => routes);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vertaamo API',
        version: '1.0.0',
        description:
          'Peer support groups in Finland: publish, find, join, run and report. Errors are RFC 9457 problem details (application/problem+json).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: deps.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from `vertaamo token create`' },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description:
              'The login session of POST /auth/login. Writes (POST, PUT, PATCH, DELETE) signed in by it send the `X-CSRF-Token` header (`csrf_token` of the login answer or of GET /auth/me) unless the browser sends this site’s own `Origin`; another origin is refused with 403. API bodies are JSON only (415 otherwise).',
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Sign in and out' },
        { name: 'organisations', description: 'Organisations, members, partners and tokens' },
        { name: 'venues', description: 'Meeting places' },
        { name: 'facilitation', description: 'Facilitators, trainings and programme templates' },
        { name: 'groups', description: 'Peer groups and their lifecycle' },
        { name: 'schedules', description: 'Recurrence and sessions' },
        { name: 'calendar', description: 'iCalendar feeds' },
        { name: 'enrolment', description: 'Registrations and waiting lists' },
        { name: 'attendance', description: 'Attendance, low-attendance warnings and what needs attention' },
        { name: 'feedback', description: 'Anonymous feedback: answers by link or code, results' },
        { name: 'reporting', description: 'Yearly statistics and project targets (docs/reporting.md)' },
        { name: 'privacy', description: 'A person’s own data: see, download and erase it (GDPR)' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string) || `def-${i}` },
  });

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('fromOrigin', 'unknown');
  app.addHook('onRequest', async (request) => {
    request.actor = PUBLIC_ACTOR;
    request.fromOrigin = requestOrigin(request, deps.publicUrl);
    const auth = request.headers.authorization;
    if (auth) {
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor = match ? await actorFromApiToken(deps.db, match[1]!, deps.clock()) : null;
      if (!actor) {
        throw Object.assign(new Error('The API token is missing, unknown, revoked or expired.'), {
          statusCode: 401,
          code: 'invalid_token',
        });
      }
      request.actor = actor;
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) {
      request.actor =
        (await actorFromLoginSession(deps.db, sessionToken, deps.clock(), request.headers['user-agent'])) ??
        PUBLIC_ACTOR;
    }
  });
  // The API's cross-site request forgery rules (src/http/origin.ts): JSON bodies only, and a
  // write signed in by the session cookie shows it comes from our own page.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const session = request.cookies[SESSION_COOKIE];
    const byCookie = request.actor.kind === 'user' && !request.headers.authorization && !!session;
    checkApiWrite(request, deps.publicUrl, byCookie, (header) => validCsrfToken(session ?? '', header));
  });
  // While shutting down, tell keep-alive clients to hang up after the in-flight response,
  // so close() does not wait for idle sockets to time out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    protect(reply);
    // Answers to a signed-in person are theirs alone: never stored along the way.
    if (((request.actor as Actor | null)?.kind ?? 'public') !== 'public')
      reply.header('cache-control', 'no-store');
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const first = request.url.split(/[/?]/)[1];
    if (request.method === 'GET' && isLang(first)) {
      return sendNotFound(
        reply,
        first,
        request.url.slice(first.length + 1).split('?')[0] || '/',
        deps.publicUrl,
      );
    }
    void reply
      .code(404)
      .type('application/problem+json')
      .send(problemBody(404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`, []));
  });

  const mailKind = opts.mail ?? 'none';
  const MAIL_LABEL = { smtp: 'smtp', mailbox: 'development mailbox', none: 'not configured' } as const;
  // The count of waiting mail is read only while no transaction waits in line for the
  // database, so the probe never waits behind a rush; otherwise the last count is shown.
  let queued: number | null = null;
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.db.ping();
      if (queued === null || (deps.db.load()?.waiting ?? 0) === 0) queued = await queuedCount(deps.db);
      return {
        status: 'ok',
        database: deps.db.kind,
        mail: `${MAIL_LABEL[mailKind]}, ${queued} queued`,
      };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.db.kind });
    }
  });
  await webRoutes(app, deps);
  await workspaceRoutes(app, deps);
  if (opts.devMailbox) await mailboxRoutes(app, deps);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await accountRoutes(api, deps);
      await organisationRoutes(api, deps);
      await venueRoutes(api, deps);
      await facilitationRoutes(api, deps);
      await groupRoutes(api, deps);
      await scheduleRoutes(api, deps);
      await calendarRoutes(api, deps);
      await enrolmentRoutes(api, deps);
      await organiserRoutes(api, deps);
      await referralRoutes(api, deps);
      await applicationRoutes(api, deps);
      await groupMessageRoutes(api, deps);
      await attendanceRoutes(api, deps);
      await dataRequestRoutes(api, deps);
      await feedbackRoutes(api, deps);
      await reportingRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );
  return app;
}

/**
 * Url-encoded form fields: a field sent once is a string, a field sent several times (the
 * ticked boxes of one list) is an array of its values in order.
 */
export function formFields(body: string): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(body)) {
    const before = fields.get(key);
    fields.set(key, before === undefined ? value : [...[before].flat(), value]);
  }
  return Object.fromEntries(fields);
}
