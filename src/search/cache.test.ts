/**
 * The search cache must never show a finder visitor anything the database would not answer
 * now: every change to the catalogue shows at once, seats are always current, staff answers
 * are never shared, and a transaction's own uncommitted changes stay out of it.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { PUBLIC_CONTEXT } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { SearchCache, searchKey } from './cache.ts';
import { FINDER_STATUSES } from './query.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface Item {
  slug: string;
  name: { fi: string };
  seats_available: number | null;
  waitlist_length: number;
  status: string;
}

for (const target of testDatabases()) {
  describe(`search cache on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function call(method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object) {
      const res = await app.inject({ method, url, headers: bearer(token), payload });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json<{ id: string; slug: string }>();
    }

    async function publishedGroup(overrides: Record<string, unknown>) {
      const group = await call('POST', '/api/v1/groups', groupBody(orgId, overrides));
      await call('PUT', `/api/v1/groups/${group.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/api/v1/groups/${group.id}/lifecycle`, { action: 'publish' });
      return group;
    }

    async function find(query: string, headers: Record<string, string> = {}) {
      const res = await app.inject({ url: `/api/v1/groups?${query}`, headers });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Item[]; total: number }>();
    }

    const version = () =>
      db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ v: string }>('SELECT version::text AS v FROM catalogue_version')).rows[0]!.v,
      );

    it('answers a repeated search from memory and shows a renamed group at once', async () => {
      const group = await publishedGroup({
        name: { fi: 'Kuutamokävelijät', sv: 'Månskensvandrare', en: 'Moonlight walkers' },
      });
      const before = app.searchCacheStats();
      assert.deepEqual(
        (await find('q=kuutamokävelijät')).items.map((g) => g.name.fi),
        ['Kuutamokävelijät'],
      );
      assert.deepEqual(
        (await find('q=kuutamokävelijät')).items.map((g) => g.name.fi),
        ['Kuutamokävelijät'],
      );
      const after = app.searchCacheStats();
      assert.equal(after.misses - before.misses, 1, 'the first search ran in the database');
      assert.equal(after.hits - before.hits, 1, 'the second came from the cache');

      await call('PATCH', `/api/v1/groups/${group.id}`, {
        name: { fi: 'Kuutamokävelijät ja aamuvirkut', sv: 'Månskensvandrare', en: 'Moonlight walkers' },
      });
      assert.deepEqual(
        (await find('q=kuutamokävelijät')).items.map((g) => g.name.fi),
        ['Kuutamokävelijät ja aamuvirkut'],
      );
    });

    it('drops a group from cached results as soon as it is suspended', async () => {
      const group = await publishedGroup({
        name: { fi: 'Revontulipiiri', sv: 'Norrskensringen', en: 'Aurora' },
      });
      assert.equal((await find('q=revontulipiiri')).total, 1);
      await call('POST', `/api/v1/groups/${group.id}/lifecycle`, {
        action: 'suspend',
        reason_code: 'low_attendance',
      });
      assert.equal((await find('q=revontulipiiri')).total, 0);
    });

    it('shows the seats left after every registration, even for a cached search', async () => {
      const group = await publishedGroup({
        name: { fi: 'Sammakkolammikko', sv: 'Grodpölen', en: 'Frog pond' },
        how_to_join: 'registration',
        capacity: 2,
      });
      const seats = async () => (await find('q=sammakkolammikko')).items[0]!;
      assert.equal((await seats()).seats_available, 2);
      for (const n of [1, 2, 3]) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${group.id}/registrations`,
          payload: {
            display_name: `Osallistuja ${n}`,
            email: `o${n}@example.fi`,
            language: 'fi',
            consent: true,
          },
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      assert.deepEqual(
        { left: (await seats()).seats_available, waiting: (await seats()).waitlist_length },
        { left: 0, waiting: 1 },
      );
    });

    it('never shares a staff answer with the public', async () => {
      const draft = await call(
        'POST',
        '/api/v1/groups',
        groupBody(orgId, { name: { fi: 'Salainen luonnos', sv: 'Hemligt utkast', en: 'Secret draft' } }),
      );
      const staff = await find('q=salainen&status=all', bearer(token));
      assert.deepEqual(
        staff.items.map((g) => g.slug),
        [draft.slug],
      );
      assert.equal((await find('q=salainen')).total, 0);
      assert.equal((await find('q=salainen&status=published,running')).total, 0);
    });

    it('bumps the catalogue version once per committed change and not for a rolled-back one', async () => {
      const start = BigInt(await version());
      await publishedGroup({ name: { fi: 'Versioryhmä', sv: 'Versionsgrupp', en: 'Version group' } });
      const afterChanges = BigInt(await version());
      assert.ok(afterChanges > start, 'changes bump the version');
      await assert.rejects(
        db.ownerTransaction(async (tx) => {
          await tx.query(
            `UPDATE groups SET name = jsonb_set(name, '{fi}', '"Ei koskaan"') WHERE org_id = $1`,
            [orgId],
          );
          throw new Error('roll back');
        }),
      );
      assert.equal(BigInt(await version()), afterChanges, 'a rolled-back change leaves the version');
      await db.ownerTransaction(async (tx) => {
        await tx.query(`UPDATE sessions SET updated_at = now() WHERE org_id = $1`, [orgId]);
        await tx.query(`UPDATE groups SET updated_at = now() WHERE org_id = $1`, [orgId]);
      });
      assert.equal(BigInt(await version()), afterChanges + 1n, 'one transaction, one bump');
    });

    it('neither reads nor fills the cache inside a transaction that changed the catalogue', async () => {
      const cache = new SearchCache(10);
      const search = { statuses: FINDER_STATUSES, limit: 5, offset: 0, now: NOW };
      let runs = 0;
      const run = async () => ++runs;
      await db.transaction(PUBLIC_CONTEXT, (tx) => cache.through(tx, searchKey(search), run));
      await db.ownerTransaction(async (tx) => {
        await tx.query(`UPDATE groups SET updated_at = now() WHERE org_id = $1`, [orgId]);
        assert.equal(await cache.through(tx, searchKey(search), run), 2, 'computed afresh');
        assert.equal(await cache.through(tx, searchKey(search), run), 3, 'and not stored');
      });
      assert.equal(
        await db.transaction(PUBLIC_CONTEXT, (tx) => cache.through(tx, searchKey(search), run)),
        4,
      );
      assert.equal(
        await db.transaction(PUBLIC_CONTEXT, (tx) => cache.through(tx, searchKey(search), run)),
        4,
      );
    });
  });
}

describe('search cache keys', () => {
  const base = { statuses: FINDER_STATUSES, limit: 20, offset: 0, now: NOW };
  it('treats the same search typed differently as one', () => {
    assert.equal(
      searchKey({ ...base, q: '  Omaiset  Tampere', municipalities: ['Tampere', 'Espoo'] }),
      searchKey({ ...base, q: 'omaiset tampere', municipalities: ['Espoo', 'Tampere'] }),
    );
  });
  it('tells different searches, pages and minutes apart', () => {
    const key = searchKey({ ...base, q: 'omaiset' });
    assert.notEqual(key, searchKey({ ...base, q: 'omainen' }));
    assert.notEqual(key, searchKey({ ...base, q: 'omaiset', offset: 20 }));
    assert.notEqual(key, searchKey({ ...base, q: 'omaiset', now: new Date(NOW.getTime() + 60_000) }));
    assert.equal(key, searchKey({ ...base, q: 'omaiset', now: new Date(NOW.getTime() + 59_000) }));
  });
  it('keeps at most the number of answers it was given', async () => {
    const cache = new SearchCache(0);
    let runs = 0;
    const tx = {
      query: () => Promise.reject(new Error('a disabled cache reads nothing')),
      exec: async () => {},
    };
    await cache.through(tx, 'k', async () => ++runs);
    await cache.through(tx, 'k', async () => ++runs);
    assert.equal(runs, 2);
  });
});
