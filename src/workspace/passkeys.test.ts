/**
 * Passkeys over HTTP with a software authenticator (test/support/authenticator.ts): adding one,
 * signing in with it into the same kind of session as a password, and every way the server must
 * refuse: a forged, replayed, expired or another browser's challenge, another origin, another
 * person's credential, a removed passkey, a counter that did not grow, missing CSRF fields, and
 * throttled failures shared with the password form.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { SoftAuthenticator } from '../../test/support/authenticator.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { MAX_FAILURES_PER_ACCOUNT, THROTTLE_WINDOW_MS } from '../accounts/throttle.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ORIGIN = 'https://vertaamo.test';
const RP_ID = 'vertaamo.test';

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
type Cookie = {
  name: string;
  value: string;
  httpOnly?: boolean;
  sameSite?: string;
  path?: string;
  maxAge?: number;
};
const cookie = (res: { cookies: Cookie[] }, name: string) => res.cookies.find((c) => c.name === name);

for (const target of testDatabases()) {
  describe(`staff passkeys on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = NOW;
    let orgId: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now, passkeys: { origin: ORIGIN, rpId: RP_ID } });
      orgId = (await makeOrganisation(db)).id;
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function person(): Promise<string> {
      const email = `${unique('staff')}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'coordinator'));
      return email;
    }

    /** A browser on the sign-in page: its pre-sign-in cookie and the form's CSRF token. */
    async function signInPage() {
      const res = await app.inject({ url: '/fi/staff/sign-in' });
      assert.equal(res.statusCode, 200);
      return { secret: cookie(res, 'vertaamo_sign_in')!.value, csrf: csrfOf(res.body), html: res.body };
    }

    async function signIn(email: string): Promise<string> {
      const { secret, csrf } = await signInPage();
      const res = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ csrf, email, password: PASSWORD }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return cookie(res, 'vertaamo_session')!.value;
    }

    const passkeysPage = (session: string) =>
      app.inject({ url: '/fi/staff/passkeys', cookies: { vertaamo_session: session } });

    async function registrationOptions(session: string) {
      const csrf = csrfOf((await passkeysPage(session)).body);
      const res = await app.inject({
        method: 'POST',
        url: '/fi/staff/passkeys/options',
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams({ csrf }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      return { csrf, options: res.json<{ challenge: string; user: { id: string }; rp: { id: string } }>() };
    }

    const postAdd = (session: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/fi/staff/passkeys',
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams(fields).toString(),
      });

    async function addPasskey(session: string, name = 'Puhelin') {
      const authenticator = new SoftAuthenticator(RP_ID, ORIGIN);
      const { csrf, options } = await registrationOptions(session);
      const res = await postAdd(session, {
        csrf,
        name,
        response: JSON.stringify(authenticator.register(options)),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, '/fi/staff/passkeys?done=added');
      return authenticator;
    }

    /** Options for signing in, as the sign-in page's script asks for them. */
    async function authenticationOptions(browser: { secret: string; csrf: string }) {
      const res = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in/passkey/options',
        headers: FORM,
        cookies: { vertaamo_sign_in: browser.secret },
        payload: new URLSearchParams({ csrf: browser.csrf }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ challenge: string; rpId: string; allowCredentials?: unknown[] }>();
    }

    const postSignIn = (
      browser: { secret: string; csrf: string },
      response: unknown,
      extra: { cookies?: Record<string, string>; headers?: Record<string, string> } = {},
    ) =>
      app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in/passkey',
        headers: { ...FORM, ...extra.headers },
        cookies: { vertaamo_sign_in: browser.secret, ...extra.cookies },
        payload: new URLSearchParams({ csrf: browser.csrf, response: JSON.stringify(response) }).toString(),
      });

    async function signInWithPasskey(authenticator: SoftAuthenticator) {
      const browser = await signInPage();
      const options = await authenticationOptions(browser);
      return postSignIn(browser, authenticator.authenticate(options));
    }

    it('signs its owner in with a passkey into a new session like a password one', async () => {
      const email = await person();
      const session = await signIn(email);
      const authenticator = await addPasskey(session, 'Työpuhelin');
      const page = await passkeysPage(session);
      assert.match(page.body, /Työpuhelin/);
      assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.equal(page.headers['cache-control'], 'no-store');

      const browser = await signInPage();
      const options = await authenticationOptions(browser);
      assert.equal(options.rpId, RP_ID);
      assert.deepEqual(options.allowCredentials ?? [], [], 'usernameless: the passkey names the account');
      const res = await postSignIn(browser, authenticator.authenticate(options), {
        cookies: { vertaamo_session: session },
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, '/fi/staff');
      const issued = cookie(res, 'vertaamo_session')!;
      assert.notEqual(issued.value, session, 'a new session id');
      assert.equal(issued.httpOnly, true);
      assert.equal(issued.sameSite, 'Lax');
      assert.equal(issued.path, '/');
      assert.equal(issued.maxAge, 12 * 60 * 60);
      const start = await app.inject({ url: '/fi/staff', cookies: { vertaamo_session: issued.value } });
      assert.equal(start.statusCode, 200);
      assert.match(start.body, new RegExp(email.replace(/[.]/g, '\\.')));
      const old = await app.inject({ url: '/fi/staff', cookies: { vertaamo_session: session } });
      assert.equal(old.statusCode, 303, 'the session the browser had before ended');
      // the idle time-out applies as to any session
      now = new Date(NOW.getTime() + 3 * 60 * 60 * 1000);
      try {
        const idle = await app.inject({ url: '/fi/staff', cookies: { vertaamo_session: issued.value } });
        assert.equal(idle.statusCode, 303);
      } finally {
        now = NOW;
      }
    });

    it('refuses a replayed, forged, expired or another browser’s challenge', async () => {
      const email = await person();
      const authenticator = await addPasskey(await signIn(email));

      const browser = await signInPage();
      const options = await authenticationOptions(browser);
      const answer = authenticator.authenticate(options);
      assert.equal((await postSignIn(browser, answer)).statusCode, 303);
      const replay = await postSignIn(browser, authenticator.authenticate(options));
      assert.equal(replay.statusCode, 401, 'a challenge is used once');
      assert.equal(cookie(replay, 'vertaamo_session'), undefined);

      const forged = await signInPage();
      await authenticationOptions(forged);
      const made = randomBytes(32).toString('base64url');
      const res = await postSignIn(forged, authenticator.authenticate({ challenge: made }));
      assert.equal(res.statusCode, 401, 'a challenge the server never gave');
      assert.match(res.body, /Pääsyavaimella kirjautuminen ei onnistunut/);

      const mine = await signInPage();
      const theirs = await signInPage();
      const given = await authenticationOptions(mine);
      const stolen = await postSignIn(theirs, authenticator.authenticate(given));
      assert.equal(stolen.statusCode, 401, 'a challenge given to another browser');
      assert.equal(
        (await postSignIn(mine, authenticator.authenticate(given))).statusCode,
        303,
        'another browser cannot use up (or use) a challenge that is not its own',
      );

      const slow = await signInPage();
      const late = await authenticationOptions(slow);
      now = new Date(NOW.getTime() + 6 * 60 * 1000);
      try {
        assert.equal((await postSignIn(slow, authenticator.authenticate(late))).statusCode, 401, 'expired');
      } finally {
        now = NOW;
      }
      assert.equal(
        (await signInWithPasskey(authenticator)).statusCode,
        303,
        'the passkey itself still works',
      );
    });

    it('refuses another origin, a counter that did not grow and a bad signature', async () => {
      const email = await person();
      const authenticator = await addPasskey(await signIn(email));
      let browser = await signInPage();
      let options = await authenticationOptions(browser);
      const phished = await postSignIn(
        browser,
        authenticator.authenticate(options, { origin: 'https://evil.test' }),
      );
      assert.equal(phished.statusCode, 401);

      assert.equal((await signInWithPasskey(authenticator)).statusCode, 303);
      browser = await signInPage();
      options = await authenticationOptions(browser);
      const cloned = await postSignIn(browser, authenticator.authenticate(options, { keepCounter: true }));
      assert.equal(cloned.statusCode, 401, 'the signature counter must grow');

      browser = await signInPage();
      options = await authenticationOptions(browser);
      const answer = authenticator.authenticate(options);
      const signature = Buffer.from(answer.response.signature, 'base64url');
      signature[10] = signature[10]! ^ 1;
      answer.response.signature = signature.toString('base64url');
      assert.equal((await postSignIn(browser, answer)).statusCode, 401);
    });

    it('keeps each person’s passkeys their own', async () => {
      const alice = await person();
      const bob = await person();
      const aliceSession = await signIn(alice);
      const aliceKey = await addPasskey(aliceSession, 'Alicen avain');
      const bobSession = await signIn(bob);
      const bobKey = await addPasskey(bobSession, 'Bobin avain');

      // Bob's authenticator claiming Alice's credential id: the signature is not Alice's key's
      const browser = await signInPage();
      const options = await authenticationOptions(browser);
      const claimed = await postSignIn(browser, bobKey.authenticate(options, { id: aliceKey.id }));
      assert.equal(claimed.statusCode, 401);

      // Alice's credential offered for Bob's account is not taken from her
      const { csrf, options: bobOptions } = await registrationOptions(bobSession);
      const again = new SoftAuthenticator(RP_ID, ORIGIN);
      Object.assign(again, { credentialId: aliceKey.credentialId });
      const dup = await postAdd(bobSession, {
        csrf,
        name: 'Varastettu',
        response: JSON.stringify(again.register(bobOptions)),
      });
      assert.equal(dup.statusCode, 409);
      assert.equal((await signInWithPasskey(aliceKey)).statusCode, 303, 'Alice still signs in with hers');

      // Bob cannot see, rename or remove Alice's
      const bobPage = await passkeysPage(bobSession);
      assert.doesNotMatch(bobPage.body, /Alicen avain/);
      const alicePage = await passkeysPage(aliceSession);
      const aliceId = /\/fi\/staff\/passkeys\/([0-9a-f-]{36})\/remove/.exec(alicePage.body)![1]!;
      const bobCsrf = csrfOf(bobPage.body);
      for (const action of ['rename', 'remove']) {
        const res = await app.inject({
          method: 'POST',
          url: `/fi/staff/passkeys/${aliceId}/${action}`,
          headers: FORM,
          cookies: { vertaamo_session: bobSession },
          payload: new URLSearchParams({ csrf: bobCsrf, name: 'Bobin nyt' }).toString(),
        });
        assert.equal(res.statusCode, 404, action);
      }
      const after = await passkeysPage(aliceSession);
      assert.match(after.body, /Alicen avain/);

      // A registration challenge given to Alice's session does not serve Bob's
      const { options: aliceOptions } = await registrationOptions(aliceSession);
      const crossed = await postAdd(bobSession, {
        csrf: bobCsrf,
        name: 'Ristiin',
        response: JSON.stringify(new SoftAuthenticator(RP_ID, ORIGIN).register(aliceOptions)),
      });
      assert.equal(crossed.statusCode, 422);
    });

    it('refuses a removed passkey and lets its owner rename one', async () => {
      const email = await person();
      const session = await signIn(email);
      const authenticator = await addPasskey(session, 'Vanha nimi');
      let page = await passkeysPage(session);
      const id = /\/fi\/staff\/passkeys\/([0-9a-f-]{36})\/rename/.exec(page.body)![1]!;
      const post = (action: string, fields: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: `/fi/staff/passkeys/${id}/${action}`,
          headers: FORM,
          cookies: { vertaamo_session: session },
          payload: new URLSearchParams({ csrf: csrfOf(page.body), ...fields }).toString(),
        });
      const empty = await post('rename', { name: '   ' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, new RegExp(`aria-describedby="name-${id}-error"`));
      assert.match(empty.body, /Kirjoita nimi\./);
      const renamed = await post('rename', { name: 'Uusi nimi' });
      assert.equal(renamed.statusCode, 303);
      page = await passkeysPage(session);
      assert.match(page.body, /Uusi nimi/);
      assert.doesNotMatch(page.body, /Vanha nimi/);

      const removed = await post('remove', {});
      assert.equal(removed.statusCode, 303);
      assert.doesNotMatch((await passkeysPage(session)).body, /Uusi nimi/);
      const refused = await signInWithPasskey(authenticator);
      assert.equal(refused.statusCode, 401);
      assert.equal(cookie(refused, 'vertaamo_session'), undefined);
    });

    it('refuses passkey forms without their CSRF field or from another site', async () => {
      const email = await person();
      const session = await signIn(email);
      const authenticator = await addPasskey(session);

      const noToken = await app.inject({
        method: 'POST',
        url: '/fi/staff/passkeys/options',
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: 'csrf=wrong',
      });
      assert.equal(noToken.statusCode, 403);
      const { options } = await registrationOptions(session);
      const added = await postAdd(session, {
        csrf: 'wrong',
        name: 'Ilman',
        response: JSON.stringify(new SoftAuthenticator(RP_ID, ORIGIN).register(options)),
      });
      assert.equal(added.statusCode, 403);

      const browser = await signInPage();
      const signInOptions = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in/passkey/options',
        headers: FORM,
        cookies: { vertaamo_sign_in: browser.secret },
        payload: 'csrf=wrong',
      });
      assert.equal(signInOptions.statusCode, 403);
      const options2 = await authenticationOptions(browser);
      const crossSite = await postSignIn(browser, authenticator.authenticate(options2), {
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      assert.equal(crossSite.statusCode, 403);
      assert.equal(cookie(crossSite, 'vertaamo_session'), undefined);
      const otherToken = await postSignIn({ secret: browser.secret, csrf: 'x' }, {});
      assert.equal(otherToken.statusCode, 403);

      const page = await passkeysPage(session);
      const id = /\/fi\/staff\/passkeys\/([0-9a-f-]{36})\/remove/.exec(page.body)![1]!;
      const remove = await app.inject({
        method: 'POST',
        url: `/fi/staff/passkeys/${id}/remove`,
        headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams({ csrf: csrfOf(page.body) }).toString(),
      });
      assert.equal(remove.statusCode, 403);
      assert.equal((await signInWithPasskey(authenticator)).statusCode, 303, 'still there');

      const signedOut = await app.inject({ url: '/fi/staff/passkeys' });
      assert.equal(signedOut.statusCode, 303);
      assert.equal(signedOut.headers.location, '/fi/staff/sign-in?next=%2Ffi%2Fstaff%2Fpasskeys');
    });

    it('counts failed passkey sign-ins in the same throttle as passwords', async () => {
      const email = await person();
      const authenticator = await addPasskey(await signIn(email));
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
        const browser = await signInPage();
        const options = await authenticationOptions(browser);
        const res = await postSignIn(
          browser,
          authenticator.authenticate(options, { origin: 'https://evil.test' }),
        );
        assert.equal(res.statusCode, 401);
      }
      const throttled = await signInWithPasskey(authenticator);
      assert.equal(throttled.statusCode, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      const { secret, csrf } = await signInPage();
      const password = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ csrf, email, password: PASSWORD }).toString(),
      });
      assert.equal(password.statusCode, 429, 'the password form counts the same failures');
    });

    it('checks at most the limit of 100 concurrent passkey sign-ins at one account, the rest 429', async () => {
      now = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
      const email = await person();
      const authenticator = await addPasskey(await signIn(email));
      const attempts = [];
      for (let i = 0; i < 100; i++) {
        const browser = await signInPage();
        const options = await authenticationOptions(browser);
        attempts.push({
          browser,
          response: authenticator.authenticate(options, { origin: 'https://evil.test' }),
        });
      }
      const answers = await Promise.all(attempts.map((a) => postSignIn(a.browser, a.response)));
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(statuses.filter((s) => s === 401).length, MAX_FAILURES_PER_ACCOUNT, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 429).length, 100 - MAX_FAILURES_PER_ACCOUNT);
      for (const a of answers.filter((a) => a.statusCode === 429))
        assert.ok(Number(a.headers['retry-after']) > 0);
    });

    it('offers passkeys only to browsers that run the one script file of the site', async () => {
      const { html } = await signInPage();
      const page = await app.inject({ url: '/fi/staff/sign-in' });
      assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(html, /<script src="\/assets\/passkeys\.js" defer><\/script>/);
      assert.match(html, /<form[^>]*data-passkey="sign-in"[^>]*hidden/);
      assert.doesNotMatch(html, /<script>/, 'no inline script');
      const script = await app.inject({ url: '/assets/passkeys.js' });
      assert.equal(script.statusCode, 200);
      assert.match(script.headers['content-type'] as string, /^text\/javascript/);
      assert.match(script.body, /navigator\.credentials\.get/);
      const publicPage = await app.inject({ url: '/fi' });
      assert.match(publicPage.headers['content-security-policy'] as string, /script-src 'none'/);
    });
  });
}
