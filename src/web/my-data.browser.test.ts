/**
 * The my-data pages in real headless Chromium, in Finnish, Swedish and English: WCAG 2.1 AA
 * by axe-core on the form, its error, the "check your email" answer, the overview opened
 * from the emailed link (whose token must be gone from the address bar), the refusal to
 * erase while a seat is held, the erasure, and the page of a spent link. The link is read
 * from the development mailbox page, as a developer would follow it: the database never
 * holds it in clear.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, launchChromium, report, serve } from '../../test/support/browser.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { LANGS } from './i18n.ts';
import { readMailbox } from '../../test/support/staff.ts';

describe('my-data pages in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let groupId: string;
  let token: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db, devMailbox: true });
    base = await serve(app);
    const org = await makeOrganisation(db);
    token = await tokenFor(db, org.id, 'coordinator');
    const g = await app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: bearer(token),
      payload: groupBody(org.id, { how_to_join: 'registration', capacity: 5 }),
    });
    groupId = g.json<{ id: string }>().id;
    await app.inject({
      method: 'PUT',
      url: `/api/v1/groups/${groupId}/remote-details`,
      headers: bearer(token),
      payload: { url: 'https://meet.example.fi/x' },
    });
    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/lifecycle`,
      headers: bearer(token),
      payload: { action: 'publish' },
    });
    assert.equal(published.statusCode, 200, published.body);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  /**
   * The link of the newest my-data mail to the address, as the development mailbox shows it
   * to a signed-in admin (the page is for nobody else).
   */
  async function linkOf(email: string) {
    const mail = (await readMailbox(app, db))
      .split('<article')
      .find((article) => article.includes(`To ${email}`) && article.includes('/my-data/link/'));
    const link = /https?:\/\/[^/\s]+(\/(?:fi|sv|en)\/my-data\/link\/[A-Za-z0-9_-]{43})/.exec(mail ?? '');
    assert.ok(link, `the mailbox shows the link mailed to ${email}`);
    return link[1]!;
  }

  it('has no WCAG 2.1 AA violations on any my-data page, and no token in the address bar', async () => {
    const failures: string[] = [];
    for (const lang of LANGS) {
      const name = unique('zqbrowser');
      const email = `${name}@example.fi`;
      const joined = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: { display_name: name, email, language: lang, consent: true },
      });
      assert.equal(joined.statusCode, 201, joined.body);
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${base}/${lang}/my-data`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      failures.push(...report(`${lang} form`, await axe(page)));
      await page.fill('#email', 'not an address');
      await page.click('button[type=submit]');
      assert.equal(await page.inputValue('#email'), 'not an address', 'what was typed is kept');
      failures.push(...report(`${lang} form with an error`, await axe(page)));
      await page.fill('#email', email);
      await page.click('button[type=submit]');
      failures.push(...report(`${lang} check your email`, await axe(page)));

      const link = await linkOf(email);
      await page.goto(`${base}${link}`);
      assert.equal(new URL(page.url()).pathname, `/${lang}/my-data/mine`, 'the token left the address bar');
      failures.push(...report(`${lang} overview`, await axe(page)));
      await page.click('form[action$="/my-data/erase"] button');
      assert.match(await page.textContent('h1').then(String), /.+/);
      failures.push(...report(`${lang} erasure refused`, await axe(page)));
      await page.click('form[action$="/my-data/cancel"] button');
      failures.push(...report(`${lang} after cancelling`, await axe(page)));
      await page.click('form[action$="/my-data/erase"] button');
      failures.push(...report(`${lang} erased`, await axe(page)));
      await page.goto(`${base}${link}`);
      failures.push(...report(`${lang} spent link`, await axe(page)));
      await context.close();
    }
    assert.deepEqual(failures, []);
  });
});
