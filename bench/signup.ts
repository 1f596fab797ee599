/**
 * Signup storm on PostgreSQL: 2,000 registration attempts over 100 groups arriving at random
 * within BENCH_SECONDS (default 20, a third of the 60 s the target allows), each sent when
 * it arrives whatever is still in flight; popular groups are hit hardest.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:signup
 *
 * Counts every answer (201 seat or waiting list, 409 full; anything else is an error) and
 * checks afterwards that no group has more confirmed registrations than seats.
 * Options: BENCH_ATTEMPTS (2000), BENCH_GROUPS (100), BENCH_SECONDS (20).
 *
 * Burst (BENCH_BURST=1): every attempt is sent at the same moment instead, as when a popular
 * group's registration opens; the target is 0 errors (requests wait in line on the server):
 *
 *   BENCH_BURST=1 BENCH_GROUPS=1 BENCH_ATTEMPTS=1000 npm run bench:signup     # one group
 *   BENCH_BURST=1 BENCH_GROUPS=100 BENCH_ATTEMPTS=3000 npm run bench:signup   # 100 groups
 */
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createApiToken, systemActor } from '../src/accounts/service.ts';
import { createOrganisation } from '../src/organisations/service.ts';
import { random } from './catalogue.ts';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 2000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BURST = process.env.BENCH_BURST === '1';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL server');
  const name = `vertaamo_signup_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(base);
  target.pathname = `/${name}`;
  const url = target.toString();
  const port = 20000 + Math.floor(Math.random() * 20000);
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrate(db);
    const org = await db.ownerTransaction((tx) =>
      createOrganisation(tx, systemActor([]), {
        slug: 'signup-bench',
        kind: 'association',
        name: { fi: 'Kuormitustesti', sv: 'Belastningstest', en: 'Load test' },
      }),
    );
    const { token } = await db.ownerTransaction((tx) =>
      createApiToken(tx, { orgId: org.id, role: 'coordinator', label: 'bench', createdBy: null }),
    );
    await db.close();

    child = spawn(process.execPath, ['bin/vertaamo.js', 'serve'], {
      // Each simulated person has an address of their own, told by a "proxy" on this machine,
      // so the per-client registration limits see many people, as in a real rush.
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'loopback',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('is running at')) resolve();
      });
      child!.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
    const api = `http://127.0.0.1:${port}/api/v1`;
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    };
    const rnd = random(7);
    const groupIds: string[] = [];
    const capacities = new Map<string, number>();
    for (let i = 0; i < GROUPS; i++) {
      const capacity = 8 + Math.floor(rnd() * 12);
      const g = await call('POST', '/groups', {
        organization_id: org.id,
        name: { fi: `Ryhmä ${i}`, sv: `Grupp ${i}`, en: `Group ${i}` },
        description: { fi: 'Kuormitustestin ryhmä.' },
        how_to_join: 'registration',
        capacity,
        waitlist_capacity: 10,
        mode: 'remote',
      });
      await call('PUT', `/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/groups/${g.id}/lifecycle`, { action: 'publish' });
      groupIds.push(g.id);
      capacities.set(g.id, capacity);
    }

    // Popular groups get most attempts (a Zipf-like skew), as when a season's list goes out.
    const pick = () => groupIds[Math.min(groupIds.length - 1, Math.floor(groupIds.length * rnd() ** 2.5))]!;
    const agent = new http.Agent({ keepAlive: true });
    const latencies: number[] = [];
    const outcomes = new Map<number, number>();
    const post = (groupId: string, i: number) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({
          display_name: `Osallistuja ${i}`,
          email: `p${i}@example.fi`,
          language: 'fi',
          consent: true,
        });
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: `/api/v1/groups/${groupId}/registrations`,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // Arrival times: uniform at random within the window (a Poisson process, sorted).
    // A burst: all at once.
    const arrivals = Array.from({ length: ATTEMPTS }, () => (BURST ? 0 : rnd() * SECONDS * 1000)).sort(
      (a, b) => a - b,
    );
    const load = os.loadavg();
    let inFlight = 0;
    let maxInFlight = 0;
    const started = performance.now();
    await Promise.all(
      arrivals.map(async (at, i) => {
        const wait = at - (performance.now() - started);
        if (!BURST && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const t0 = performance.now();
        const status = await post(pick(), i).catch(() => 0);
        inFlight--;
        latencies.push(performance.now() - t0);
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ group_id: string; confirmed: number; waitlisted: number }>(
      `SELECT group_id, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
       FROM registrations GROUP BY group_id`,
    );
    await check.end();
    const overbooked = rows.filter((r) => r.confirmed > capacities.get(r.group_id)!).length;
    const errors = [...outcomes].filter(([s]) => s !== 201 && s !== 409).reduce((n, [, c]) => n + c, 0);
    latencies.sort((a, b) => a - b);
    const cpu = os.cpus();
    console.log(
      BURST
        ? `\nVertaamo signup burst — PostgreSQL, every attempt sent at once`
        : `\nVertaamo signup storm — PostgreSQL, arrivals at random within ${SECONDS} s`,
    );
    console.log(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average before ${load.map((l) => l.toFixed(2)).join(' ')}`,
    );
    console.log(
      `${ATTEMPTS} attempts over ${GROUPS} groups (8–19 seats, waiting lists of 10) in ${seconds.toFixed(1)} s; at most ${maxInFlight} in flight at once\n`,
    );
    console.log(
      '| attempts | seconds | per s | p50 ms | p90 ms | p99 ms | max ms | 201 | 409 | errors | overbooked groups |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${ATTEMPTS} | ${seconds.toFixed(1)} | ${Math.round(ATTEMPTS / seconds)} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 90).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${latencies.at(-1)!.toFixed(1)} | ${outcomes.get(201) ?? 0} | ${outcomes.get(409) ?? 0} | ${errors} | ${overbooked} |`,
    );
    if (errors > 0 || overbooked > 0) process.exitCode = 1;
  } finally {
    if (child) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    const again = new pg.Client({ connectionString: base });
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  }
}

await main();
