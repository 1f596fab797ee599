import type { Tx } from '../db/database.ts';
import type { CalendarGroup, CalendarSession } from './ics.ts';

/** Groups with their venue for a feed; row-level security hides what the caller may not see. */
export async function calendarGroups(
  tx: Tx,
  where: { groupId: string } | { orgId: string; statuses: readonly string[] },
): Promise<CalendarGroup[]> {
  const filter = 'groupId' in where ? 'g.id = $1' : 'g.org_id = $1 AND g.status = ANY ($2::text[])';
  const params = 'groupId' in where ? [where.groupId] : [where.orgId, where.statuses];
  const { rows } = await tx.query<CalendarGroup & { venue_name: string | null } & Record<string, unknown>>(
    `SELECT g.id, g.slug, g.name, g.description, g.mode,
            CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object('name', v.name, 'street_address', v.street_address,
              'postal_code', v.postal_code, 'municipality', v.municipality) END AS venue
     FROM groups g LEFT JOIN venues v ON v.id = g.venue_id
     WHERE ${filter} ORDER BY g.id`,
    params,
  );
  return rows;
}

export async function calendarSessions(
  tx: Tx,
  groupIds: readonly string[],
  from: Date,
  to: Date,
): Promise<CalendarSession[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await tx.query<CalendarSession>(
    `SELECT id, group_id, starts_at, ends_at, status, cancel_reason, theme FROM sessions
     WHERE group_id = ANY ($1::uuid[]) AND starts_at >= $2 AND starts_at < $3
     ORDER BY starts_at, id LIMIT 5000`,
    [groupIds, from, to],
  );
  return rows;
}
