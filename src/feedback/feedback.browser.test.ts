/**
 * The feedback pages in real headless Chromium with JavaScript turned off, in Finnish, Swedish
 * and English: answering by an emailed link (the secret gone from the address bar), the error
 * beside the field, the code box and the child-friendly form, and the staff results (suppressed
 * and shown), the organisation's year and the QR page; WCAG 2.1 AA by axe-core on each.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { staffKit } from '../../test/support/staff.ts';
import { LANGS } from '../shared/lang.ts';
import { queuedSecrets } from '../notifications/outbox.ts';
import { insertResponse } from './repository.ts';
import { sendFeedbackLinks } from './service.ts';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DAY = 86_400_000;

describe('feedback pages in Chromium without JavaScript', () => {
  const target = testDatabases()[0]!; // the pages do not depend on the database; PGlite is enough
  let db: Database;
  let dispose: () => Promise<void>;
  let app: App;
  let browser: Browser;
  let base: string;
  let coordinator: string;
  let session: string;
  const tokens = new Map<string, string>();
  let namedSlug = '';
  let dropInSlug = '';
  let childCode = '';

  before(async () => {
    ({ db, dispose } = await target.create());
    app = await buildApp({ db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const org = await makeOrganisation(db);
    coordinator = await tokenFor(db, org.id, 'coordinator');
    const api = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const res = await app.inject({ method, url, headers: bearer(coordinator), payload: payload as object });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
      return res.json<{ id: string; slug: string }>();
    };
    const group = async (overrides: Record<string, unknown>) => {
      const g = await api('POST', '/api/v1/groups', groupBody(org.id, overrides));
      await api('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      return g;
    };
    const now = new Date();
    const named = await group({
      how_to_join: 'registration',
      capacity: 10,
      starts_on: new Date(now.getTime() - 30 * DAY).toISOString().slice(0, 10),
      ends_on: new Date(now.getTime() - DAY).toISOString().slice(0, 10),
    });
    namedSlug = named.slug;
    for (const lang of LANGS)
      await api('POST', `/api/v1/groups/${named.id}/participants`, {
        display_name: `Osallistuja ${lang}`,
        email: `${unique(lang)}@example.fi`,
        language: lang,
        consent: true,
      });
    await api('POST', `/api/v1/groups/${named.id}/sessions`, {
      starts_at: new Date(now.getTime() - 3 * DAY).toISOString(),
      duration_minutes: 90,
    });
    await api('POST', `/api/v1/groups/${named.id}/lifecycle`, { action: 'start' });
    await sendFeedbackLinks(db, now, base, named.id);
    await db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; language: string }>(
        `SELECT id::text AS id, language FROM outbox WHERE kind = 'feedback_request'
         AND registration_id IN (SELECT id FROM registrations WHERE group_id = $1)`,
        [named.id],
      );
      const secrets = await queuedSecrets(
        tx,
        rows.map((r) => r.id),
      );
      for (const r of rows) tokens.set(r.language, secrets.get(r.id)!);
    });

    const dropIn = await group({ how_to_join: 'drop_in' });
    dropInSlug = dropIn.slug;
    await db.ownerTransaction(async (tx) => {
      for (let i = 0; i < 6; i++)
        await insertResponse(tx, {
          orgId: org.id,
          groupId: dropIn.id,
          on: '2026-11-20',
          variant: 'adult',
          overall: 3 + (i % 3),
          answers: { accepted: 5, coping: 4, hope: null },
          freeText: i === 0 ? 'Hyvä ilta.' : null,
        });
    });
    const child = await group({ how_to_join: 'drop_in', audience: ['children'], method: 'play' });
    const code = await app.inject({
      url: `/api/v1/groups/${child.id}/feedback-code`,
      headers: bearer(coordinator),
    });
    childCode = code.json<{ code: string }>().code;
    const kit = staffKit(app, db);
    session = await kit.signIn(await kit.person([[org, 'coordinator']]), 'fi');
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

  async function axe(page: Page, label: string, failures: string[]) {
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: (o: object) => Promise<{
              violations: { id: string; help: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations;
    });
    for (const v of violations)
      failures.push(`${label}: ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it('answers by link and code without JavaScript, and every page passes axe in fi, sv and en', async () => {
    const failures: string[] = [];
    for (const lang of LANGS) {
      // Pages are tested with JavaScript off; axe is injected by the test (bypassCSP), not by the page.
      const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: false });
      const page = await context.newPage();
      const check = async (label: string) => {
        // axe needs scripts: the same document, put into a page of this site with them on
        // (so its styles load from the same place), is checked.
        const checker = await (await browser.newContext({ bypassCSP: true })).newPage();
        await checker.goto(`${base}/${lang}/accessibility`);
        await checker.setContent(await page.content(), { waitUntil: 'load' });
        await axe(checker, label, failures);
        await checker.context().close();
      };

      await page.goto(`${base}/${lang}/feedback/l/${tokens.get(lang)}`);
      assert.equal(
        new URL(page.url()).pathname,
        `/${lang}/feedback/answer`,
        'the secret left the address bar',
      );
      await check(`${lang} form`);
      await page.fill('#free_text', 'x'.repeat(2100));
      await page.click('button[type=submit]');
      assert.ok(await page.isVisible('#free_text-error'));
      assert.equal((await page.inputValue('#free_text')).length, 2100, 'what was typed is kept');
      await check(`${lang} form with an error`);
      await page.fill('#free_text', 'Hyvä ryhmä.');
      await page.click('label[for="answer-0-5"]');
      await page.click('label[for="answer-2-na"]');
      await page.click('label[for="overall-4"]');
      await page.click('button[type=submit]');
      assert.ok(await page.isVisible('[role=status]'), 'thanks');
      await check(`${lang} thanks`);
      await page.goto(`${base}/${lang}/feedback/l/${tokens.get(lang)}`);
      assert.match(String(await page.textContent('h1')), /.+/);
      await check(`${lang} answered already`);

      await page.goto(`${base}/${lang}/feedback`);
      await check(`${lang} code box`);
      await page.fill('#code', 'QQQQQQ');
      await page.click('button[type=submit]');
      assert.ok(await page.isVisible('#code-error'));
      await check(`${lang} unknown code`);
      await page.fill('#code', childCode);
      await page.click('button[type=submit]');
      assert.equal(new URL(page.url()).pathname, `/${lang}/feedback/c/${childCode}`);
      assert.ok(await page.isVisible('.feedback-face'));
      await check(`${lang} child form`);
      await page.click('label[for="answer-0-5"]');
      await page.click('button[type=submit]');
      assert.ok(await page.isVisible('[role=status]'));

      await context.addCookies([{ name: 'vertaamo_session', value: session, url: base }]);
      for (const [path, label] of [
        [`/staff/groups/${namedSlug}/feedback`, 'results, suppressed'],
        [`/staff/groups/${dropInSlug}/feedback`, 'results'],
        [`/staff/groups/${dropInSlug}/feedback/code`, 'QR page'],
        ['/staff/feedback?year=2026', 'the year'],
      ] as const) {
        const res = await page.goto(`${base}/${lang}${path}`);
        assert.equal(res?.status(), 200, `${lang} ${label}`);
        await check(`${lang} ${label}`);
      }
      await context.close();
    }
    assert.deepEqual(failures, []);
  });
});
