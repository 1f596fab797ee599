/**
 * Special-category values are stored only as AES-256-GCM ciphertext, bound to their row,
 * under keys that live outside the database; rotation moves every value to the current key.
 */
import { execFileSync } from 'node:child_process';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import {
  currentKeyring,
  defaultKeyFile,
  holdsPublishedKey,
  loadKeyring,
  newKeyEntry,
  open,
  parseKeyring,
  readSealed,
  rotateKeys,
  seal,
  SealError,
  useKeyring,
  type SealedRef,
} from './crypto.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const K1 = newKeyEntry('k1');
const K2 = newKeyEntry('k2');

describe('sealing one value', () => {
  const keyring = parseKeyring(`${K1}`);
  const ref: SealedRef = {
    table: 'applications',
    id: '00000000-0000-4000-8000-000000000001',
    orgId: '00000000-0000-4000-8000-0000000000aa',
    field: 'facts',
  };
  const plain = Buffer.from('{"background":"lastensuojelun asiakkuus"}');

  it('opens what it sealed, with a fresh 96-bit nonce each time', () => {
    const a = seal(keyring, ref, plain);
    const b = seal(keyring, ref, plain);
    assert.equal(a.nonce.length, 12);
    assert.notDeepEqual(a.nonce, b.nonce);
    assert.notDeepEqual(a.ciphertext, b.ciphertext);
    assert.equal(a.key_id, 'k1');
    assert.ok(!a.ciphertext.includes(plain.subarray(0, 12)), 'no plaintext in the ciphertext');
    assert.deepEqual(open(keyring, ref, a), plain);
  });

  it('fails loudly on a tampered ciphertext, tag or nonce', () => {
    const s = seal(keyring, ref, plain);
    for (const at of [0, s.ciphertext.length - 1]) {
      const bad = Buffer.from(s.ciphertext);
      bad[at]! ^= 1;
      assert.throws(() => open(keyring, ref, { ...s, ciphertext: bad }), SealError);
    }
    const nonce = Buffer.from(s.nonce);
    nonce[0]! ^= 1;
    assert.throws(() => open(keyring, ref, { ...s, nonce }), SealError);
  });

  it('fails loudly when the value is read as another row, organisation or field', () => {
    const s = seal(keyring, ref, plain);
    for (const other of [
      { ...ref, id: '00000000-0000-4000-8000-000000000002' },
      { ...ref, orgId: '00000000-0000-4000-8000-0000000000bb' },
      { ...ref, table: 'registrations' as const, field: 'answers' as const },
    ])
      assert.throws(() => open(keyring, other, s), /does not authenticate/);
  });

  it('fails loudly under another key, or a key the keyring does not hold', () => {
    const s = seal(keyring, ref, plain);
    const impostor = parseKeyring(newKeyEntry('k1'));
    assert.throws(() => open(impostor, ref, s), SealError);
    assert.throws(() => open(parseKeyring(K2), ref, s), /no data key "k1"/);
  });

  it('reads a keyring as id:base64 entries, the first being current, and refuses bad ones', () => {
    const ring = parseKeyring(`${K2},\n${K1}`);
    assert.equal(ring.currentId, 'k2');
    assert.deepEqual([...ring.keys.keys()], ['k2', 'k1']);
    assert.throws(() => parseKeyring(''), /no data key/);
    assert.throws(() => parseKeyring('k1:c2hvcnQ='), /32 bytes/);
    assert.throws(() => parseKeyring(`${K1},${K1}`), /twice/);
    assert.throws(() => parseKeyring('no-colon'), /id:base64/);
  });
});

