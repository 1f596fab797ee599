import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';

const PATHS_THAT_MUST_BE_DOCUMENTED = [
  '/api/v1/auth/login',
  '/api/v1/organizations',
  '/api/v1/organizations/{org}',
  '/api/v1/organizations/{org}/members',
  '/api/v1/venues',
  '/api/v1/facilitators',
  '/api/v1/programme-templates',
  '/api/v1/groups',
  '/api/v1/groups/{group}',
  '/api/v1/groups/{group}/lifecycle',
  '/api/v1/groups/{group}/schedules',
  '/api/v1/groups/{group}/sessions',
  '/api/v1/sessions/{id}',
];

for (const target of testDatabases()) {
  describe(`HTTP shell on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ db, dispose } = await target.create());
    });
    after(() => dispose());

    it('reports health, and 503 once the database is gone', async () => {
      const app = await buildApp({ db });
      const ok = await app.inject({ url: '/healthz' });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { status: 'ok', database: target.name, mail: 'not configured, 0 queued' });
      await app.close();

      const own = await target.create();
      const doomed = await buildApp({ db: own.db });
      await own.db.close();
      const down = await doomed.inject({ url: '/healthz' });
      assert.equal(down.statusCode, 503);
      await doomed.close();
      await own.dispose().catch(() => {});
    });

    it('answers unknown routes and unexpected failures with problem+json that leaks nothing', async () => {
      const app = await buildApp({ db });
      app.get('/boom', async () => {
        throw new Error('secret-internal-detail at /srv/vertaamo/db.ts:42');
      });
      const missing = await app.inject({ url: '/api/v1/nothing-here' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.headers['content-type'] as string, /^application\/problem\+json/);
      const boom = await app.inject({ url: '/boom' });
      assert.equal(boom.statusCode, 500);
      assert.equal(boom.json().code, 'internal');
      assert.ok(!boom.body.includes('secret-internal-detail'));
      assert.ok(!boom.body.includes('db.ts'));
      const notJson = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: { 'content-type': 'application/json' },
        payload: '{"broken',
      });
      assert.equal(notJson.statusCode, 400);
      assert.match(notJson.headers['content-type'] as string, /^application\/problem\+json/);
      await app.close();
    });

    it('publishes an OpenAPI 3.1 document of every route, with problem responses', async () => {
      const app = await buildApp({ db });
      const res = await app.inject({ url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.1.0');
      for (const path of PATHS_THAT_MUST_BE_DOCUMENTED) assert.ok(doc.paths[path], path);
      for (const [path, operations] of Object.entries<
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >(doc.paths)) {
        for (const [method, op] of Object.entries(operations)) {
          const problems = Object.entries(op.responses).filter(([status]) => status.startsWith('4'));
          assert.ok(problems.length > 0, `${method} ${path} documents its errors`);
          for (const [, response] of problems)
            assert.ok(response.content?.['application/problem+json'], `${method} ${path}`);
          // A client learns from the document that it may retry when the database is away.
          assert.ok(
            op.responses['503']?.content?.['application/problem+json'],
            `${method} ${path} documents 503`,
          );
        }
      }
      for (const name of ['Group', 'Session', 'Organization', 'Venue', 'Problem'])
        assert.ok(doc.components.schemas[name], name);
      await app.close();
    });

    it('finishes requests in flight when shutting down, then refuses new connections', async () => {
      const app: App = await buildApp({ db });
      // The request is in the handler before the close begins, and finishes only after it:
      // no sleeps, so a busy machine cannot reorder them.
      let arrived!: () => void;
      const inHandler = new Promise<void>((resolve) => (arrived = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      app.get('/slow', async () => {
        arrived();
        await released;
        return { done: true };
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
      await inHandler;
      const closing = app.close();
      setImmediate(release);
      const res = await inFlight;
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { done: true });
      await closing;
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    });
  });
}
