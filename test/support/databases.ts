import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of its own; close it with `dispose`. */
  /** `url` is the connection string of a PostgreSQL test database (for tests that need a second connection) */
  create(): Promise<{ db: Database; dispose: () => Promise<void>; url?: string }>;
}

/**
 * The databases every database test runs on: embedded PGlite always, and the real
 * PostgreSQL server named by TEST_DATABASE_URL when it is set. An unreachable server
 * fails the tests; it is never skipped.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'pglite',
      async create() {
        const db = await openDatabase({ dataDir: null });
        await migrate(db);
        return { db, dispose: () => db.close() };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async create() {
        const dbName = `vertaamo_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${dbName}`);
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
        await migrate(db);
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
