/**
 * Secret links in emails (a registration's cancel link, a data request's link) carry a token
 * in their path. On the first GET the token is moved into a short-lived HttpOnly SameSite=Lax
 * cookie and the browser is sent on (303) to the same page without it, so the token does not
 * stay in the address bar, the history, or a Referer. The forms on those pages carry an HMAC
 * of the cookie's value as their CSRF field.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CANCEL_COOKIE = 'vertaamo_cancel';
export const MY_DATA_COOKIE = 'vertaamo_my_data';

export function setSecretCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  publicUrl: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: maxAgeSeconds,
  });
}

export function clearSecretCookie(reply: FastifyReply, name: string, publicUrl: string): void {
  reply.clearCookie(name, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
  });
}

/** The CSRF field of a form on a page opened through a secret link. */
export const linkCsrf = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(`vertaamo:link:${purpose}`).digest('base64url');

/** Whether a POST came from our own page of that link (and not from another site). */
export function validLinkCsrf(request: FastifyRequest, secret: string | undefined, purpose: string): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site' || !secret) return false;
  const body = request.body as Record<string, unknown> | undefined;
  const sent = typeof body?.csrf === 'string' ? body.csrf : '';
  const a = Buffer.from(sent);
  const b = Buffer.from(linkCsrf(secret, purpose));
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Answers to a person about their own data: kept by no cache along the way. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
