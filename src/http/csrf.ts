/**
 * The CSRF token of a login session, without server-side state: an HMAC of the session token,
 * which only the browser holding the httpOnly cookie knows. The staff forms carry it in a field
 * (src/workspace/security.ts), API calls made with the cookie in the X-CSRF-Token header; the
 * login API hands it out. It lives in the HTTP layer because both the API and the pages use it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** An HMAC of `key` for one purpose, so that tokens for different uses never match. */
export const mac = (key: string, purpose: string) =>
  createHmac('sha256', key).update(`vertaamo:${purpose}`).digest('base64url');

/** Compares two tokens in constant time. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a signed-in staff form or API call carries: bound to the login session. */
export function csrfToken(sessionToken: string): string {
  return mac(sessionToken, 'csrf');
}

/** Whether an API request's X-CSRF-Token header is the login session's token. */
export function validCsrfToken(sessionToken: string, header: string): boolean {
  return sessionToken !== '' && same(header, csrfToken(sessionToken));
}
