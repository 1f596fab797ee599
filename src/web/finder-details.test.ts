/**
 * Smaller truths of the public pages (issue 15.11): the finder filters by openness (open or
 * closed groups) in the API and on the page, and a venue's page keeps its headings in order.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDatabases } from '../../test/support/databases.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases()) {
  describe(`finder details (${target.name})`, () => {
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

    it('filters by openness in the API, and names a wrong value', async () => {
      const counts: Record<string, number> = {};
      for (const openness of ['open', 'closed']) {
        const res = await app.inject({ url: `/api/v1/groups?openness=${openness}&per_page=100` });
        assert.equal(res.statusCode, 200, res.body);
        const { items, total } = res.json<{ items: { openness: string }[]; total: number }>();
        assert.ok(items.length > 0, `the demo has ${openness} groups`);
        assert.ok(items.every((g) => g.openness === openness));
        counts[openness] = total;
      }
      const all = (await app.inject({ url: '/api/v1/groups?per_page=1' })).json<{ total: number }>().total;
      assert.equal(counts.open! + counts.closed!, all, 'every group is either');
      const bad = await app.inject({ url: '/api/v1/groups?openness=sometimes' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
      assert.match(bad.body, /openness/);
    });

    it('filters by openness on the search page, with the choice kept and each card flagged', async () => {
      const res = await app.inject({ url: '/fi/search?openness=closed' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<input[^>]*id="openness-closed"[^>]*checked/);
      const cards = res.body.split('<li class="group-card">').slice(1);
      assert.ok(cards.length > 0);
      for (const card of cards) assert.match(card, /<li class="tag">Suljettu ryhmä<\/li>/);
    });

    it('keeps a venue page’s headings in order: no h3 right under the h1', async () => {
      const groups = await app.inject({ url: '/api/v1/groups?per_page=100' });
      const venues = groups
        .json<{ items: { venue: { id: string; accessibility: string[] } | null }[] }>()
        .items.flatMap((g) => (g.venue && g.venue.accessibility.length ? [g.venue.id] : []));
      assert.ok(venues.length > 0, 'the demo has a venue with accessibility facts');
      for (const id of new Set(venues)) {
        const page = await app.inject({ url: `/en/venues/${id}` });
        assert.equal(page.statusCode, 200);
        const levels = [...page.body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
        for (let i = 1; i < levels.length; i++)
          assert.ok(
            levels[i]! <= levels[i - 1]! + 1,
            `heading h${levels[i]} after h${levels[i - 1]} at ${id}`,
          );
      }
    });
  });
}
