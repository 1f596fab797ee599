/**
 * Registrations under contention on a real PostgreSQL server (PGlite runs one statement at a
 * time, so nothing there can race): capacity edits at the same time as registrations, and a
 * registration rush on a small connection pool.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const person = (n: number | string) => ({
  display_name: `Osallistuja ${n}`,
  email: `osallistuja${n}@example.fi`,
  language: 'fi',
  consent: true,
});

/** A client address of its own for the i-th person. */
const clientAddress = (i: number) => `10.2.${(i >> 8) & 255}.${i & 255}`;

for (const target of testDatabases().filter((t) => t.name === 'postgres')) {
  describe(`registrations under contention on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let url: string;
    let app: App;
    let orgId: string;
    let token: string;

    before(async () => {
      const created = await target.create();
      ({ db, dispose } = created);
      url = created.url!;
      app = await buildApp({ db, clock: () => NOW });
      orgId = (await makeOrganisation(db)).id;
      token = await tokenFor(db, orgId, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function publishedGroup(on: App, overrides: Record<string, unknown>): Promise<string> {
      const created = await on.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, { how_to_join: 'registration', ...overrides }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json<{ id: string }>().id;
      await on.inject({
        method: 'PUT',
        url: `/api/v1/groups/${id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ryhma' },
      });
      const published = await on.inject({
        method: 'POST',
        url: `/api/v1/groups/${id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return id;
    }

    const seats = (groupId: string) =>
      db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{
          capacity: number | null;
          confirmed: number;
          waitlisted: number;
          rows_confirmed: number;
          rows_waitlisted: number;
        }>(
          `SELECT s.capacity, s.confirmed, s.waitlisted,
             (SELECT count(*)::int FROM registrations r WHERE r.group_id = s.group_id AND r.status = 'confirmed') AS rows_confirmed,
             (SELECT count(*)::int FROM registrations r WHERE r.group_id = s.group_id AND r.status = 'waitlisted') AS rows_waitlisted
           FROM group_seats s WHERE s.group_id = $1`,
          [groupId],
        );
        return rows[0]!;
      });

    it('takes registrations and capacity edits together without a deadlock or a 5xx, counts exact', async () => {
      const groupId = await publishedGroup(app, { capacity: 10 });
      const register = (i: number) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/groups/${groupId}/registrations`,
          payload: person(`lukko${i}`),
          // many different people: an address each (one client's limits: registration-limits.test.ts)
          remoteAddress: clientAddress(i),
        });
      const edit = (capacity: number) =>
        app.inject({
          method: 'PATCH',
          url: `/api/v1/groups/${groupId}`,
          headers: bearer(token),
          payload: { capacity },
        });
      // 150 registrations with 10 capacity edits among them, all sent at once.
      const requests: Promise<{ kind: string; statusCode: number; body: string }>[] = [];
      for (let i = 0; i < 150; i++) {
        requests.push(
          register(i).then((r) => ({ kind: 'register', statusCode: r.statusCode, body: r.body })),
        );
        if (i % 15 === 7)
          requests.push(
            edit(20 + (i % 4) * 10).then((r) => ({ kind: 'edit', statusCode: r.statusCode, body: r.body })),
          );
      }
      const answers = await Promise.all(requests);
      const failures = answers.filter((a) => a.statusCode >= 500);
      assert.deepEqual(
        failures.map((a) => `${a.kind} ${a.statusCode} ${a.body}`),
        [],
        'no request answered 5xx',
      );
      assert.ok(answers.filter((a) => a.kind === 'register').every((a) => a.statusCode === 201));
      for (const a of answers.filter((x) => x.kind === 'edit'))
        assert.ok(
          a.statusCode === 200 || (a.statusCode === 409 && a.body.includes('capacity-below-confirmed')),
          a.body,
        );
      const s = await seats(groupId);
      assert.equal(s.confirmed, s.rows_confirmed, 'the counter matches the confirmed registrations');
      assert.equal(s.waitlisted, s.rows_waitlisted, 'the counter matches the waiting list');
      assert.equal(s.confirmed + s.waitlisted, 150, 'everyone has a seat or a place in line');
      assert.equal(s.confirmed, Math.min(s.capacity!, 150), 'every seat of the final capacity is taken');
    });
    /**
     * Holds a group's seat row from a connection of its own, as a slow moment on a busy machine
     * would, while `send` runs; released when `release` resolves.
     */
    async function holdingSeats<T>(groupId: string, send: () => Promise<T>, release: Promise<unknown>) {
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM group_seats WHERE group_id = $1 FOR UPDATE', [groupId]);
        const answers = send();
        await release;
        await holder.query('COMMIT');
        return await answers;
      } finally {
        await holder.end();
      }
    }

    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('queues 300 registrations at once on a pool of 4 instead of failing: no 5xx, exact counts', async () => {
      // A process of its own with a small pool and the default line (DB_QUEUE_*).
      const small = await openDatabase({ databaseUrl: url, poolSize: 4 });
      const rush = await buildApp({ db: small, clock: () => NOW });
      try {
        const groupId = await publishedGroup(rush, { capacity: 10 });
        // The seat row stays locked for 6 s (longer than a connection was once waited for)
        // while the rush arrives, so most requests wait in line that long.
        const answers = await holdingSeats(
          groupId,
          () =>
            Promise.all(
              Array.from({ length: 300 }, (_, i) =>
                rush.inject({
                  method: 'POST',
                  url: `/api/v1/groups/${groupId}/registrations`,
                  payload: person(`ryntays${i}`),
                  // many different people: an address each (one client's limits: registration-limits.test.ts)
                  remoteAddress: clientAddress(i),
                }),
              ),
            ),
          sleep(6000),
        );
        assert.deepEqual(
          answers.filter((a) => a.statusCode !== 201).map((a) => `${a.statusCode} ${a.body}`),
          [],
          'every registration got its answer, no 5xx',
        );
        const bodies = answers.map((a) => a.json<{ status: string; waitlist_position: number | null }>());
        assert.equal(bodies.filter((b) => b.status === 'confirmed').length, 10);
        assert.deepEqual(
          bodies.flatMap((b) => (b.waitlist_position ? [b.waitlist_position] : [])).sort((a, b) => a - b),
          Array.from({ length: 290 }, (_, i) => i + 1),
          'waiting-list positions 1..290, each once',
        );
        assert.deepEqual(await seats(groupId), {
          capacity: 10,
          confirmed: 10,
          waitlisted: 290,
          rows_confirmed: 10,
          rows_waitlisted: 290,
        });
        assert.deepEqual(small.load(), { running: 0, waiting: 0 }, 'the line is empty afterwards');
      } finally {
        await rush.close();
        await small.close();
      }
    });

    it('answers 503 overloaded with Retry-After only when the line is full', async () => {
      const tiny = await openDatabase({ databaseUrl: url, poolSize: 1, queueLimit: 5 });
      const busy = await buildApp({ db: tiny, clock: () => NOW });
      try {
        const groupId = await publishedGroup(busy, { capacity: 10 });
        let settled = 0;
        const answers = await holdingSeats(
          groupId,
          () =>
            Promise.all(
              Array.from({ length: 30 }, (_, i) =>
                busy
                  .inject({
                    method: 'POST',
                    url: `/api/v1/groups/${groupId}/registrations`,
                    payload: person(`taynna${i}`),
                    // many different people: an address each (one client's limits: registration-limits.test.ts)
                    remoteAddress: clientAddress(i),
                  })
                  .finally(() => settled++),
              ),
            ),
          (async () => {
            // One transaction runs (waiting for the seat row), five wait: the others are refused.
            for (let i = 0; i < 500 && settled < 24; i++) await sleep(10);
          })(),
        );
        const refused = answers.filter((a) => a.statusCode === 503);
        const admitted = answers.filter((a) => a.statusCode === 201);
        assert.equal(refused.length + admitted.length, 30, 'each answer is a registration or 503');
        assert.ok(refused.length >= 24, `at most one running and five waiting, got ${admitted.length} in`);
        for (const r of refused) {
          assert.equal(r.headers['retry-after'], '5');
          assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
          assert.equal(r.json<{ code: string }>().code, 'overloaded');
        }
        const s = await seats(groupId);
        assert.equal(
          s.rows_confirmed + s.rows_waitlisted,
          admitted.length,
          'only the admitted are registered',
        );
        assert.equal(s.confirmed, s.rows_confirmed);
      } finally {
        await busy.close();
        await tiny.close();
      }
    });
  });
}
