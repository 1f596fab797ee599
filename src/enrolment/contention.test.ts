/**
 * Registrations under contention on a real PostgreSQL server (PGlite runs one statement at a
 * time, so nothing there can race): capacity edits at the same time as registrations, and a
 * registration rush on a small connection pool.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp, type App } from '../http/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const person = (n: number | string) => ({
  display_name: `Osallistuja ${n}`,
  email: `osallistuja${n}@example.fi`,
  language: 'fi',
  consent: true,
});

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
  });
}
