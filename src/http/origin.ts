/**
 * Where a browser request came from, and the cross-site request forgery rules of the API
 * (docs/security.md, finding 3). Cookies do not keep the ports of one host apart, and
 * SameSite=Lax lets another port of the same site (`http://localhost:4000` against
 * `http://localhost:3000`) send the session cookie, so the site is not enough: the origin is.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

/**
 * `same-origin`: the browser says it comes from this site's own origin
 * (`Sec-Fetch-Site: same-origin`, or without that header an `Origin` that is PUBLIC_URL's origin
 * or the request's own); `cross-origin`: it says it comes from anywhere else (`Sec-Fetch-Site:
 * same-site` or `cross-site`, another origin, another port, `null`); `unknown`: it says nothing
 * (not a browser, or an old one).
 *
 * `Sec-Fetch-Site` is set by the browser alone (no page can forge it) and wins when present:
 * under our `Referrer-Policy: no-referrer`, Chromium sends `Origin: null` with a form posted
 * from our own page, which the Origin header alone could not tell from a sandboxed frame.
 */
export type RequestOrigin = 'same-origin' | 'cross-origin' | 'unknown';

export function requestOrigin(request: FastifyRequest, publicUrl: string): RequestOrigin {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return 'cross-origin';
  if (fetchSite === 'same-origin') return 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined) return 'unknown';
  const own = [new URL(publicUrl).origin, `${request.protocol}://${request.host}`];
  return own.includes(origin) ? 'same-origin' : 'cross-origin';
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

/** Whether the request carries a body (it does once it names a type or a length). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['content-type'] !== undefined ||
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0')
  );
}

/**
 * The API's rules for writes, run before the body is read:
 * - a body is JSON (`application/json`), whoever sends it: forms, multipart and text/plain,
 *   which a page of another origin can send without asking, are refused with 415;
 * - the login endpoint refuses a browser's other origin (login CSRF);
 * - a write signed in by the session cookie (not a bearer token) must show that it comes from
 *   our own page: the `X-CSRF-Token` header (`validToken`, the session's token from the login
 *   answer or `GET /auth/me`) or a same-origin `Origin` / `Sec-Fetch-Site`; another origin is
 *   refused even with the token.
 */
export function checkApiWrite(
  request: FastifyRequest,
  publicUrl: string,
  byCookie: boolean,
  validToken: (header: string) => boolean,
): void {
  if (!WRITES.has(request.method)) return;
  if (hasBody(request)) {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      throw new AppError(
        415,
        'unsupported-media-type',
        'The API takes JSON bodies only: send Content-Type: application/json.',
        [{ in: 'header', field: 'content-type', message: 'must be application/json' }],
      );
  }
  const login = request.url.split('?')[0] === '/api/v1/auth/login';
  if (!byCookie && !login) return;
  const origin = requestOrigin(request, publicUrl);
  if (origin === 'cross-origin')
    throw new AppError(403, 'cross-origin-request', 'Requests from another origin are refused.', [
      { in: 'header', field: 'origin', message: 'must be this site’s own origin' },
    ]);
  if (!byCookie || origin === 'same-origin') return;
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string' && validToken(header)) return;
  throw new AppError(
    403,
    'csrf-token-required',
    'A request signed in by the session cookie needs the X-CSRF-Token header (from POST /auth/login or GET /auth/me) or a same-origin Origin.',
    [{ in: 'header', field: CSRF_HEADER, message: 'is missing or does not match the session' }],
  );
}
