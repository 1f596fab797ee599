/**
 * Changing and resetting a staff password, and one's own login sessions (issue 12, finding 14),
 * over HTTP as a browser without JavaScript and through the API; the reset link is read from
 * the mail the real test SMTP server received.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { csrfOf, FORM, STAFF_PASSWORD, staffKit } from '../../test/support/staff.ts';
import { mailedTo, startSmtp } from '../../test/support/smtp.ts';

const NEW_PASSWORD = 'uusi vertaistuen salasana';
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

for (const target of testDatabases()) {
  describe(`staff passwords and sessions on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let kit: ReturnType<typeof staffKit>;
    let org: { id: string };
    let now: Date | null = null;
    const clock = () => now ?? new Date();

    before(async () => {
      ({ db, dispose } = await target.create());
      smtp = await startSmtp();
      app = await buildApp({ db, clock });
      kit = staffKit(app, db);
      org = await makeOrganisation(db);
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await dispose();
    });

    const me = (session: string) =>
      app.inject({ url: '/api/v1/auth/me', cookies: { vertaamo_session: session } });
    const apiLogin = (email: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

    /** Posts a public (signed-out) form of a page with the page's own token and cookie. */
    async function submitSignedOut(pageUrl: string, action: string, fields: Record<string, string>) {
      const page = await app.inject({ url: pageUrl });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const secret = page.cookies.find((c) => c.name === 'vertaamo_sign_in')?.value ?? '';
      return app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ csrf: csrfOf(page.body), ...fields }).toString(),
      });
    }

    it('changes the password with the current one and signs out every other session', async () => {
      const email = await kit.person([[org, 'coordinator']]);
      const here = await kit.signIn(email, 'en');
      const elsewhere = await kit.signIn(email, 'en');

      const wrong = await kit.submit('/en/staff/password', '/en/staff/password', here, {
        current_password: 'not the password',
        new_password: NEW_PASSWORD,
        confirm_password: NEW_PASSWORD,
      });
      assert.equal(wrong.statusCode, 422);
      assert.match(wrong.body, /id="current_password-error"/);
      const weak = await kit.submit('/en/staff/password', '/en/staff/password', here, {
        current_password: STAFF_PASSWORD,
        new_password: 'short',
        confirm_password: 'short',
      });
      assert.equal(weak.statusCode, 422);
      assert.match(weak.body, /id="new_password-error"[^>]*>At least 12 characters/);
      const mismatch = await kit.submit('/en/staff/password', '/en/staff/password', here, {
        current_password: STAFF_PASSWORD,
        new_password: NEW_PASSWORD,
        confirm_password: `${NEW_PASSWORD}!`,
      });
      assert.equal(mismatch.statusCode, 422);
      assert.match(mismatch.body, /id="confirm_password-error"/);
      assert.equal((await me(elsewhere)).statusCode, 200, 'refused changes sign nobody out');

      const forged = await app.inject({
        method: 'POST',
        url: '/en/staff/password',
        headers: FORM,
        cookies: { vertaamo_session: here },
        payload: new URLSearchParams({
          csrf: 'forged',
          current_password: STAFF_PASSWORD,
          new_password: NEW_PASSWORD,
          confirm_password: NEW_PASSWORD,
        }).toString(),
      });
      assert.equal(forged.statusCode, 403);

      const changed = await kit.submit('/en/staff/password', '/en/staff/password', here, {
        current_password: STAFF_PASSWORD,
        new_password: NEW_PASSWORD,
        confirm_password: NEW_PASSWORD,
      });
      assert.equal(changed.statusCode, 303, changed.body.slice(0, 500));
      assert.equal((await me(here)).statusCode, 200, 'this session stays');
      assert.equal((await me(elsewhere)).statusCode, 401, 'every other session ended');
      assert.equal((await apiLogin(email, STAFF_PASSWORD)).statusCode, 401);
      assert.equal((await apiLogin(email, NEW_PASSWORD)).statusCode, 200);
    });

    it('changes the password through the API, and lists and ends one’s sessions', async () => {
      const email = await kit.person([[org, 'facilitator']]);
      const a = await kit.signIn(email, 'fi');
      const b = await kit.signIn(email, 'fi');
      const c = await kit.signIn(email, 'fi');
      // Cookie-signed API writes carry the session's CSRF token (issue 12, finding 3).
      const csrf = async (session: string) => ({
        'x-csrf-token': (await me(session)).json<{ csrf_token: string }>().csrf_token,
      });
      const list = await app.inject({
        url: '/api/v1/auth/sessions',
        cookies: { vertaamo_session: a },
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
      });
      assert.equal(list.statusCode, 200, list.body);
      const items = list.json().items as { id: string; current: boolean; browser: string | null }[];
      assert.equal(items.length, 3);
      assert.equal(items.filter((s) => s.current).length, 1);
      for (const secret of [a, b, c]) {
        assert.ok(!list.body.includes(secret) && !list.body.includes(sha256(secret)), 'no secret, no hash');
      }
      assert.equal(items.find((s) => s.current)!.browser, 'Firefox, Linux');
      const other = items.find((s) => !s.current)!;
      const ended = await app.inject({
        method: 'DELETE',
        url: `/api/v1/auth/sessions/${other.id}`,
        cookies: { vertaamo_session: a },
        headers: await csrf(a),
      });
      assert.equal(ended.statusCode, 204, ended.body);
      assert.equal([await me(b), await me(c)].filter((r) => r.statusCode === 401).length, 1);
      // Someone else's session is not one's own to end.
      const stranger = await kit.signIn(await kit.person([[org, 'facilitator']]), 'fi');
      const crossed = await app.inject({
        method: 'DELETE',
        url: `/api/v1/auth/sessions/${items.find((s) => s.current)!.id}`,
        cookies: { vertaamo_session: stranger },
        headers: await csrf(stranger),
      });
      assert.equal(crossed.statusCode, 404);
      assert.equal((await me(a)).statusCode, 200);

      const weak = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookies: { vertaamo_session: a },
        headers: await csrf(a),
        payload: { current_password: STAFF_PASSWORD, new_password: 'short' },
      });
      assert.equal(weak.statusCode, 422);
      assert.equal(weak.json().errors[0].field, 'new_password');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookies: { vertaamo_session: a },
        headers: await csrf(a),
        payload: { current_password: 'wrong wrong wrong', new_password: NEW_PASSWORD },
      });
      assert.equal(wrong.statusCode, 422);
      assert.equal(wrong.json().errors[0].field, 'current_password');
      const changed = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        cookies: { vertaamo_session: a },
        headers: await csrf(a),
        payload: { current_password: STAFF_PASSWORD, new_password: NEW_PASSWORD },
      });
      assert.equal(changed.statusCode, 204, changed.body);
      assert.equal((await me(a)).statusCode, 200);
      assert.equal((await me(b)).statusCode, 401);
      assert.equal((await me(c)).statusCode, 401);

      const d = (await apiLogin(email, NEW_PASSWORD)).cookies.find(
        (x) => x.name === 'vertaamo_session',
      )!.value;
      const all = await app.inject({
        method: 'DELETE',
        url: '/api/v1/auth/sessions',
        cookies: { vertaamo_session: a },
        headers: await csrf(a),
      });
      assert.equal(all.statusCode, 204);
      assert.equal((await me(d)).statusCode, 401);
      assert.equal((await me(a)).statusCode, 200);
      assert.equal((await app.inject({ url: '/api/v1/auth/sessions' })).statusCode, 401);
    });

    it('lists one’s sessions on a page, marks this one, and ends one or all the others', async () => {
      const email = await kit.person([[org, 'coordinator']]);
      const here = await kit.signIn(email, 'sv');
      const two = await kit.signIn(email, 'sv');
      const three = await kit.signIn(email, 'sv');
      const page = await kit.get('/sv/staff/sessions', here);
      assert.equal(page.statusCode, 200);
      assert.equal((page.body.match(/Den här sessionen/g) ?? []).length, 1);
      const actions = [...page.body.matchAll(/action="(\/sv\/staff\/sessions\/[0-9a-f-]{36}\/end)"/g)].map(
        (m) => m[1]!,
      );
      assert.equal(actions.length, 2, 'the other two can be ended one by one');
      const end = await app.inject({
        method: 'POST',
        url: actions[0]!,
        headers: FORM,
        cookies: { vertaamo_session: here },
        payload: new URLSearchParams({ csrf: csrfOf(page.body) }).toString(),
      });
      assert.equal(end.statusCode, 303);
      assert.equal([await me(two), await me(three)].filter((r) => r.statusCode === 401).length, 1);
      const others = await kit.submit('/sv/staff/sessions', '/sv/staff/sessions/end-others', here, {});
      assert.equal(others.statusCode, 303);
      assert.equal((await me(two)).statusCode, 401);
      assert.equal((await me(three)).statusCode, 401);
      assert.equal((await me(here)).statusCode, 200);
      const ended = await kit.get('/sv/staff/sessions', two);
      assert.equal(ended.statusCode, 303, 'an ended session is signed out');
    });

    it('resets a forgotten password by an emailed single-use link that ends every session', async () => {
      const email = await kit.person([[org, 'coordinator']]);
      const before = await kit.signIn(email, 'en');
      const nobody = `${unique('nobody')}@example.fi`;
      const known = await submitSignedOut('/en/staff/password/forgot', '/en/staff/password/forgot', {
        email: email.toUpperCase(),
      });
      const unknown = await submitSignedOut('/en/staff/password/forgot', '/en/staff/password/forgot', {
        email: nobody,
      });
      assert.equal(known.statusCode, 200, known.body.slice(0, 300));
      assert.equal(unknown.statusCode, known.statusCode);
      assert.equal(unknown.body, known.body, 'the same answer whether or not the account exists');

      const stored = await db.ownerTransaction(async (tx) => ({
        outbox: (
          await tx.query<{ body: string }>(
            `SELECT body FROM outbox WHERE kind = 'password_reset' AND recipient = $1`,
            [email],
          )
        ).rows,
        nobody: (await tx.query(`SELECT 1 FROM outbox WHERE recipient = $1`, [nobody])).rows.length,
      }));
      assert.equal(stored.outbox.length, 1);
      assert.match(stored.outbox[0]!.body, /\{link-secret\}/, 'the secret waits sealed, not in the body');
      assert.equal(stored.nobody, 0);

      const mail = await mailedTo(smtp, db, email);
      const link = /https?:\/\/\S+\/en\/staff\/password\/reset\?token=([A-Za-z0-9_-]{43})/.exec(mail);
      assert.ok(link, mail);
      const token = link[1]!;
      const hashes = await db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ token_hash: string }>('SELECT token_hash FROM password_reset_links')).rows,
      );
      assert.ok(
        hashes.some((h) => h.token_hash === sha256(token)),
        'stored as a hash only',
      );
      assert.ok(!JSON.stringify(hashes).includes(token));

      const resetPage = `/en/staff/password/reset?token=${token}`;
      const weak = await submitSignedOut(resetPage, '/en/staff/password/reset', {
        token,
        new_password: 'short',
        confirm_password: 'short',
      });
      assert.equal(weak.statusCode, 422);
      assert.match(weak.body, /id="new_password-error"/);
      const done = await submitSignedOut(resetPage, '/en/staff/password/reset', {
        token,
        new_password: NEW_PASSWORD,
        confirm_password: NEW_PASSWORD,
      });
      assert.equal(done.statusCode, 303, done.body.slice(0, 500));
      assert.equal((await me(before)).statusCode, 401, 'every session of the account ended');
      assert.equal((await apiLogin(email, STAFF_PASSWORD)).statusCode, 401);
      assert.equal((await apiLogin(email, NEW_PASSWORD)).statusCode, 200);

      // The link works once.
      const reused = await app.inject({ url: resetPage });
      assert.equal(reused.statusCode, 410);
      const secret = reused.cookies.find((c) => c.name === 'vertaamo_sign_in')?.value ?? '';
      const again = await app.inject({
        method: 'POST',
        url: '/en/staff/password/reset',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({
          csrf: csrfOf(
            (await app.inject({ url: '/en/staff/password/forgot', cookies: { vertaamo_sign_in: secret } }))
              .body,
          ),
          token,
          new_password: 'kolmas salasana tähän',
          confirm_password: 'kolmas salasana tähän',
        }).toString(),
      });
      assert.equal(again.statusCode, 410, again.body.slice(0, 300));
      assert.equal((await apiLogin(email, NEW_PASSWORD)).statusCode, 200, 'the password stayed');
    });

    it('refuses an expired reset link', async () => {
      const email = await kit.person([[org, 'referrer']]);
      const asked = new Date();
      now = asked;
      try {
        const res = await submitSignedOut('/fi/staff/password/forgot', '/fi/staff/password/forgot', {
          email,
        });
        assert.equal(res.statusCode, 200);
        const mail = await mailedTo(smtp, db, email, asked);
        const token = /\/fi\/staff\/password\/reset\?token=([A-Za-z0-9_-]{43})/.exec(mail)![1]!;
        now = new Date(asked.getTime() + 31 * 60_000);
        const page = await app.inject({ url: `/fi/staff/password/reset?token=${token}` });
        assert.equal(page.statusCode, 410);
        const secret = page.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
        const form = await app.inject({
          url: '/fi/staff/password/forgot',
          cookies: { vertaamo_sign_in: secret },
        });
        const late = await app.inject({
          method: 'POST',
          url: '/fi/staff/password/reset',
          headers: FORM,
          cookies: { vertaamo_sign_in: secret },
          payload: new URLSearchParams({
            csrf: csrfOf(form.body),
            token,
            new_password: NEW_PASSWORD,
            confirm_password: NEW_PASSWORD,
          }).toString(),
        });
        assert.equal(late.statusCode, 410);
        assert.equal((await apiLogin(email, STAFF_PASSWORD)).statusCode, 200, 'the password stayed');
      } finally {
        now = null;
      }
    });

    it('throttles reset requests per address asked about, alike for known and unknown accounts', async () => {
      const email = await kit.person([[org, 'coordinator']]);
      const nobody = `${unique('nobody')}@example.fi`;
      const answers: number[][] = [[], []];
      for (let i = 0; i < 4; i++) {
        for (const [k, address] of [email, nobody].entries()) {
          const res = await submitSignedOut('/en/staff/password/forgot', '/en/staff/password/forgot', {
            email: address,
          });
          answers[k]!.push(res.statusCode);
          if (res.statusCode === 429) assert.ok(Number(res.headers['retry-after']) > 0);
        }
      }
      assert.deepEqual(answers[0], [200, 200, 200, 429]);
      assert.deepEqual(answers[1], answers[0]);
      const mails = await db.ownerTransaction(
        async (tx) =>
          (await tx.query(`SELECT 1 FROM outbox WHERE kind = 'password_reset' AND recipient = $1`, [email]))
            .rows.length,
      );
      assert.equal(mails, 3);
    });
  });
}
