import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { csrfOf, FORM, staffKit } from '../../test/support/staff.ts';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

for (const target of testDatabases()) {
  describe(`API tokens on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = new Date();

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    /** An admin of a new organisation, signed in; returns its session cookie. */
    async function admin(org?: { id: string }) {
      const o = org ?? (await makeOrganisation(db));
      const email = `${unique('admin')}@example.fi`;
      const user = await createUser(db, { email, displayName: 'Pääkäyttäjä Testi', password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, o.id, user.id, 'admin'));
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      const session = res.cookies.find((c) => c.name === 'vertaamo_session')!.value;
      // Cookie-signed API writes carry the session's CSRF token (issue 12, finding 3).
      const csrf = { 'x-csrf-token': res.json<{ csrf_token: string }>().csrf_token };
      return { org: o, user, session, cookies: { vertaamo_session: session }, csrf };
    }

    async function newToken(
      who: { org: { id: string }; cookies: Record<string, string>; csrf: Record<string, string> },
      body: Record<string, unknown> = { role: 'coordinator', label: 'raportit' },
    ) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${who.org.id}/tokens`,
        cookies: who.cookies,
        headers: who.csrf,
        payload: body,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; token: string; expires_at: string }>();
    }

    /** Reading a group's participants with the token. */
    async function readParticipants(token: string, groupId: string) {
      return app.inject({ url: `/api/v1/groups/${groupId}/registrations`, headers: bearer(token) });
    }

    async function groupOf(orgId: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(await tokenFor(db, orgId, 'coordinator')),
        payload: groupBody(orgId),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    }

    it(`expires a token after ${DEFAULT_TOKEN_DAYS} days unless told otherwise, never later than ${MAX_TOKEN_DAYS}`, async () => {
      now = new Date();
      const a = await admin();
      const made = await newToken(a);
      assert.equal(new Date(made.expires_at).getTime(), now.getTime() + DEFAULT_TOKEN_DAYS * DAY);
      assert.equal(
        (await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) })).statusCode,
        200,
      );
      const tooLong = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${a.org.id}/tokens`,
        cookies: a.cookies,
        headers: a.csrf,
        payload: { role: 'coordinator', label: 'ikuinen', expires_in_days: MAX_TOKEN_DAYS + 1 },
      });
      assert.equal(tooLong.statusCode, 400, tooLong.body);
      assert.match(tooLong.body, /expires_in_days/);
      const start = now;
      try {
        now = new Date(start.getTime() + DEFAULT_TOKEN_DAYS * DAY - 1000);
        assert.equal(
          (await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) })).statusCode,
          200,
        );
        now = new Date(start.getTime() + DEFAULT_TOKEN_DAYS * DAY + 1000);
        const expired = await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) });
        assert.equal(expired.statusCode, 401);
      } finally {
        now = new Date();
      }
      // Tokens made without a person (the command line, the demo loader) expire too.
      const unattended = await tokenFor(db, a.org.id, 'coordinator');
      const stored = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ expires_at: Date | null }>(
              `SELECT expires_at FROM api_tokens WHERE label = 'test coordinator' AND org_id = $1`,
              [a.org.id],
            )
          ).rows[0]!,
      );
      assert.ok(unattended);
      assert.ok(stored.expires_at, 'no token lives for ever');
    });

    it('lists the organisation’s tokens without their secrets, and a revoked token gets 401', async () => {
      const a = await admin();
      const made = await newToken(a, { role: 'facilitator', label: 'kalenteri', expires_in_days: 30 });
      const used = await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) });
      assert.equal(used.statusCode, 200);
      const list = await app.inject({ url: `/api/v1/organizations/${a.org.id}/tokens`, cookies: a.cookies });
      assert.equal(list.statusCode, 200, list.body);
      assert.ok(!list.body.includes(made.token), 'the secret is never shown again');
      assert.ok(!/token_hash|vt_/.test(list.body), list.body);
      const item = (list.json().items as Record<string, unknown>[]).find((t) => t.id === made.id)!;
      assert.equal(item.label, 'kalenteri');
      assert.equal(item.role, 'facilitator');
      assert.deepEqual(item.created_by, { id: a.user.id, name: 'Pääkäyttäjä Testi' });
      assert.equal(item.status, 'active');
      assert.ok(item.created_at && item.expires_at && item.last_used_at, JSON.stringify(item));

      const revoke = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${a.org.id}/tokens/${made.id}`,
        cookies: a.cookies,
        headers: a.csrf,
      });
      assert.equal(revoke.statusCode, 204, revoke.body);
      const refused = await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) });
      assert.equal(refused.statusCode, 401);
      assert.match(refused.headers['content-type'] as string, /problem\+json/);
      const after = await app.inject({ url: `/api/v1/organizations/${a.org.id}/tokens`, cookies: a.cookies });
      const revoked = (after.json().items as Record<string, unknown>[]).find((t) => t.id === made.id)!;
      assert.equal(revoked.status, 'revoked');
      const again = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${a.org.id}/tokens/${made.id}`,
        cookies: a.cookies,
        headers: a.csrf,
      });
      assert.equal(again.statusCode, 404, 'a token is revoked once');
    });

    it('lets only the organisation’s admins list and revoke its tokens', async () => {
      const a = await admin();
      const b = await admin();
      const made = await newToken(a);
      const coordinator = await tokenFor(db, a.org.id, 'coordinator');
      for (const who of [{ cookies: b.cookies }, { headers: bearer(coordinator) }]) {
        const list = await app.inject({ url: `/api/v1/organizations/${a.org.id}/tokens`, ...who });
        assert.ok([403, 404].includes(list.statusCode), `${list.statusCode} ${list.body}`);
        assert.ok(!list.body.includes(made.id));
        const revoke = await app.inject({
          method: 'DELETE',
          url: `/api/v1/organizations/${a.org.id}/tokens/${made.id}`,
          ...who,
        });
        assert.ok([403, 404].includes(revoke.statusCode), `${revoke.statusCode} ${revoke.body}`);
      }
      // Another organisation's token through one's own organisation: not found.
      const crossed = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${b.org.id}/tokens/${made.id}`,
        cookies: b.cookies,
        headers: b.csrf,
      });
      assert.equal(crossed.statusCode, 404);
      const ownList = await app.inject({
        url: `/api/v1/organizations/${b.org.id}/tokens`,
        cookies: b.cookies,
      });
      assert.equal(ownList.statusCode, 200);
      assert.ok(!ownList.body.includes(made.id));
      assert.equal(
        (await app.inject({ url: '/api/v1/auth/me', headers: bearer(made.token) })).statusCode,
        200,
      );
    });

    it('stops a token when the admin who made it is disabled', async () => {
      const a = await admin();
      const group = await groupOf(a.org.id);
      const made = await newToken(a);
      assert.equal((await readParticipants(made.token, group)).statusCode, 200);
      await db.ownerTransaction((tx) =>
        tx.query('UPDATE users SET disabled_at = now() WHERE id = $1', [a.user.id]),
      );
      assert.equal((await readParticipants(made.token, group)).statusCode, 401);
    });

    it('stops a token when the admin who made it loses the admin role or the membership', async () => {
      const a = await admin();
      const group = await groupOf(a.org.id);
      const made = await newToken(a);
      assert.equal((await readParticipants(made.token, group)).statusCode, 200);
      await db.ownerTransaction(async (tx) => {
        await tx.query(`DELETE FROM memberships WHERE user_id = $1`, [a.user.id]);
        await insertMembership(tx, a.org.id, a.user.id, 'coordinator');
      });
      assert.equal((await readParticipants(made.token, group)).statusCode, 401, 'no longer an admin');

      const b = await admin();
      const groupB = await groupOf(b.org.id);
      const madeB = await newToken(b);
      await db.ownerTransaction((tx) => tx.query(`DELETE FROM memberships WHERE user_id = $1`, [b.user.id]));
      assert.equal((await readParticipants(madeB.token, groupB)).statusCode, 401, 'no longer a member');
    });

    it('keeps a district admin’s token for a local association while the admin stays', async () => {
      const district = await makeOrganisation(db, { kind: 'district' });
      const local = await makeOrganisation(db, { kind: 'local_association', parent_id: district.id });
      const a = await admin(district);
      const made = await newToken({ org: local, cookies: a.cookies, csrf: a.csrf });
      const group = await groupOf(local.id);
      assert.equal((await readParticipants(made.token, group)).statusCode, 200);
      await db.ownerTransaction((tx) => tx.query(`DELETE FROM memberships WHERE user_id = $1`, [a.user.id]));
      assert.equal((await readParticipants(made.token, group)).statusCode, 401);
    });

    it('lets an admin list, make and revoke tokens on the workspace page, without JavaScript', async () => {
      now = new Date();
      const kit = staffKit(app, db);
      const org = await makeOrganisation(db);
      const other = await makeOrganisation(db);
      const adminEmail = await kit.person([[org, 'admin']]);
      const session = await kit.signIn(adminEmail, 'en');
      const page = `/en/staff/tokens?org=${org.id}`;
      const empty = await kit.get(page, session);
      assert.equal(empty.statusCode, 200, empty.body.slice(0, 300));
      assert.match(empty.body, /no API tokens/);

      const bad = await kit.submit(page, page, session, { label: '', role: 'coordinator', days: '400' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="label-error"[^>]*>Write a name/);
      assert.match(bad.body, /id="days-error"/);
      assert.match(bad.body, /value="400"/, 'what was typed stays');

      const made = await kit.submit(page, page, session, {
        label: 'raportti-skripti',
        role: 'coordinator',
        days: '30',
      });
      assert.equal(made.statusCode, 201, made.body.slice(0, 300));
      const secret = /data-token[^>]*>(vt_[A-Za-z0-9_-]+)</.exec(made.body)?.[1] ?? assert.fail(made.body);
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode, 200);

      const listed = await kit.get(page, session);
      assert.ok(!listed.body.includes(secret), 'the secret is shown once');
      assert.match(listed.body, /raportti-skripti/);
      assert.match(listed.body, /<td>active<\/td>/);
      const action = /action="(\/en\/staff\/tokens\/[0-9a-f-]{36}\/revoke\?org=[0-9a-f-]{36})"/.exec(
        listed.body,
      )![1]!;

      // Without the page's CSRF token, nothing happens.
      const forged = await app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: 'csrf=forged',
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode, 200);

      const revoked = await app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams({ csrf: csrfOf(listed.body) }).toString(),
      });
      assert.equal(revoked.statusCode, 303, revoked.body.slice(0, 300));
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode, 401);
      assert.match((await kit.get(page, session)).body, /<td>revoked<\/td>/);

      // A coordinator of the organisation, and an admin of another one, are refused.
      const coordinator = await kit.signIn(await kit.person([[org, 'coordinator']]), 'en');
      assert.equal((await kit.get(page, coordinator)).statusCode, 403);
      const stranger = await kit.signIn(await kit.person([[other, 'admin']]), 'en');
      const seen = await kit.get(page, stranger);
      assert.equal(seen.statusCode, 404);
      assert.ok(!seen.body.includes('raportti-skripti'));
      const crossRevoke = await app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_session: stranger },
        payload: new URLSearchParams({
          csrf: csrfOf((await kit.get(`/en/staff/tokens?org=${other.id}`, stranger)).body),
        }).toString(),
      });
      assert.equal(crossRevoke.statusCode, 404);
    });
  });
}
