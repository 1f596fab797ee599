/**
 * Fault tolerance on a real PostgreSQL server: the connection of a registration is killed
 * while it waits for the seat lock. The client gets a 503 it can retry, nothing half-written
 * remains, and the retry with the same Idempotency-Key registers exactly once.
 * (PGlite runs in-process and has no connection to lose.)
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases().filter((t) => t.name === 'postgres')) {
  describe(`a lost database connection on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let url: string;
    let app: App;
    let groupId: string;

    before(async () => {
      const created = await target.create();
      ({ db, dispose } = created);
      url = created.url!;
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const call = async (method: 'POST' | 'PUT', path: string, payload: object) => {
        const res = await app.inject({ method, url: path, headers: bearer(token), payload });
        assert.ok(res.statusCode < 300, res.body);
        return res.json<{ id: string }>();
      };
      groupId = (
        await call('POST', '/api/v1/groups', groupBody(org.id, { how_to_join: 'registration', capacity: 3 }))
      ).id;
      await call('PUT', `/api/v1/groups/${groupId}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/api/v1/groups/${groupId}/lifecycle`, { action: 'publish' });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const counts = () =>
      db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ registrations: number; messages: number; confirmed: number }>(
          `SELECT (SELECT count(*)::int FROM registrations WHERE group_id = $1) AS registrations,
                  (SELECT count(*)::int FROM outbox o JOIN registrations r ON r.id = o.registration_id
                    WHERE r.group_id = $1) AS messages,
                  (SELECT confirmed FROM group_seats WHERE group_id = $1) AS confirmed`,
          [groupId],
        );
        return rows[0]!;
      });

    it('answers 503, leaves nothing behind, and the retry registers exactly once', async () => {
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM group_seats WHERE group_id = $1 FOR UPDATE', [groupId]);

      const register = () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/groups/${groupId}/registrations`,
          headers: { 'idempotency-key': 'retry-me' },
          payload: { display_name: 'Aino', email: 'aino@example.fi', language: 'fi', consent: true },
        });
      const pending = register();

      // The registration's backend, waiting for the seat lock: cut it off.
      let pid: number | undefined;
      for (let i = 0; i < 100 && pid === undefined; i++) {
        const { rows } = await locker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(pid, 'the registration waits for the seat lock');
      await locker.query('SELECT pg_terminate_backend($1)', [pid]);
      await locker.query('ROLLBACK');
      await locker.end();

      const lost = await pending;
      assert.equal(lost.statusCode, 503, lost.body);
      assert.match(lost.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(lost.headers['retry-after'], '1');
      assert.deepEqual(
        await counts(),
        { registrations: 0, messages: 0, confirmed: 0 },
        'nothing half-written',
      );

      const first = await register();
      assert.equal(first.statusCode, 201, first.body);
      const again = await register();
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json<{ id: string }>().id, first.json<{ id: string }>().id);
      assert.deepEqual(await counts(), { registrations: 1, messages: 1, confirmed: 1 }, 'exactly once');
    });
  });
}
