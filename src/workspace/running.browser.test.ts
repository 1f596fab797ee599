/**
 * The pages for running groups in real headless Chromium with the demo data and scripts
 * off: a coordinator records a cost and sees the total, and axe-core finds no WCAG 2.1 AA
 * violation on the facilitators, templates, a group's facilitators, costs and partners
 * pages, the start page with its warnings, and a form showing its errors, in Finnish,
 * Swedish and English.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

describe('running groups in Chromium', () => {
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

  const signInAs = (page: Page, lang: Lang) =>
    signIn(page, { base, email: COORDINATOR, password: PASSWORD, lang });

  it('records a cost without JavaScript and shows the total', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAs(page, 'fi');
    const groupLink = await page.getAttribute('main .staff-list a[href^="/fi/staff/groups/"]', 'href');
    assert.ok(groupLink);
    await page.goto(`${base}${groupLink}/costs`);
    await page.selectOption('#category', 'refreshments');
    await page.fill('#amount', '18,40');
    await click(page, 'form[action$="/costs"] button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Kulu kirjattiin/);
    assert.match((await page.textContent('tfoot')) ?? '', /18,40/);
    await context.close();
  });

  it('has no WCAG 2.1 AA violations on the new pages in Finnish, Swedish and English', async () => {
    const problems: string[] = [];
    for (const lang of LANGS) {
      // axe is injected as a script, so this context lets scripts run and ignores the CSP.
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await signInAs(page, lang);
      const groupLink = await page.getAttribute(`main .staff-list a[href^="/${lang}/staff/groups/"]`, 'href');
      const facilitatorsLink = await page.getAttribute(
        `main a[href^="/${lang}/staff/facilitators?org="]`,
        'href',
      );
      problems.push(...report(`${lang} start`, await axe(page)));
      const paths = [
        facilitatorsLink!,
        `/${lang}/staff/templates`,
        `${groupLink}`,
        `${groupLink}/facilitators`,
        `${groupLink}/costs`,
      ];
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        assert.equal(await page.locator('h1').count(), 1, path);
        problems.push(...report(`${lang} ${path}`, await axe(page)));
      }
      // A facilitator's page, and the add form sent empty: errors beside the fields.
      await page.goto(`${base}${facilitatorsLink}`);
      const one = await page.getAttribute('main table a[href*="/staff/facilitators/"]', 'href');
      if (one) {
        await page.goto(`${base}${one}`);
        problems.push(...report(`${lang} ${one}`, await axe(page)));
      }
      await page.goto(`${base}${facilitatorsLink}`);
      await page.uncheck('#languages-fi');
      await click(page, 'form[action$="/staff/facilitators"] button[type=submit]');
      assert.equal((await page.locator('.hds-text-input__error-text').count()) >= 2, true);
      problems.push(...report(`${lang} facilitator form with errors`, await axe(page)));
      await page.goto(`${base}${groupLink}/costs`);
      await click(page, 'form[action$="/costs"] button[type=submit]');
      problems.push(...report(`${lang} cost form with errors`, await axe(page)));
      await page.goto(`${base}/${lang}/staff/templates`);
      await click(page, 'form[action$="/staff/templates"] button[type=submit]');
      problems.push(...report(`${lang} template form with errors`, await axe(page)));
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
