/**
 * The statistics and project pages in real headless Chromium: a district's coordinator reads
 * a year's statistics without JavaScript (charts as SVG with their tables), and axe-core finds
 * no WCAG 2.1 AA violation on the statistics page (with and without an error) and the
 * project page, in Finnish, Swedish and English.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Database } from '../../db/database.ts';
import { buildApp } from '../../http/app.ts';
import { type App } from '../../http/context.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../../test/support/fixtures.ts';
import { reportingFixture } from '../../../test/support/reporting.ts';
import { createUser } from '../../accounts/service.ts';
import { insertMembership } from '../../organisations/repository.ts';
import { LANGS } from '../../web/i18n.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'vertaisryhmä-salasana';

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

describe('statistics and project pages in Chromium', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let email: string;
  const org = { d: '', a1: '', a2: '' };

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db, clock: () => NOW });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    app.log.level = 'silent';
    org.d = (
      await makeOrganisation(db, {
        kind: 'district',
        name: { fi: 'Piiri ry', sv: 'Distriktet rf', en: 'The district' },
        starts_on: '2019-01-01',
        ends_on: '2019-12-31',
      })
    ).id;
    org.a1 = (await makeOrganisation(db, { kind: 'local_association', parent_id: org.d })).id;
    org.a2 = (await makeOrganisation(db, { kind: 'local_association', parent_id: org.d })).id;
    await db.ownerTransaction((tx) => reportingFixture(tx, org));
    const admin = await tokenFor(db, org.d, 'admin');
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.d}`,
      headers: bearer(admin),
      payload: {
        targets: [
          {
            key: 'visits',
            label: { fi: 'Käynnit', sv: 'Besök', en: 'Visits' },
            target_value: 20,
            unit: 'other',
          },
          {
            key: 'volunteers',
            label: { fi: 'Vapaaehtoiset', sv: 'Frivilliga', en: 'Volunteers' },
            target_value: 5,
            unit: 'people',
          },
        ],
      },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    for (const [key, body] of [
      ['visits', { measure: 'visits' }],
      ['volunteers', { measure: 'manual' }],
    ] as const) {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${org.d}/targets/${key}/measure`,
        headers: bearer(admin),
        payload: body,
      });
      assert.equal(res.statusCode, 204, res.body);
    }
    await app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${org.d}/targets/volunteers/figures`,
      headers: bearer(admin),
      payload: { value: 3, recorded_on: '2019-06-30', note: 'Kevään koulutus' },
    });
    email = `${unique('koordinaattori')}@example.fi`;
    const user = await createUser(db, { email, displayName: 'Piia Piiri', password: PASSWORD });
    await db.ownerTransaction((tx) => insertMembership(tx, org.d, user.id, 'coordinator'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  async function axe(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    return page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations;
    });
  }

  const report = (where: string, violations: AxeViolation[]) =>
    violations.map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );

  async function click(page: Page, selector: string) {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  }

  async function signIn(page: Page, lang = 'fi') {
    await page.goto(`${base}/${lang}/staff/sign-in`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await click(page, 'main button[type=submit]');
    assert.equal(new URL(page.url()).pathname, `/${lang}/staff`);
  }

  it("reads a year's statistics without JavaScript, charts beside their tables", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await click(page, `main a[href="/fi/staff/reports?org=${org.d}"]`);
    await page.fill('#from', '2019-01-01');
    await page.fill('#to', '2019-12-31');
    await click(page, 'form[action="/fi/staff/reports"][novalidate] button[type=submit]');
    const total = (figure: string) =>
      page.locator('#summary tbody tr', { hasText: figure }).locator('td').last().textContent();
    assert.equal(await total('Vapaaehtoistunnit'), '7');
    assert.equal(await total('Eri osallistujat'), '2');
    const chart = page.locator('svg[role=img]').first();
    assert.equal(await chart.isVisible(), true);
    assert.match(
      (await chart.locator('title').textContent()) ?? '',
      /Kokoontumiset ja käynnit kuukausittain/,
    );
    assert.match((await page.textContent('.chart-with-table table')) ?? '', /helmi 2019\s*2\s*2/);
    await click(page, `main a[href="/fi/staff/reports/targets?org=${org.d}"]`);
    assert.match((await page.textContent('main')) ?? '', /Käynnit.*11.*55 %/s);
    await context.close();
  });

  it('has no WCAG 2.1 AA violations on the statistics and project pages in fi, sv and en', async () => {
    // The pages forbid scripts; the test bypasses that policy only to inject axe itself.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    await signIn(page);
    for (const lang of LANGS) {
      for (const path of [
        `/reports?org=${org.d}&from=2019-01-01&to=2019-12-31`,
        `/reports?org=${org.d}&from=2019-12-31&to=2019-01-01`,
        `/reports/targets?org=${org.d}`,
      ]) {
        await page.goto(`${base}/${lang}/staff${path}`);
        problems.push(...report(`${lang} ${path}`, await axe(page)));
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
