/**
 * Changing and resetting a staff password in real headless Chromium with JavaScript turned
 * off (the forms are plain HTML), the reset link read from the mail the test SMTP server
 * received; then WCAG 2.1 AA by axe-core on the password, forgot, reset and sessions pages in
 * Finnish, Swedish and English.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, click, launchChromium, report, serve, signIn } from '../../test/support/browser.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { mailedTo, startSmtp } from '../../test/support/smtp.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';

const PASSWORD = 'vertaisryhmä-salasana';
const NEW_PASSWORD = 'toinen vertaisryhmän salasana';
const THIRD_PASSWORD = 'kolmas vertaisryhmän salasana';

describe('staff passwords in Chromium without JavaScript', () => {
  const target = testDatabases()[0]!; // the browser flow does not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;
  let orgId: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    smtp = await startSmtp();
    orgId = (await makeOrganisation(db)).id;
    app = await buildApp({ db });
    base = await serve(app, 'localhost');
    browser = await launchChromium({ localhost: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await dispose?.();
  });

  async function person(): Promise<string> {
    const email = `${unique('staff')}@example.fi`;
    const user = await createUser(db, { email, displayName: email, password: PASSWORD, locale: 'en' });
    await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'coordinator'));
    return email;
  }

  it('changes the password, signing out the other browser, and resets a forgotten one by the emailed link', async () => {
    const email = await person();
    const mine = await browser.newContext({ javaScriptEnabled: false });
    const other = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await mine.newPage();
      const elsewhere = await other.newPage();
      await signIn(page, { base, email, password: PASSWORD, lang: 'en' });
      await signIn(elsewhere, { base, email, password: PASSWORD, lang: 'en' });

      await page.goto(`${base}/en/staff/sessions`);
      assert.equal(await page.locator('text=(This session)').count(), 1);
      assert.equal(await page.locator('form[action$="/end"]').count(), 1, 'the other browser can be ended');

      await page.goto(`${base}/en/staff/password`);
      await page.fill('#current_password', PASSWORD);
      await page.fill('#new_password', 'short');
      await page.fill('#confirm_password', 'short');
      await click(page, 'form[action$="/staff/password"] button[type=submit]');
      assert.match((await page.textContent('#new_password-error')) ?? '', /At least 12 characters/);
      await page.fill('#current_password', PASSWORD);
      await page.fill('#new_password', NEW_PASSWORD);
      await page.fill('#confirm_password', NEW_PASSWORD);
      await click(page, 'form[action$="/staff/password"] button[type=submit]');
      assert.match((await page.textContent('[role=status]')) ?? '', /password was changed/);

      await elsewhere.goto(`${base}/en/staff`);
      assert.equal(
        new URL(elsewhere.url()).pathname,
        '/en/staff/sign-in',
        'the other browser was signed out',
      );

      // Forgotten: the link from the mail sets a third password and signs out everywhere.
      await elsewhere.goto(`${base}/en/staff/sign-in`);
      await click(elsewhere, 'text=Forgot your password?');
      await elsewhere.fill('#email', email);
      await click(elsewhere, 'form[action$="/password/forgot"] button[type=submit]');
      assert.match((await elsewhere.textContent('h1')) ?? '', /Check your email/);
      const mail = await mailedTo(smtp, db, email);
      const link = /(http:\/\/\S+\/en\/staff\/password\/reset\?token=[A-Za-z0-9_-]{43})/.exec(mail)![1]!;
      await elsewhere.goto(link.replace(/^http:\/\/[^/]+/, base));
      await elsewhere.fill('#new_password', THIRD_PASSWORD);
      await elsewhere.fill('#confirm_password', THIRD_PASSWORD);
      await click(elsewhere, 'form[action$="/password/reset"] button[type=submit]');
      assert.equal(new URL(elsewhere.url()).pathname, '/en/staff/sign-in');
      assert.match((await elsewhere.textContent('main')) ?? '', /new password is set/);

      await page.goto(`${base}/en/staff`);
      assert.equal(new URL(page.url()).pathname, '/en/staff/sign-in', 'the reset ended this session too');
      await signIn(page, { base, email, password: THIRD_PASSWORD, lang: 'en' });
      assert.equal(new URL(page.url()).pathname, '/en/staff');

      await elsewhere.goto(link.replace(/^http:\/\/[^/]+/, base));
      assert.match((await elsewhere.textContent('h1')) ?? '', /no longer works/, 'the link works once');
    } finally {
      await mine.close();
      await other.close();
    }
  });

  it('meets WCAG 2.1 AA on the password, forgot, reset and sessions pages in every language', async () => {
    const email = await person();
    // The pages allow no script; the test bypasses that policy only to inject axe.
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      await signIn(page, { base, email, password: PASSWORD, lang: 'en' });
      const problems: string[] = [];
      const check = async (url: string) => {
        await page.goto(url);
        problems.push(...report(url, await axe(page)));
      };
      for (const lang of LANGS) {
        await check(`${base}/${lang}/staff/password`);
        await check(`${base}/${lang}/staff/sessions`);
      }
      const signedOut = await browser.newContext({ bypassCSP: true });
      try {
        const out = await signedOut.newPage();
        for (const lang of LANGS) {
          await out.goto(`${base}/${lang}/staff/password/forgot`);
          await out.fill('#email', email);
          await click(out, 'form[action$="/password/forgot"] button[type=submit]');
          const mail = await mailedTo(smtp, db, email);
          const link = /(http:\/\/\S+\/staff\/password\/reset\?token=[A-Za-z0-9_-]{43})/.exec(mail)![1]!;
          await page.goto(link.replace(/^http:\/\/[^/]+/, base));
          await check(page.url());
          await check(`${base}/${lang}/staff/password/forgot`);
        }
      } finally {
        await signedOut.close();
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
