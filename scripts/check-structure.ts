/**
 * The structure check (`npm run structure`, part of `npm run check`): the rules of
 * CONTRIBUTING.md that a reviewer would otherwise have to remember, checked over every module
 * under src/ (tests excluded). It fails (exit 1) on:
 *
 * - Import cycles: modules form layers, and a cycle (even of types) means two of them are one
 *   concern split in two or a shared piece living in the wrong place.
 * - Forbidden imports: the HTTP context (src/http/context.ts) imports nothing but src/http/,
 *   src/shared/ and src/db/, so every route module can import it; domain code never imports the
 *   pages (src/web/, src/workspace/); only the command line (and tests) import src/http/app.ts.
 * - SQL outside repositories: a `.query(` or `.query<…>(` call in a file that is neither a
 *   `repository.ts` nor under src/db/.
 *
 * What exists today is listed below, each import with its reason and each file's SQL with its
 * count. The lists may only shrink: a file with more calls than its count fails, and so does
 * a count larger than the file's real one or an allowed import that no longer exists, so an
 * entry is lowered or removed in the commit that moves the code.
 *
 * The checking functions are pure (paths and sources in, problems out) so that
 * test/structure.test.ts can prove them on small made-up trees.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The domain folders: rules and data, never pages. */
export const DOMAINS = [
  'accounts',
  'attendance',
  'calendar',
  'enrolment',
  'facilitation',
  'groups',
  'notifications',
  'organisations',
  'privacy',
  'schedules',
  'search',
  'venues',
  'shared',
  'db',
] as const;

export interface AllowedImport {
  from: string;
  to: string;
  reason: string;
}

/** Forbidden imports that exist today, each with the reason it stays for now. */
export const ALLOWED_IMPORTS: AllowedImport[] = [
  {
    from: 'src/http/context.ts',
    to: 'src/accounts/permissions.ts',
    reason:
      'the request actor and its row-level-security context; permissions.ts imports only db/ and shared/, so no cycle',
  },
  {
    from: 'src/http/context.ts',
    to: 'src/search/cache.ts',
    reason: 'type of the search cache in Deps; cache.ts imports only types from db/ and search/',
  },
  {
    from: 'src/demo/seed.ts',
    to: 'src/http/app.ts',
    reason: 'the demo data is loaded through the public API, so it builds an app to inject requests into',
  },
];

/** `.query(` calls outside repositories, per file. May only shrink. */
export const ALLOWED_SQL: Record<string, number> = {
  'src/accounts/throttle.ts': 6,
  'src/attendance/service.ts': 2,
  'src/cli/main.ts': 1,
  'src/demo/seed.ts': 1,
  'src/enrolment/applications.ts': 5,
  'src/enrolment/referrals.ts': 5,
  'src/enrolment/retention.ts': 4,
  'src/enrolment/service.ts': 5,
  'src/facilitation/service.ts': 1,
  'src/groups/costs.ts': 4,
  'src/groups/freshness.ts': 3,
  'src/groups/service.ts': 2,
  'src/notifications/mailbox.tsx': 1,
  'src/privacy/audit.ts': 1,
  'src/schedules/guests.ts': 1,
  'src/schedules/service.ts': 3,
  'src/search/cache.ts': 1,
  'src/search/find.ts': 1,
  'src/search/search.ts': 2,
  'src/workspace/group-admin.tsx': 3,
  'src/workspace/participants.tsx': 3,
  'src/workspace/schedule.tsx': 2,
  'src/workspace/sessions.tsx': 2,
};

/** The modules a file imports (relative specifiers, resolved to paths like the file's own). */
export function importsOf(file: string, source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    const spec = match[1] ?? match[2]!;
    found.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
  }
  return found;
}

