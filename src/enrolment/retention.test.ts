/**
 * The retention job, with an injected clock: nothing is touched before the organisation's
 * retention period has passed since the group ended; afterwards no trace of the people is
 * left anywhere in the database, while the counts reports need remain.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { anonymiseEndedGroups } from './retention.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const SENTINEL = 'zqxsentinel';
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

for (const target of testDatabases()) {
  describe(`retention on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let token: string;
    let orgId: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db, { retention_days: 30 });
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function call(method: 'POST' | 'PUT', url: string, payload: object, auth = true) {
      const res = await app.inject({ method, url, payload, headers: auth ? bearer(token) : {} });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json<{ id: string }>();
    }

    async function groupOf(overrides: Record<string, unknown>) {
      const g = await call('POST', '/api/v1/groups', groupBody(orgId, overrides));
      await call('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      return g;
    }

    /** Every row of every table whose text holds the sentinel, as "table: n". */
    async function traces(): Promise<string[]> {
      return db.ownerTransaction(async (tx) => {
        const tables = (
          await tx.query<{ t: string }>(
            `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
          )
        ).rows.map((r) => r.t);
        const found: string[] = [];
        for (const t of tables) {
          const { rows } = await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${t} x WHERE x::text ILIKE $1`,
            [`%${SENTINEL}%`],
          );
          if (rows[0]!.n > 0) found.push(`${t}: ${rows[0]!.n}`);
        }
        return found;
      });
    }

    it('anonymises participants and applicants only after the retention period, leaving no trace', async () => {
      const group = await groupOf({
        how_to_join: 'registration',
        capacity: 1,
        registration_questions: [{ key: 'needs', label: { fi: 'Tarpeet' }, kind: 'text', required: false }],
      });
      const person = (n: number) => ({
        display_name: `${SENTINEL} ${n}`,
        email: `${SENTINEL}${n}@example.fi`,
        language: 'fi',
        consent: true,
        answers: { needs: `${SENTINEL} needs ${n}` },
      });
      await call('POST', `/api/v1/groups/${group.id}/registrations`, person(1), false);
      await call('POST', `/api/v1/groups/${group.id}/registrations`, person(2), false);
      const applyGroup = await groupOf({ how_to_join: 'application', openness: 'closed' });
      await call(
        'POST',
        `/api/v1/groups/${applyGroup.id}/applications`,
        {
          display_name: `${SENTINEL} applicant`,
          phone: '+358401234567',
          language: 'sv',
          consent: true,
          facts: { area: `${SENTINEL} area`, languages: ['sv'] },
        },
        false,
      );
      const keep = await groupOf({ how_to_join: 'registration', capacity: 5 });
      await call('POST', `/api/v1/groups/${keep.id}/registrations`, { ...person(3), answers: {} }, false);

      for (const g of [group, applyGroup]) {
        await call('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'start' });
        await call('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'end', ended_on: '2026-12-01' });
      }
      assert.ok((await traces()).length > 0, 'the test data is there to find');

      const early = await anonymiseEndedGroups(db, day('2026-12-31'));
      assert.deepEqual(
        early,
        { groups: 0, registrations: 0, applications: 0, messages: 0 },
        '30 days not yet passed',
      );

      const done = await anonymiseEndedGroups(db, day('2027-01-01'));
      assert.equal(done.groups, 2);
      assert.equal(done.registrations, 2);
      assert.equal(done.applications, 1);
      assert.ok(done.messages >= 2, 'confirmation and waiting-list messages are deleted');

      // Only the group that has not ended still holds its participant (and their confirmation).
      const left = await traces();
      assert.deepEqual(
        left,
        ['outbox: 1', 'registrations: 1'],
        'nothing of the ended groups’ people remains',
      );
      const counts = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ status: string; n: number }>(
              `SELECT status, count(*)::int AS n FROM registrations WHERE group_id = $1 GROUP BY status ORDER BY status`,
              [group.id],
            )
          ).rows,
      );
      assert.deepEqual(
        counts,
        [
          { status: 'confirmed', n: 1 },
          { status: 'waitlisted', n: 1 },
        ],
        'the anonymous counts for reports remain',
      );

      const again = await anonymiseEndedGroups(db, day('2027-02-01'));
      assert.equal(again.groups, 0, 'done once');
    });
  });
}
