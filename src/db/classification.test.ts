/**
 * Every column of the schema is classified (src/db/classification.ts): a migration that adds
 * a column without saying what it holds fails here, and so does a stale entry.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from './database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { CLASSIFICATION, SPECIAL_TABLES } from './classification.ts';

describe('data classification', () => {
  const target = testDatabases()[0]!; // one schema, the same migrations on both databases
  let db: Database;
  let dispose: () => Promise<void>;
  let columns: string[];

  before(async () => {
    ({ db, dispose } = await target.create());
    columns = await db.ownerTransaction(async (tx) =>
      (
        await tx.query<{ name: string }>(
          `SELECT c.table_name || '.' || c.column_name AS name
             FROM information_schema.columns c JOIN pg_tables t
               ON t.tablename = c.table_name AND t.schemaname = c.table_schema
             WHERE c.table_schema = 'public' ORDER BY 1`,
        )
      ).rows.map((r) => r.name),
    );
  });
  after(() => dispose());

  const classified = () =>
    Object.entries(CLASSIFICATION)
      .flatMap(([table, cols]) => Object.keys(cols).map((c) => `${table}.${c}`))
      .sort();

  it('classifies every column of every table', () => {
    assert.ok(columns.length > 200, `found ${columns.length} columns`);
    const missing = columns.filter((c) => !classified().includes(c));
    assert.deepEqual(missing, [], 'add these to src/db/classification.ts');
  });

  it('names no column that does not exist', () => {
    const stale = classified().filter((c) => !columns.includes(c));
    assert.deepEqual(stale, []);
  });

  it('treats registrations, attendance, answers and referral data as special', () => {
    for (const table of ['registrations', 'applications', 'session_participants', 'referral_codes', 'outbox'])
      assert.ok(SPECIAL_TABLES.includes(table), table);
    assert.equal(CLASSIFICATION.registrations!.answers, 'special');
    assert.equal(CLASSIFICATION.applications!.facts, 'special');
  });
});
