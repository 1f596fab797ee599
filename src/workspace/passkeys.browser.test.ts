/**
 * Passkeys in real headless Chromium with the DevTools Protocol's virtual authenticator (a
 * CTAP2 platform authenticator with resident keys and user verification): a staff member signs
 * in with the password, adds a passkey, signs out and signs in with the passkey alone (no email
 * typed), removes it and is refused with it; a browser without JavaScript sees only the password
 * form; and WCAG 2.1 AA by axe-core on the passkeys page in Finnish, Swedish and English.
 * The app is served over http://localhost (a secure context, the relying party id "localhost").
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, click, launchChromium, report, serve, signIn } from '../../test/support/browser.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';

const PASSWORD = 'vertaisryhmä-salasana';

describe('staff passkeys in Chromium', () => {
  const target = testDatabases()[0]!; // the browser flow does not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let orgId: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    orgId = (await makeOrganisation(db)).id;
    // No passkey configuration: the origin and relying party id come from the request (local use).
    app = await buildApp({ db });
    base = await serve(app, 'localhost');
    browser = await launchChromium({ localhost: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  async function person(): Promise<string> {
    const email = `${unique('staff')}@example.fi`;
    const user = await createUser(db, { email, displayName: email, password: PASSWORD, locale: 'en' });
    await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'coordinator'));
    return email;
  }

  /** A browser with a platform authenticator that verifies its user (fingerprint, face or PIN). */
  async function withAuthenticator(options: { bypassCSP?: boolean } = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const credentials = async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    return { context, page, credentials };
  }

  async function addPasskey(page: Page, name: string, lang = 'en') {
    await click(page, `.staff-nav a[href="/${lang}/staff/passkeys"]`);
    assert.equal(await page.isVisible('[data-passkey-needs-script]'), false);
    await page.fill('#name', name);
    await click(page, 'form[data-passkey="register"] button[type=submit]');
    assert.equal(new URL(page.url()).search, '?done=added');
  }

  it('adds a passkey, signs in with it alone, and is refused with it once removed', async () => {
    const email = await person();
    const { context, page, credentials } = await withAuthenticator();
    try {
      await signIn(page, { base, email, password: PASSWORD, lang: 'en' });
      await addPasskey(page, 'Test laptop');
      assert.match((await page.textContent('main'))!, /The passkey was added\./);
      assert.match((await page.textContent('main table'))!, /Test laptop/);
      const [stored] = await credentials();
      assert.equal(stored?.isResidentCredential, true, 'a discoverable passkey');

      await click(page, '.staff-nav__sign-out button');
      assert.match((await page.textContent('main'))!, /You have signed out\./);
      assert.equal(await page.isVisible('form[data-passkey="sign-in"]'), true);
      await click(page, 'form[data-passkey="sign-in"] button[type=submit]');
      assert.equal(new URL(page.url()).pathname, '/en/staff');
      assert.match((await page.textContent('.staff-nav'))!, new RegExp(email.replace(/[.]/g, '\\.')));
      const [used] = await credentials();
      assert.ok(used!.signCount > stored.signCount, 'the authenticator counted the use');

      await click(page, '.staff-nav a[href="/en/staff/passkeys"]');
      assert.doesNotMatch((await page.textContent('main table'))!, /Not yet/, 'last use is shown');
      await click(page, 'form[action$="/remove"] button[type=submit]');
      assert.match((await page.textContent('main'))!, /The passkey was removed\./);
      assert.match((await page.textContent('main'))!, /You have no passkeys yet\./);

      await click(page, '.staff-nav__sign-out button');
      const refused = page.waitForResponse((r) => r.url().endsWith('/en/staff/sign-in/passkey'));
      await click(page, 'form[data-passkey="sign-in"] button[type=submit]');
      assert.equal((await refused).status(), 401);
      assert.equal(new URL(page.url()).pathname, '/en/staff/sign-in/passkey');
      assert.match((await page.textContent('main'))!, /Signing in with the passkey did not succeed\./);
      const start = await page.goto(`${base}/en/staff`);
      assert.equal(new URL(start!.url()).pathname, '/en/staff/sign-in', 'not signed in');
    } finally {
      await context.close();
    }
  });

  it('shows a browser without JavaScript only the password form, which still signs in', async () => {
    const email = await person();
    const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/fi/staff/sign-in`);
      assert.equal(await page.isVisible('form[data-passkey="sign-in"]'), false);
      await signIn(page, { base, email, password: PASSWORD, lang: 'fi' });
      await page.goto(`${base}/fi/staff/passkeys`);
      assert.equal(await page.isVisible('form[data-passkey="register"]'), false);
      assert.equal(await page.isVisible('[data-passkey-needs-script]'), true);
    } finally {
      await context.close();
    }
  });

  it('meets WCAG 2.1 AA on the passkeys page in every language', async () => {
    const email = await person();
    // The pages allow only their own script; the test bypasses that policy only to inject axe.
    const { context, page } = await withAuthenticator({ bypassCSP: true });
    try {
      await signIn(page, { base, email, password: PASSWORD, lang: 'en' });
      await addPasskey(page, 'Laptop');
      const problems: string[] = [];
      for (const lang of LANGS) {
        await page.goto(`${base}/${lang}/staff/passkeys`);
        problems.push(...report(lang, await axe(page)));
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
