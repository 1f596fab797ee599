import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser, LOGIN_SESSION_ABSOLUTE_MS, LOGIN_SESSION_IDLE_MS } from './service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { AppError } from '../shared/errors.ts';

const PASSWORD = 'correct horse battery';

for (const target of testDatabases()) {
  describe(`accounts and sign-in on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = new Date('2026-11-22T10:00:00Z');

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function staff(role: 'coordinator' | 'admin' = 'coordinator') {
      const org = await makeOrganisation(db);
      const email = `${unique('person')}@example.fi`;
      const user = await createUser(db, {
        email: email.toUpperCase(),
        displayName: 'Testi Henkilö',
        password: PASSWORD,
      });
      await db.ownerTransaction((tx) => insertMembership(tx, org.id, user.id, role));
      return { org, email, user };
    }

    const login = (email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

    it('signs in with email and password into an HttpOnly, SameSite=Lax login session cookie', async () => {
      const { org, email } = await staff();
      const res = await login(email, PASSWORD);
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((c) => c.name === 'vertaamo_session')!;
      assert.ok(cookie.httpOnly);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      assert.deepEqual(res.json().roles, [{ organization_id: org.id, roles: ['coordinator'] }]);
      const me = await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: cookie.value } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().label, email, 'emails are stored in lower case');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        cookies: { vertaamo_session: cookie.value },
        headers: { 'x-csrf-token': res.json<{ csrf_token: string }>().csrf_token },
        payload: groupBody(org.id),
      });
      assert.equal(created.statusCode, 201, 'the session acts with its roles');
    });

    it('gives the same answer for a wrong password and an unknown email', async () => {
      const { email } = await staff();
      const wrong = await login(email, 'not the password');
      const unknown = await login(`${unique('nobody')}@example.fi`, PASSWORD);
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json());
      assert.equal(wrong.json().code, 'invalid-credentials');
      assert.equal(wrong.cookies.length, 0);
      assert.equal((await app.inject({ url: '/api/v1/auth/me' })).statusCode, 401);
    });

    it('ends the login session on the server at sign-out', async () => {
      const { email } = await staff();
      const signedIn = await login(email, PASSWORD);
      const cookie = signedIn.cookies.find((c) => c.name === 'vertaamo_session')!;
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        cookies: { vertaamo_session: cookie.value },
        headers: { 'x-csrf-token': signedIn.json<{ csrf_token: string }>().csrf_token },
      });
      assert.equal(out.statusCode, 204);
      const me = await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: cookie.value } });
      assert.equal(me.statusCode, 401, 'the old cookie no longer works');
    });

    it('ends a login session after idle time and after its absolute lifetime', async () => {
      const { email } = await staff();
      const start = new Date('2026-11-22T10:00:00Z');
      now = start;
      const idle = (await login(email, PASSWORD)).cookies.find((c) => c.name === 'vertaamo_session')!.value;
      now = new Date(start.getTime() + LOGIN_SESSION_IDLE_MS + 60_000);
      assert.equal(
        (await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: idle } })).statusCode,
        401,
      );

      now = start;
      const active = (await login(email, PASSWORD)).cookies.find((c) => c.name === 'vertaamo_session')!.value;
      // Used every hour it stays alive until the absolute limit.
      for (let t = 0; t < LOGIN_SESSION_ABSOLUTE_MS - 3_600_000; t += 3_600_000) {
        now = new Date(start.getTime() + t);
        assert.equal(
          (await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: active } })).statusCode,
          200,
        );
      }
      now = new Date(start.getTime() + LOGIN_SESSION_ABSOLUTE_MS + 1000);
      assert.equal(
        (await app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: active } })).statusCode,
        401,
      );
      now = start;
    });

    it('refuses revoked and expired API tokens', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode, 200);
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE api_tokens SET revoked_at = now() WHERE org_id = $1`, [org.id]),
      );
      const revoked = await app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
      assert.equal(revoked.statusCode, 401);
      assert.match(revoked.headers['content-type'] as string, /problem\+json/);

      const other = await tokenFor(db, org.id, 'admin');
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE api_tokens SET expires_at = $2 WHERE org_id = $1 AND revoked_at IS NULL`, [
          org.id,
          new Date(now.getTime() - 1000),
        ]),
      );
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: bearer(other) })).statusCode, 401);
      assert.equal(
        (await app.inject({ url: '/api/v1/groups', headers: { authorization: 'Basic abc' } })).statusCode,
        401,
      );
    });

    it('stores passwords as Argon2id with OWASP parameters and refuses short ones', async () => {
      const { user } = await staff();
      const stored = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
              user.id,
            ])
          ).rows[0]!.password_hash,
      );
      assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok(!stored.includes(PASSWORD));
      await assert.rejects(
        createUser(db, { email: `${unique('short')}@example.fi`, displayName: 'Lyhyt', password: 'short' }),
        (err: unknown) =>
          err instanceof AppError && err.status === 422 && err.errors[0]?.field === 'password',
      );
    });

    it('lets district admins act in their local associations, but not a district board member', async () => {
      const district = await makeOrganisation(db, { kind: 'district' });
      const local = await makeOrganisation(db, {
        kind: 'local_association',
        parent_id: district.id,
        requires_board_approval: true,
      });
      const districtAdmin = await tokenFor(db, district.id, 'admin');
      const districtBoard = await tokenFor(db, district.id, 'board_member');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(districtAdmin),
        payload: groupBody(local.id),
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${id}/lifecycle`,
        headers: bearer(districtAdmin),
        payload: { action: 'propose' },
      });
      const approve = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${id}/lifecycle`,
        headers: bearer(districtBoard),
        payload: { action: 'approve', decided_on: '2026-11-20' },
      });
      assert.equal(
        approve.statusCode,
        404,
        "the district board does not see the local association's proposal",
      );
      const upward = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(await tokenFor(db, local.id, 'admin')),
        payload: groupBody(district.id),
      });
      assert.equal(upward.statusCode, 403, 'roles never flow up the hierarchy');
    });
  });
}
