import { Type } from 'typebox';
import type { App, Deps } from '../http/app.ts';
import { SESSION_COOKIE } from '../http/app.ts';
import { problemResponses, bearer } from '../http/schemas.ts';
import { AppError, unauthenticated } from '../shared/errors.ts';
import { LOGIN_SESSION_ABSOLUTE_MS, login, logout } from './service.ts';
import type { Actor } from './permissions.ts';
import { csrfToken } from '../workspace/security.ts';

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
}
