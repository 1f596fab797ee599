import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { AppError } from '../shared/errors.ts';

/** The result of one statement. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Anything SQL can be sent to: a transaction handed down by the service that opened it. */
export interface Tx {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/**
 * Who is asking, as row-level security sees it. `orgIds` are the organisations whose
 * unpublished data the caller may see; an empty list sees only public data.
 */
export interface AccessContext {
  userId: string | null;
  orgIds: readonly string[];
}

export const PUBLIC_CONTEXT: AccessContext = Object.freeze({ userId: null, orgIds: Object.freeze([]) });

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction as the restricted application role, with the access
   * context set for that transaction only, so row-level security applies to every query.
   */
  transaction<T>(ctx: AccessContext, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction as the schema owner: migrations, seeding, authentication look-ups. */
  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  /** Transactions running and waiting for a connection now (PostgreSQL); null on PGlite, which runs one at a time. */
  load(): { running: number; waiting: number } | null;
  close(): Promise<void>;
}

/** The database role the application runs as: no BYPASSRLS, owns nothing. */
export const APP_ROLE = 'vertaamo_app';

/**
 * Plain objects become JSON text before they are sent, the same way on both drivers
 * (PGlite would otherwise not know how to send a value for a jsonb domain).
 */
function toWire(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) =>
    p !== null && typeof p === 'object' && !Array.isArray(p) && !(p instanceof Date) && !Buffer.isBuffer(p)
      ? JSON.stringify(p)
      : p,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that enters an access context: the restricted role, JIT off, and who is
 * asking. Built as literals (every id is checked to be a UUID first) so that PostgreSQL gets
 * it in the same round trip as BEGIN. JIT compilation is off for requests: it costs a second
 * on a search the plan estimates as expensive, and the application's statements are short.
 */
export function contextStatement(ctx: AccessContext): string {
  for (const id of ctx.orgIds) {
    if (!UUID.test(id)) throw new Error('access context holds a malformed organisation id');
  }
  if (ctx.userId !== null && !UUID.test(ctx.userId))
    throw new Error('access context holds a malformed user id');
  return `SELECT set_config('role', '${APP_ROLE}', true), set_config('jit', 'off', true),
    set_config('vertaamo.org_ids', '{${ctx.orgIds.join(',')}}', true),
    set_config('vertaamo.user_id', '${ctx.userId ?? ''}', true)`;
}

/**
 * Adds an organisation the caller has just created under one of their own to the
 * transaction's access context. Their roles reach down to it, so their next request's
 * context holds it; this one's was entered before it existed.
 */
export async function enterNewOrganisation(tx: Tx, orgId: string): Promise<void> {
  await tx.query(`SELECT set_config('vertaamo.org_ids', array_append(app_org_ids(), $1::uuid)::text, true)`, [
    orgId,
  ]);
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  constructor(private readonly pglite: PGlite) {}

  private async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pglite.transaction(async (t) => {
      const tx: Tx = {
        query: async <R>(text: string, params?: readonly unknown[]) => {
          const res = await t.query<R>(text, toWire(params));
          return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
        },
        exec: async (script: string) => {
          await t.exec(script);
        },
      };
      return fn(tx);
    });
  }

  async transaction<T>(ctx: AccessContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const enter = contextStatement(ctx);
    return this.run(async (tx) => {
      await tx.query(enter);
      return fn(tx);
    });
  }

  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(fn);
  }

  async ping(): Promise<void> {
    await this.pglite.query('SELECT 1');
  }

  load(): null {
    return null;
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }

  async dump(): Promise<Blob> {
    // A checkpoint first: the copy then starts without replaying the write-ahead log.
    await this.pglite.query('CHECKPOINT');
    return this.pglite.dumpDataDir('none');
  }
}

/**
 * A copy of an embedded database's whole data directory (an uncompressed tar), for
 * `openDatabase({ loadDataDir })`. Only for the embedded database.
 */
export async function dumpDataDir(db: Database): Promise<Blob> {
  if (!(db instanceof PgliteDatabase)) throw new Error('only an embedded (PGlite) database can be dumped');
  return db.dump();
}

/** How long an overloaded server asks a client to wait before trying again (Retry-After, seconds). */
export const OVERLOADED_RETRY_AFTER_S = 5;

