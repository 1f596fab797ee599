import type { Tx } from '../db/database.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { PUBLIC_STATUSES } from '../groups/lifecycle.ts';
import { presentGroups, seatFields, type GroupJson } from '../groups/service.ts';
import {
  CATALOGUE_STATE,
  currentVersion,
  searchKey,
  type CatalogueState,
  type SearchCache,
} from './cache.ts';
import { searchGroups, type GroupSearch } from './search.ts';

export interface Found {
  items: GroupJson[];
  total: number;
}

export interface FindContext {
  actor: Actor;
  publicUrl: string;
  cache: SearchCache;
}

/**
 * Searches and presents a page of groups — the finder's whole answer. What everybody sees
 * alike (public callers, public statuses) comes from the search cache while the catalogue is
 * unchanged; seats change with every registration and are read fresh each time.
 */
export async function findGroups(tx: Tx, ctx: FindContext, search: GroupSearch): Promise<Found> {
  const compute = async (): Promise<Found> => {
    const orgs = [...ctx.actor.roles.keys()];
    const { hits, total } = await searchGroups(tx, {
      ...search,
      unpublishedFor: {
        manageOrgIds: orgs.filter((id) => can(ctx.actor, 'organisation.read_internal', id)),
        boardOrgIds: orgs.filter((id) => can(ctx.actor, 'group.decide', id)),
        facilitatorOrgIds: orgs.filter((id) => can(ctx.actor, 'session.manage', id)),
        userId: ctx.actor.userId,
      },
    });
    const presented = await presentGroups(
      tx,
      ctx.actor,
      hits.map((h) => h.group),
      ctx.publicUrl,
      search.now,
    );
    const items = presented.map((g, i) =>
      hits[i]!.distanceKm === null ? g : { ...g, distance_km: hits[i]!.distanceKm },
    );
    return { items, total };
  };
  // Staff may see internal fields of their own groups: their answers are never shared.
  const shared =
    ctx.cache.enabled &&
    ctx.actor.kind === 'public' &&
    search.statuses.every((s) => (PUBLIC_STATUSES as readonly string[]).includes(s));
  if (!shared) return compute();
  const key = `${ctx.publicUrl} ${searchKey(search)}`;
  const cached = ctx.cache.peek<Found>(key);
  // One round trip tells the catalogue version and, for a cached page, its current seats.
  const { rows } = await tx.query<CatalogueState & { seats: SeatCount[] }>(
    `SELECT ${CATALOGUE_STATE},
       (SELECT coalesce(json_agg(json_build_object('group_id', s.group_id, 'confirmed', s.confirmed,
          'waitlisted', s.waitlisted)), '[]'::json)
        FROM group_seats s WHERE s.group_id = ANY ($1::uuid[])) AS seats
     FROM catalogue_version`,
    [cached ? cached.value.items.map((g) => g.id) : []],
  );
  const version = currentVersion(rows[0]);
  if (version === null) return compute();
  if (cached && cached.version === version) {
    ctx.cache.hit(key);
    return withSeats(cached.value, rows[0]!.seats);
  }
  const found = await compute();
  ctx.cache.store(key, version, found);
  return found;
}

interface SeatCount {
  group_id: string;
  confirmed: number;
  waitlisted: number;
}

/** The cached page with the seats as they are now; new objects, as cached ones are shared. */
function withSeats(found: Found, counts: readonly SeatCount[]): Found {
  const seats = new Map(counts.map((s) => [s.group_id, s]));
  return {
    total: found.total,
    items: found.items.map((g) => ({ ...g, ...seatFields(g.capacity, seats.get(g.id)) })),
  };
}
