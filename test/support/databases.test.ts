/**
 * Every suite's database is its own and fully migrated, though migrations run once per set of
 * migration files (a cached PGlite data directory, a PostgreSQL template database).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ROLE, PUBLIC_CONTEXT } from '../../src/db/database.ts';
import { loadMigrations } from '../../src/db/migrate.ts';
import { testDatabases } from './databases.ts';

for (const target of testDatabases()) {
  describe(`test databases on ${target.name}`, () => {
    it('gives every suite a database of its own, fully migrated, with the restricted application role', async () => {
      const first = await target.create();
      const second = await target.create();
      try {
        const versions = (await loadMigrations()).map((m) => m.version);
        for (const { db } of [first, second]) {
          const applied = await db.ownerTransaction(
            async (tx) =>
              (await tx.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY 1')).rows,
          );
          assert.deepEqual(
            applied.map((r) => r.version),
            versions,
          );
        }

        await first.db.ownerTransaction((tx) =>
          tx.query(
            `INSERT INTO organisations (slug, kind, name) VALUES ('only-in-first', 'association', '{"fi":"Vain ensimmäisessä"}')`,
          ),
        );
        const count = (db: typeof first.db) =>
          db.ownerTransaction(
            async (tx) =>
              (
                await tx.query<{ n: number }>(
                  `SELECT count(*)::int AS n FROM organisations WHERE slug = 'only-in-first'`,
                )
              ).rows[0]!.n,
          );
        assert.equal(await count(first.db), 1);
        assert.equal(await count(second.db), 0, 'what one suite writes is not in another');

        const third = await target.create();
        try {
          assert.equal(await count(third.db), 0, 'a later database starts clean too');
        } finally {
          await third.dispose();
        }

        const role = await second.db.transaction(
          PUBLIC_CONTEXT,
          async (tx) =>
            (
              await tx.query<{ who: string; bypass: boolean }>(
                'SELECT current_user AS who, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
              )
            ).rows[0]!,
        );
        assert.deepEqual(role, { who: APP_ROLE, bypass: false });
      } finally {
        await first.dispose();
        await second.dispose();
      }
    });
  });
}