const overloaded = () =>
  new AppError(503, 'overloaded', 'The service is busy right now. Please try again in a moment.', [], {
    retryAfter: OVERLOADED_RETRY_AFTER_S,
  });

/**
 * Admission to the database: at most `size` transactions at once (one per pooled connection),
 * the rest wait in line, first come first served, each for at most `timeoutMs`, at most `limit`
 * of them. A registration rush therefore queues instead of failing; only a full line or a wait
 * past the timeout is answered 503 `overloaded` with `Retry-After`. Per process.
 */
export class Gate {
  private active = 0;
  private readonly line: { go: () => void; timer: NodeJS.Timeout }[] = [];
  constructor(
    readonly size: number,
    readonly limit: number,
    readonly timeoutMs: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await fn();
    } finally {
      this.leave();
    }
  }

  /** transactions running and waiting now */
  load(): { running: number; waiting: number } {
    return { running: this.active, waiting: this.line.length };
  }

  private enter(): Promise<void> {
    if (this.active < this.size && this.line.length === 0) {
      this.active++;
      return Promise.resolve();
    }
    if (this.line.length >= this.limit) return Promise.reject(overloaded());
    return new Promise<void>((resolve, reject) => {
      const place = {
        go: () => {
          clearTimeout(place.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const at = this.line.indexOf(place);
          if (at >= 0) this.line.splice(at, 1);
          reject(overloaded());
        }, this.timeoutMs),
      };
      this.line.push(place);
    });
  }

  private leave(): void {
    // The place is handed on to the first in line, or freed.
    const next = this.line.shift();
    if (next) next.go();
    else this.active--;
  }
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    readonly gate: Gate,
  ) {}

  /** `begin` opens the transaction: BEGIN, possibly with more statements in the same round trip. */
  private run<T>(fn: (tx: Tx) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.gate.run(() => this.runNow(fn, begin));
  }

  private async runNow<T>(fn: (tx: Tx) => Promise<T>, begin: string): Promise<T> {
    const client = await this.pool.connect();
    const tx: Tx = {
      query: async <R>(text: string, params?: readonly unknown[]) => {
        const res = await client.query(text, toWire(params));
        return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
      },
      exec: async (script: string) => {
        await client.query(script);
      },
    };
    let broken = false;
    // A connection that dies while checked out (server restart, terminated backend) must
    // fail this transaction, not crash the process with an unhandled 'error' event.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query(begin);
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is gone; do not hand it back to the pool
      }
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async transaction<T>(ctx: AccessContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
    // One round trip: BEGIN and the context travel together (simple query protocol).
    return this.run(fn, `BEGIN; ${contextStatement(ctx)}`);
  }

  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run(fn);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  load(): { running: number; waiting: number } {
    return this.gate.load();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

// Keep dates as text so that `date` columns never shift through the process time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export interface OpenOptions {
  /** A PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string | null;
  /** Folder for the embedded database; `null` keeps it in memory (tests). */
  dataDir?: string | null;
  /**
   * Embedded database only: start from this copy of a data directory (made by `dumpDataDir`)
   * instead of an empty one. Tests use it to start every suite from one migrated database.
   */
  loadDataDir?: Blob;
  /** connections to PostgreSQL, and so transactions at once per process (DB_POOL_SIZE, default 20) */
  poolSize?: number;
  /** how many transactions may wait for a connection before the next is refused (DB_QUEUE_LIMIT, default 5000) */
  queueLimit?: number;
  /** how long a transaction waits in line for a connection (DB_QUEUE_TIMEOUT_MS, default 60 s) */
  queueTimeoutMs?: number;
  /** how long opening a new connection to the server may take (default 5 s) */
  connectionTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 20;
export const DEFAULT_QUEUE_LIMIT = 5000;
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;

/** Opens the one database Vertaamo uses: PostgreSQL over the network, or embedded PGlite. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const size = opts.poolSize ?? DEFAULT_POOL_SIZE;
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      // One connection more than the gate lets through: the health probe never waits in line.
      max: size + 1,
      connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const gate = new Gate(
      size,
      opts.queueLimit ?? DEFAULT_QUEUE_LIMIT,
      opts.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS,
    );
    const db = new PostgresDatabase(pool, gate);
    await db.ping();
    return db;
  }
  if (opts.dataDir) await fs.mkdir(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { 1082: (v: string) => v },
  });
  return new PgliteDatabase(pglite);
}
