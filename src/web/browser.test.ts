/**
 * The public pages in real headless Chromium: WCAG 2.1 AA by axe-core on every page type in
 * every language, keyboard-only use, small screens and zoom, and the search without JavaScript.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, launchChromium, report, serve } from '../../test/support/browser.ts';
import { LANGS } from './i18n.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

describe('public pages in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let pages: { name: string; path: string }[];

  before(async () => {
    ({ db, dispose } = await target.create());
    await seedDemo(db, { publicUrl: 'http://localhost', now: NOW });
    app = await buildApp({ db, clock: () => NOW });
    base = await serve(app);
    const venue = await (
      await fetch(`${base}/api/v1/groups/vahvistin-ryhma-hoitoalan-tyontekijoille`)
    ).json();
    const dropIn = (await (await fetch(`${base}/api/v1/groups?join=drop_in&per_page=1`)).json()).items[0];
    pages = [
      { name: 'drop-in group after “I’m coming”', path: `/groups/${dropIn.slug}?coming=thanks` },
      { name: 'home', path: '' },
      { name: 'search results with filters', path: '/search?q=ryhm%C3%A4&audience=parents&free=true' },
      { name: 'search without results', path: '/search?q=xqzvw' },
      { name: 'search with an error', path: '/search?near=999,999' },
      { name: 'group with crisis notice', path: '/groups/vahvistin-ryhma-hoitoalan-tyontekijoille' },
      { name: 'suspended group', path: '/groups/tesoma-westeri-2019' },
      { name: 'organisation', path: '/organisations/omaiset-demo' },
      { name: 'venue', path: `/venues/${venue.venue.id}` },
      { name: 'not found', path: '/groups/no-such-group' },
      { name: 'cancel registration', path: `/registrations/${'a'.repeat(43)}/cancel` },
      { name: 'registration form', path: '/groups/vahvistin-ryhma-hoitoalan-tyontekijoille/register' },
      { name: 'application form', path: '/groups/perheryhmat-haku-tampere/apply' },
      { name: 'accessibility statement', path: '/accessibility' },
    ];
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  it('has an axe check that does catch violations', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent('<html><body><img src="x.png"><a href="/x"></a><input id="i"></body></html>');
    const ids = (await axe(page)).map((v) => v.id).sort();
    assert.deepEqual(ids, ['document-title', 'html-has-lang', 'image-alt', 'label', 'link-name']);
    await context.close();
  });

  it('has no WCAG 2.1 AA violations on any page type in Finnish, Swedish or English', async () => {
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const lang of LANGS) {
      for (const { name, path } of pages) {
        const response = await page.goto(`${base}/${lang}${path}`);
        assert.ok(response, `${lang} ${name}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang, `${lang} ${name}: html lang`);
        if (name.startsWith('search results')) await page.click('summary'); // check the open filters too
        failures.push(...report(`${lang} ${name}`, await axe(page)));
      }
    }
    await context.close();
    assert.deepEqual(failures, []);
  });

  it('goes from the search box to a group page with the keyboard alone, with visible focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/fi`);
    // The first Tab reaches the skip link, which takes focus to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'q'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q', 'the search box is reachable');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.type('omaisten');
    await Promise.all([page.waitForURL(/\/fi\/search\?q=omaisten/), page.keyboard.press('Enter')]);
    let href: string | null = null;
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      href = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? null);
      if (href?.startsWith('/fi/groups/')) break;
    }
    assert.ok(href?.startsWith('/fi/groups/'), 'a result link is reachable by Tab');
    const focusOutline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(focusOutline, 'none');
    await Promise.all([page.waitForURL(`${base}${href}`), page.keyboard.press('Enter')]);
    assert.match((await page.textContent('h1')) ?? '', /\S/);
    await context.close();
  });

  it('fits a 320 px screen and 200 % zoom without sideways scrolling', async () => {
    for (const [width, scale] of [
      [320, 1],
      [640, 2], // a 1280 px window at 200 % zoom
    ] as const) {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        deviceScaleFactor: scale,
      });
      const page = await context.newPage();
      for (const { name, path } of pages) {
        await page.goto(`${base}/fi${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} at ${width}px overflows by ${overflow}px`);
      }
      await context.close();
    }
  });

  it('searches and filters without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/sv`);
    await page.fill('#q', 'Helsingfors');
    await Promise.all([page.waitForURL(/\/sv\/search\?q=Helsingfors/), page.press('#q', 'Enter')]);
    const titles = await page.locator('.group-card__title').allTextContents();
    assert.ok(titles.length > 0, 'results are listed');
    await page.click('summary');
    await page.check('#join-referral');
    await Promise.all([page.waitForURL(/join=referral/), page.click('.filter-actions button[type=submit]')]);
    assert.equal(await page.inputValue('#q'), 'Helsingfors', 'the form keeps what was typed');
    assert.ok(await page.isChecked('#join-referral'));
    await context.close();
  });

  it('registers without JavaScript, showing errors beside the fields with no accessibility violations', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/en/groups/vahvistin-ryhma-hoitoalan-tyontekijoille`);
    const href = await page.getAttribute('a.hds-button[href$="/register"]', 'href');
    assert.equal(href, '/en/groups/vahvistin-ryhma-hoitoalan-tyontekijoille/register');
    await page.goto(`${base}${href}`);
    await page.fill('#display_name', 'Kim');
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.click('button[type=submit]')]);
    assert.equal(await page.inputValue('#display_name'), 'Kim', 'the form keeps what was typed');
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.match((await page.textContent('#email-error')) ?? '', /email address or a phone number/);
    assert.match((await page.textContent('#consent-error')) ?? '', /consent/);
    await page.fill('#email', 'kim@example.fi');
    await page.check('#consent');
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.click('button[type=submit]')]);
    assert.match((await page.textContent('[role=status]')) ?? '', /You are registered|waiting list/);
    await context.close();

    // The page with errors, checked by axe (which needs scripts, so in a context of its own).
    const checked = await browser.newContext({ bypassCSP: true });
    const errorsPage = await checked.newPage();
    await errorsPage.goto(`${base}/sv/groups/vahvistin-ryhma-hoitoalan-tyontekijoille/register`);
    await Promise.all([
      errorsPage.waitForLoadState('domcontentloaded'),
      errorsPage.click('button[type=submit]'),
    ]);
    assert.equal(await errorsPage.getAttribute('#consent', 'aria-invalid'), 'true');
    assert.deepEqual(
      (await axe(errorsPage)).map((v) => v.id),
      [],
    );
    await checked.close();
  });

  it('offers every page in the other languages with hreflang links that keep the place', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/fi/groups/hervanta-2020`);
    const alternates = await page.$$eval('link[rel=alternate]', (links) =>
      links.map((l) => [l.getAttribute('hreflang'), new URL(l.getAttribute('href')!).pathname]),
    );
    assert.deepEqual(alternates, [
      ['fi', '/fi/groups/hervanta-2020'],
      ['sv', '/sv/groups/hervanta-2020'],
      ['en', '/en/groups/hervanta-2020'],
      ['x-default', '/fi/groups/hervanta-2020'],
    ]);
    await Promise.all([
      page.waitForURL(/\/en\/groups\/hervanta-2020$/),
      page.click('nav.lang-switch a[hreflang=en]'),
    ]);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });
});
