/**
 * The people, settings, audit log and invitation pages in real headless Chromium: inviting
 * and accepting without JavaScript, and WCAG 2.1 AA by axe-core on each page in Finnish,
 * Swedish and English, with and without errors.
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
import { insertMembership, type OrganisationRow } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';
import { audit } from '../privacy/audit.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';

describe('people, settings, audit log and invitation pages in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let org: OrganisationRow;
  let adminEmail: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    ({ db, dispose } = await target.create());
    smtp = await startSmtp();
    app = await buildApp({ db, clock: () => NOW });
    base = await serve(app);
    app.log.level = 'silent';
    org = await makeOrganisation(db, { name: { fi: 'Vertaiset ry', sv: 'Kamraterna rf', en: 'Peers' } });
    adminEmail = `${unique('admin')}@example.fi`;
    const user = await createUser(db, { email: adminEmail, displayName: 'Anna Admin', password: PASSWORD });
    await db.ownerTransaction((tx) => insertMembership(tx, org.id, user.id, 'admin'));
    await db.ownerTransaction(async (tx) => {
      for (const action of ['registration.create', 'registrations.list'] as const)
        await audit(tx, {
          orgId: org.id,
          actor: { userId: null, label: 'participant' },
          action,
          operation: 'read',
          purpose: 'group administration',
        });
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await dispose?.();
  });

  /** The accept link of the newest invitation to this address, as it arrived over SMTP. */
  async function linkFor(email: string) {
    const mail = await mailedTo(smtp, db, email, NOW);
    const match = /https?:\/\/[^/\s]+(\/[a-z]{2}\/staff\/invitation\?token=[A-Za-z0-9_-]{43})/.exec(mail);
    assert.ok(match, 'the invitation mail carries the accept link');
    return match[1]!;
  }

  it('invites and accepts without JavaScript', async () => {
    const adminContext = await browser.newContext({ javaScriptEnabled: false });
    const page = await adminContext.newPage();
    await signIn(page, { base, email: adminEmail, password: PASSWORD });
    await page.goto(`${base}/fi/staff/people`);
    const email = `${unique('uusi')}@example.fi`;
    await page.fill('#email', email);
    await page.selectOption('#role', 'coordinator');
    await page.click('label[for=invite-language-sv]');
    await click(page, 'section[aria-labelledby=invite-heading] button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Kutsu lähetettiin/);
    assert.match((await page.textContent('main')) ?? '', new RegExp(email));
    await adminContext.close();

    const inviteeContext = await browser.newContext({ javaScriptEnabled: false });
    const invitee = await inviteeContext.newPage();
    await invitee.goto(`${base}${await linkFor(email)}`);
    assert.equal(await invitee.getAttribute('html', 'lang'), 'sv');
    await invitee.fill('#display_name', 'Sara Nybörjare');
    await invitee.fill('#password', 'nytt-lösenord-2026');
    await invitee.fill('#password_again', 'nytt-lösenord-2026');
    await click(invitee, 'main button[type=submit]');
    assert.equal(new URL(invitee.url()).pathname, '/sv/staff');
    assert.match((await invitee.textContent('main')) ?? '', /koordinator/);
    await inviteeContext.close();
  });

  it('has no WCAG 2.1 AA violations on the people, settings, audit log and accept pages in fi, sv and en', async () => {
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, { base, email: adminEmail, password: PASSWORD });
    const failures: string[] = [];
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/people`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      failures.push(...report(`${lang} people`, await axe(page)));
      await page.fill('#email', 'not an address');
      await click(page, 'section[aria-labelledby=invite-heading] button[type=submit]');
      assert.ok(await page.isVisible('#email-error'));
      failures.push(...report(`${lang} people with an error`, await axe(page)));

      await page.goto(`${base}/${lang}/staff/settings`);
      failures.push(...report(`${lang} settings`, await axe(page)));
      await page.fill('#name_fi', '');
      await page.fill('#retention_days', '0');
      await click(page, 'main form[method=post] button[type=submit]');
      assert.ok(await page.isVisible('#name_fi-error'));
      failures.push(...report(`${lang} settings with errors`, await axe(page)));

      await page.goto(`${base}/${lang}/staff/audit`);
      assert.equal(await page.locator('tbody tr').count(), 2);
      failures.push(...report(`${lang} audit log`, await axe(page)));
      await page.goto(`${base}/${lang}/staff/audit?from=eilen`);
      assert.ok(await page.isVisible('#from-error'));
      failures.push(...report(`${lang} audit log with an error`, await axe(page)));
    }

    const anonymous = await browser.newContext({ bypassCSP: true });
    const visitor = await anonymous.newPage();
    for (const lang of LANGS) {
      const email = `${unique(`accept-${lang}`)}@example.fi`;
      await page.goto(`${base}/${lang}/staff/people`);
      await page.fill('#email', email);
      await page.click(`label[for=invite-language-${lang}]`);
      await click(page, 'section[aria-labelledby=invite-heading] button[type=submit]');
      await visitor.goto(`${base}${await linkFor(email)}`);
      assert.equal(await visitor.getAttribute('html', 'lang'), lang);
      failures.push(...report(`${lang} accept`, await axe(visitor)));
      await visitor.fill('#display_name', 'X');
      await visitor.fill('#password', 'short');
      await click(visitor, 'main button[type=submit]');
      assert.ok(await visitor.isVisible('#password-error'));
      failures.push(...report(`${lang} accept with errors`, await axe(visitor)));
      await visitor.goto(`${base}/${lang}/staff/invitation?token=abcdefghijklmnopqrstuvwxyz012345`);
      failures.push(...report(`${lang} unknown link`, await axe(visitor)));
    }
    await anonymous.close();
    await context.close();
    assert.deepEqual(failures, []);
  });
});