/** Strongly connected components with more than one module (Tarjan), or a module importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

const folderOf = (file: string) => /^src\/([^/]+)\//.exec(file)?.[1];
const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.startsWith('test/');

/** Why importing `to` from `from` breaks the layering, or null when it does not. */
export function importRule(from: string, to: string): string | null {
  if (from === 'src/http/context.ts' && !/^src\/(http|shared|db)\//.test(to))
    return 'src/http/context.ts imports only src/http/, src/shared/ and src/db/';
  if (to === 'src/http/app.ts' && folderOf(from) !== 'cli' && !isTest(from))
    return 'only src/cli/ and tests import src/http/app.ts (route modules use src/http/context.ts)';
  const fromFolder = folderOf(from);
  const toFolder = folderOf(to);
  if (
    fromFolder &&
    (DOMAINS as readonly string[]).includes(fromFolder) &&
    (toFolder === 'web' || toFolder === 'workspace')
  )
    return `domain code (src/${fromFolder}/) never imports the pages (src/${toFolder}/)`;
  return null;
}

/** Calls that run SQL, outside comments. */
export function countQueries(source: string): number {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return code.match(/\.query\s*(?:<|\()/g)?.length ?? 0;
}

/** Whether a file may run SQL: repositories, the database layer and tests. */
export const mayRunSql = (file: string) =>
  isTest(file) || file.startsWith('src/db/') || path.posix.basename(file) === 'repository.ts';

export interface Allowances {
  imports: AllowedImport[];
  sql: Record<string, number>;
}

/** Every problem of a tree of modules (path → source) against the allow-lists; empty: it passes. */
export function check(sources: Map<string, string>, allowed: Allowances): string[] {
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, source] of sources) graph.set(file, importsOf(file, source));

  for (const cycle of cycles(graph)) problems.push(`import cycle of ${cycle.length}: ${cycle.join(' → ')}`);

  const used = new Set<AllowedImport>();
  for (const [from, targets] of graph) {
    for (const to of new Set(targets)) {
      const rule = importRule(from, to);
      if (!rule) continue;
      const entry = allowed.imports.find((a) => a.from === from && a.to === to);
      if (entry) used.add(entry);
      else problems.push(`forbidden import: ${from} → ${to} (${rule})`);
    }
  }
  for (const entry of allowed.imports)
    if (!used.has(entry))
      problems.push(
        `allowed import ${entry.from} → ${entry.to} no longer exists: remove it from ALLOWED_IMPORTS`,
      );

  const counts = new Map<string, number>();
  for (const [file, source] of sources) {
    if (mayRunSql(file)) continue;
    const n = countQueries(source);
    if (n > 0) counts.set(file, n);
  }
  for (const [file, n] of counts) {
    const limit = allowed.sql[file] ?? 0;
    if (n > limit)
      problems.push(
        `SQL outside a repository: ${file} has ${n} .query calls, ${limit} allowed (move them to a repository.ts)`,
      );
  }
  for (const [file, limit] of Object.entries(allowed.sql)) {
    const n = counts.get(file) ?? 0;
    if (n < limit)
      problems.push(
        `ALLOWED_SQL['${file}'] is ${limit} but the file has ${n}: ${n === 0 ? 'remove the entry' : `lower it to ${n}`}`,
      );
  }
  return problems;
}

/** Every non-test module under `src` of `root`, path (relative to root, with /) → source. */
export function readTree(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'migrations') walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        sources.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(path.join(root, 'src'));
  return sources;
}

export const ROOT = path.resolve(import.meta.dirname, '..');

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const sources = readTree(ROOT);
  const problems = check(sources, { imports: ALLOWED_IMPORTS, sql: ALLOWED_SQL });
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`structure check: ${problems.length} problem(s); the rules are in CONTRIBUTING.md`);
    process.exit(1);
  }
  const allowedSql = Object.values(ALLOWED_SQL).reduce((a, b) => a + b, 0);
  console.log(
    `structure check: ${sources.size} modules, no cycles; ${ALLOWED_IMPORTS.length} allowed imports, ` +
      `${allowedSql} allowed .query calls outside repositories`,
  );
}
