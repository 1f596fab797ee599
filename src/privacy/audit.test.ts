/**
 * The audit log: every change of participants' personal data and of referral or
 * child-welfare information writes exactly one row (who, whom, what, why) in the same
 * transaction as the change; a change that fails leaves none; the application cannot
 * rewrite the log.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { anonymiseEndedGroups } from '../enrolment/retention.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface Row {
  id: string;
  actor_label: string;
  actor_user_id: string | null;
  action: string;
  operation: string;
  purpose: string;
  subject_type: string | null;
  subject_id: string | null;
  records: number;
}

for (const target of testDatabases()) {
  describe(`audit of changes on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let coordinator: string;
    let referrer: string;
    let mark = '0';

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      orgId = (await makeOrganisation(db)).id;
      coordinator = await tokenFor(db, orgId, 'coordinator');
      referrer = await tokenFor(db, orgId, 'referrer');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function call(
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: object,
      token?: string,
    ) {
      return app.inject({ method, url: `/api/v1${url}`, payload, headers: token ? bearer(token) : {} });
    }
    async function group(overrides: Record<string, unknown>) {
      const created = await call('POST', '/groups', groupBody(orgId, overrides), coordinator);
      assert.equal(created.statusCode, 201, created.body);
      const g = created.json<{ id: string; slug: string }>();
      await call('PUT', `/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' }, coordinator);
      const published = await call('POST', `/groups/${g.id}/lifecycle`, { action: 'publish' }, coordinator);
      assert.equal(published.statusCode, 200, published.body);
      return g;
    }
    const person = (n: string) => ({
      display_name: `Henkilö ${n}`,
      email: `henkilo${n}@example.fi`,
      language: 'fi',
      consent: true,
    });
    /** The log rows written since the last call, oldest first. */
    async function written(): Promise<Omit<Row, 'id'>[]> {
      const rows = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<Row>(
              `SELECT id::text AS id, actor_label, actor_user_id, action, operation, purpose, subject_type,
                      subject_id::text AS subject_id, records
               FROM data_access_log WHERE id > $1::bigint ORDER BY id`,
              [mark],
            )
          ).rows,
      );
      if (rows.length) mark = rows.at(-1)!.id;
      return rows.map(({ id: _id, ...r }) => r);
    }
    const row = (
      action: string,
      operation: string,
      purpose: string,
      actor: string,
      subject: [string, string] | null,
      records = 1,
    ) => ({
      actor_label: actor,
      actor_user_id: null,
      action,
      operation,
      purpose,
      subject_type: subject?.[0] ?? null,
      subject_id: subject?.[1] ?? null,
      records,
    });
    const C = 'token:test coordinator';
    const GA = 'group administration';

    it('logs registering, adding by hand, cancelling, removing and each promotion from the waiting list', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 1 });
      await written();
      const a = await call('POST', `/groups/${g.id}/registrations`, person('a'));
      assert.equal(a.statusCode, 201, a.body);
      const aId = a.json<{ id: string }>().id;
      assert.deepEqual(await written(), [
        row('registration.create', 'create', GA, 'participant', ['registration', aId]),
      ]);

      const b = await call('POST', `/groups/${g.id}/registrations`, person('b'));
      const bId = b.json<{ id: string }>().id;
      assert.deepEqual(await written(), [
        row('registration.create', 'create', GA, 'participant', ['registration', bId]),
      ]);

      const c = await call('POST', `/groups/${g.id}/participants`, person('c'), coordinator);
      assert.equal(c.statusCode, 201, c.body);
      const cId = c.json<{ id: string }>().id;
      assert.deepEqual(await written(), [row('registration.add', 'create', GA, C, ['registration', cId])]);

      const token = /registrations\/([^/]+)\/cancel/.exec(a.json<{ cancel_url: string }>().cancel_url)![1]!;
      assert.equal((await call('POST', '/registrations/cancel', { token })).statusCode, 200);
      assert.deepEqual(await written(), [
        row('registration.cancel', 'update', GA, 'participant', ['registration', aId]),
        row('registration.promote', 'update', GA, 'system', ['registration', bId]),
      ]);
      assert.equal((await call('POST', '/registrations/cancel', { token })).statusCode, 200);
      assert.deepEqual(await written(), [], 'cancelling again changes nothing and logs nothing');

      assert.equal((await call('DELETE', `/registrations/${bId}`, undefined, coordinator)).statusCode, 204);
      assert.deepEqual(await written(), [
        row('registration.remove', 'delete', GA, C, ['registration', bId]),
        row('registration.promote', 'update', GA, 'system', ['registration', cId]),
      ]);

      // Named attendance: who came is special-category data.
      const s = await call(
        'POST',
        `/groups/${g.id}/sessions`,
        { starts_at: new Date(NOW.getTime() - 86_400_000).toISOString(), duration_minutes: 90 },
        coordinator,
      );
      assert.equal(s.statusCode, 201, s.body);
      const sessionId = s.json<{ id: string }>().id;
      await written();
      const saved = await call(
        'PUT',
        `/sessions/${sessionId}/attendance`,
        { participants: [{ registration_id: cId, present: true }] },
        coordinator,
      );
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(await written(), [
        row('attendance.record', 'update', 'attendance', C, ['session', sessionId], 1),
      ]);
    });

    it('logs referrals made, by code, accepted and declined, for referral handling', async () => {
      const g = await group({ how_to_join: 'referral', capacity: 5 });
      await written();
      const R = 'token:test referrer';
      const referred = await call('POST', `/groups/${g.id}/referrals`, person('r1'), referrer);
      assert.equal(referred.statusCode, 201, referred.body);
      const r1 = referred.json<{ id: string }>().id;
      assert.deepEqual(await written(), [
        row('referral.create', 'create', 'referral handling', R, ['registration', r1]),
      ]);
      const r2 = (await call('POST', `/groups/${g.id}/referrals`, person('r2'), referrer)).json<{
        id: string;
      }>().id;
      await written();

      const code = (await call('POST', `/groups/${g.id}/referral-codes`, undefined, referrer)).json<{
        code: string;
      }>().code;
      assert.deepEqual(await written(), [], 'a code is about no one yet');
      const withCode = await call('POST', `/groups/${g.id}/registrations`, {
        ...person('r3'),
        referral_code: code,
      });
      assert.equal(withCode.statusCode, 201, withCode.body);
      assert.deepEqual(await written(), [
        row('referral.create', 'create', 'referral handling', 'participant', [
          'registration',
          withCode.json<{ id: string }>().id,
        ]),
      ]);

      const decide = (id: string, decision: string) =>
        call('POST', `/registrations/${id}/decision`, { decision }, coordinator);
      assert.equal((await decide(r1, 'accept')).statusCode, 200);
      assert.deepEqual(await written(), [
        row('referral.accept', 'update', 'referral handling', C, ['registration', r1]),
      ]);
      assert.equal((await decide(r2, 'decline')).statusCode, 200);
      assert.deepEqual(await written(), [
        row('referral.decline', 'update', 'referral handling', C, ['registration', r2]),
      ]);
      assert.equal((await decide(r2, 'accept')).statusCode, 409);
      assert.deepEqual(await written(), [], 'a refused decision logs nothing');
    });

    it('logs applications made, placed and declined, and the retention job’s anonymisation', async () => {
      const intake = await group({ how_to_join: 'application', capacity: null });
      const target = await group({ how_to_join: 'registration', capacity: 3 });
      await written();
      const apply = async (n: string) => {
        const res = await call('POST', `/groups/${intake.id}/applications`, {
          ...person(n),
          facts: { background: 'perhe muutti juuri' },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json<{ id: string }>().id;
      };
      const a1 = await apply('h1');
      assert.deepEqual(await written(), [
        row('application.create', 'create', GA, 'participant', ['application', a1]),
      ]);
      const a2 = await apply('h2');
      await written();
      const placed = await call('POST', `/applications/${a1}/placement`, { group: target.slug }, coordinator);
      assert.equal(placed.statusCode, 200, placed.body);
      assert.deepEqual(await written(), [row('application.place', 'update', GA, C, ['application', a1])]);
      assert.equal((await call('POST', `/applications/${a2}/decline`, {}, coordinator)).statusCode, 204);
      assert.deepEqual(await written(), [row('application.decline', 'update', GA, C, ['application', a2])]);

      await call('POST', `/groups/${intake.id}/lifecycle`, { action: 'start' }, coordinator);
      const ended = await call(
        'POST',
        `/groups/${intake.id}/lifecycle`,
        { action: 'end', ended_on: '2026-12-01' },
        coordinator,
      );
      assert.equal(ended.statusCode, 200, ended.body);
      await written();
      const done = await anonymiseEndedGroups(db, new Date('2027-01-01T10:00:00Z'));
      assert.equal(done.applications, 2);
      assert.deepEqual(await written(), [
        row('retention.anonymise', 'erase', 'retention', 'system', ['group', intake.id], 2),
      ]);
      const sealed = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM sealed_values WHERE application_id = ANY ($1::uuid[])',
              [[a1, a2]],
            )
          ).rows[0]!.n,
      );
      assert.equal(sealed, 0, 'the encrypted facts go with the names');
    });

    it('leaves no row when the change fails and rolls back', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 2 });
      const a = await call('POST', `/groups/${g.id}/registrations`, person('x'));
      const aId = a.json<{ id: string }>().id;
      const token = /registrations\/([^/]+)\/cancel/.exec(a.json<{ cancel_url: string }>().cancel_url)![1]!;
      await written();
      // The cancellation message cannot be queued: the cancellation fails after its audit row.
      await db.ownerTransaction((tx) =>
        tx.exec(`
          CREATE FUNCTION test_refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'mail refused'; END $$;
          CREATE TRIGGER test_refuse_mail BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION test_refuse_mail();`),
      );
      try {
        const failed = await call('POST', '/registrations/cancel', { token });
        assert.equal(failed.statusCode, 500);
      } finally {
        await db.ownerTransaction((tx) =>
          tx.exec('DROP TRIGGER test_refuse_mail ON outbox; DROP FUNCTION test_refuse_mail();'),
        );
      }
      assert.deepEqual(await written(), [], 'no audit row for a change that did not happen');
      const status = await db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ status: string }>('SELECT status FROM registrations WHERE id = $1', [aId]))
            .rows[0]!.status,
      );
      assert.equal(status, 'confirmed');
      assert.equal((await call('POST', '/registrations/cancel', { token })).statusCode, 200);
      assert.equal((await written()).length, 1, 'the retry is logged once');
    });

    it('cannot be rewritten or emptied by the application, and shows operation and purpose to coordinators', async () => {
      for (const statement of [
        `UPDATE data_access_log SET purpose = 'retention'`,
        `UPDATE data_access_log SET actor_label = 'someone else'`,
        'DELETE FROM data_access_log',
      ]) {
        await assert.rejects(
          db.transaction({ userId: null, orgIds: [orgId] }, (tx) => tx.query(statement)),
          /permission denied/,
          statement,
        );
      }
      const res = await call('GET', `/organizations/${orgId}/access-log?limit=500`, undefined, coordinator);
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json<{
        items: { action: string; operation: string; purpose: string; subject: { type: string } | null }[];
      }>().items;
      const accept = items.find((i) => i.action === 'referral.accept')!;
      assert.equal(accept.operation, 'update');
      assert.equal(accept.purpose, 'referral handling');
      assert.equal(accept.subject?.type, 'registration');
      assert.ok(items.some((i) => i.action === 'retention.anonymise' && i.operation === 'erase'));
    });
  });
}
