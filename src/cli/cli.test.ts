import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from './main.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import { makeOrganisation } from '../../test/support/fixtures.ts';
import {
  currentKeyring,
  defaultKeyFile,
  newKeyEntry,
  readSealed,
  useKeyring,
  writeSealed,
} from '../privacy/crypto.ts';

/** Runs the command line in-process against a data folder, capturing what it prints. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('vertaamo command line (embedded database)', () => {
  let dir: string;
  const saved = { ...process.env };

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vertaamo-cli-'));
    process.env.VERTAAMO_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
  });
  after(async () => {
    process.env = saved;
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(defaultKeyFile(dir), { force: true });
  });

  it('migrates a new data folder, then says it is up to date', async () => {
    const first = await run(['migrate']);
    assert.equal(first.code, 0);
    assert.match(first.out, /Applied: 001_foundation, 002_builtin_programmes/);
    const again = await run(['migrate']);
    assert.match(again.out, /up to date/);
  });

  it('creates a staff account with a role and prints a working API token', async () => {
    const setup = await openDatabase({ dataDir: dir });
    await migrate(setup);
    const org = await makeOrganisation(setup);
    await setup.close();

    const user = await run([
      'user',
      'create',
      '--email',
      'Admin@Example.fi',
      '--name',
      'Admin',
      '--password',
      'long enough password',
      '--org',
      org.slug,
      '--role',
      'admin',
    ]);
    assert.equal(user.code, 0, user.err);
    assert.match(user.out, /Created admin@example\.fi/);
    const token = await run([
      'token',
      'create',
      '--org',
      org.slug,
      '--role',
      'coordinator',
      '--label',
      'script',
    ]);
    assert.equal(token.code, 0, token.err);
    assert.match(token.out.trim(), /^vt_[A-Za-z0-9_-]{40,}$/);

    const db = await openDatabase({ dataDir: dir });
    const app = await buildApp({ db });
    const me = await app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token.out.trim()}` },
    });
    assert.deepEqual(me.json().roles, [{ organization_id: org.id, roles: ['coordinator'] }]);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@example.fi', password: 'long enough password' },
    });
    assert.equal(login.statusCode, 200);
    await app.close();
    await db.close();
  });

  it('lists an organisation’s tokens without their secrets and revokes one by id', async () => {
    const setup = await openDatabase({ dataDir: dir });
    await migrate(setup);
    const org = await makeOrganisation(setup);
    await setup.close();
    const made = await run([
      'token',
      'create',
      '--org',
      org.slug,
      '--role',
      'referrer',
      '--label',
      'lähetteet',
    ]);
    assert.equal(made.code, 0, made.err);
    const secret = made.out.trim();
    assert.equal(
      (await run(['token', 'create', '--org', org.slug, '--role', 'admin', '--days', '366'])).code,
      2,
      'no token lives longer than a year',
    );

    const list = await run(['token', 'list', '--org', org.slug]);
    assert.equal(list.code, 0, list.err);
    assert.ok(!list.out.includes(secret), 'the secret is never printed again');
    const line = list.out.split('\n').find((l) => l.includes('lähetteet'))!;
    assert.ok(line, list.out);
    assert.match(line, /referrer/);
    assert.match(line, /active/);
    assert.match(line, /command line/, 'no creator account: made on the command line');
    const id = /[0-9a-f-]{36}/.exec(line)![0];
    const expires = new Date(/expires (\S+)/.exec(line)![1]!).getTime();
    assert.ok(Math.abs(expires - (Date.now() + 90 * 86_400_000)) < 10 * 60_000, line);

    const db = await openDatabase({ dataDir: dir });
    const app = await buildApp({ db });
    try {
      const me = () => app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${secret}` } });
      assert.equal((await me()).statusCode, 200);
      await db.close();
      const revoked = await run(['token', 'revoke', id]);
      assert.equal(revoked.code, 0, revoked.err);
      assert.match(revoked.out, /Revoked/);
      assert.equal((await run(['token', 'revoke', id])).code, 1, 'revoked once');
      assert.equal((await run(['token', 'revoke', 'not-an-id'])).code, 2);
      const again = await openDatabase({ dataDir: dir });
      const app2 = await buildApp({ db: again });
      const after = await app2.inject({
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(after.statusCode, 401);
      assert.match((await run(['token', 'list', '--org', org.slug])).out, /revoked/);
      await app2.close();
      await again.close();
    } finally {
      await app.close();
    }
  });

  it('creates a top-level organisation from nothing, whose first admin can then sign in', async () => {
    const created = await run([
      'organisation',
      'create',
      '--slug',
      'kasvokkain-tampere',
      '--name',
      'Kasvokkain-hanke',
      '--name-sv',
      'Kasvokkain-projektet',
      '--kind',
      'project',
    ]);
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /Created organisation kasvokkain-tampere/);
    const again = await run(['organisation', 'create', '--slug', 'kasvokkain-tampere', '--name', 'X']);
    assert.equal(again.code, 1, 'a second organisation with the same slug is refused');
    assert.match(again.err, /already exists/);
    assert.equal((await run(['organisation', 'create', '--slug', 'Bad Slug', '--name', 'X'])).code, 2);
    assert.equal(
      (await run(['organisation', 'create', '--slug', 'ok', '--name', 'X', '--kind', 'club'])).code,
      2,
    );

    const admin = await run([
      'user',
      'create',
      '--email',
      'projekti@example.fi',
      '--name',
      'Projektipäällikkö',
      '--password',
      'long enough password',
      '--org',
      'kasvokkain-tampere',
      '--role',
      'admin',
    ]);
    assert.equal(admin.code, 0, admin.err);
    const db = await openDatabase({ dataDir: dir });
    const app = await buildApp({ db });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'projekti@example.fi', password: 'long enough password' },
    });
    assert.equal(login.statusCode, 200);
    const org = await app.inject({
      url: '/api/v1/organizations/kasvokkain-tampere',
      cookies: { vertaamo_session: login.cookies.find((c) => c.name === 'vertaamo_session')!.value },
    });
    assert.equal(org.statusCode, 200);
    assert.equal(org.json<{ kind: string }>().kind, 'project');
    assert.deepEqual(org.json<{ name: Record<string, string> }>().name, {
      fi: 'Kasvokkain-hanke',
      sv: 'Kasvokkain-projektet',
      en: 'Kasvokkain-hanke',
    });
    await app.close();
    await db.close();
  });

  it('keeps a data key beside the data folder, and rotate-keys moves every sealed value to a new key', async () => {
    const setup = await openDatabase({ dataDir: dir });
    await migrate(setup);
    const org = await makeOrganisation(setup);
    await setup.close();
    assert.equal((await run(['rotate-keys'])).code, 0);
    // The first command that opens the database made the key file (0600), outside the data folder.
    const keyFile = defaultKeyFile(dir);
    assert.equal((await fs.stat(keyFile)).mode & 0o777, 0o600);
    const k1 = (await fs.readFile(keyFile, 'utf8')).trim();

    const db = await openDatabase({ dataDir: dir });
    const appId = await db.ownerTransaction(async (tx) => {
      const g = await tx.query<{ id: string }>(
        `INSERT INTO groups (org_id, slug, name, description, how_to_join, mode)
         VALUES ($1, 'cli-intake', '{"fi":"Ryhmä","sv":"Grupp","en":"Group"}', '{"fi":"K","sv":"B","en":"D"}', 'application', 'remote') RETURNING id`,
        [org.id],
      );
      const a = await tx.query<{ id: string }>(
        `INSERT INTO applications (group_id, org_id, display_name, email, language, consent_at)
         VALUES ($1, $2, 'Hakija', 'h@example.fi', 'fi', now()) RETURNING id`,
        [g.rows[0]!.id, org.id],
      );
      const id = a.rows[0]!.id;
      await writeSealed(
        tx,
        { table: 'applications', id, orgId: org.id, field: 'facts' },
        { background: 'salainen' },
      );
      return id;
    });
    await db.close();

    const k2 = newKeyEntry('k2');
    process.env.VERTAAMO_DATA_KEYS = `${k2},${k1}`;
    const rotated = await run(['rotate-keys', '--batch', '1']);
    assert.equal(rotated.code, 0, rotated.err);
    assert.match(rotated.out, /Re-encrypted 1 values under the current key; 0 were already under it/);
    const again = await run(['rotate-keys']);
    assert.match(again.out, /Re-encrypted 0 values under the current key; 1 were already under it/);

    const before = currentKeyring();
    process.env.VERTAAMO_DATA_KEYS = k2; // the old key retired
    const reopened = await openDatabase({ dataDir: dir });
    try {
      assert.equal((await run(['rotate-keys'])).code, 0); // loads the keyring with k2 alone
      const facts = await reopened.ownerTransaction((tx) => readSealed(tx, 'applications', 'facts', [appId]));
      assert.deepEqual(facts.get(appId), { background: 'salainen' });
    } finally {
      await reopened.close();
      useKeyring(before);
      delete process.env.VERTAAMO_DATA_KEYS;
    }
    assert.equal((await run(['rotate-keys', '--batch', 'many'])).code, 2);
  });

  it('refuses to start in production without a data key', async () => {
    process.env.NODE_ENV = 'production';
    try {
      await assert.rejects(run(['rotate-keys']), /No data encryption key/);
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      if (saved.NODE_ENV === undefined) delete process.env.NODE_ENV;
    }
  });

  it('explains wrong usage with exit code 2', async () => {
    assert.equal((await run(['fly'])).code, 2);
    const badRole = await run(['token', 'create', '--org', 'x', '--role', 'king']);
    assert.equal(badRole.code, 2);
    assert.match(badRole.err, /--role must be one of/);
    assert.equal((await run(['token', 'create', '--role', 'admin'])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
  });
});
