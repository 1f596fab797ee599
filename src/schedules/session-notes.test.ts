/**
 * A session's notes for the facilitators (and its materials) are special-category data:
 * the database holds them only sealed, the API and the workspace session page still show
 * them, every write and every read of existing notes is in the audit log, key rotation
 * keeps them readable, and notes written in plain text before encryption are still shown
 * and get sealed.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { rawDatabase, testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { staffKit } from '../../test/support/staff.ts';
import { currentKeyring, newKeyEntry, parseKeyring, rotateKeys, useKeyring } from '../privacy/crypto.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const K1 = newKeyEntry('k1');
const K2 = newKeyEntry('k2');
const NOTE = 'Maija kertoi masennuksestaan, kysy vointia';
const MATERIAL = 'Tunnekortit, sentinelli-materiaali';

for (const target of testDatabases()) {
  describe(`sealed session notes on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;
    let sessions: string[];
    let kit: ReturnType<typeof staffKit>;
    let cookie: string;
    const saved = currentKeyring();

    before(async () => {
      useKeyring(parseKeyring(K1));
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, orgId, 'coordinator');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string }>();
      const scheduled = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=4', starts_local: '2026-12-01T18:00', duration_minutes: 90 },
      });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      sessions = (await app.inject({ url: `/api/v1/groups/${group.id}/sessions`, headers: bearer(token) }))
        .json<{ items: { id: string }[] }>()
        .items.map((s) => s.id);
      assert.equal(sessions.length, 4);
      kit = staffKit(app, db);
      cookie = await kit.signIn(await kit.person([[org, 'coordinator']]));
    });
    after(async () => {
      useKeyring(saved);
      await app.close();
      await dispose();
    });

    const readNotes = async (sessionId: string) => {
      const res = await app.inject({ url: `/api/v1/sessions/${sessionId}/notes`, headers: bearer(token) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ notes: string; materials: string }>();
    };
    const auditActions = async (sessionId: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ action: string; operation: string }>(
              `SELECT action, operation FROM data_access_log WHERE subject_id = $1 ORDER BY id`,
              [sessionId],
            )
          ).rows,
      );

    it('keeps the notes only sealed, and shows them in the API and on the workspace session page', async () => {
      const sessionId = sessions[0]!;
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${sessionId}/notes`,
        headers: bearer(token),
        payload: { notes: NOTE, materials: MATERIAL },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json<{ notes: string }>().notes, NOTE);

      const raw = await rawDatabase(db);
      for (const secret of [NOTE, MATERIAL, 'masennuksestaan', 'sentinelli']) {
        assert.ok(!raw.text.includes(secret), `"${secret}" is nowhere in the tables`);
        assert.ok(!raw.bytes.some((b) => b.includes(Buffer.from(secret))), 'nor in the sealed bytes');
      }
      const row = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ notes: string; materials: string; key_id: string; field: string }>(
              `SELECT n.notes, n.materials, s.key_id, s.field FROM session_notes n
               JOIN sealed_values s ON s.session_id = n.session_id WHERE n.session_id = $1`,
              [sessionId],
            )
          ).rows,
      );
      assert.deepEqual(row, [{ notes: '', materials: '', key_id: 'k1', field: 'notes' }]);

      assert.deepEqual(await readNotes(sessionId), {
        session_id: sessionId,
        notes: NOTE,
        materials: MATERIAL,
        updated_at: '2026-11-22T12:00:00+02:00',
      });
      const page = await kit.get(`/fi/staff/sessions/${sessionId}`, cookie);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.ok(page.body.includes(NOTE), 'the facilitators read the notes on the session page');
      assert.ok(page.body.includes(MATERIAL));

      assert.deepEqual(await auditActions(sessionId), [
        { action: 'session_notes.update', operation: 'update' },
        { action: 'session_notes.read', operation: 'read' },
        { action: 'session_notes.read', operation: 'read' },
      ]);
      // A session without notes has nothing to read, and no read is logged.
      assert.deepEqual(await readNotes(sessions[3]!), {
        session_id: sessions[3],
        notes: '',
        materials: '',
        updated_at: null,
      });
      assert.deepEqual(await auditActions(sessions[3]!), []);
    });

    it('keeps the notes readable through key rotation, with the old key retired', async () => {
      const sessionId = sessions[1]!;
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${sessionId}/notes`,
        headers: bearer(token),
        payload: { notes: 'Kierrätettävä muistiinpano' },
      });
      assert.equal(put.statusCode, 200, put.body);
      useKeyring(parseKeyring(`${K2},${K1}`));
      const result = await rotateKeys(db, 1);
      assert.ok(result.rotated >= 2, `rotated ${result.rotated}`);
      useKeyring(parseKeyring(K2));
      assert.equal((await readNotes(sessions[0]!)).notes, NOTE);
      assert.equal((await readNotes(sessionId)).notes, 'Kierrätettävä muistiinpano');
      const page = await kit.get(`/sv/staff/sessions/${sessions[0]}`, cookie);
      assert.ok(page.body.includes(NOTE));
      const keys = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ key_id: string }>(
              'SELECT DISTINCT key_id FROM sealed_values WHERE session_id IS NOT NULL',
            )
          ).rows,
      );
      assert.deepEqual(keys, [{ key_id: 'k2' }]);
    });

    it('shows notes left in plain text from before encryption, and seals them on the next save', async () => {
      const legacy = sessions[2]!;
      await db.ownerTransaction((tx) =>
        tx.query(`INSERT INTO session_notes (session_id, org_id, notes, materials) VALUES ($1, $2, $3, $4)`, [
          legacy,
          orgId,
          'Vanha selväkielinen muistiinpano',
          'Vanhat materiaalit',
        ]),
      );
      assert.equal((await readNotes(legacy)).notes, 'Vanha selväkielinen muistiinpano');
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${legacy}/notes`,
        headers: bearer(token),
        payload: { materials: 'Uudet materiaalit' },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(
        {
          notes: put.json<{ notes: string }>().notes,
          materials: put.json<{ materials: string }>().materials,
        },
        { notes: 'Vanha selväkielinen muistiinpano', materials: 'Uudet materiaalit' },
        'the notes not sent are kept',
      );
      const raw = await rawDatabase(db);
      assert.ok(!raw.text.includes('Vanha selväkielinen'), 'the plain text is gone from the row');
      assert.equal((await readNotes(legacy)).notes, 'Vanha selväkielinen muistiinpano');

      // A leftover nobody saves again is sealed by the start-up step and rotate-keys.
      await db.ownerTransaction((tx) =>
        tx.query(
          `INSERT INTO session_notes (session_id, org_id, notes) VALUES ($1, $2, 'Unohtunut selväkielinen')`,
          [sessions[3], orgId],
        ),
      );
      const rotation = await rotateKeys(db);
      assert.equal(rotation.sealedLeftovers, 1);
      assert.ok(!(await rawDatabase(db)).text.includes('Unohtunut selväkielinen'));
      assert.equal((await readNotes(sessions[3]!)).notes, 'Unohtunut selväkielinen');

      // Emptying the notes leaves nothing sealed; a deleted session takes its notes along.
      const emptied = await app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${legacy}/notes`,
        headers: bearer(token),
        payload: { notes: '', materials: '' },
      });
      assert.equal(emptied.statusCode, 200, emptied.body);
      const sealedOf = (id: string) =>
        db.ownerTransaction(
          async (tx) =>
            (
              await tx.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM sealed_values WHERE session_id = $1',
                [id],
              )
            ).rows[0]!.n,
        );
      assert.equal(await sealedOf(legacy), 0);
      assert.equal(await sealedOf(sessions[0]!), 1);
      await db.ownerTransaction((tx) => tx.query('DELETE FROM sessions WHERE id = $1', [sessions[0]]));
      assert.equal(await sealedOf(sessions[0]!), 0);
    });
  });
}
