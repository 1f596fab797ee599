/**
 * The staff workspace in real headless Chromium with the demo data: WCAG 2.1 AA by axe-core
 * on every workspace page type in Finnish, Swedish and English, a referral, the keyboard and
 * a 320 px screen. The local association's scenario from an empty organisation is in
 * association.browser.test.ts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, click, launchChromium, report, serve, signIn } from '../../test/support/browser.ts';
import { LANGS } from '../web/i18n.ts';
import type { Lang } from '../shared/lang.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaamo-demo-2026';
const COORDINATOR = 'koordinaattori@espoo.demo.vertaamo.fi';

describe('staff workspace in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    await seedDemo(db, { publicUrl: 'http://localhost', now: NOW });
    app = await buildApp({ db, clock: () => NOW });
    base = await serve(app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  /** Signs in from the public pages, which link to the staff sign-in. */
  async function signInFromHome(context: BrowserContext, email: string, lang: Lang = 'fi'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/${lang}`);
    await click(page, `a[href="/${lang}/staff/sign-in"]`);
    await signIn(page, { base, email, password: PASSWORD, lang });
    return page;
  }

  it('has no WCAG 2.1 AA violations on the workspace pages in Finnish, Swedish or English', async () => {
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/sign-in`);
      failures.push(...report(`${lang} sign-in`, await axe(page)));
    }
    await page.fill('#email', COORDINATOR);
    await page.fill('#password', 'wrong password');
    await click(page, 'main button[type=submit]');
    assert.match((await page.textContent('#sign-in-error')) ?? '', /wrong/);
    assert.equal(await page.inputValue('#email'), COORDINATOR);
    failures.push(...report('en sign-in with an error', await axe(page)));
    await page.fill('#password', PASSWORD);
    await click(page, 'main button[type=submit]');

    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      failures.push(...report(`${lang} start`, await axe(page)));
      // The group awaiting the board's decision, with its actions and history.
      const first = await page.locator('main .staff-list a').first().getAttribute('href');
      assert.ok(first);
      await page.goto(`${base}${first}`);
      failures.push(...report(`${lang} group workspace`, await axe(page)));
      // Changing its details, also with a mistake shown beside the field.
      await page.goto(`${base}${first}/edit`);
      assert.equal(await page.locator('h1').count(), 1);
      failures.push(...report(`${lang} edit group`, await axe(page)));
      await page.fill('#capacity', 'x');
      await click(page, 'main form button[type=submit]');
      assert.equal(await page.getAttribute('#capacity', 'aria-invalid'), 'true');
      failures.push(...report(`${lang} edit group with errors`, await axe(page)));
      await page.goto(`${base}/${lang}/staff/groups/new`);
      failures.push(...report(`${lang} new group`, await axe(page)));
      await click(page, 'main form button[type=submit]');
      assert.equal(await page.getAttribute('#name_fi', 'aria-invalid'), 'true');
      failures.push(...report(`${lang} new group with errors`, await axe(page)));
    }
    await context.close();
    assert.deepEqual(failures, []);
  });

  it('plays a referral: the social worker refers a client, the coordinator accepts, with no accessibility violations', async () => {
    const referral = (await (await fetch(`${base}/api/v1/groups?join=referral&per_page=1`)).json()).items[0];
    const failures: string[] = [];
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const worker = await browser.newContext({ bypassCSP: true });
    let page = await signInFromHome(worker, 'sosiaalityontekija@helsinki.demo.vertaamo.fi');
    await page.goto(`${base}/fi/staff/groups/${referral.slug}/refer`);
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/groups/${referral.slug}/refer`);
      failures.push(...report(`${lang} refer`, await axe(page)));
    }
    await page.goto(`${base}/fi/staff/groups/${referral.slug}/refer`);
    await page.fill('#display_name', 'Asiakas Selain');
    await page.fill('#email', 'asiakas.selain@example.fi');
    await click(page, 'main form button[type=submit]');
    assert.equal(await page.getAttribute('#consent', 'aria-invalid'), 'true', 'consent is asked for');
    failures.push(...report('refer with errors', await axe(page)));
    assert.equal(await page.inputValue('#display_name'), 'Asiakas Selain');
    await page.check('#consent');
    await click(page, 'main form button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /lähetetty ryhmään/);
    await worker.close();

    const coordinator = await browser.newContext({ bypassCSP: true });
    page = await signInFromHome(coordinator, 'koordinaattori@helsinki.demo.vertaamo.fi');
    await page.goto(`${base}/fi/staff/groups/${referral.slug}`);
    await click(page, `a[href="/fi/staff/groups/${referral.slug}/participants"]`);
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/groups/${referral.slug}/participants`);
      failures.push(...report(`${lang} participants`, await axe(page)));
    }
    await page.goto(`${base}/fi/staff/groups/${referral.slug}/participants`);
    const row = page.locator('tr', { hasText: 'Asiakas Selain' });
    await Promise.all([
      page.waitForEvent('load'),
      row.locator('button', { hasText: 'Hyväksy lähete' }).click(),
    ]);
    assert.match((await page.textContent('[role=status]')) ?? '', /Lähete hyväksyttiin/);
    assert.match((await page.locator('tr', { hasText: 'Asiakas Selain' }).textContent()) ?? '', /Paikka/);
    await coordinator.close();

    // The Tampere project's applications, on the same page of its application round.
    const applied = await fetch(`${base}/api/v1/groups/perheryhmat-haku-tampere/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        display_name: 'Leila',
        email: 'leila@example.fi',
        language: 'fi',
        consent: true,
        facts: { area: 'Hervanta', due_date: '2027-03-01', languages: ['fi', 'ar'] },
      }),
    });
    assert.equal(applied.status, 201);
    const project = await browser.newContext({ bypassCSP: true });
    page = await signInFromHome(project, 'koordinaattori@tampere.demo.vertaamo.fi');
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/groups/perheryhmat-haku-tampere/participants`);
      assert.match((await page.textContent('main')) ?? '', /Leila/);
      failures.push(...report(`${lang} applications`, await axe(page)));
    }
    await project.close();
    assert.deepEqual(failures, []);
  });

  it('signs in and out with the keyboard alone, with visible focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/en/staff/sign-in`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'email'; i++)
      await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.type(COORDINATOR);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/en/staff`), page.keyboard.press('Enter')]);
    // The sign-out button in the header is reached by Tab and shows its focus.
    let label = '';
    for (let i = 0; i < 10 && label !== 'Sign out'; i++) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    assert.equal(label, 'Sign out');
    assert.notEqual(
      await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle),
      'none',
    );
    await Promise.all([page.waitForURL(/\/en\/staff\/sign-in\?signed_out=1$/), page.keyboard.press('Enter')]);
    await context.close();
  });

  it('fits a 320 px screen without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await signInFromHome(context, COORDINATOR, 'sv');
    for (const path of ['/sv/staff', '/sv/staff/groups/new']) {
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    }
    await context.close();
  });
});
