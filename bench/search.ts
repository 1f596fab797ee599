/**
 * Search benchmark on PostgreSQL with a national catalogue (about 30,000 groups in every
 * municipality, a year of sessions each).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:search
 *
 * 1. builds a fresh database and the catalogue (bench/catalogue.ts);
 * 2. runs Vertaamo in a child process and sends a mix of typical finder searches from
 *    BENCH_CLIENTS (default 32) concurrent keep-alive HTTP clients for BENCH_SECONDS (default 20);
 * 3. records the SQL each of those searches runs, and replays exactly those statements
 *    (same transaction, role and context) straight against PostgreSQL from the same number
 *    of connections, as the ceiling the HTTP figure is compared with.
 * Options: BENCH_GROUPS (default 30000), BENCH_KEEP=1 keeps the database, BENCH_REUSE=<name>
 * measures again on a database kept earlier (no rebuild).
 */
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  contextStatement,
  openDatabase,
  PUBLIC_CONTEXT,
  type Database,
  type Tx,
} from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { generateCatalogue, municipalityPoint } from './catalogue.ts';
import { MUNICIPALITIES } from './municipalities.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 30_000);

/** Typical searches of the finder, spread over the country. */
function typicalSearches(): string[] {
  const urls: string[] = [];
  const pick = (i: number) => MUNICIPALITIES[(i * 37) % MUNICIPALITIES.length]!;
  for (let i = 0; i < 40; i++) {
    const m = encodeURIComponent(pick(i));
    const point = municipalityPoint((i * 37) % MUNICIPALITIES.length);
    urls.push(
      [
        `/api/v1/groups?q=vertaisryhm%C3%A4&municipality=${m}`,
        `/api/v1/groups?q=omaiset`,
        `/api/v1/groups?municipality=${m}`,
        `/api/v1/groups?q=vauvaperheet&free=true`,
        `/api/v1/groups?near=${point.lat.toFixed(3)},${point.lon.toFixed(3)}&radius_km=25`,
        `/api/v1/groups?audience=relatives&weekday=tue,wed&municipality=${m}`,
        `/api/v1/groups?q=vertaisryma`,
        `/api/v1/groups?q=anh%C3%B6riga&language=sv`,
        `/api/v1/groups?theme=grief&join=drop_in`,
        `/api/v1/groups?q=lesket&starts_within_days=30`,
      ][i % 10]!,
    );
  }
  return urls;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(latencies: number[], errors: number, seconds: number) {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function httpLoad(port: number, urls: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await get(urls[next++ % urls.length]!).catch(() => 0);
        if (status === 200) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  agent.destroy();
  return summary(latencies, errors, (performance.now() - started) / 1000);
}

/** Wraps a database so every statement of every transaction is written down. */
function recording(db: Database, log: { text: string; params: unknown[] }[]): Database {
  const wrap =
    <T>(fn: (tx: Tx) => Promise<T>) =>
    (tx: Tx) =>
      fn({
        query: (text, params) => {
          log.push({ text, params: [...(params ?? [])] });
          return tx.query(text, params);
        },
        exec: (script) => tx.exec(script),
      });
  return {
    kind: db.kind,
    transaction: (ctx, fn) => db.transaction(ctx, wrap(fn)),
    ownerTransaction: (fn) => db.ownerTransaction(wrap(fn)),
    ping: () => db.ping(),
    load: () => db.load(),
    close: () => db.close(),
  };
}

/** Plain objects go as JSON, as the application's database module sends them. */
const wire = (params: unknown[]) =>
  params.map((p) =>
    p !== null && typeof p === 'object' && !Array.isArray(p) && !(p instanceof Date) ? JSON.stringify(p) : p,
  );

async function directLoad(url: string, transactions: { text: string; params: unknown[] }[][]) {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() < deadline) {
          const statements = transactions[next++ % transactions.length]!;
          const t0 = performance.now();
          try {
            // The same opening as the application's: BEGIN with the public context, one round trip.
            await client.query(`BEGIN; ${contextStatement(PUBLIC_CONTEXT)}`);
            for (const s of statements) await client.query(s.text, wire(s.params));
            await client.query('COMMIT');
            latencies.push(performance.now() - t0);
          } catch {
            errors++;
            await client.query('ROLLBACK').catch(() => {});
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  return summary(latencies, errors, (performance.now() - started) / 1000);
}

async function main() {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base)
    throw new Error(
      'Set BENCH_DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `vertaamo_bench_${randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const target = new URL(base);
  target.pathname = `/${name}`;
  const url = target.toString();
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrate(db);
    const t0 = performance.now();
    const built = reuse
      ? await db.ownerTransaction(async (tx) => ({
          groups: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM groups')).rows[0]!.n,
          sessions: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]!.n,
        }))
      : await generateCatalogue(db, { groups: GROUPS, organisations: 60 });
    const buildSeconds = reuse ? 'earlier' : `${((performance.now() - t0) / 1000).toFixed(0)} s`;
    const urls = typicalSearches();

    // The SQL of each search, recorded through the application itself.
    const statements: { text: string; params: unknown[] }[][] = [];
    const log: { text: string; params: unknown[] }[] = [];
    const recorder = await buildApp({ db: recording(db, log), searchCacheSize: 0 });
    const hits: number[] = [];
    for (const u of urls) {
      log.length = 0;
      const res = await recorder.inject({ url: u });
      if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode} ${res.body}`);
      hits.push(res.json<{ total: number }>().total);
      statements.push([...log]);
    }
    // Each kind of search alone, one at a time: the median of five through the application.
    const single: { url: string; ms: number; total: number }[] = [];
    for (const u of urls.slice(0, 10)) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const res = await recorder.inject({ url: u });
        times.push(performance.now() - t);
        total = res.json<{ total: number }>().total;
      }
      times.sort((a, b) => a - b);
      single.push({ url: u, ms: times[2]!, total });
    }
    await recorder.close();
    await db.close();

    // The application in a process of its own, as in production: once with the search
    // cache (the default), once without it, so the cost of the searches themselves shows.
    const serve = async (cacheSize: number) => {
      const port = 20000 + Math.floor(Math.random() * 20000);
      child = spawn(process.execPath, ['bin/vertaamo.js', 'serve'], {
        // Request logging off: the figure is for the application, not for writing logs.
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          SEARCH_CACHE_SIZE: String(cacheSize),
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
      // Warm up caches and plans, then measure.
      for (const u of urls) await fetch(`http://127.0.0.1:${port}${u}`).then((r) => r.arrayBuffer());
      const result = await httpLoad(port, urls);
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      child = null;
      return result;
    };
    const viaHttp = await serve(1000);
    const uncached = await serve(0);
    const direct = await directLoad(url, statements);

    const row = (label: string, r: ReturnType<typeof summary>) =>
      `| ${label} | ${r.requests} | ${r.errors} | ${r.perSecond} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`;
    const cpu = os.cpus();
    console.log(`\nVertaamo search benchmark — PostgreSQL, ${CLIENTS} clients, ${SECONDS} s each`);
    console.log(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log(
      `catalogue: ${built.groups} groups, ${built.sessions} sessions, ${MUNICIPALITIES.length} municipalities (built ${buildSeconds})`,
    );
    console.log(
      `searches: ${urls.length} URLs in rotation; results per search min ${Math.min(...hits)}, max ${Math.max(...hits)}\n`,
    );
    console.log('| path | transactions | errors | per s | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(row('HTTP GET /api/v1/groups?… (whole request, search cache on)', viaHttp));
    console.log(row('HTTP GET /api/v1/groups?… (whole request, SEARCH_CACHE_SIZE=0)', uncached));
    console.log(row('same SQL straight to PostgreSQL', direct));
    console.log('\nOne search at a time (median of 5, in-process, no HTTP):\n');
    console.log('| search | matches | ms |');
    console.log('|---|---:|---:|');
    for (const x of single)
      console.log(
        `| \`${decodeURIComponent(x.url.replace('/api/v1/groups?', ''))}\` | ${x.total} | ${x.ms.toFixed(1)} |`,
      );
    console.log(
      `\nHTTP throughput is ${((viaHttp.perSecond / direct.perSecond) * 100).toFixed(0)} % of the direct SQL ` +
        `throughput with the search cache, ${((uncached.perSecond / direct.perSecond) * 100).toFixed(0)} % without it.`,
    );
  } finally {
    (child as ReturnType<typeof spawn> | null)?.kill('SIGTERM');
    if (!process.env.BENCH_KEEP && !reuse) {
      const again = new pg.Client({ connectionString: base });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    } else console.log(`kept database ${name}`);
  }
}

await main();
