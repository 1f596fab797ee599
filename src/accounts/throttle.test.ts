/**
 * Password guessing is slowed down per account and per address, with the same answer for
 * known and unknown emails, and nothing personal stored while doing it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { createUser } from './service.ts';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS } from './throttle.ts';

const PASSWORD = 'oikein-pitka-salasana';

for (const target of testDatabases()) {
  describe(`sign-in throttling on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = new Date('2026-11-22T10:00:00Z');

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
      for (const name of ['aino', 'bertil', 'cecilia'])
        await createUser(db, { email: `${name}@example.fi`, displayName: name, password: PASSWORD });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const login = (email: string, password: string, ip = '203.0.113.1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });

    it('refuses an account after too many wrong passwords, even the right one, until the window passes', async () => {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
        assert.equal((await login('aino@example.fi', 'väärä')).statusCode, 401);
      const refused = await login('aino@example.fi', PASSWORD);
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], String(THROTTLE_WINDOW_MS / 1000));
      assert.equal(refused.json().code, 'too-many-attempts');
      // Another account from the same address is not affected.
      assert.equal((await login('bertil@example.fi', PASSWORD)).statusCode, 200);
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      assert.equal((await login('aino@example.fi', PASSWORD)).statusCode, 200);
    });

    it('answers an unknown email exactly like a known one', async () => {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i <= MAX_FAILURES_PER_ACCOUNT; i++) {
        known.push((await login('cecilia@example.fi', 'väärä', '203.0.113.2')).statusCode);
        unknown.push((await login('nobody@example.fi', 'väärä', '203.0.113.2')).statusCode);
      }
      assert.deepEqual(known, [401, 401, 401, 401, 401, 429]);
      assert.deepEqual(unknown, known);
    });

    it('refuses an address that guesses across many accounts, not other addresses', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
        assert.equal((await login(`guess${i}@example.fi`, 'väärä', '198.51.100.7')).statusCode, 401);
      assert.equal((await login('bertil@example.fi', PASSWORD, '198.51.100.7')).statusCode, 429);
      assert.equal((await login('bertil@example.fi', PASSWORD, '198.51.100.8')).statusCode, 200);
    });

    it('tells a person on the sign-in page how long to wait', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      const form = await app.inject({ url: '/sv/staff/sign-in' });
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const attempt = (password: string) =>
        app.inject({
          method: 'POST',
          url: '/sv/staff/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          remoteAddress: '203.0.113.9',
          cookies: { vertaamo_sign_in: secret },
          payload: new URLSearchParams({ csrf, email: 'aino@example.fi', password }).toString(),
        });
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
        assert.equal((await attempt('väärä')).statusCode, 401);
      const refused = await attempt(PASSWORD);
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], String(THROTTLE_WINDOW_MS / 1000));
      assert.match(refused.body, /För många misslyckade försök\. Försök igen om 15 minuter\./);
      assert.ok(!refused.cookies.some((c) => c.name === 'vertaamo_session'));
    });

    it('verifies at most the limit of 100 concurrent guesses at one account, the rest 429', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      await createUser(db, { email: 'dagmar@example.fi', displayName: 'dagmar', password: PASSWORD });
      // Each guess from its own address, so that only the account's limit applies.
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => login('dagmar@example.fi', `väärä-${i}`, `192.0.2.${i + 1}`)),
      );
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 401).length, MAX_FAILURES_PER_ACCOUNT, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 429).length, 100 - MAX_FAILURES_PER_ACCOUNT);
      for (const a of answers.filter((a) => a.statusCode === 429))
        assert.ok(Number(a.headers['retry-after']) > 0);
      // The right password too is refused now: the account's five guesses are used up.
      assert.equal((await login('dagmar@example.fi', PASSWORD, '192.0.2.200')).statusCode, 429);
    });

    it('verifies at most the limit of 100 concurrent guesses from one address across accounts', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => login(`spray${i}@example.fi`, 'väärä', '198.51.100.77')),
      );
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 401).length, MAX_FAILURES_PER_ADDRESS, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 429).length, 100 - MAX_FAILURES_PER_ADDRESS);
    });

    it('counts concurrent guesses on the sign-in form in the same throttle', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      const form = await app.inject({ url: '/fi/staff/sign-in' });
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          app.inject({
            method: 'POST',
            url: '/fi/staff/sign-in',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            remoteAddress: `192.0.2.${i + 1}`,
            cookies: { vertaamo_sign_in: secret },
            payload: new URLSearchParams({
              csrf,
              email: 'aino@example.fi',
              password: `väärä-${i}`,
            }).toString(),
          }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 401).length, MAX_FAILURES_PER_ACCOUNT, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 429).length, 100 - MAX_FAILURES_PER_ACCOUNT);
    });

    it('forgives the account, not later guesses, when the right password signs in', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
        assert.equal((await login('bertil@example.fi', 'väärä', '203.0.113.50')).statusCode, 401);
      assert.equal((await login('bertil@example.fi', PASSWORD, '203.0.113.50')).statusCode, 200);
      // A fresh allowance for the account after its owner signed in.
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
        assert.equal((await login('bertil@example.fi', 'väärä', '203.0.113.51')).statusCode, 401);
      assert.equal((await login('bertil@example.fi', PASSWORD, '203.0.113.51')).statusCode, 429);
    });

    it('keeps no email or address in clear while counting', async () => {
      const stored = await db.ownerTransaction(
        async (tx) => (await tx.query<{ key_hash: string }>('SELECT key_hash FROM login_failures')).rows,
      );
      assert.ok(stored.length > 0);
      for (const row of stored) assert.doesNotMatch(row.key_hash, /@|\d+\.\d+\.\d+/);
    });
  });
}
