/**
 * Changing and resetting a staff password in real headless Chromium with JavaScript turned
 * off (the forms are plain HTML), the reset link read from the mail the test SMTP server
 * received; then WCAG 2.1 AA by axe-core on the password, forgot, reset and sessions pages in
 * Finnish, Swedish and English.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { mailedTo, startSmtp } from '../../test/support/smtp.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'vertaisryhmä-salasana';
const NEW_PASSWORD = 'toinen vertaisryhmän salasana';
const THIRD_PASSWORD = 'kolmas vertaisryhmän salasana';

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

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
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP localhost 127.0.0.1',
      ],
    });
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

  async function signIn(page: Page, email: string, password: string, lang = 'en') {
    await page.goto(`${base}/${lang}/staff/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([
      page.waitForNavigation(),
      page.click('form[action$="/staff/sign-in"] button[type=submit]'),
    ]);
  }

  it('changes the password, signing out the other browser, and resets a forgotten one by the emailed link', async () => {
    const email = await person();
    const mine = await browser.newContext({ javaScriptEnabled: false });
    const other = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await mine.newPage();
      const elsewhere = await other.newPage();
      await signIn(page, email, PASSWORD);
      await signIn(elsewhere, email, PASSWORD);

      await page.goto(`${base}/en/staff/sessions`);
      assert.equal(await page.locator('text=(This session)').count(), 1);
      assert.equal(await page.locator('form[action$="/end"]').count(), 1, 'the other browser can be ended');

      await page.goto(`${base}/en/staff/password`);
      await page.fill('#current_password', PASSWORD);
      await page.fill('#new_password', 'short');
      await page.fill('#confirm_password', 'short');
      await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/staff/password"] button[type=submit]'),
      ]);
      assert.match((await page.textContent('#new_password-error')) ?? '', /At least 12 characters/);
      await page.fill('#current_password', PASSWORD);
      await page.fill('#new_password', NEW_PASSWORD);
      await page.fill('#confirm_password', NEW_PASSWORD);
      await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/staff/password"] button[type=submit]'),
      ]);
      assert.match((await page.textContent('[role=status]')) ?? '', /password was changed/);

      await elsewhere.goto(`${base}/en/staff`);
      assert.equal(
        new URL(elsewhere.url()).pathname,
        '/en/staff/sign-in',
        'the other browser was signed out',
      );

      // Forgotten: the link from the mail sets a third password and signs out everywhere.
      await elsewhere.goto(`${base}/en/staff/sign-in`);
      await Promise.all([elsewhere.waitForNavigation(), elsewhere.click('text=Forgot your password?')]);
      await elsewhere.fill('#email', email);
      await Promise.all([
        elsewhere.waitForNavigation(),
        elsewhere.click('form[action$="/password/forgot"] button[type=submit]'),
      ]);
      assert.match((await elsewhere.textContent('h1')) ?? '', /Check your email/);
      const mail = await mailedTo(smtp, db, email);
      const link = /(http:\/\/\S+\/en\/staff\/password\/reset\?token=[A-Za-z0-9_-]{43})/.exec(mail)![1]!;
      await elsewhere.goto(link.replace(/^http:\/\/[^/]+/, base));
      await elsewhere.fill('#new_password', THIRD_PASSWORD);
      await elsewhere.fill('#confirm_password', THIRD_PASSWORD);
      await Promise.all([
        elsewhere.waitForNavigation(),
        elsewhere.click('form[action$="/password/reset"] button[type=submit]'),
      ]);
      assert.equal(new URL(elsewhere.url()).pathname, '/en/staff/sign-in');
      assert.match((await elsewhere.textContent('main')) ?? '', /new password is set/);

      await page.goto(`${base}/en/staff`);
      assert.equal(new URL(page.url()).pathname, '/en/staff/sign-in', 'the reset ended this session too');
      await signIn(page, email, THIRD_PASSWORD);
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
      await signIn(page, email, PASSWORD);
      const problems: string[] = [];
      const check = async (url: string) => {
        await page.goto(url);
        await page.addScriptTag({ content: AXE_SOURCE });
        const violations = await page.evaluate(async () => {
          const result = await (
            window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }
          ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return result.violations;
        });
        problems.push(
          ...violations.map(
            (v) =>
              `${url}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        );
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
          await Promise.all([
            out.waitForNavigation(),
            out.click('form[action$="/password/forgot"] button[type=submit]'),
          ]);
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
