import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dumpDataDir, openDatabase, type Database } from '../../src/db/database.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of its own; close it with `dispose`. */
  /** `url` is the connection string of a PostgreSQL test database (for tests that need a second connection) */
  create(): Promise<{ db: Database; dispose: () => Promise<void>; url?: string }>;
}

/**
 * Bump when the way a template is built changes, so that no old template is used again.
 */
const RECIPE = 1;

/** What a migrated database depends on: every migration file (name and checksum) and the recipe. */
async function migrationsKey(extra = ''): Promise<string> {
  const hash = createHash('sha256').update(`recipe ${RECIPE}\n${extra}\n`);
  for (const m of await loadMigrations()) hash.update(`${m.name} ${m.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** Where migrated PGlite data directories are kept between test processes (outside the repository). */
export const PGLITE_CACHE_DIR = path.join(os.tmpdir(), 'vertaamo-test-databases');

/** Cache files of other migration sets (other branches) not written for this long are removed. */
const CACHE_KEEP_MS = 3 * 24 * 3600 * 1000;

function pglitePackageJson(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return path.join(path.dirname(entry), '..', 'package.json');
}

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * A migrated PGlite data directory as an uncompressed tar: read from the cache folder when a
 * test process has already built one for these migrations and this PGlite, else built (a
 * fresh database, every migration) and written there for the next process. Once per process;
 * processes that miss at the same time each build it and the last rename wins (same content).
 */
function migratedPglite(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const { version } = JSON.parse(await fs.readFile(pglitePackageJson(), 'utf8')) as { version: string };
    const file = path.join(PGLITE_CACHE_DIR, `pglite-${await migrationsKey(`pglite ${version}`)}.tar`);
    try {
      return new Blob([await fs.readFile(file)]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const db = await openDatabase({ dataDir: null });
    let tar: Blob;
    try {
      await migrate(db);
      tar = await dumpDataDir(db);
    } finally {
      await db.close();
    }
    await fs.mkdir(PGLITE_CACHE_DIR, { recursive: true });
    await pruneCache(file);
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    await fs.writeFile(partial, Buffer.from(await tar.arrayBuffer()));
    await fs.rename(partial, file);
    return tar;
  })();
  // A failed build is tried again by the next suite rather than remembered.
  pgliteTemplate.catch(() => (pgliteTemplate = undefined));
  return pgliteTemplate;
}

/** Removes cache files (and partial writes) of other migration sets that nobody wrote for days. */
async function pruneCache(keep: string): Promise<void> {
  for (const name of await fs.readdir(PGLITE_CACHE_DIR)) {
    const full = path.join(PGLITE_CACHE_DIR, name);
    if (full === keep) continue;
    const stat = await fs.stat(full).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > CACHE_KEEP_MS) await fs.rm(full, { force: true });
  }
}

// Any constant works; it only has to be the same for every test process.
const TEMPLATE_LOCK = 7_411_906;

const templates = new Map<string, Promise<string>>();

/**
 * The name of a migrated template database on the server at `url`, created (under an
 * advisory lock, so once per server for these migrations) when it does not exist yet. It is
 * built under a second name and renamed when complete, so a half-built template is never used.
 * Templates are left on the server for the next run; other branches may be using theirs.
 */
function migratedTemplate(url: string): Promise<string> {
  let template = templates.get(url);
  if (!template) {
    template = (async () => {
      const name = `vertaamo_template_${await migrationsKey('postgres')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rowCount) {
          const building = `${name}_building`;
          await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
          await admin.query(`CREATE DATABASE ${building}`);
          const target = new URL(url);
          target.pathname = `/${building}`;
          const db = await openDatabase({ databaseUrl: target.toString(), poolSize: 1 });
          try {
            await migrate(db);
          } finally {
            await db.close();
          }
          await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
        }
      } finally {
        await admin.end(); // also releases the advisory lock
      }
      return name;
    })();
    // A failed build is tried again by the next suite rather than remembered.
    template.catch(() => templates.delete(url));
    templates.set(url, template);
  }
  return template;
}

/**
 * The databases every database test runs on: embedded PGlite always, and the real
 * PostgreSQL server named by TEST_DATABASE_URL when it is set. An unreachable server
 * fails the tests; it is never skipped.
 *
 * Every `create()` is a database of its own, fully migrated, and nothing one suite writes is
 * seen by another. Migrations run once rather than per suite: on PGlite each suite loads a copy
 * of one migrated data directory (cached on disk between test processes, see
 * `PGLITE_CACHE_DIR`); on PostgreSQL each suite's database is created from a migrated
 * template database (`CREATE DATABASE … TEMPLATE …`), which carries the same owners, grants,
 * row-level security and extensions (the roles are the server's own, shared by every database).
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'pglite',
      async create() {
        const db = await openDatabase({ dataDir: null, loadDataDir: await migratedPglite() });
        return { db, dispose: () => db.close() };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async create() {
        const template = await migratedTemplate(url);
        const dbName = `vertaamo_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
        } finally {
          await admin.end();
        }
        const target = new URL(url);
        target.pathname = `/${dbName}`;
        // Tests queue hundreds of requests on one seat lock while other test files share the two
        // cores: a request may wait longer than production's 5 s for a connection.
        const db = await openDatabase({
          databaseUrl: target.toString(),
          poolSize: 30,
          connectionTimeoutMs: 60_000,
        });
        return {
          db,
          url: target.toString(),
          async dispose() {
            await db.close();
            const again = new pg.Client({ connectionString: url });
            await again.connect();
            try {
              await again.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
            } finally {
              await again.end();
            }
          },
        };
      },
    });
  }
  return list;
}

/**
 * Everything every table of a database holds, each row as text, and the bytes of every
 * sealed value: for tests that prove a secret or special-category value is stored nowhere
 * in clear.
 */
export async function rawDatabase(db: Database): Promise<{ text: string; bytes: Buffer[] }> {
  return db.ownerTransaction(async (tx) => {
    const { rows: tables } = await tx.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const text: string[] = [];
    for (const { name } of tables)
      for (const r of (await tx.query<{ t: string }>(`SELECT t::text AS t FROM "${name}" t`)).rows)
        text.push(r.t);
    const bytes = (await tx.query<{ c: Uint8Array }>('SELECT ciphertext AS c FROM sealed_values')).rows.map(
      (r) => Buffer.from(r.c),
    );
    return { text: text.join('\n'), bytes };
  });
}
