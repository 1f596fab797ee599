/**
 * The access log: every look at participants' data leaves a row the organisation's
 * coordinators can read and nobody through the application can change or remove.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases()) {
  describe(`access log on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;
    let group: { id: string; slug: string };

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, { how_to_join: 'registration', capacity: 5 }),
      });
      group = created.json();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      for (const n of [1, 2])
        await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${group.id}/registrations`,
          payload: {
            display_name: `Osallistuja ${n}`,
            email: `o${n}@example.fi`,
            language: 'fi',
            consent: true,
          },
        });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const log = (t: string, query = '') =>
      app.inject({ url: `/api/v1/organizations/${orgId}/access-log${query}`, headers: bearer(t) });

    it('shows coordinators who looked at whose data, newest first', async () => {
      await app.inject({ url: `/api/v1/groups/${group.id}/registrations`, headers: bearer(token) });
      await app.inject({ url: `/api/v1/groups/${group.id}/registrations.csv`, headers: bearer(token) });
      const res = await log(token);
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json<{
        items: {
          action: string;
          operation: string;
          purpose: string;
          actor: string;
          records: number;
          group: { slug: string };
        }[];
      }>().items;
      assert.deepEqual(
        items.map((i) => [i.action, i.operation, i.purpose, i.actor, i.records, i.group.slug]),
        [
          ['registrations.export', 'export', 'group administration', 'token:test coordinator', 2, group.slug],
          ['registrations.list', 'read', 'group administration', 'token:test coordinator', 2, group.slug],
          ['registration.create', 'create', 'group administration', 'participant', 1, group.slug],
          ['registration.create', 'create', 'group administration', 'participant', 1, group.slug],
        ],
      );
      const older = await log(token, `?before=${(items[0] as unknown as { id: string }).id}`);
      assert.equal(older.json<{ items: unknown[] }>().items.length, 3);
    });

    it('is for coordinators and admins of the organisation only', async () => {
      assert.equal((await log(await tokenFor(db, orgId, 'facilitator'))).statusCode, 403);
      assert.equal((await log(await tokenFor(db, orgId, 'board_member'))).statusCode, 403);
      const stranger = await makeOrganisation(db);
      assert.equal((await log(await tokenFor(db, stranger.id, 'admin'))).statusCode, 403);
      assert.equal((await app.inject({ url: `/api/v1/organizations/${orgId}/access-log` })).statusCode, 401);
    });

    it('cannot be changed or emptied by the application', async () => {
      for (const statement of ['UPDATE data_access_log SET records = 0', 'DELETE FROM data_access_log']) {
        await assert.rejects(
          db.transaction({ userId: null, orgIds: [orgId] }, (tx) => tx.query(statement)),
          /permission denied/,
          statement,
        );
      }
    });
  });
}
