/**
 * The structure check (`npm run check`): the rules of docs/ARCHITECTURE.md that a reviewer would
 * otherwise have to remember, checked over every module under src/.
 *
 * - No import cycles: modules form layers, and a cycle (even of types) means two of them are
 *   one concern split in two or a shared piece living in the wrong place.
 * - Forbidden imports: the HTTP context imports no feature; domain code never imports the
 *   pages (web/, workspace/); SQL runs only in repositories (and the database layer), so a
 *   `.query(` call elsewhere is listed.
 *
 * Known exceptions sit in ALLOWED below, each with a reason; the list may only shrink: an
 * entry that no longer matches anything fails the check too, so it is removed when fixed.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : walk(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** The modules a file imports (relative specifiers only), type-only imports included. */
export function importsOf(file: string, source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    const spec = match[1] ?? match[2]!;
    found.push(rel(path.resolve(path.dirname(file), spec)));
  }
  return found;
}

/** Strongly connected components with more than one module (Tarjan). */
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
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

const files = walk(SRC);
const graph = new Map<string, string[]>();
const sources = new Map<string, string>();
for (const file of files) {
  const source = fs.readFileSync(file, 'utf8');
  sources.set(rel(file), source);
  graph.set(rel(file), importsOf(file, source));
}
for (const c of cycles(graph)) console.log('cycle:', c.length, c.join(' '));
