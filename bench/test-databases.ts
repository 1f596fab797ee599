/**
 * How long a test suite waits for its database: `testDatabases()` `create()` then `dispose()`,
 * BENCH_COUNT times in a row (default 10) on each database the tests use.
 *
 *   node --import tsx bench/test-databases.ts
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/test-databases.ts
 *
 * Prints, per database, the first create (which may pay for a one-off migration), the mean of
 * the rest, and the process CPU time (user + system, from process.cpuUsage()) per create.
 */
import { testDatabases } from '../test/support/databases.ts';

const COUNT = Number(process.env.BENCH_COUNT ?? 10);

for (const kind of testDatabases()) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { db, dispose } = await kind.create();
    wall.push(performance.now() - t0);
    cpu.push((({ user, system }) => (user + system) / 1000)(process.cpuUsage(c0)));
    await db.ownerTransaction((tx) => tx.query('SELECT count(*) FROM schema_migrations'));
    await dispose();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rest = (xs: number[]) => (xs.length > 1 ? xs.slice(1) : xs);
  console.log(
    `${kind.name.padEnd(8)} creates: ${COUNT}  first: ${wall[0]!.toFixed(0)} ms (cpu ${cpu[0]!.toFixed(0)} ms)  ` +
      `mean of the rest: ${mean(rest(wall)).toFixed(0)} ms (cpu ${mean(rest(cpu)).toFixed(0)} ms)  ` +
      `mean of all: ${mean(wall).toFixed(0)} ms (cpu ${mean(cpu).toFixed(0)} ms)`,
  );
}
