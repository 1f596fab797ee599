/**
 * What every route module needs from the HTTP layer, and nothing else: the app's type, the
 * dependencies passed to the routes, the transaction helper and the session cookie's name.
 * It imports no feature, so feature modules import it without making a cycle through
 * `app.ts` (which imports every feature to build the app).
 */
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database, Tx } from '../db/database.ts';
import { accessContextOf, type Actor } from '../accounts/permissions.ts';
import type { SearchCache } from '../search/cache.ts';
import type { RequestOrigin } from './origin.ts';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What the routes need from the outside world; passed in, never read from the environment. */
export interface Deps {
  db: Database;
  /** where people reach this instance, e.g. https://vertaamo.example.fi */
  publicUrl: string;
  clock: () => Date;
  /** results of public searches while the catalogue is unchanged (src/search/cache.ts) */
  searchCache: SearchCache;
  /** where passkeys are bound; null: the request's own origin and host name (local use) */
  passkeys: { origin: string | null; rpId: string | null };
}

export const SESSION_COOKIE = 'vertaamo_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** where the browser says the request comes from (src/http/origin.ts) */
    fromOrigin: RequestOrigin;
  }
  interface FastifyInstance {
    /** how often the search cache answered (for tests and monitoring) */
    searchCacheStats(): { entries: number; hits: number; misses: number };
    /** every route this app serves, for tests that walk them all */
    routeList(): readonly { method: string; url: string }[];
  }
}

/** Runs `fn` in a transaction under the request's access context (row-level security). */
export function inTx<T>(deps: Deps, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return deps.db.transaction(accessContextOf(actor), fn);
}
