/**
 * Yearly statistics benchmark on PostgreSQL over the national catalogue (bench/catalogue.ts:
 * about 30,000 groups, a year of sessions each), with a hierarchy, attendance and facilitators.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:statistics
 *
 * 1. builds a fresh database and the catalogue, then puts the 60 organisations under six
 *    districts of one federation, records attendance (a head count or named participants)
 *    for every held session and gives each group a volunteer and a paid facilitator;
 * 2. asks for the statistics of the last twelve months, as the federation's coordinator
 *    (the whole tree) and as one association's, BENCH_RUNS (default 20) times each, through
 *    the same function the API calls, and prints the median and p95.
 * Targets (docs/benchmarks.md): the federation's year p95 ≤ 500 ms, one association's ≤ 50 ms.
 * Options: BENCH_GROUPS (default 30000), BENCH_KEEP=1 keeps the database, BENCH_REUSE=<name>.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Actor, Role } from '../src/accounts/permissions.ts';
import { statistics } from '../src/reporting/statistics.ts';
import { orgTree } from '../src/reporting/repository.ts';
import { helsinkiToday } from '../src/shared/time.ts';
import { generateCatalogue } from './catalogue.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 30_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) throw new Error('Set BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
  const reuse = process.env.BENCH_REUSE;
  const name = reuse ?? `vertaamo_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  const target = new URL(base);
  target.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: target.toString(), poolSize: 4 });
  try {
    await migrate(db);
    const t0 = performance.now();
    if (!reuse) {
      const built = await generateCatalogue(db, { groups: GROUPS, organisations: 60 });
      await db.ownerTransaction(async (tx) => {
        const fed = await tx.query<{ id: string }>(
          `INSERT INTO organisations (slug, kind, name) VALUES ('bench-federation', 'federation', '{"fi": "Liitto"}') RETURNING id`,
        );
        const fedId = fed.rows[0]!.id;
        for (let d = 0; d < 6; d++) {
          const district = await tx.query<{ id: string }>(
            `INSERT INTO organisations (slug, kind, name, parent_id) VALUES ($1, 'district', $2, $3) RETURNING id`,
            [`bench-district-${d}`, { fi: `Piiri ${d}` }, fedId],
          );
          await tx.query(
            `UPDATE organisations SET parent_id = $1
             WHERE slug LIKE 'bench-org-%' AND substring(slug from 11)::int % 6 = $2`,
            [district.rows[0]!.id, d],
          );
        }
        // Two facilitators per group: a volunteer peer and a paid professional.
        await tx.query(
          `WITH src AS (
             SELECT g.id AS group_id, g.org_id, k, 'F ' || g.slug || ' ' || k AS name
             FROM groups g CROSS JOIN generate_series(0, 1) k),
           f AS (
             INSERT INTO facilitators (org_id, display_name, kind, engagement, profession)
             SELECT org_id, name, CASE k WHEN 0 THEN 'peer' ELSE 'professional' END,
                    CASE k WHEN 0 THEN 'volunteer' ELSE 'paid' END,
                    CASE k WHEN 0 THEN NULL ELSE 'social_worker' END
             FROM src RETURNING id, org_id, display_name)
           INSERT INTO group_facilitators (group_id, facilitator_id, org_id, role)
           SELECT src.group_id, f.id, f.org_id, CASE src.k WHEN 0 THEN 'lead' ELSE 'co_facilitator' END
           FROM f JOIN src ON src.name = f.display_name`,
        );
        // Attendance of every past session: drop-in head counts, registration groups named.
        await tx.query(
          `INSERT INTO session_attendance (session_id, org_id, group_id, kind, present_count, children_count, recorded_by_label)
           SELECT s.id, s.org_id, s.group_id, 'head_count', 3 + abs(hashtext(s.id::text)) % 9, abs(hashtext(s.id::text)) % 3, 'bench'
           FROM sessions s WHERE s.status = 'scheduled' AND s.starts_at < now()`,
        );
        await tx.query(
          `INSERT INTO registrations (group_id, org_id, status, display_name, email, language, consent_at, cancel_token_hash)
           SELECT g.id, g.org_id, 'confirmed', 'P', 'p' || (abs(hashtext(g.id::text || k)) % 200000) || '@example.invalid', 'fi', now(),
                  decode(md5(g.id::text || k), 'hex')
           FROM groups g CROSS JOIN generate_series(1, 6) k
           WHERE g.how_to_join <> 'drop_in' AND g.status IN ('running', 'ended')`,
        );
        await tx.exec('ANALYZE');
        console.log(`built ${built.groups} groups, ${built.sessions} sessions`);
      });
    }
    console.log(`database ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const { fedId, assocId } = await db.ownerTransaction(async (tx) => ({
      fedId: (await tx.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'bench-federation'`))
        .rows[0]!.id,
      assocId: (await tx.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'bench-org-0'`))
        .rows[0]!.id,
    }));
    const now = new Date();
    const today = helsinkiToday(now);
    const period = { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today };
    for (const [label, orgId] of [
      ['federation (whole tree)', fedId],
      ['one association', assocId],
    ] as const) {
      const tree = await db.ownerTransaction((tx) => orgTree(tx, orgId));
      const roles = new Map<string, ReadonlySet<Role>>(
        tree.map((o) => [o.id, new Set<Role>(['coordinator'])]),
      );
      const actor: Actor = { kind: 'user', userId: null, label: 'bench', roles };
      const ctx = { userId: null, orgIds: [...roles.keys()] };
      const times: number[] = [];
      let held = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const t = performance.now();
        const s = await db.transaction(ctx, (tx) => statistics(tx, actor, orgId, period, now));
        if (i >= 2) times.push(performance.now() - t); // two warm-up runs
        held = s.total.sessions.held;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${label}: ${tree.length} organisations, ${held} sessions held; median ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (${RUNS} runs)`,
      );
    }
  } finally {
    await db.close();
    if (!reuse && !process.env.BENCH_KEEP) await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}

await main();
