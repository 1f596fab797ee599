import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ROLE, PUBLIC_CONTEXT, type Database } from './database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation } from '../../test/support/fixtures.ts';

// Tables the application role never touches at all.
const OWNER_ONLY = [
  'schema_migrations',
  'login_sessions',
  'login_failures',
  'subject_request_links',
  'subject_request_attempts',
  'webauthn_challenges',
  'password_reset_links',
  'password_attempts',
  'registration_attempts',
];

for (const target of testDatabases()) {
  describe(`row-level security on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let orgA: string;
    let orgB: string;
    let draftOfA: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      orgA = (await makeOrganisation(db)).id;
      orgB = (await makeOrganisation(db)).id;
      draftOfA = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO groups (org_id, slug, name, how_to_join) VALUES ($1, $2, '{"fi":"Luonnos"}', 'drop_in') RETURNING id`,
          [orgA, `draft-${orgA.slice(0, 8)}`],
        );
        return rows[0]!.id;
      });
    });
    after(() => dispose());

    it('forces row-level security with a policy on every table the application can reach', async () => {
      const tables = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ name: string; rls: boolean; forced: boolean; policies: number }>(
          `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                  (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
        );
        return rows;
      });
      assert.ok(tables.length > 20, 'the schema has its tables');
      const unprotected = tables.filter(
        (t) => !OWNER_ONLY.includes(t.name) && (!t.rls || !t.forced || t.policies === 0),
      );
      assert.deepEqual(unprotected, []);
    });

    it('runs the application as a role that cannot bypass row-level security or reach owner-only tables', async () => {
      const role = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
          'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
          [APP_ROLE],
        );
        return rows[0];
      });
      assert.deepEqual(role, { rolsuper: false, rolbypassrls: false });
      const current = await db.transaction(
        PUBLIC_CONTEXT,
        async (tx) => (await tx.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u,
      );
      assert.equal(current, APP_ROLE);
      for (const table of OWNER_ONLY) {
        await assert.rejects(
          db.transaction(PUBLIC_CONTEXT, (tx) => tx.query(`SELECT * FROM ${table}`)),
          (err: { code?: string }) => err.code === '42501',
          table,
        );
      }
    });

    it('fails closed when no organisation is in the context', async () => {
      const seen = await db.transaction(
        PUBLIC_CONTEXT,
        async (tx) => (await tx.query('SELECT id FROM groups WHERE id = $1', [draftOfA])).rows,
      );
      assert.deepEqual(seen, []);
      // Even with the setting never made at all (a code path that forgot the context):
      const bare = await db.ownerTransaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
        return (await tx.query('SELECT id FROM groups WHERE id = $1', [draftOfA])).rows;
      });
      assert.deepEqual(bare, []);
      await assert.rejects(
        db.transaction(PUBLIC_CONTEXT, (tx) =>
          tx.query(
            `INSERT INTO groups (org_id, slug, name, how_to_join) VALUES ($1, 'sneaky', '{"fi":"x"}', 'drop_in')`,
            [orgA],
          ),
        ),
        (err: { code?: string }) => err.code === '42501',
      );
    });

    it("shows an organisation its own drafts and never another's", async () => {
      const asA = await db.transaction(
        { userId: null, orgIds: [orgA] },
        async (tx) => (await tx.query('SELECT id FROM groups WHERE id = $1', [draftOfA])).rows.length,
      );
      assert.equal(asA, 1);
      const asB = await db.transaction(
        { userId: null, orgIds: [orgB] },
        async (tx) => (await tx.query('SELECT id FROM groups WHERE id = $1', [draftOfA])).rows.length,
      );
      assert.equal(asB, 0);
      const changed = await db.transaction(
        { userId: null, orgIds: [orgB] },
        async (tx) => (await tx.query(`UPDATE groups SET capacity = 1 WHERE id = $1`, [draftOfA])).rowCount,
      );
      assert.equal(changed, 0);
      await assert.rejects(
        db.transaction({ userId: null, orgIds: [orgB] }, (tx) =>
          tx.query(
            `INSERT INTO groups (org_id, slug, name, how_to_join) VALUES ($1, 'planted', '{"fi":"x"}', 'drop_in')`,
            [orgA],
          ),
        ),
        (err: { code?: string }) => err.code === '42501',
      );
    });

    it('keeps the change history append-only for the application', async () => {
      await db.transaction({ userId: null, orgIds: [orgA] }, (tx) =>
        tx.query(
          `INSERT INTO group_events (group_id, org_id, actor_label, action) VALUES ($1, $2, 'test', 'created')`,
          [draftOfA, orgA],
        ),
      );
      for (const statement of [
        'UPDATE group_events SET action = $2 WHERE group_id = $1',
        "DELETE FROM group_events WHERE group_id = $1 AND $2 <> ''",
      ]) {
        await assert.rejects(
          db.transaction({ userId: null, orgIds: [orgA] }, (tx) => tx.query(statement, [draftOfA, 'forged'])),
          (err: { code?: string }) => err.code === '42501',
          statement,
        );
      }
    });

    it('refuses a malformed access context instead of guessing', async () => {
      await assert.rejects(
        db.transaction({ userId: null, orgIds: ["x'; DROP TABLE groups; --"] }, async () => 1),
        /malformed/,
      );
    });
  });
}
