/**
 * PostgreSQL restarted under load. A private PostgreSQL 15 server is started for this test
 * alone (the machine's shared server is used by other tests at the same time), the real
 * `vertaamo serve` process runs against it, and several clients keep registering while the
 * database is stopped and started again. The process must stay up, answer the outage with
 * 503 problem+json and Retry-After (never 500, never hang), report healthy again within 10 s
 * of the database being back, and after every unacknowledged request is retried with its
 * Idempotency-Key the database must hold exactly the acknowledged registrations.
 *
 * Runs when TEST_DATABASE_URL is set (as in CI); otherwise it is reported as skipped.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from './app.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENTS = 4;

const skip = process.env.TEST_DATABASE_URL
  ? false
  : 'needs PostgreSQL: set TEST_DATABASE_URL (CI does) to run the restart test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a PostgreSQL tool as the postgres user (initdb and the server refuse to run as root). */
async function asPostgres(tool: string, args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]]
    : [path.join(BIN, tool), args];
  const { stdout } = await run(cmd, argv, { timeout: 60_000 });
  return stdout;
}

interface Outcome {
  key: string;
  status: number | 'error';
  id?: string;
  detail: string;
  retryAfter?: string;
  problem?: boolean;
}

describe('PostgreSQL restarted under load', () => {
  const name = 'stays up, answers 503 while the database is away, recovers, and loses or doubles nothing';
  if (skip) {
    // Reported as skipped with the reason, never as a silent pass.
    it(name, { skip }, () => {});
    return;
  }
  let dir: string;
  let pgPort: number;
  let httpPort: number;
  let dbUrl: string;
  let server: ChildProcess | undefined;
  let exited: { code: number | null; signal: string | null } | null = null;
  let serverLog = '';
  let groupId: string;
  let pgStarted = false;

  const base = () => `http://127.0.0.1:${httpPort}`;
  const pgCtl = (...args: string[]) =>
    asPostgres('pg_ctl', ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', ...args]);

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vertaamo-restart-'));
    if (process.getuid?.() === 0) await run('chown', ['postgres:postgres', dir]);
    pgPort = await freePort();
    httpPort = await freePort();
    await asPostgres('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await pgCtl('-o', `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
    pgStarted = true;
    dbUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;

    // Migrate and set up a published group open for registration.
    const db = await openDatabase({ databaseUrl: dbUrl });
    try {
      await migrate(db);
      const app = await buildApp({ db });
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const call = async (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') => {
        const res = await app.inject({ method, url, headers: bearer(token), payload });
        assert.ok(res.statusCode < 300, res.body);
        return res.json<{ id: string }>();
      };
      groupId = (await call('/api/v1/groups', groupBody(org.id, { how_to_join: 'registration' }))).id;
      await call(`/api/v1/groups/${groupId}/remote-details`, { url: 'https://meet.example.fi/x' }, 'PUT');
      await call(`/api/v1/groups/${groupId}/lifecycle`, { action: 'publish' });
      await app.close();
    } finally {
      await db.close();
    }

    // The real server, as operators run it.
    server = spawn(process.execPath, [path.join(ROOT, 'bin/vertaamo.js'), 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        PORT: String(httpPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SMTP_URL: '',
        // The clients are many different people: the test speaks for them as a proxy on
        // this machine would (each key its own address), so the per-client limits hold.
        TRUST_PROXY: 'loopback',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => void (serverLog += d.toString()));
    server.stderr!.on('data', (d: Buffer) => void (serverLog += d.toString()));
    server.on('exit', (code, signal) => void (exited = { code, signal }));
    for (let i = 0; ; i++) {
      assert.equal(exited, null, `the server exited while starting:\n${serverLog}`);
      const ok = await fetch(`${base()}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      assert.ok(i < 300, `the server did not start:\n${serverLog}`);
      await sleep(100);
    }
  });

  after(async () => {
    if (server && exited === null) {
      server.kill('SIGTERM');
      await Promise.race([new Promise((r) => server!.once('exit', r)), sleep(5000)]);
      if (exited === null) server.kill('SIGKILL');
    }
    if (pgStarted) await pgCtl('-m', 'immediate', 'stop').catch(() => {});
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const clientOf = (key: string) => {
    const h = createHash('sha256').update(key).digest();
    return `10.${h[0]}.${h[1]}.${h[2]}`;
  };

  async function register(key: string): Promise<Outcome> {
    try {
      const res = await fetch(`${base()}/api/v1/groups/${groupId}/registrations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-forwarded-for': clientOf(key),
        },
        body: JSON.stringify({
          display_name: `Osallistuja ${key}`,
          email: `${key}@example.fi`,
          language: 'fi',
          consent: true,
        }),
        // A hung request is a failure: nothing may wait longer than this.
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      const body = (() => {
        try {
          return JSON.parse(text) as { id?: string };
        } catch {
          return {};
        }
      })();
      return {
        key,
        status: res.status,
        id: res.ok ? body.id : undefined,
        detail: text.slice(0, 200),
        retryAfter: res.headers.get('retry-after') ?? undefined,
        problem: (res.headers.get('content-type') ?? '').startsWith('application/problem+json'),
      };
    } catch (err) {
      return { key, status: 'error', detail: String((err as Error).cause ?? err) };
    }
  }

  it(name, async () => {
    const outcomes: Outcome[] = [];
    let loading = true;
    let n = 0;
    const client = async (c: number) => {
      while (loading) {
        outcomes.push(await register(`c${c}-${n++}`));
        await sleep(20);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    await sleep(1500);
    const beforeStop = outcomes.length;
    await pgCtl('-m', 'fast', 'stop');
    await sleep(2000); // an outage long enough for requests to arrive while it lasts
    const duringOutage = outcomes.slice(beforeStop);
    await pgCtl('-o', `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
    const back = Date.now();
    let healthyAfter: number | null = null;
    while (Date.now() - back < 10_000) {
      const res = await fetch(`${base()}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
      if (res?.status === 200) {
        healthyAfter = Date.now() - back;
        break;
      }
      await sleep(100);
    }
    await sleep(1500); // keep loading after recovery
    loading = false;
    await Promise.all(clients);

    assert.equal(exited, null, `the server process exited:\n${serverLog}`);
    assert.ok(healthyAfter !== null, '/healthz answers 200 within 10 s of PostgreSQL being back');

    const acked = outcomes.filter((o) => typeof o.status === 'number' && o.status < 300);
    const refused = outcomes.filter((o) => !(typeof o.status === 'number' && o.status < 300));
    assert.ok(acked.length > 20, `registrations went through before and after (${acked.length})`);
    assert.ok(
      refused.length > 0 && duringOutage.some((o) => o.status === 503),
      `requests arrived during the outage and were refused (${refused.length})`,
    );
    const wrong = refused.filter((o) => o.status !== 503 || !o.problem || o.retryAfter === undefined);
    assert.deepEqual(
      wrong.map((o) => `${o.key} → ${o.status} ${o.retryAfter ?? '(no Retry-After)'} ${o.detail}`),
      [],
      'every refusal is 503 problem+json with Retry-After',
    );

    // Retry every unacknowledged request with its own key: each now registers once.
    for (const o of refused) {
      const again = await register(o.key);
      assert.ok(typeof again.status === 'number' && again.status < 300, `${o.key}: ${again.detail}`);
      acked.push(again);
    }
    // And an acknowledged one repeated gives back the same registration.
    const repeat = await register(acked[0]!.key);
    assert.equal(repeat.status, 200, repeat.detail);
    assert.equal(repeat.id, acked[0]!.id);

    const check = await openDatabase({ databaseUrl: dbUrl });
    try {
      const rows = await check.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ id: string; idempotency_key: string }>(
          'SELECT id, idempotency_key FROM registrations WHERE group_id = $1',
          [groupId],
        );
        return rows;
      });
      const stored = new Map(rows.map((r) => [r.idempotency_key, r.id]));
      assert.equal(rows.length, stored.size, 'no key registered twice');
      const expected = new Map(acked.map((o) => [o.key, o.id]));
      assert.equal(expected.size, outcomes.length, 'every request ends acknowledged');
      assert.deepEqual(
        [...stored.entries()].sort(),
        [...expected.entries()].sort(),
        'exactly the acknowledged registrations',
      );
    } finally {
      await check.close();
    }
    console.log(
      `restart: ${outcomes.length} requests, ${refused.length} refused with 503 and retried, healthy ${healthyAfter} ms after PostgreSQL was back`,
    );
  });
});
