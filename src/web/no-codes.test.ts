/**
 * No internal code on any page a person reads: every public page of the demo and every staff
 * page a coordinator reaches, in Finnish, Swedish and English, is walked link by link and its
 * visible text (and the texts of alt, title, aria-label and placeholder) searched for
 * snake_case identifiers such as `public_health_nurse` or `drop_in`, and for the `token:`
 * actor label. A value shown to a person is always a translated word.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { FORM, csrfOf } from '../../test/support/staff.ts';
import { LANGS } from '../shared/lang.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const DEMO_PASSWORD = 'vertaamo-demo-2026';
const COORDINATORS = ['koordinaattori@tampere.demo.vertaamo.fi', 'koordinaattori@espoo.demo.vertaamo.fi'];
/**
 * Staff pages of one kind look alike: a few of each are enough to see every template. Public
 * pages show each group's own facts, so every group, organisation and venue page is read.
 */
const STAFF_PER_PATTERN = () => 3;
const PUBLIC_PER_PATTERN = (shape: string) => (/\/(groups|organisations|venues)\/:x$/.test(shape) ? 1000 : 5);
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;

/** What a person reads on a page: its text and the attributes that are read out or shown. */
export function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
  return `${text} ${attributes.join(' ')}`;
}

/** The shape of a path, with ids, slugs and numbers as placeholders. */
const pattern = (path: string) =>
  path
    .split('?')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')
    .replace(/\/(groups|organisations|venues|o|g)\/[^/]+/g, '/$1/:x')
    .replace(/\d+/g, 'n');

const SKIP = /^\/(api|assets|dev)\b|\.(ics|csv|xlsx|json|xml|txt|svg)(\?|$)|sign-out|\/cancel|\/export/;

async function walk(
  app: App,
  starts: string[],
  cookies: Record<string, string>,
  perShape: (shape: string) => number,
) {
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const queue = [...starts];
  const found: string[] = [];
  let pages = 0;
  while (queue.length > 0 && pages < 3000) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const shape = pattern(url);
    const count = perPattern.get(shape) ?? 0;
    if (count >= perShape(shape)) continue;
    perPattern.set(shape, count + 1);
    const res = await app.inject({ url, cookies });
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    pages++;
    for (const code of visibleText(res.body).match(SNAKE) ?? []) found.push(`${url}: ${code}`);
    if (/token:/.test(visibleText(res.body))) found.push(`${url}: token:`);
    for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const next = m[1]!.replace(/&amp;/g, '&');
      if (!SKIP.test(next) && !seen.has(next)) queue.push(next);
    }
  }
  return { found, pages };
}

for (const target of testDatabases().slice(0, 1)) {
  describe(`no internal codes on the demo's pages (${target.name})`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      await seedDemo(db, { publicUrl: 'http://localhost', now: NOW });
      app = await buildApp({ db, clock: () => NOW });
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    it('finds no snake_case code on the public pages in any language', async () => {
      const { found, pages } = await walk(
        app,
        LANGS.flatMap((lang) => [`/${lang}`, `/${lang}/search`]),
        {},
        PUBLIC_PER_PATTERN,
      );
      assert.ok(pages > 30, `walked ${pages} pages`);
      assert.deepEqual(found, []);
    });

    it('finds no snake_case code or token label on the staff pages of a coordinator', async () => {
      for (const email of COORDINATORS) {
        const form = await app.inject({ url: '/fi/staff/sign-in' });
        const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
        const signIn = await app.inject({
          method: 'POST',
          url: '/fi/staff/sign-in',
          headers: FORM,
          cookies: { vertaamo_sign_in: secret },
          payload: new URLSearchParams({
            csrf: csrfOf(form.body),
            email,
            password: DEMO_PASSWORD,
          }).toString(),
        });
        assert.equal(signIn.statusCode, 303);
        const session = signIn.cookies.find((c) => c.name === 'vertaamo_session')!.value;
        const { found, pages } = await walk(
          app,
          LANGS.map((lang) => `/${lang}/staff`),
          { vertaamo_session: session },
          STAFF_PER_PATTERN,
        );
        assert.ok(pages > 20, `walked ${pages} staff pages as ${email}`);
        assert.deepEqual(found, []);
      }
    });
  });
}
