import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { SESSION_COOKIE } from '../http/context.ts';
import { problemResponses, bearer, IsoDateTime, Uuid } from '../http/schemas.ts';
import { AppError, unauthenticated } from '../shared/errors.ts';
import {
  changePassword,
  endOtherSessions,
  endOwnSession,
  listOwnSessions,
  LOGIN_SESSION_ABSOLUTE_MS,
  login,
  logout,
} from './service.ts';
import { MAX_PASSWORD_LENGTH } from './passwords.ts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './permissions.ts';
import { csrfToken } from '../http/csrf.ts';

const Me = Type.Object({
  kind: Type.String(),
  user_id: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  roles: Type.Array(Type.Object({ organization_id: Type.String(), roles: Type.Array(Type.String()) })),
  csrf_token: Type.Optional(
    Type.String({
      description:
        'Signed in by the session cookie: send this as the X-CSRF-Token header with every write (POST, PUT, PATCH, DELETE), unless the browser sends this site’s own Origin',
    }),
  ),
});

function presentActor(actor: Actor, sessionToken?: string) {
  return {
    ...(sessionToken ? { csrf_token: csrfToken(sessionToken) } : {}),
    kind: actor.kind,
    user_id: actor.userId,
    label: actor.label,
    roles: [...actor.roles].map(([orgId, roles]) => ({ organization_id: orgId, roles: [...roles].sort() })),
  };
}

export async function accountRoutes(app: App, deps: Deps): Promise<void> {
  const secure = deps.publicUrl.startsWith('https://');

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the login session cookie',
        description:
          'Takes JSON only. A browser request from another origin (`Origin`, `Sec-Fetch-Site: cross-site` or `same-site`) is refused with 403. The answer carries `csrf_token`: writes signed in by the cookie send it as `X-CSRF-Token`.',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...problemResponses, 429: problemResponses[400] },
      },
    },
    async (request, reply) => {
      const result = await login(deps.db, request.body.email, request.body.password, deps.clock(), {
        ip: request.ip,
      });
      if (!result) {
        throw new AppError(401, 'invalid-credentials', 'The email or password is wrong.');
      }
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: LOGIN_SESSION_ABSOLUTE_MS / 1000,
      });
      return presentActor(result.actor, result.token);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the login session',
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(deps.db, token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the request is made as',
        security: bearer,
        response: { 200: Me, ...problemResponses },
      },
    },
    async (request) => {
      if (request.actor.kind === 'public') throw unauthenticated();
      const session = request.actor.kind === 'user' && !request.headers.authorization;
      return presentActor(request.actor, session ? request.cookies[SESSION_COOKIE] : undefined);
    },
  );

  /** The signed-in person and their session cookie: these operations are for people, not tokens. */
  const person = (request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    if (request.actor.kind !== 'user' || !request.actor.userId || !token) throw unauthenticated();
    return { userId: request.actor.userId, token };
  };
  const cookieOnly = [{ cookie: [] }];

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Change one’s own password (signed in with the session cookie): the current password is required, the new one follows the password rules (at least 12 characters); every other session of the account ends',
        security: cookieOnly,
        body: Type.Object(
          {
            current_password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
            new_password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses, 429: problemResponses[400] },
      },
    },
    async (request, reply) => {
      const { userId, token } = person(request);
      await changePassword(
        deps.db,
        {
          userId,
          sessionToken: token,
          current: request.body.current_password,
          next: request.body.new_password,
        },
        deps.clock(),
      );
      return reply.code(204).send(null);
    },
  );

  const Session = Type.Object({
    id: Uuid,
    created_at: IsoDateTime,
    last_seen_at: IsoDateTime,
    expires_at: IsoDateTime,
    browser: Type.Union([Type.String(), Type.Null()], {
      description: 'e.g. "Firefox, Linux"; never the address',
    }),
    current: Type.Boolean({ description: 'the session this request is made in' }),
  });

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'One’s own live login sessions, newest first, this one marked',
        security: cookieOnly,
        response: { 200: Type.Object({ items: Type.Array(Session) }), ...problemResponses },
      },
    },
    async (request) => {
      const { userId, token } = person(request);
      const items = await listOwnSessions(deps.db, userId, token, deps.clock());
      return {
        items: items.map((s) => ({
          ...s,
          created_at: new Date(s.created_at).toISOString(),
          last_seen_at: new Date(s.last_seen_at).toISOString(),
          expires_at: new Date(s.expires_at).toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'End one of one’s own login sessions; its cookie stops working at once',
        security: cookieOnly,
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { userId } = person(request);
      await endOwnSession(deps.db, userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'End every other login session of one’s account (this one stays)',
        security: cookieOnly,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { userId, token } = person(request);
      await endOtherSessions(deps.db, userId, token);
      return reply.code(204).send(null);
    },
  );
}
