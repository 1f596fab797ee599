/**
 * The migration runner keeps a checksum of every migration it applied and refuses to go on
 * when a landed migration's file was changed (issue 13): the database would no longer be
 * what the files say.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from './database.ts';
import {
  ChangedMigrationError,
  loadMigrations,
  migrate,
  migrationChecksum,
  type Migration,
} from './migrate.ts';
import { testDatabases } from '../../test/support/databases.ts';

for (const target of testDatabases()) {
  describe(`migration checksums on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let files: Migration[];
    before(async () => {
      ({ db, dispose } = await target.create());
      files = await loadMigrations();
    });
    after(() => dispose());

    const recorded = () =>
      db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ version: string; checksum: string | null }>(
          'SELECT version, checksum FROM schema_migrations ORDER BY version',
        );
        return rows;
      });

    it('records the checksum of every applied migration and applies nothing twice', async () => {
      assert.deepEqual(
        await recorded(),
        files.map((m) => ({ version: m.version, checksum: m.checksum })),
      );
      assert.deepEqual(await migrate(db), [], 'up to date');
    });

    it('refuses a migration whose file changed after it was applied, and applies nothing after it', async () => {
      const edited = files.map((m, i) =>
        i === 2
          ? { ...m, sql: `${m.sql}\n-- edited`, checksum: migrationChecksum(`${m.sql}\n-- edited`) }
          : m,
      );
      const extra: Migration = {
        version: '999',
        name: '999_never_applied',
        sql: 'CREATE TABLE never_applied (id int)',
        checksum: migrationChecksum('CREATE TABLE never_applied (id int)'),
      };
      await assert.rejects(migrate(db, [...edited, extra]), (err: unknown) => {
        assert.ok(err instanceof ChangedMigrationError);
        assert.match(err.message, new RegExp(`Migration ${files[2]!.name} was changed after it was applied`));
        return true;
      });
      const exists = await db.ownerTransaction(
        async (tx) =>
          (await tx.query(`SELECT to_regclass('never_applied') AS t`)).rows[0] as { t: string | null },
      );
      assert.equal(exists.t, null, 'the newer migration was not applied');
    });

    it('refuses a migration renamed under an applied version', async () => {
      const renamed = files.map((m, i) => (i === 1 ? { ...m, name: `${m.version}_renamed` } : m));
      await assert.rejects(migrate(db, renamed), ChangedMigrationError);
    });

    it('takes the same file with Windows line endings as unchanged', async () => {
      const crlf = files.map((m) => ({ ...m, checksum: migrationChecksum(m.sql.replace(/\n/g, '\r\n')) }));
      assert.deepEqual(await migrate(db, crlf), []);
    });

    it('gives migrations applied before checksums were kept the checksum of their file', async () => {
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE schema_migrations SET checksum = NULL WHERE version = '001'`),
      );
      assert.deepEqual(await migrate(db), []);
      assert.equal((await recorded())[0]!.checksum, files[0]!.checksum);
    });
  });
}
