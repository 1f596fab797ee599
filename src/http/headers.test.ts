/**
 * Every route, public or staff, page or JSON, success or error, carries the protective
 * headers; answers to signed-in callers are never cached. Walks the app's own route list,
 * so a new route cannot be forgotten.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

describe('security headers on every route', () => {
  const target = testDatabases()[0]!; // headers do not depend on the database
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let token: string;
  let orgSlug: string;
  let groupSlug: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db, devMailbox: true });
    const org = await makeOrganisation(db);
    orgSlug = org.slug;
    token = await tokenFor(db, org.id, 'coordinator');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: bearer(token),
      payload: groupBody(org.id),
    });
    groupSlug = created.json<{ slug: string }>().slug;
  });
  after(async () => {
    await app.close();
    await dispose();
  });

  /** A concrete URL for a route pattern: real slugs where the route reads one, else a fresh id. */
  function concrete(url: string): string {
    return url
      .replace(/:lang/g, 'fi')
      .replace(/:(group|slug)/g, groupSlug)
      .replace(/:org/g, orgSlug)
      .replace(/:token/g, 'a'.repeat(43))
      .replace(/:[a-z_]+/g, () => randomUUID())
      .replace(/\*$/, '');
  }

  function check(label: string, headers: Record<string, unknown>, signedIn: boolean) {
    assert.equal(headers['x-content-type-options'], 'nosniff', label);
    const hsts = /max-age=(\d+)/.exec(String(headers['strict-transport-security']));
    assert.ok(hsts && Number(hsts[1]) >= 31_536_000, `${label}: HSTS for at least a year`);
    assert.match(String(headers['content-security-policy']), /frame-ancestors 'none'/, label);
    assert.doesNotMatch(String(headers['content-security-policy']), /unsafe-inline/, label);
    assert.equal(headers['referrer-policy'], 'no-referrer', label);
    if (signedIn) assert.equal(headers['cache-control'], 'no-store', `${label}: not cached for staff`);
  }

  it('serves the design system and the site styles as CSS', async () => {
    const hds = await app.inject({ url: '/assets/hds.css' });
    assert.equal(hds.statusCode, 200);
    assert.match(hds.headers['content-type'] as string, /^text\/css/);
    assert.match(hds.body, /\.hds-button/, "hds-core's component styles are in it");
  });

  it('walks more than a handful of routes', () => {
    assert.ok(app.routeList().length > 60, `found ${app.routeList().length} routes`);
  });

  it('sends them to the public and to staff, with no server errors', async () => {
    const seen: string[] = [];
    for (const route of app.routeList()) {
      if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
      const url = concrete(route.url);
      for (const signedIn of [false, true]) {
        const res = await app.inject({
          method: route.method as 'GET',
          url,
          headers: signedIn ? bearer(token) : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const label = `${route.method} ${route.url} (${signedIn ? 'staff' : 'public'}) → ${res.statusCode}`;
        assert.ok(res.statusCode < 500, label);
        check(label, res.headers, signedIn);
        seen.push(label);
      }
    }
    assert.ok(seen.length > 120);
  });

  it('sends them on unknown pages and API paths too', async () => {
    for (const url of ['/fi/no-such-page', '/api/v1/no-such-thing', '/nothing']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404);
      check(url, res.headers, false);
    }
  });
});
