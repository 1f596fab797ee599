/**
 * Cross-site request forgery protection for the staff forms, without server-side state:
 * a signed-in form carries an HMAC of the login session token (which only the browser
 * holding the httpOnly cookie knows), and the sign-in form one of a random pre-sign-in
 * cookie. Both refuse a browser's other origin: `Sec-Fetch-Site: cross-site` or `same-site`, or
 * an `Origin` that is not this site's (src/http/origin.ts). Another port of the same host counts
 * as another origin: it can plant cookies for this host, so a double-submitted pre-sign-in
 * cookie alone would not stop it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../http/context.ts';
import { csrfToken, mac, same } from '../http/csrf.ts';

export { csrfToken };

export const SIGN_IN_COOKIE = 'vertaamo_sign_in';
export const CSRF_FIELD = 'csrf';

/** A fresh secret for the pre-sign-in cookie. */
export const newSignInSecret = () => randomBytes(24).toString('base64url');

/** The token the sign-in form carries: bound to the pre-sign-in cookie. */
export function signInToken(secret: string): string {
  return mac(secret, 'sign-in');
}

function crossSite(request: FastifyRequest): boolean {
  return request.fromOrigin === 'cross-origin';
}

const field = (request: FastifyRequest) => {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[CSRF_FIELD];
  return typeof value === 'string' ? value : '';
};

/** Whether a signed-in form's POST came from our own page. */
export function validCsrf(request: FastifyRequest): boolean {
  if (crossSite(request)) return false;
  const session = request.cookies[SESSION_COOKIE];
  if (!session) return false;
  return same(field(request), csrfToken(session));
}

/** Whether the sign-in form's POST came from our own page. */
export function validSignIn(request: FastifyRequest): boolean {
  if (crossSite(request)) return false;
  const secret = request.cookies[SIGN_IN_COOKIE];
  if (!secret) return false;
  return same(field(request), signInToken(secret));
}