describe('where the keys come from', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vertaamo-keys-'));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('creates a key file beside (not inside) the data folder on first run, readable by the owner only', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await loadKeyring({}, { dataDir, production: false });
    assert.equal(first.created, true);
    assert.equal(first.source, defaultKeyFile(dataDir));
    assert.equal(path.dirname(first.source), dir, 'beside the data folder');
    assert.ok(!first.source.startsWith(`${dataDir}${path.sep}`), 'not inside it');
    assert.equal((await fs.stat(first.source)).mode & 0o777, 0o600);
    const again = await loadKeyring({}, { dataDir, production: false });
    assert.equal(again.created, false);
    assert.deepEqual(again.keyring.keys, first.keyring.keys, 'the same key on the next start');
  });

  it('takes VERTAAMO_DATA_KEYS or VERTAAMO_DATA_KEY_FILE before anything else', async () => {
    const env = await loadKeyring({ VERTAAMO_DATA_KEYS: `${K2},${K1}` }, { dataDir: dir, production: true });
    assert.equal(env.keyring.currentId, 'k2');
    const file = path.join(dir, 'ring');
    await fs.writeFile(file, `${K1}\n`);
    const fromFile = await loadKeyring({ VERTAAMO_DATA_KEY_FILE: file }, { dataDir: dir, production: true });
    assert.equal(fromFile.keyring.currentId, 'k1');
  });

  it('never creates a key inside a git checkout: the data folder in a checkout gets its key in the config folder', async () => {
    const checkout = path.join(dir, 'checkout');
    await fs.mkdir(checkout);
    execFileSync('git', ['init', '-q', checkout]);
    const config = path.join(dir, 'config');
    const dataDir = path.join(checkout, 'data');
    const made = await loadKeyring({ XDG_CONFIG_HOME: config }, { dataDir, production: false });
    assert.equal(made.created, true);
    assert.ok(made.source.startsWith(`${config}${path.sep}vertaamo${path.sep}keys${path.sep}`), made.source);
    assert.ok(!made.source.startsWith(`${checkout}${path.sep}`), 'not inside the checkout');
    assert.deepEqual(
      (await fs.readdir(checkout)).filter((name) => name.endsWith('.keys')),
      [],
      'nothing beside the data folder',
    );
    const again = await loadKeyring({ XDG_CONFIG_HOME: config }, { dataDir, production: false });
    assert.deepEqual(again.keyring.keys, made.keyring.keys, 'the same key on the next start');
    const other = await loadKeyring(
      { XDG_CONFIG_HOME: config },
      { dataDir: path.join(checkout, 'data2'), production: false },
    );
    assert.notEqual(other.source, made.source, 'another data folder gets a key of its own');
  });

  it('refuses a key file that git tracks', async () => {
    const checkout = path.join(dir, 'tracked');
    await fs.mkdir(checkout);
    execFileSync('git', ['init', '-q', checkout]);
    const file = path.join(checkout, 'data.keys');
    await fs.writeFile(file, `${K1}\n`);
    // Untracked, the file is read (an operator's explicit choice)...
    assert.equal(
      (await loadKeyring({ VERTAAMO_DATA_KEY_FILE: file }, { dataDir: dir, production: true })).keyring
        .currentId,
      'k1',
    );
    execFileSync('git', ['-C', checkout, 'add', 'data.keys']);
    // ...tracked, it is refused: every clone would have it.
    await assert.rejects(
      loadKeyring({ VERTAAMO_DATA_KEY_FILE: file }, { dataDir: dir, production: true }),
      /tracked by git/,
    );
  });

  it('never seals with the key once published in the repository, but still opens it to rotate', async () => {
    const published = 'k1:3Dy/Qe41vewysp7NDHHyUtYk2k5Y00InI6WU033Nc50=';
    await assert.rejects(
      loadKeyring({ VERTAAMO_DATA_KEYS: published }, { dataDir: dir, production: false }),
      /was published/,
    );
    const file = path.join(dir, 'old-ring');
    await fs.writeFile(file, `${published}\n`);
    await assert.rejects(
      loadKeyring({ VERTAAMO_DATA_KEY_FILE: file }, { dataDir: dir, production: false }),
      /was published/,
    );
    const rotating = await loadKeyring(
      { VERTAAMO_DATA_KEYS: `${K2},${published}` },
      { dataDir: dir, production: false },
    );
    assert.equal(rotating.keyring.currentId, 'k2');
    assert.ok(holdsPublishedKey(rotating.keyring), 'the start-up message asks to rotate');
    assert.ok(!holdsPublishedKey(parseKeyring(K1)));
  });

  it('refuses to run in production without a key', async () => {
    await assert.rejects(
      loadKeyring({}, { dataDir: path.join(dir, 'prod'), production: true }),
      /No data encryption key/,
    );
    await assert.rejects(
      fs.stat(defaultKeyFile(path.join(dir, 'prod'))),
      /ENOENT/,
      'and creates no key file',
    );
  });
});

