/**
 * Cross-site request forgery against the cookie-authenticated API (finding 3 of issue 12).
 * A page on the same site (another port of localhost) posted a form to
 * /api/v1/organizations/{org}/members with role=admin and got 201 for a signed-in admin.
 * Now: API writes take only JSON; a write made with the session cookie needs the
 * X-CSRF-Token header or a same-origin Origin / Sec-Fetch-Site, and another origin is refused;
 * bearer tokens are unaffected; the login endpoint refuses other origins and form bodies.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { STAFF_PASSWORD, staffKit } from '../../test/support/staff.ts';
import type { OrganisationRow } from '../organisations/repository.ts';

const PUBLIC_URL = 'http://localhost:3000';
const OTHER_PORT = 'http://localhost:4000';
const JSON_TYPE = { 'content-type': 'application/json' };

for (const target of testDatabases()) {
  describe(`CSRF defence of the API on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let org: OrganisationRow;
    let email: string;
    let session: string;
    let csrf: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, publicUrl: PUBLIC_URL });
      org = await makeOrganisation(db);
      email = await staffKit(app, db).person([[org, 'admin']]);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: STAFF_PASSWORD },
      });
      assert.equal(login.statusCode, 200, login.body);
      session = login.cookies.find((c) => c.name === 'vertaamo_session')!.value;
      csrf = login.json<{ csrf_token: string }>().csrf_token;
      assert.match(csrf ?? '', /^[A-Za-z0-9_-]{40,}$/, 'the login answer carries the CSRF token');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const membersUrl = () => `/api/v1/organizations/${org.slug}/members`;
    const newMember = () => ({
      email: `${unique('hyokkaaja')}@example.fi`,
      display_name: 'Hyökkääjä',
      role: 'admin',
    });
    async function memberEmails(): Promise<string[]> {
      const res = await app.inject({
        url: membersUrl(),
        headers: bearer(await tokenFor(db, org.id, 'admin')),
      });
      return res.json<{ items: { email: string }[] }>().items.map((m) => m.email);
    }
    function refusedAsProblem(res: { statusCode: number; headers: Record<string, unknown> }, status: number) {
      assert.equal(res.statusCode, status);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }

    it('refuses the reproduction: a form POST with the session cookie from another port', async () => {
      const body = newMember();
      const res = await app.inject({
        method: 'POST',
        url: membersUrl(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: OTHER_PORT,
          'sec-fetch-site': 'same-site',
        },
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams(body).toString(),
      });
      assert.ok([403, 415].includes(res.statusCode), `refused, got ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.ok(!(await memberEmails()).includes(body.email), 'nobody was made an admin');
    });

    it('refuses form, multipart and text/plain bodies on the API with 415, also with a token or the header', async () => {
      const body = newMember();
      const token = await tokenFor(db, org.id, 'admin');
      const bodies = [
        {
          'content-type': 'application/x-www-form-urlencoded',
          payload: new URLSearchParams(body).toString(),
        },
        {
          'content-type': 'multipart/form-data; boundary=x',
          payload: `--x\r\nContent-Disposition: form-data; name="role"\r\n\r\nadmin\r\n--x--\r\n`,
        },
        { 'content-type': 'text/plain', payload: JSON.stringify(body) },
      ];
      for (const { payload, ...type } of bodies) {
        for (const auth of [
          { headers: { ...type, 'x-csrf-token': csrf }, cookies: { vertaamo_session: session } },
          { headers: { ...type, ...bearer(token) } },
        ]) {
          const res = await app.inject({ method: 'POST', url: membersUrl(), payload, ...auth });
          refusedAsProblem(res, 415);
          assert.equal(res.json<{ code: string }>().code, 'unsupported-media-type');
        }
      }
      assert.ok(!(await memberEmails()).includes(body.email));
    });

    it('refuses a JSON write with the cookie from another origin or without proof of its origin', async () => {
      const body = newMember();
      for (const headers of [
        { origin: OTHER_PORT },
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: 'null', 'sec-fetch-site': 'cross-site' },
        { origin: PUBLIC_URL, 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-site': 'cross-site' },
        // another origin is refused even with the right token
        { origin: OTHER_PORT, 'x-csrf-token': csrf },
        { 'x-csrf-token': 'wrong-token' },
        {},
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: membersUrl(),
          headers: { ...JSON_TYPE, ...headers },
          cookies: { vertaamo_session: session },
          payload: body,
        });
        refusedAsProblem(res, 403);
      }
      assert.ok(!(await memberEmails()).includes(body.email));
    });

    it('accepts a JSON write with the cookie and the X-CSRF-Token header, or from its own origin', async () => {
      const me = await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: session } });
      assert.equal(
        me.json<{ csrf_token: string }>().csrf_token,
        csrf,
        'auth/me tells a cookie client its token',
      );
      for (const headers of [
        { 'x-csrf-token': csrf },
        { origin: PUBLIC_URL },
        { 'sec-fetch-site': 'same-origin' },
        // Chromium's form posts under Referrer-Policy: no-referrer
        { origin: 'null', 'sec-fetch-site': 'same-origin' },
        { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrf },
      ]) {
        const body = newMember();
        const res = await app.inject({
          method: 'POST',
          url: membersUrl(),
          headers: { ...JSON_TYPE, ...headers },
          cookies: { vertaamo_session: session },
          payload: body,
        });
        assert.equal(res.statusCode, 201, `${JSON.stringify(headers)}: ${res.body}`);
      }
    });

    it('leaves bearer-token requests as they were', async () => {
      const token = await tokenFor(db, org.id, 'admin');
      for (const headers of [{}, { origin: 'https://integration.example' }]) {
        const res = await app.inject({
          method: 'POST',
          url: membersUrl(),
          headers: { ...JSON_TYPE, ...bearer(token), ...headers },
          payload: newMember(),
        });
        assert.equal(res.statusCode, 201, res.body);
      }
    });

    it('refuses login CSRF: another origin and form bodies at POST /auth/login', async () => {
      const credentials = { email, password: STAFF_PASSWORD };
      for (const headers of [
        { origin: OTHER_PORT },
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { ...JSON_TYPE, ...headers },
          payload: credentials,
        });
        refusedAsProblem(res, 403);
        assert.ok(!res.cookies.some((c) => c.name === 'vertaamo_session' && c.value), 'no session is opened');
      }
      const form = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(credentials).toString(),
      });
      refusedAsProblem(form, 415);
      assert.ok(!form.cookies.some((c) => c.name === 'vertaamo_session' && c.value));
      for (const headers of [{}, { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' }]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { ...JSON_TYPE, ...headers },
          payload: credentials,
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });

    it('refuses the workspace sign-in form posted from another port, even with a planted pre-sign-in cookie', async () => {
      // Cookies do not keep ports apart: a page on localhost:4000 can plant its own
      // vertaamo_sign_in cookie and compute the matching field. The origin gives it away.
      const page = await app.inject({ url: '/fi/staff/sign-in' });
      const secret = page.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const field = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
      for (const headers of [{ origin: OTHER_PORT }, { 'sec-fetch-site': 'same-site' }]) {
        const res = await app.inject({
          method: 'POST',
          url: '/fi/staff/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          cookies: { vertaamo_sign_in: secret },
          payload: new URLSearchParams({ csrf: field, email, password: STAFF_PASSWORD }).toString(),
        });
        assert.notEqual(res.statusCode, 303, JSON.stringify(headers));
        assert.ok(!res.cookies.some((c) => c.name === 'vertaamo_session' && c.value), 'no session is opened');
      }
    });
  });
}
