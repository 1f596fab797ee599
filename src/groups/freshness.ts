import type { Database, Tx } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { conflict } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { helsinkiToday, toHelsinkiIso } from '../shared/time.ts';
import { renderMessage, type MessageLang } from '../notifications/messages.ts';
import { queueMail } from '../notifications/outbox.ts';
import { recordEvent, type GroupRow } from './repository.ts';
import { getGroup } from './lookup.ts';

/** Listed groups whose details must stay current; an ended group is history, never stale. */
export const LISTED_STATUSES = ['published', 'running', 'suspended'] as const;

const DAY_MS = 86_400_000;

/**
 * Whether a listing is stale: not confirmed (or published) for more than the
 * organisation's number of days. `stale_on` is the Helsinki date it goes (or went) stale.
 */
export function freshnessOf(
  group: Pick<GroupRow, 'status' | 'last_confirmed_at' | 'published_at'>,
  staleAfterDays: number,
  now: Date,
): { stale: boolean; stale_on: string | null } {
  if (!(LISTED_STATUSES as readonly string[]).includes(group.status)) return { stale: false, stale_on: null };
  const confirmed = group.last_confirmed_at ?? group.published_at;
  if (!confirmed) return { stale: true, stale_on: null };
  const staleAt = new Date(confirmed.getTime() + staleAfterDays * DAY_MS);
  return { stale: staleAt < now, stale_on: helsinkiToday(staleAt) };
}

/** A coordinator confirms that a listed group's details are still current. */
export async function confirmListing(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  now: Date,
): Promise<GroupRow> {
  const group = await getGroup(tx, groupIdOrSlug, true);
  authorize(actor, 'group.publish', group.org_id);
  if (!(LISTED_STATUSES as readonly string[]).includes(group.status)) {
    throw conflict('not-listed', `A ${group.status} group is not listed, so there is nothing to confirm.`, [
      { in: 'path', field: 'group', message: `the group is ${group.status}` },
    ]);
  }
  await tx.query('UPDATE groups SET last_confirmed_at = $2 WHERE id = $1', [group.id, now]);
  await recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'listing_confirmed',
  });
  return getGroup(tx, group.id);
}

export interface StaleGroupRow {
  group_id: string;
  slug: string;
  name: LocalizedText;
  status: string;
  confirmed_at: Date | null;
  stale_after_days: number;
}

/** An organisation's listed groups that are stale now. */
export async function staleGroups(tx: Tx, orgId: string, now: Date): Promise<StaleGroupRow[]> {
  const { rows } = await tx.query<StaleGroupRow>(
    `SELECT g.id AS group_id, g.slug, g.name, g.status, coalesce(g.last_confirmed_at, g.published_at) AS confirmed_at,
            o.stale_after_days
     FROM groups g JOIN organisations o ON o.id = g.org_id
     WHERE g.org_id = $1 AND g.status = ANY ($2::text[])
       AND (coalesce(g.last_confirmed_at, g.published_at) IS NULL
            OR coalesce(g.last_confirmed_at, g.published_at) + o.stale_after_days * interval '1 day' < $3)
     ORDER BY confirmed_at NULLS FIRST, g.slug`,
    [orgId, LISTED_STATUSES, now],
  );
  return rows;
}

/**
 * Reminds an organisation's coordinators (and admins) of listed groups that go stale within
 * `daysAhead` days or already have: one message per person and confirmation, through the
 * outbox, in the person's language. Returns how many messages were queued.
 */
export async function queueStaleReminders(
  db: Database,
  now: Date,
  publicUrl: string,
  daysAhead = 14,
): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{
      group_id: string;
      org_id: string;
      slug: string;
      name: LocalizedText;
      confirmed_at: Date;
      stale_after_days: number;
      user_id: string;
      display_name: string;
      email: string;
      locale: MessageLang;
    }>(
      `SELECT DISTINCT ON (g.id, u.id) g.id AS group_id, g.org_id, g.slug, g.name,
              coalesce(g.last_confirmed_at, g.published_at) AS confirmed_at, o.stale_after_days,
              u.id AS user_id, u.display_name, u.email, u.locale
       FROM groups g
       JOIN organisations o ON o.id = g.org_id
       JOIN memberships m ON m.org_id = g.org_id AND m.role IN ('coordinator', 'admin')
       JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
       WHERE g.status = ANY ($1::text[]) AND coalesce(g.last_confirmed_at, g.published_at) IS NOT NULL
         AND coalesce(g.last_confirmed_at, g.published_at) + (o.stale_after_days - $3::int) * interval '1 day' <= $2
       ORDER BY g.id, u.id`,
      [LISTED_STATUSES, now, daysAhead],
    );
    let queued = 0;
    for (const r of rows) {
      const lang = r.locale;
      const staleOn = helsinkiToday(new Date(r.confirmed_at.getTime() + r.stale_after_days * DAY_MS));
      const { subject, body } = renderMessage('listing_stale_reminder', lang, {
        name: r.display_name,
        group: r.name[lang] || r.name.fi,
        groupUrl: `${publicUrl}/${lang}/groups/${r.slug}`,
        date: staleOn,
      });
      const fresh = await queueMail(tx, {
        orgId: r.org_id,
        kind: 'listing_stale_reminder',
        recipient: r.email,
        language: lang,
        subject,
        body,
        dedupeKey: `stale-reminder:${r.group_id}:${r.user_id}:${toHelsinkiIso(r.confirmed_at)}`,
      });
      if (fresh) queued++;
    }
    return queued;
  });
}