for (const target of testDatabases()) {
  describe(`sealed values on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;
    let intake: { id: string };
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
        payload: groupBody(orgId, { how_to_join: 'application', capacity: null }),
      });
      intake = created.json();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${intake.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${intake.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
    });
    after(async () => {
      useKeyring(saved);
      await app.close();
      await dispose();
    });

    const apply = async (n: string, facts: object) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${intake.id}/applications`,
        payload: {
          display_name: `Hakija ${n}`,
          email: `hakija${n}@example.fi`,
          language: 'fi',
          consent: true,
          facts,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    const listed = async () => {
      const res = await app.inject({
        url: `/api/v1/groups/${intake.id}/applications`,
        headers: bearer(token),
      });
      assert.equal(res.statusCode, 200, res.body);
      return new Map(
        res.json<{ items: { id: string; facts: object }[] }>().items.map((i) => [i.id, i.facts]),
      );
    };
    /** Everything the database holds in these tables, as text and as bytes. */
    const rawDump = () =>
      db.ownerTransaction(async (tx) => {
        const text: string[] = [];
        for (const table of ['applications', 'registrations', 'sealed_values', 'data_access_log', 'outbox'])
          for (const r of (await tx.query<{ t: string }>(`SELECT t::text AS t FROM ${table} t`)).rows)
            text.push(r.t);
        const bytes = (
          await tx.query<{ c: Uint8Array }>('SELECT ciphertext AS c FROM sealed_values')
        ).rows.map((r) => Buffer.from(r.c));
        return { text: text.join('\n'), bytes };
      });

    it('stores the facts only as ciphertext apart from the row, and shows them to the coordinator', async () => {
      const secret = 'Lastensuojelun asiakkuus, sijoitus 2025';
      const id = await apply('a', { background: secret, area: 'Hervanta' });
      const raw = await rawDump();
      assert.ok(!raw.text.includes(secret), 'the plaintext is nowhere in the tables');
      assert.ok(!raw.text.includes('Hervanta'));
      assert.ok(!raw.bytes.some((b) => b.includes(Buffer.from('Lastensuojelu'))));
      assert.ok(!raw.text.includes(Buffer.from(secret).toString('hex')), 'nor its hex form');
      const row = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ facts: unknown; key_id: string }>(
              `SELECT a.facts, s.key_id FROM applications a JOIN sealed_values s ON s.application_id = a.id
               WHERE a.id = $1`,
              [id],
            )
          ).rows[0]!,
      );
      assert.deepEqual(row, { facts: {}, key_id: 'k1' });
      assert.deepEqual((await listed()).get(id), { background: secret, area: 'Hervanta' });
    });

    it('refuses a ciphertext moved onto another row, and a tampered one, instead of showing garbage', async () => {
      const a = await apply('m1', { background: 'ensimmäinen' });
      const b = await apply('m2', { background: 'toinen' });
      const swap = (from: string, to: string) =>
        db.ownerTransaction((tx) =>
          tx.query(
            `UPDATE sealed_values SET nonce = f.nonce, ciphertext = f.ciphertext
             FROM sealed_values f WHERE f.application_id = $1 AND sealed_values.application_id = $2`,
            [from, to],
          ),
        );
      const original = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ nonce: Uint8Array; ciphertext: Uint8Array }>(
              'SELECT nonce, ciphertext FROM sealed_values WHERE application_id = $1',
              [b],
            )
          ).rows[0]!,
      );
      await swap(a, b);
      const read = (id: string) =>
        db.transaction({ userId: null, orgIds: [orgId] }, (tx) =>
          readSealed(tx, 'applications', 'facts', [id]),
        );
      await assert.rejects(read(b), SealError);
      assert.equal(
        (await app.inject({ url: `/api/v1/groups/${intake.id}/applications`, headers: bearer(token) }))
          .statusCode,
        500,
      );

      await db.ownerTransaction((tx) =>
        tx.query(
          `UPDATE sealed_values SET nonce = $2, ciphertext = set_byte($3::bytea, 0, get_byte($3::bytea, 0) # 1)
           WHERE application_id = $1`,
          [b, Buffer.from(original.nonce), Buffer.from(original.ciphertext)],
        ),
      );
      await assert.rejects(read(b), /does not authenticate/);

      await db.ownerTransaction((tx) =>
        tx.query('UPDATE sealed_values SET nonce = $2, ciphertext = $3 WHERE application_id = $1', [
          b,
          Buffer.from(original.nonce),
          Buffer.from(original.ciphertext),
        ]),
      );
      assert.deepEqual((await read(b)).get(b), { background: 'toinen' });
    });

    it('rotates every value to the current key: afterwards the old key is not needed', async () => {
      const before = await listed();
      const sealedCount = await db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sealed_values')).rows[0]!.n,
      );
      assert.ok(sealedCount >= 3);

      // A value written before encryption existed: plaintext left in the row.
      const legacy = await apply('legacy', {});
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE applications SET facts = '{"background": "vanha selväkielinen"}' WHERE id = $1`, [
          legacy,
        ]),
      );

      useKeyring(parseKeyring(`${K2},${K1}`));
      const first = await rotateKeys(db, 2);
      assert.deepEqual(first, { rotated: sealedCount, current: 0, sealedLeftovers: 1 });
      const again = await rotateKeys(db, 2);
      assert.deepEqual(again, { rotated: 0, current: sealedCount + 1, sealedLeftovers: 0 }, 'idempotent');

      useKeyring(parseKeyring(K2)); // k1 is gone
      const after = await listed();
      for (const [id, facts] of before) assert.deepEqual(after.get(id), facts);
      assert.deepEqual(after.get(legacy), { background: 'vanha selväkielinen' });
      const raw = await rawDump();
      assert.ok(!raw.text.includes('vanha selväkielinen'), 'the leftover plaintext is gone from the row');
      const keyIds = await db.ownerTransaction(
        async (tx) => (await tx.query<{ key_id: string }>('SELECT DISTINCT key_id FROM sealed_values')).rows,
      );
      assert.deepEqual(keyIds, [{ key_id: 'k2' }]);

      useKeyring(parseKeyring(K1)); // only the retired key: nothing opens
      await assert.rejects(
        db.transaction({ userId: null, orgIds: [orgId] }, (tx) =>
          readSealed(tx, 'applications', 'facts', [...before.keys()]),
        ),
        /no data key "k2"/,
      );
      useKeyring(parseKeyring(K2));
    });

    it('stops a rotation loudly at a value that does not authenticate, leaving it as it was', async () => {
      const id = await apply('broken', { background: 'rikki' });
      await db.ownerTransaction((tx) =>
        tx.query(
          `UPDATE sealed_values SET key_id = 'k1', ciphertext = set_byte(ciphertext, 1, get_byte(ciphertext, 1) # 1)
           WHERE application_id = $1`,
          [id],
        ),
      );
      useKeyring(parseKeyring(`${K2},${K1}`));
      await assert.rejects(rotateKeys(db), SealError);
      const left = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ key_id: string }>('SELECT key_id FROM sealed_values WHERE application_id = $1', [
              id,
            ])
          ).rows[0]!.key_id,
      );
      assert.equal(left, 'k1');
      await db.ownerTransaction((tx) =>
        tx.query('DELETE FROM sealed_values WHERE application_id = $1', [id]),
      );
      useKeyring(parseKeyring(K2));
    });
  });
}
