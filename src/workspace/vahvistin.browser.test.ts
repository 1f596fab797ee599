/**
 * Scenario (c), Vahvistin, in real headless Chromium from an empty organisation: its
 * convener signs in, creates a group from the Vahvistin programme through the forms,
 * schedules it and sees kickoff → theme sessions → closing, chooses the themes from the
 * programme's list, publishes, and the public page lists the plan; then marks attendance on
 * a phone-sized screen. axe-core checks the new pages (WCAG 2.1 AA) in fi, sv and en.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { axe, click, launchChromium, report, serve, signIn } from '../../test/support/browser.ts';
import { makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { LANGS } from '../web/i18n.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'koollekutsujan-salasana';

describe('Vahvistin in Chromium: a self-directed group from an empty organisation', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let email: string;
  let token: string;

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db, clock: () => NOW });
    base = await serve(app);
    // An empty, self-organised organisation without board approval, and its convener.
    const org = await makeOrganisation(db, {
      kind: 'self_organised',
      requires_board_approval: false,
      name: {
        fi: 'Itseohjautuva Vahvistin-porukka',
        sv: 'Självstyrande Booster-gäng',
        en: 'Self-directed crew',
      },
    });
    email = `${unique('koollekutsuja')}@example.fi`;
    const user = await createUser(db, { email, displayName: 'Kaisa Koollekutsuja', password: PASSWORD });
    await db.ownerTransaction(async (tx) => {
      await insertMembership(tx, org.id, user.id, 'admin');
      await insertMembership(tx, org.id, user.id, 'coordinator');
      // The convener also runs the group's meetings.
      await insertMembership(tx, org.id, user.id, 'facilitator');
    });
    token = await tokenFor(db, org.id, 'coordinator');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  let slug = '';

  it('creates a Vahvistin group through the forms, chooses its themes and publishes it', async () => {
    // Scripts are off: the workspace works without JavaScript.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, { base, email, password: PASSWORD });
    // The meeting room, and the convener as a facilitator linked to her own account.
    await click(page, 'main a[href^="/fi/staff/venues?org="]');
    await page.fill('#name', 'Kirjaston ryhmähuone');
    await page.fill('#street_address', 'Töölönlahdenkatu 4');
    await page.fill('#municipality', 'Helsinki');
    await click(page, 'section[aria-labelledby=add-venue] button[type=submit]');
    await page.goto(`${base}/fi/staff`);
    await click(page, 'main a[href^="/fi/staff/facilitators?org="]');
    await page.fill('#display_name', 'Kaisa');
    await page.selectOption('#user_id', { label: `Kaisa Koollekutsuja (${email})` });
    await click(page, 'form[action="/fi/staff/facilitators"] button[type=submit]');
    await page.goto(`${base}/fi/staff`);
    await click(page, 'a[href="/fi/staff/groups/new"]');
    await page.fill('#name_fi', 'Vahvistin-ryhmä: jaksaminen vuorotyössä');
    await page.fill('#name_en', 'Vahvistin group: coping with shift work');
    await page.fill(
      '#description_fi',
      'Vertaisryhmä vuorotyötä tekeville. Ryhmä valitsee jokaiselle tapaamiselle teeman. Ei kriisiapua eikä terapiaa.',
    );
    const vahvistin = await page.locator('#template option', { hasText: 'Vahvistin' }).getAttribute('value');
    assert.ok(vahvistin, 'the programme is offered on the form');
    await page.selectOption('#template', vahvistin);
    await page.check('#how_to_join-registration');
    await page.fill('#capacity', '8');
    await page.check('#mode-in_person');
    await page.selectOption('#venue', { label: 'Kirjaston ryhmähuone, Helsinki' });
    // A self-directed group: nobody leads the meetings, a convener takes care of things.
    await page.click('label[for=facilitation-none]');
    await page.check('#self_directed');
    await click(page, 'main form button[type=submit]');
    const groupPath = new URL(page.url()).pathname;
    slug = groupPath.split('/').at(-1)!;
    assert.match(groupPath, /^\/fi\/staff\/groups\/vahvistin-ryhma-jaksaminen-vuorotyossa$/);
    const group = (await (await fetch(`${base}/api/v1/groups/${slug}`, { headers: auth() })).json()) as {
      facilitation: { style: string; self_directed: boolean };
    };
    assert.deepEqual(
      { style: group.facilitation.style, self_directed: group.facilitation.self_directed },
      { style: 'none', self_directed: true },
    );
    // The convener, on the group's facilitators page.
    await click(page, `main a[href="/fi/staff/groups/${slug}/facilitators"]`);
    await page.selectOption('select[aria-label*="Kaisa"]', 'convener');
    await click(page, `form[action="/fi/staff/groups/${slug}/facilitators"] button[type=submit]`);
    assert.equal(await page.inputValue('select[aria-label*="Kaisa"]'), 'convener');
    await page.goto(`${base}${groupPath}`);

    // Meeting times: the form suggests the programme's six meetings of 2 hours.
    await click(page, `a[href="/fi/staff/groups/${slug}/schedule"]`);
    assert.equal(await page.inputValue('#count'), '6');
    assert.equal(await page.inputValue('#duration_minutes'), '120');
    await page.fill('#first_date', '2027-01-12');
    await page.fill('#start_time', '17:30');
    await click(page, 'main form button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Tapaamisia luotiin 6/);
    await click(page, `main a[href="/fi/staff/groups/${slug}/sessions"]`);
    const kinds = await page.locator('.session-line__kind').allTextContents();
    assert.deepEqual(kinds, [
      'Aloitustapaaminen',
      'Teematapaaminen',
      'Teematapaaminen',
      'Teematapaaminen',
      'Teematapaaminen',
      'Päättämistapaaminen',
    ]);

    // A theme for each theme meeting, from the programme's list.
    const themes = ['Työkyky ja palautuminen', 'Raha', 'Verkostot', 'Ammatti-identiteetti'];
    const links = await page
      .locator('.session-line', { hasText: 'Teematapaaminen' })
      .locator('a.session-line__time')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    assert.equal(links.length, 4);
    for (const [i, href] of links.entries()) {
      await page.goto(`${base}${href}`);
      await page.selectOption('#theme_key', { label: themes[i]! });
      await click(page, '#theme-heading ~ form button[type=submit]');
      assert.match((await page.textContent('[role=status]')) ?? '', /Teema tallennettiin/);
    }
    await page.goto(`${base}/fi/staff/groups/${slug}/sessions`);
    assert.deepEqual(await page.locator('.session-line__kind').allTextContents(), [
      'Aloitustapaaminen',
      ...themes.map((t) => `Teematapaaminen: ${t}`),
      'Päättämistapaaminen',
    ]);

    // Publish: no board, so straight from draft.
    await page.goto(`${base}${groupPath}`);
    await click(page, 'button[value=publish]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Ryhmä on julkaistu/);
    await context.close();

    // The public page lists the kickoff, the chosen themes and the closing, in order.
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    await pub.goto(`${base}/fi/groups/${slug}`);
    const listed = (await pub.locator('#sessions-heading ~ ul.sessions li').allTextContents()).map((t) =>
      t.replace(/^.*?–\s*(?=\D)/, '').trim(),
    );
    assert.equal(listed.length, 6, listed.join(' | '));
    assert.match(listed[0]!, /Aloitustapaaminen/);
    themes.forEach((t, i) => assert.match(listed[i + 1]!, new RegExp(t)));
    assert.match(listed[5]!, /Päättämistapaaminen/);
    await visitor.close();
  });

  it('marks attendance on a 320 px screen, and the new pages pass axe in Finnish, Swedish and English', async () => {
    assert.ok(slug, 'the group exists');
    const joined = await fetch(`${base}/api/v1/groups/${slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'Aino', email: 'aino@example.fi', language: 'fi', consent: true }),
    });
    assert.equal(joined.status, 201);
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signIn(page, { base, email, password: PASSWORD });
    const failures: string[] = [];
    const fits = async (where: string) => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${where} overflows by ${overflow}px`);
    };

    // An extra meeting that was held yesterday, added through the form.
    await page.goto(`${base}/fi/staff/groups/${slug}/sessions`);
    await page.fill('#extra_date', '2026-11-21');
    await page.fill('#extra_time', '17:30');
    await page.fill('#extra_theme_fi', 'Vierailija: työterveyshoitaja');
    await click(page, '#extra-heading ~ form button[type=submit]');
    assert.match((await page.textContent('[role=status]')) ?? '', /Lisätapaaminen lisättiin/);
    // From the start page's list of the convener's own groups to the attendance page.
    await page.goto(`${base}/fi/staff`);
    await click(page, 'a[href$="/attendance"]');
    const attendancePath = new URL(page.url()).pathname;
    assert.match(attendancePath, /^\/fi\/staff\/sessions\/[0-9a-f-]{36}\/attendance$/);
    await fits('attendance');
    const box = await page.locator('.attendance__person').first().boundingBox();
    assert.ok(box && box.height >= 44, 'a big touch target per person');
    await page.check('.attendance__person input');
    await click(page, '.attendance__submit');
    assert.match((await page.textContent('[role=status]')) ?? '', /Läsnäolot tallennettiin/);
    assert.equal(await page.isChecked('.attendance__person input'), true);

    const sessionPath = attendancePath.replace(/\/attendance$/, '');
    for (const lang of LANGS) {
      for (const [name, path] of [
        ['sessions', `/staff/groups/${slug}/sessions`],
        ['session', sessionPath.replace(/^\/fi/, '')],
        ['attendance', attendancePath.replace(/^\/fi/, '')],
      ] as const) {
        await page.goto(`${base}/${lang}${path}`);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        failures.push(...report(`${lang} ${name}`, await axe(page)));
        await fits(`${lang} ${name}`);
      }
      // With errors beside the fields.
      await page.goto(`${base}/${lang}/staff/groups/${slug}/sessions`);
      await page.fill('#holiday_from', '2027-02-20');
      await page.fill('#holiday_to', '2027-02-10');
      await click(page, '#holiday-heading ~ form button[type=submit]');
      assert.equal(await page.getAttribute('#holiday_to', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#holiday_from'), '2027-02-20');
      failures.push(...report(`${lang} sessions with errors`, await axe(page)));
    }
    await context.close();
    assert.deepEqual(failures, []);
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
});
