import type { Tx } from '../db/database.ts';
import type { GroupSearch } from './search.ts';

/**
 * Results of public searches, kept in memory and keyed by the normalised search and the
 * catalogue version (migration 013). Any change to what a search reads bumps the version
 * when it commits, so a cached result is exactly what the database would answer now — not
 * a time-based approximation. Session filters depend on the clock; the key holds the minute,
 * so a result may be up to a minute behind the clock, never behind the data.
 *
 * Callers cache only answers that are the same for every caller (see find.ts).
 */
export class SearchCache {
  /** one answer per key, with the catalogue version it was computed under */
  private readonly entries = new Map<string, { version: string; value: unknown }>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries = 1000) {}

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  stats() {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }

  /** What is cached under `key`, whatever its version (check it with `fresh`). */
  peek<T>(key: string): { version: string; value: T } | undefined {
    return this.entries.get(key) as { version: string; value: T } | undefined;
  }

  /** Counts a hit and keeps the entry as recently used. */
  hit(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.hits++;
    // Least recently used goes first: re-inserting moves this entry to the end.
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  store(key: string, version: string, value: unknown): void {
    this.misses++;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * The answer cached under `key` for the current catalogue, or the one `run` computes,
   * stored for the next caller. The caller decides that the answer is the same for everyone.
   */
  async through<T>(tx: Tx, key: string, run: () => Promise<T>): Promise<T> {
    if (!this.enabled) return run();
    const { rows } = await tx.query<CatalogueState>(`SELECT ${CATALOGUE_STATE} FROM catalogue_version`);
    const version = currentVersion(rows[0]);
    if (version === null) return run();
    const entry = this.peek<T>(key);
    if (entry && entry.version === version) {
      this.hit(key);
      return entry.value;
    }
    const value = await run();
    this.store(key, version, value);
    return value;
  }
}

/** Select list (from catalogue_version) telling the version and whether this transaction changed it. */
export const CATALOGUE_STATE = `epoch::text || ':' || version::text AS version,
  current_setting('vertaamo.catalogue_changed', true) AS changed`;

export interface CatalogueState {
  version: string;
  changed: string | null;
}

/**
 * The version a cached answer must carry, or null when the cache must be bypassed: a
 * transaction that has changed the catalogue itself sees data nobody else sees yet, so it
 * neither reads nor fills the cache.
 */
export function currentVersion(state: CatalogueState | undefined): string | null {
  if (!state || state.changed === 'on') return null;
  return state.version;
}

/** A search as a stable string: lists sorted, words normalised, the clock to the minute. */
export function searchKey(search: GroupSearch): string {
  const normal: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(search).sort(([a], [b]) => a.localeCompare(b))) {
    if (value === undefined) continue;
    if (name === 'now') normal[name] = Math.floor((value as Date).getTime() / 60_000);
    else if (Array.isArray(value)) normal[name] = [...(value as string[])].sort();
    else if (name === 'q') normal[name] = String(value).toLowerCase().replace(/\s+/g, ' ').trim();
    else normal[name] = value;
  }
  return JSON.stringify(normal);
}
