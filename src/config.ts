import path from 'node:path';
import { DEFAULT_POOL_SIZE, DEFAULT_QUEUE_LIMIT, DEFAULT_QUEUE_TIMEOUT_MS } from './db/database.ts';
import { parseTrustProxy } from './shared/client-address.ts';

/** Runtime configuration, read once from the environment at the edge (CLI), never inside the app. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  publicUrl: string;
  smtpUrl: string | null;
  logLevel: string;
  searchCacheSize: number;
  /**
   * Where passkeys are bound (PASSKEY_ORIGIN, e.g. https://vertaamo.example.fi, and PASSKEY_RP_ID,
   * e.g. vertaamo.example.fi, which defaults to the origin's host name). When unset, each request's
   * own host is used: fine on http://localhost, but set both in production.
   */
  passkeyOrigin: string | null;
  passkeyRpId: string | null;
  /**
   * TRUST_PROXY: which proxies in front may say who the client is (X-Forwarded-For): false
   * (the default) trusts none, a number that many hops, a list their addresses or networks.
   * Per-address limits (sign-in, registration, my-data) count the address this gives.
   */
  trustProxy: false | number | string[];
  /** NODE_ENV=production: refuses to start without a data encryption key */
  production: boolean;
  /** DEV_MAILBOX=1: serve queued mail at /dev/mailbox to signed-in admins (never in production) */
  devMailbox: boolean;
  /**
   * PostgreSQL only: connections, and so transactions at once (DB_POOL_SIZE); how many more may
   * wait in line for one (DB_QUEUE_LIMIT) and for how long (DB_QUEUE_TIMEOUT_MS) before the
   * request is answered 503 with Retry-After.
   */
  dbPoolSize: number;
  dbQueueLimit: number;
  dbQueueTimeoutMs: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${env.PORT}"`);
  }
  const host = env.HOST ?? '127.0.0.1';
  const searchCacheSize = Number(env.SEARCH_CACHE_SIZE ?? 1000);
  if (!Number.isInteger(searchCacheSize) || searchCacheSize < 0) {
    throw new Error(`SEARCH_CACHE_SIZE must be a whole number of results, got "${env.SEARCH_CACHE_SIZE}"`);
  }
  const passkeyOrigin = env.PASSKEY_ORIGIN ? env.PASSKEY_ORIGIN.replace(/\/+$/, '') : null;
  let passkeyRpId = env.PASSKEY_RP_ID || null;
  if (passkeyOrigin) {
    let host: string;
    try {
      host = new URL(passkeyOrigin).hostname;
    } catch {
      throw new Error(
        `PASSKEY_ORIGIN must be an origin like https://vertaamo.example.fi, got "${passkeyOrigin}"`,
      );
    }
    passkeyRpId ??= host;
  }
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.VERTAAMO_DATA_DIR ?? './data'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: env.SMTP_URL || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    searchCacheSize,
    passkeyOrigin,
    passkeyRpId,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    production: env.NODE_ENV === 'production',
    devMailbox: env.DEV_MAILBOX === '1',
    dbPoolSize: wholeNumber(env, 'DB_POOL_SIZE', DEFAULT_POOL_SIZE, 1),
    dbQueueLimit: wholeNumber(env, 'DB_QUEUE_LIMIT', DEFAULT_QUEUE_LIMIT, 0),
    dbQueueTimeoutMs: wholeNumber(env, 'DB_QUEUE_TIMEOUT_MS', DEFAULT_QUEUE_TIMEOUT_MS, 1),
  };
}

/**
 * Whether `/dev/mailbox` is served: only when asked for, with DEV_MAILBOX=1 or
 * `serve --dev-mailbox` (`npm start` does), and never with NODE_ENV=production, since it
 * shows live cancel, invitation and my-data links. Even then only signed-in admins read it.
 */
export function devMailboxEnabled(config: Config, flag: boolean): boolean {
  return !config.production && (config.devMailbox || flag);
}
