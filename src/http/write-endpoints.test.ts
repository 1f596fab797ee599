/**
 * Every write endpoint in the OpenAPI document answers bad input with 400/422
 * problem+json naming a field, and the database is the same afterwards.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/** Row counts of every table: what "changes nothing" means here. */
async function snapshot(db: Database): Promise<Record<string, number>> {
  return db.ownerTransaction(async (tx) => {
    const { rows: tables } = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       ORDER BY table_name`,
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) {
      const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}"`);
      counts[table_name] = rows[0]!.n;
    }
    return counts;
  });
}

for (const target of testDatabases()) {
  describe(`every write endpoint on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let token: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
      const org = await makeOrganisation(db);
      token = await tokenFor(db, org.id, 'admin');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    it('answers a body with an unknown field, or of the wrong type, with problem+json and changes nothing', async () => {
      const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json<{
        paths: Record<string, Record<string, { requestBody?: unknown }>>;
      }>();
      const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([method, op]) => ['post', 'put', 'patch'].includes(method) && op.requestBody)
          .map(([method]) => ({ method: method.toUpperCase() as 'POST' | 'PUT' | 'PATCH', path })),
      );
      assert.ok(writes.length >= 15, `found ${writes.length} write endpoints`);
      const before = await snapshot(db);
      const failures: string[] = [];
      for (const { method, path } of writes) {
        const url = path.replace(/\{[^}]+\}/g, SOME_UUID);
        for (const payload of [{ not_a_field_of_anything: true }, ['not', 'an', 'object']]) {
          const res = await app.inject({ method, url, headers: bearer(token), payload });
          const type = String(res.headers['content-type'] ?? '');
          const body = res.json<{ errors?: { field: string }[] }>();
          if (
            ![400, 422].includes(res.statusCode) ||
            !type.startsWith('application/problem+json') ||
            !body.errors?.length ||
            !body.errors.every((e) => typeof e.field === 'string')
          ) {
            failures.push(
              `${method} ${path} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(await snapshot(db), before, 'nothing was written');
    });
  });
}
