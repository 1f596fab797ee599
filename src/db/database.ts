import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

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

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  /** `begin` opens the transaction: BEGIN, possibly with more statements in the same round trip. */
  private async run<T>(fn: (tx: Tx) => Promise<T>, begin = 'BEGIN'): Promise<T> {
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
  poolSize?: number;
  /** how long a request waits for a free connection before giving up (default 5 s) */
  connectionTimeoutMs?: number;
}

/** Opens the one database Vertaamo uses: PostgreSQL over the network, or embedded PGlite. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5000,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const db = new PostgresDatabase(pool);
    await db.ping();
    return db;
  }
  if (opts.dataDir) await fs.mkdir(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    extensions: { pg_trgm },
    parsers: { 1082: (v: string) => v },
  });
  return new PgliteDatabase(pglite);
}
