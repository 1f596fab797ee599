/**
 * Scenario (b), a local association, in real headless Chromium with scripts off, from an
 * empty organisation that requires the board's approval before publishing: the coordinator
 * invites a board member by email (delivered over SMTP), who accepts; the coordinator
 * creates a group and proposes it; the board member approves it with the date and the
 * minutes reference; the coordinator publishes it and the public finder lists it.
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

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'yhdistyksen-koordinaattori';
const BOARD_PASSWORD = 'hallituksen-jasen-2026';

describe('a local association in Chromium: proposed, approved by the board, published', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let coordinator: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const board = `${unique('hallitus')}@example.fi`;

  before(async () => {
    ({ db, dispose } = await target.create());
    smtp = await startSmtp();
    app = await buildApp({ db, clock: () => NOW, publicUrl: 'http://vertaamo.test' });
    base = await serve(app);
    const org = await makeOrganisation(db, {
      kind: 'local_association',
      requires_board_approval: true,
      name: {
        fi: 'Kirkkonummen perheyhdistys',
        sv: 'Kyrkslätts familjeförening',
        en: 'Kirkkonummi family association',
      },
    });
    coordinator = `${unique('koordinaattori')}@example.fi`;
    const user = await createUser(db, {
      email: coordinator,
      displayName: 'Kaija Koordinaattori',
      password: PASSWORD,
    });
    await db.ownerTransaction(async (tx) => {
      await insertMembership(tx, org.id, user.id, 'admin');
      await insertMembership(tx, org.id, user.id, 'coordinator');
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await dispose?.();
  });

  const text = async (page: Page, selector: string) => (await page.textContent(selector)) ?? '';

  /** A context without JavaScript: the workspace must work without it. */
  async function session(email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, { base, email, password });
    return { context, page };
  }

  async function signOut(page: Page) {
    await click(page, '.staff-nav__sign-out button');
    assert.match(new URL(page.url()).pathname, /\/staff\/sign-in$/);
    assert.match(await text(page, '[role=status]'), /kirjautunut ulos/);
  }

  it('adds the meeting place and invites a board member by email, who accepts', async () => {
    const { context, page } = await session(coordinator, PASSWORD);
    // The parish hall where the group will meet.
    await click(page, 'main a[href^="/fi/staff/venues?org="]');
    await page.fill('#name', 'Seurakuntatalo');
    await page.fill('#municipality', 'Kirkkonummi');
    await click(page, 'section[aria-labelledby=add-venue] button[type=submit]');
    assert.match(await text(page, 'main'), /Seurakuntatalo/);
    await page.goto(`${base}/fi/staff`);
    await click(page, 'main a[href^="/fi/staff/people?org="]');
    await page.fill('#email', board);
    await page.selectOption('#role', 'board_member');
    await click(page, 'section[aria-labelledby=invite-heading] button[type=submit]');
    assert.match(await text(page, '[role=status]'), /Kutsu lähetettiin/);
    await context.close();

    const transport = smtpTransport(smtp.url);
    try {
      await deliverDue(db, transport, new Date(NOW.getTime() + 60_000), 100);
    } finally {
      transport.close();
    }
    const mail = smtp.received.find((m) => m.to.includes(board));
    assert.ok(mail, 'the invitation was mailed');
    const link = /http:\/\/vertaamo\.test(\/fi\/staff\/invitation\?token=[A-Za-z0-9_-]+)/.exec(
      readable(mail.raw),
    );
    assert.ok(link, 'the mail holds the accept link');

    const invitee = await browser.newContext({ javaScriptEnabled: false });
    const accept = await invitee.newPage();
    await accept.goto(`${base}${link[1]}`);
    await accept.fill('#display_name', 'Heikki Hallitus');
    await accept.fill('#password', BOARD_PASSWORD);
    await accept.fill('#password_again', BOARD_PASSWORD);
    await click(accept, 'main button[type=submit]');
    assert.equal(new URL(accept.url()).pathname, '/fi/staff');
    await invitee.close();
  });

  it('creates a group and proposes it, the board approves, the coordinator publishes, the finder shows it', async () => {
    let { context, page } = await session(coordinator, PASSWORD);
    await click(page, 'a[href="/fi/staff/groups/new"]');

    // A mistake first: the errors show beside the fields and the input is kept.
    await page.fill('#name_sv', 'Färgbad för bebisar');
    await page.fill('#capacity', 'kymmenen');
    await click(page, 'main form button[type=submit]');
    assert.equal(await page.getAttribute('#name_fi', 'aria-invalid'), 'true');
    assert.match(await text(page, '#name_fi-error'), /nimi suomeksi/);
    assert.match(await text(page, '#capacity-error'), /kokonaisluku/);
    assert.equal(await page.inputValue('#name_sv'), 'Färgbad för bebisar');

    await page.fill('#name_fi', 'Vauvojen värikylpy Kirkkonummella');
    await page.fill('#name_en', 'Colour bath for babies in Kirkkonummi');
    await page.fill(
      '#description_fi',
      'Vauvaperheiden toiminnallinen ryhmä: maalataan ja leikitään yhdessä, vanhemmat jakavat kokemuksia.',
    );
    await page.fill('#capacity', '8');
    await page.check('#how_to_join-registration');
    await page.check('#mode-in_person');
    await page.selectOption('#venue', { label: 'Seurakuntatalo, Kirkkonummi' });
    await click(page, 'main form button[type=submit]');
    const groupUrl = new URL(page.url()).pathname;
    assert.equal(groupUrl, '/fi/staff/groups/vauvojen-varikylpy-kirkkonummella');
    assert.match(await text(page, '[role=status]'), /luotu luonnoksena/);
    assert.equal(await page.locator('button[value=publish]').count(), 0, 'the board decides first');
    await click(page, 'button[value=propose]');
    assert.match(await text(page, '[role=status]'), /ehdotettu hallitukselle/);
    assert.match(await text(page, 'main .status'), /Ehdotettu/);
    await signOut(page);
    await context.close();

    // The board member finds the proposal on the start page and approves it.
    ({ context, page } = await session(board, BOARD_PASSWORD));
    assert.match(await text(page, 'main'), /Hallituksen päätöstä odottavat ehdotukset/);
    assert.equal(
      await page.locator('main a[href*="/staff/people"]').count(),
      0,
      'no people page for the board',
    );
    await click(page, `main a[href="${groupUrl}"]`);
    assert.equal(await page.inputValue('#decided_on'), '2026-11-22');
    await page.fill('#minutes_reference', 'Hallituksen kokous 10/2026 § 4');
    await click(page, 'button[value=approve]');
    assert.match(await text(page, '[role=status]'), /hyväksyntä on kirjattu/);
    assert.match(await text(page, 'main'), /Hyväksytty 22\.11\.2026, Hallituksen kokous 10\/2026 § 4/);
    assert.ok((await text(page, '.staff-history')).includes(board), 'the history names the decider');
    assert.equal(await page.locator('button[value=publish]').count(), 0, 'a board member does not publish');
    await signOut(page);
    await context.close();

    // The coordinator publishes it.
    ({ context, page } = await session(coordinator, PASSWORD));
    await page.goto(`${base}${groupUrl}`);
    await click(page, 'button[value=publish]');
    assert.match(await text(page, '[role=status]'), /Ryhmä on julkaistu/);
    await context.close();

    // Anyone finds it now.
    const publicContext = await browser.newContext();
    const finder = await publicContext.newPage();
    await finder.goto(`${base}/fi/search?q=v%C3%A4rikylpy`);
    const links = await finder
      .locator('.group-card__title a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/fi/groups/vauvojen-varikylpy-kirkkonummella'), `found: ${links.join(', ')}`);
    await publicContext.close();
  });
});
