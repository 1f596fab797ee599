/**
 * Scenario (a), the Tampere project, in real headless Chromium with scripts off, from an
 * empty organisation: the coordinator adds a public health nurse and a peer facilitator,
 * creates a seven-week group from the programme that requires the Kasvokkain method
 * training, sets them to co-facilitate, schedules seven weekly meetings and is refused
 * publishing while the peer facilitator lacks the training; records it and publishes.
 * Three families join. After two evenings with fewer than three present the start page
 * warns; the coordinator suspends the group with one action, every participant gets an
 * email, and a replacement group is started from the suspended one, linked both ways.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { click, launchChromium, serve, signIn } from '../../test/support/browser.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { readable, startSmtp } from '../../test/support/smtp.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';
import { deliverDue, smtpTransport } from '../notifications/outbox.ts';

const PASSWORD = 'tampereen-koordinaattori';

describe('the Tampere project in Chromium: co-facilitated seven-week groups from an empty organisation', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let email: string;
  let orgId: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  // The app's clock: autumn 2026 while planning, then the January evenings.
  let now = new Date('2026-11-22T10:00:00Z');

  before(async () => {
    ({ db, dispose } = await target.create());
    smtp = await startSmtp();
    app = await buildApp({ db, clock: () => now });
    base = await serve(app);
    const org = await makeOrganisation(db, {
      kind: 'project',
      requires_board_approval: false,
      name: {
        fi: 'Pikkulapsiperheiden vertaisryhmät Tampereella',
        sv: 'Kamratgrupper för småbarnsfamiljer i Tammerfors',
        en: 'Peer groups for families with small children in Tampere',
      },
    });
    orgId = org.id;
    email = `${unique('koordinaattori')}@example.fi`;
    const user = await createUser(db, { email, displayName: 'Tiina Koordinaattori', password: PASSWORD });
    await db.ownerTransaction(async (tx) => {
      await insertMembership(tx, org.id, user.id, 'admin');
      await insertMembership(tx, org.id, user.id, 'coordinator');
    });
    browser = await launchChromium();
    // Scripts are off: the workspace works without JavaScript.
    context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await dispose?.();
  });

  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const status = () => text('[role=status]');

  let slug = '';
  const families = ['Amina', 'Leena', 'Hodan'];

  it('adds the meeting room, a nurse and a peer facilitator, and the nurse’s method training', async () => {
    await signIn(page, { base, email, password: PASSWORD });
    await click(page, `main a[href="/fi/staff/venues?org=${orgId}"]`);
    await page.fill('#name', 'Hervannan kirjasto');
    await page.fill('#street_address', 'Insinöörinkatu 38');
    await page.fill('#municipality', 'Tampere');
    await click(page, 'section[aria-labelledby=add-venue] button[type=submit]');
    assert.match(await text('main'), /Hervannan kirjasto/);
    await page.goto(`${base}/fi/staff`);
    await click(page, `main a[href="/fi/staff/facilitators?org=${orgId}"]`);

    await page.fill('#display_name', 'Sari Terveydenhoitaja');
    await page.click('label[for=kind-professional]');
    await page.click('label[for=engagement-paid]');
    await page.selectOption('#profession', 'public_health_nurse');
    await click(page, 'form[action="/fi/staff/facilitators"] button[type=submit]');
    assert.match(await status(), /lisättiin/i);

    await page.fill('#display_name', 'Pekka Vertainen');
    await page.click('label[for=kind-peer]');
    await page.click('label[for=engagement-volunteer]');
    await click(page, 'form[action="/fi/staff/facilitators"] button[type=submit]');
    const names = await page.locator('main table a[href*="/staff/facilitators/"]').allTextContents();
    assert.deepEqual(names.sort(), ['Pekka Vertainen', 'Sari Terveydenhoitaja']);

    await click(page, 'main table a:text("Sari Terveydenhoitaja")');
    await page.selectOption('#training', { label: 'Kasvokkain-menetelmäkoulutus' });
    await page.fill('#completed_on', '2026-10-15');
    await click(page, 'form[action$="/trainings"] button[type=submit]');
    assert.match(await text('main'), /Kasvokkain-menetelmäkoulutus/);
  });

  it('creates a seven-week group, co-facilitated, with seven weekly meetings', async () => {
    await page.goto(`${base}/fi/staff`);
    await click(page, 'a[href="/fi/staff/groups/new"]');
    await page.fill('#name_fi', 'Perheryhmä Hervannassa');
    await page.fill('#name_en', 'Family group in Hervanta');
    await page.fill(
      '#description_fi',
      'Maahanmuuttaja- ja kantasuomalaisille pikkulapsiperheille. Seitsemän tapaamista kerran viikossa; lapset mukaan.',
    );
    const programme = page.locator('#template option', { hasText: 'Seitsemän viikon vertaisryhmä' });
    await page.selectOption('#template', (await programme.getAttribute('value')) ?? '');
    await page.check('#how_to_join-registration');
    await page.fill('#capacity', '8');
    await page.check('#mode-in_person');
    await page.selectOption('#venue', { label: 'Hervannan kirjasto, Tampere' });
    await click(page, 'main form button[type=submit]');
    const groupPath = new URL(page.url()).pathname;
    slug = groupPath.split('/').at(-1)!;
    assert.equal(slug, 'perheryhma-hervannassa');

    // Co-facilitation: the nurse leads, the peer facilitator facilitates with her.
    await click(page, `main a[href="/fi/staff/groups/${slug}/facilitators"]`);
    const rows = page.locator('main tbody tr');
    assert.equal(await rows.count(), 2);
    await page.selectOption('select[aria-label*="Sari"]', 'lead');
    await page.selectOption('select[aria-label*="Pekka"]', 'co_facilitator');
    await click(page, `form[action="/fi/staff/groups/${slug}/facilitators"] button[type=submit]`);
    // The page says who lacks the training the programme requires.
    assert.match(await text('main'), /Pekka Vertainen[\s\S]*Kasvokkain-menetelmäkoulutus/);

    // Meeting times: seven weekly meetings of 1.5 hours, as the programme says.
    await page.goto(`${base}/fi/staff/groups/${slug}/schedule`);
    assert.equal(await page.inputValue('#count'), '7');
    assert.equal(await page.inputValue('#duration_minutes'), '90');
    await page.fill('#first_date', '2027-01-12');
    await page.fill('#start_time', '17:30');
    await click(page, 'main form button[type=submit]');
    assert.match(await status(), /Tapaamisia luotiin 7/);
  });

  it('refuses to publish while the peer facilitator lacks the method training, then publishes', async () => {
    await page.goto(`${base}/fi/staff/groups/${slug}`);
    await click(page, 'button[value=publish]');
    assert.match(await text('main'), /Pekka Vertainen – Kasvokkain-menetelmäkoulutus/);
    assert.match(await text('main .status'), /Luonnos/);

    await page.goto(`${base}/fi/staff/facilitators?org=${orgId}`);
    await click(page, 'main table a:text("Pekka Vertainen")');
    await page.selectOption('#training', { label: 'Kasvokkain-menetelmäkoulutus' });
    await page.fill('#completed_on', '2026-11-20');
    await click(page, 'form[action$="/trainings"] button[type=submit]');

    await page.goto(`${base}/fi/staff/groups/${slug}`);
    await click(page, 'button[value=publish]');
    assert.match(await status(), /julkaistu/);
    const group = (await (await fetch(`${base}/api/v1/groups/${slug}`)).json()) as { status: string };
    assert.equal(group.status, 'published');
  });

  it('three families join from the public page', async () => {
    const visitor = await browser.newContext({ javaScriptEnabled: false });
    visitor.setDefaultTimeout(20_000);
    const form = await visitor.newPage();
    for (const name of families) {
      await form.goto(`${base}/fi/groups/${slug}`);
      await Promise.all([form.waitForEvent('load'), form.click('a.hds-button[href$="/register"]')]);
      await form.fill('#display_name', name);
      await form.fill('#email', `${name.toLowerCase()}@example.fi`);
      await form.check('#consent');
      await Promise.all([form.waitForEvent('load'), form.click('main form button[type=submit]')]);
      assert.match((await form.textContent('[role=status]')) ?? '', /paikka|ilmoittautu/i, name);
    }
    await visitor.close();
  });

  it('warns after two evenings with fewer than three present, and suspends with notice to everyone', async () => {
    // The group's own rule: fewer than 3 present in 2 consecutive meetings.
    await page.goto(`${base}/fi/staff/groups/${slug}`);
    await page.click('label[for=rule-custom]');
    await page.fill('#min_present', '3');
    await page.fill('#consecutive_sessions', '2');
    await click(page, `form[action="/fi/staff/groups/${slug}/attendance-rule"] button[type=submit]`);

    // Two January evenings: two of the three families came each time.
    now = new Date('2027-01-19T17:30:00Z');
    await signIn(page, { base, email, password: PASSWORD }); // two months later the old sign-in has long expired
    await page.goto(`${base}/fi/staff/groups/${slug}/sessions`);
    const attendance = await page
      .locator('main a[href$="/attendance"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(attendance.length >= 2, true, `attendance links: ${attendance.join(', ')}`);
    for (const href of attendance.slice(0, 2)) {
      await page.goto(`${base}${href}`);
      await page.check('label:text("Amina")');
      await page.check('label:text("Leena")');
      await click(page, 'button.attendance__submit');
      assert.match(await status(), /tallennettiin|kirjattiin/i);
    }

    // The numbers for the project's report: 2 + 2 visits by 2 different people.
    await page.goto(`${base}/fi/staff/groups/${slug}/sessions`);
    const numbers = (await text('.attendance-summary')).replace(/\s+/g, ' ');
    assert.match(numbers, /Tapaamisia, joiden läsnäolo on kirjattu ?2/);
    assert.match(numbers, /Käyntejä yhteensä ?4/);
    assert.match(numbers, /Eri osallistujia ?2/);
    assert.match(numbers, /Läsnä keskimäärin ?2/);

    await page.goto(`${base}/fi/staff`);
    assert.match(
      await text('main .staff-warnings'),
      /Perheryhmä Hervannassa Vähän osallistujia: 2 tapaamista peräkkäin alle 3 läsnä \(alkaen 12\.1\.2027\)/,
    );
    await click(page, `main a[href="/fi/staff/groups/${slug}#action-suspend"]`);
    await page.fill('#suspended_on', '2027-01-20');
    await page.selectOption('#reason_code', 'low_attendance');
    await page.fill('#reason', 'Osallistujia liian vähän kahdella kerralla peräkkäin.');
    await click(page, 'button[value=suspend]');
    assert.match(await text('main .status'), /Keskeytetty/);

    const transport = smtpTransport(smtp.url);
    try {
      await deliverDue(db, transport, new Date(now.getTime() + 60_000), 100);
    } finally {
      transport.close();
    }
    for (const name of families) {
      const mail = smtp.received.find(
        (m) => m.to.includes(`${name.toLowerCase()}@example.fi`) && /keskeyt/i.test(readable(m.raw)),
      );
      assert.ok(mail, `${name} was told the group is suspended`);
      assert.match(readable(mail.raw), /Ryhmän toiminta keskeytetty: Perheryhmä Hervannassa/);
    }
  });

  it('starts a replacement group from the suspended one, linked both ways', async () => {
    await page.goto(`${base}/fi/staff/groups/${slug}`);
    await click(page, `main a[href="/fi/staff/groups/new?replaces=${slug}"]`);
    assert.equal(await page.inputValue('#name_fi'), 'Perheryhmä Hervannassa');
    await page.fill('#name_fi', 'Perheryhmä Hervannassa, kevät');
    await click(page, 'main form button[type=submit]');
    const replacement = new URL(page.url()).pathname;
    assert.match(await text('main'), /Korvaa ryhmän[\s\S]*Perheryhmä Hervannassa/);
    await page.goto(`${base}/fi/staff/groups/${slug}`);
    assert.ok(await page.locator(`main a[href="${replacement}"]`).count(), 'the suspended group links to it');
  });
});
