import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every Vertaamo instance.
const MIGRATION_LOCK = 7_411_905;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  /** SHA-256 of the file's text (line endings as LF), recorded when it is applied */
  checksum: string;
}

/** A migration whose file changed after it was applied: landed migrations are never edited. */
export class ChangedMigrationError extends Error {
  override name = 'ChangedMigrationError';
}

export const migrationChecksum = (sql: string) =>
  createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await fs.readFile(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 3),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: migrationChecksum(sql),
      };
    }),
  );
}

/**
 * Applies every migration not yet applied, each in its own transaction, under an advisory
 * lock so that several instances starting at once apply each migration exactly once.
 * Every applied migration's checksum is recorded; a migration whose file no longer matches
 * it stops the run (`ChangedMigrationError`) before anything newer is applied, since the
 * database would no longer be what the files say. Rows applied before checksums were kept
 * get the file's checksum on the first run that sees them.
 * Returns the names of the migrations it applied.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const list = migrations ?? (await loadMigrations());
  const applied: string[] = [];
  for (const m of list) {
    const done = await db.ownerTransaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      await tx.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
      const { rows } = await tx.query<{ name: string; checksum: string | null }>(
        'SELECT name, checksum FROM schema_migrations WHERE version = $1',
        [m.version],
      );
      const row = rows[0];
      if (row) {
        if (row.checksum === null) {
          await tx.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1', [
            m.version,
            m.checksum,
          ]);
        } else if (row.checksum !== m.checksum || row.name !== m.name) {
          throw new ChangedMigrationError(
            `Migration ${m.name} was changed after it was applied (applied as ${row.name}, checksum ${row.checksum.slice(0, 12)}, ` +
              `the file is ${m.checksum.slice(0, 12)}): never edit a landed migration, add a new one.`,
          );
        }
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
