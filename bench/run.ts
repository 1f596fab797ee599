/**
 * Read-path benchmark: the public API with the demo data, over real HTTP on loopback.
 *
 *   npm run bench                      # embedded PGlite in a temporary folder
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 *
 * Options (environment): BENCH_CONNECTIONS (default 4), BENCH_SECONDS per scenario (default 10).
 * Bounded: every scenario stops after its time or 200,000 requests, whichever comes first.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { seedDemo } from '../src/demo/seed.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MAX_REQUESTS = 200_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function scenario(name: string, base: string, paths: string[]) {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  async function worker() {
    while (performance.now() < deadline && latencies.length + errors < MAX_REQUESTS) {
      const url = base + paths[i++ % paths.length]!;
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    rps: Math.round(latencies.length / elapsed),
    p50: percentile(latencies, 50).toFixed(1),
    p95: percentile(latencies, 95).toFixed(1),
    p99: percentile(latencies, 99).toFixed(1),
  };
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  let dispose: () => Promise<void>;
  let databaseUrl: string | null = null;
  let dataDir: string | null = null;
  if (url) {
    const name = `vertaamo_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    databaseUrl = target.toString();
    dispose = async () => {
      const again = new pg.Client({ connectionString: url });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    };
  } else {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vertaamo-bench-'));
    dispose = () => fs.rm(dataDir!, { recursive: true, force: true });
  }
  const db = await openDatabase({ databaseUrl, dataDir });
  await migrate(db);
  await seedDemo(db, { publicUrl: 'http://localhost', now: new Date() });
  const app = await buildApp({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';

  const list = (await (await fetch(`${base}/api/v1/groups?per_page=100`)).json()) as {
    items: { id: string; slug: string }[];
  };
  const slugs = list.items.map((g) => g.slug);
  const results = [];
  results.push(await scenario('GET /api/v1/groups (page of 20)', base, ['/api/v1/groups']));
  results.push(
    await scenario('GET /api/v1/groups?q=… (typical searches)', base, [
      '/api/v1/groups?q=vertaisryhm%C3%A4',
      '/api/v1/groups?q=omaiset&free=true',
      '/api/v1/groups?municipality=Helsinki',
      '/api/v1/groups?q=vauva&join=drop_in',
      '/api/v1/groups?near=60.17,24.94&radius_km=20',
      '/api/v1/groups?q=vertaisryma',
      '/api/v1/groups?audience=parents&weekday=tue,wed',
      '/api/v1/groups?q=anh%C3%B6riga',
    ]),
  );
  results.push(
    await scenario('GET /fi/search?q=… (HTML page)', base, [
      '/fi/search?q=vertaisryhm%C3%A4',
      '/sv/search?q=Helsingfors',
      '/en/search?audience=relatives',
    ]),
  );
  results.push(
    await scenario(
      'GET /fi/groups/{slug} (HTML page)',
      base,
      slugs.map((s) => `/fi/groups/${s}`),
    ),
  );
  results.push(
    await scenario(
      'GET /api/v1/groups/{slug}',
      base,
      slugs.map((s) => `/api/v1/groups/${s}`),
    ),
  );
  results.push(
    await scenario(
      'GET /api/v1/groups/{id}/sessions',
      base,
      list.items.map((g) => `/api/v1/groups/${g.id}/sessions`),
    ),
  );
  results.push(await scenario('GET /api/v1/organizations', base, ['/api/v1/organizations']));

  console.log(
    `\nVertaamo read benchmark — ${db.kind}, ${CONNECTIONS} connections, ${SECONDS} s per scenario`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  console.log('| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(`| ${r.name} | ${r.requests} | ${r.errors} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} |`);
  await app.close();
  await db.close();
  await dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
