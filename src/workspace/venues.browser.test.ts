/**
 * The venues page and a session's guest experts in real headless Chromium: a coordinator
 * adds a venue and names a guest without JavaScript, and axe-core finds no WCAG 2.1 AA
 * violation on the venues list, a venue, and the session page, in Finnish, Swedish and
 * English, with and without errors.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, click, launchChromium, report, serve, signIn } from '../../test/support/browser.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership, type OrganisationRow } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';

describe('venues and guest experts in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let org: OrganisationRow;
  let email: string;
  let sessionId: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db, clock: () => NOW });
    base = await serve(app);
    app.log.level = 'silent';
    org = await makeOrganisation(db, { name: { fi: 'Omaiset ry', sv: 'Anhöriga rf', en: 'Relatives' } });
    email = `${unique('koordinaattori')}@example.fi`;
    const user = await createUser(db, { email, displayName: 'Kaija Koordinaattori', password: PASSWORD });
    await db.ownerTransaction((tx) => insertMembership(tx, org.id, user.id, 'coordinator'));
    const token = await tokenFor(db, org.id, 'coordinator');
    const group = await app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: bearer(token),
      payload: groupBody(org.id),
    });
    const extra = await app.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.json<{ id: string }>().id}/sessions`,
      headers: bearer(token),
      payload: { starts_at: '2027-01-14T18:00', duration_minutes: 120 },
    });
    sessionId = extra.json<{ id: string }>().id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  it('adds a venue and names a guest without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, { base, email, password: PASSWORD });
    await click(page, `main a[href="/fi/staff/venues?org=${org.id}"]`);
    await page.fill('#name', 'Omaisten olohuone');
    await page.fill('#street_address', 'Mannerheimintie 1');
    await page.fill('#postal_code', '00100');
    await page.fill('#municipality', 'Helsinki');
    await page.click('label[for=accessibility-step_free_access]');
    await click(page, 'section[aria-labelledby=add-venue] button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Kokoontumispaikka lisättiin/);
    assert.match(
      (await page.textContent('main table')) ?? '',
      /Omaisten olohuone.*Mannerheimintie 1, 00100 Helsinki/s,
    );

    await page.goto(`${base}/fi/staff/sessions/${sessionId}`);
    await page.fill('#guest_name', 'Terttu Terveydenhoitaja');
    await page.fill('#guest_affiliation', 'terveydenhoitaja');
    await page.fill('#guest_topic_fi', 'Uni ja lepo');
    await click(page, 'form[action$="/guests"] button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Vierailija lisättiin/);
    assert.match(
      (await page.textContent('.session-guests')) ?? '',
      /Terttu Terveydenhoitaja, terveydenhoitaja – Uni ja lepo/,
    );
    await context.close();
  });

  it('has no WCAG 2.1 AA violations on the venues and session pages in fi, sv and en', async () => {
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, { base, email, password: PASSWORD });
    const failures: string[] = [];
    for (const lang of LANGS) {
      await page.goto(`${base}/${lang}/staff/venues?org=${org.id}`);
      failures.push(...report(`${lang} venues`, await axe(page)));
      await page.fill('#postal_code', '123');
      await page.fill('#directions_sv', 'Ingång från gården');
      await click(page, 'section[aria-labelledby=add-venue] button[type=submit]');
      assert.ok(await page.isVisible('#name-error'), 'the error is shown beside the field');
      failures.push(...report(`${lang} venues with errors`, await axe(page)));
      await page.goto(`${base}/${lang}/staff/venues?org=${org.id}`);
      await click(page, 'main table a');
      failures.push(...report(`${lang} venue`, await axe(page)));
      await page.goto(`${base}/${lang}/staff/sessions/${sessionId}`);
      failures.push(...report(`${lang} session`, await axe(page)));
      await page.fill('#guest_topic_en', 'Sleep');
      await click(page, 'form[action$="/guests"] button[type=submit]');
      assert.ok(await page.isVisible('#guest_name-error'));
      failures.push(...report(`${lang} session with guest errors`, await axe(page)));
    }
    await context.close();
    assert.deepEqual(failures, []);
  });
});
