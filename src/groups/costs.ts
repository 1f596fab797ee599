import type { Tx } from '../db/database.ts';
import type { Lang } from '../shared/lang.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { forbidden, notFound, unauthenticated } from '../shared/errors.ts';
import { helsinkiToday, toHelsinkiIso } from '../shared/time.ts';
import { recordEvent } from './repository.ts';
import { getGroup, getVisibleGroup } from './service.ts';

/** What running a group costs, even when it is free for participants (the Vahvistin model lists these). */
export const COST_CATEGORIES = [
  'room_rent',
  'facilitator_fee',
  'organiser_time',
  'refreshments',
  'marketing',
  'materials',
  'travel',
  'other',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** The cost categories' names in each language: for the costs page, the statistics and exports. */
export const COST_CATEGORY_NAMES: Record<Lang, Record<CostCategory, string>> = {
  fi: {
    room_rent: 'Tilavuokra',
    facilitator_fee: 'Ohjaajan palkkio',
    organiser_time: 'Järjestäjän työaika',
    refreshments: 'Tarjoilu',
    marketing: 'Markkinointi',
    materials: 'Materiaalit',
    travel: 'Matkat',
    other: 'Muu',
  },
  sv: {
    room_rent: 'Lokalhyra',
    facilitator_fee: 'Ledararvode',
    organiser_time: 'Arrangörens arbetstid',
    refreshments: 'Servering',
    marketing: 'Marknadsföring',
    materials: 'Material',
    travel: 'Resor',
    other: 'Annat',
  },
  en: {
    room_rent: 'Room rent',
    facilitator_fee: 'Facilitator fee',
    organiser_time: "Organiser's time",
    refreshments: 'Refreshments',
    marketing: 'Marketing',
    materials: 'Materials',
    travel: 'Travel',
    other: 'Other',
  },
};

interface CostRow {
  id: string;
  group_id: string;
  category: CostCategory;
  amount_cents: number;
  incurred_on: string;
  note: string | null;
  created_at: Date;
}

const present = (c: CostRow) => ({
  id: c.id,
  group_id: c.group_id,
  category: c.category,
  amount_cents: c.amount_cents,
  currency: 'EUR' as const,
  incurred_on: c.incurred_on,
  note: c.note,
  created_at: toHelsinkiIso(c.created_at),
});

const COLUMNS = 'id, group_id, category, amount_cents, incurred_on, note, created_at';

/** A group's costs with the total and the total per category (staff of its organisation). */
export async function listCosts(tx: Tx, actor: Actor, groupIdOrSlug: string) {
  const { group, access } = await getVisibleGroup(tx, actor, groupIdOrSlug);
  if (!access.costs) throw actor.kind === 'public' ? unauthenticated() : forbidden();
  const { rows } = await tx.query<CostRow>(
    `SELECT ${COLUMNS} FROM group_costs WHERE group_id = $1 ORDER BY incurred_on, created_at, id`,
    [group.id],
  );
  const byCategory: Partial<Record<CostCategory, number>> = {};
  for (const r of rows) byCategory[r.category] = (byCategory[r.category] ?? 0) + r.amount_cents;
  return {
    items: rows.map(present),
    total_cents: rows.reduce((sum, r) => sum + r.amount_cents, 0),
    by_category: byCategory,
    currency: 'EUR' as const,
  };
}

export async function addCost(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: { category: CostCategory; amount_cents: number; incurred_on?: string; note?: string | null },
  now: Date,
) {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'catalogue.manage', group.org_id);
  const { rows } = await tx.query<CostRow>(
    `INSERT INTO group_costs (group_id, org_id, category, amount_cents, incurred_on, note)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      group.id,
      group.org_id,
      input.category,
      input.amount_cents,
      input.incurred_on ?? helsinkiToday(now),
      input.note ?? null,
    ],
  );
  const cost = rows[0]!;
  await recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'cost_added',
    details: { cost_id: cost.id, category: cost.category, amount_cents: cost.amount_cents },
  });
  return present(cost);
}

export async function removeCost(tx: Tx, actor: Actor, costId: string): Promise<void> {
  const { rows } = await tx.query<CostRow & { org_id: string }>(
    `SELECT ${COLUMNS}, org_id FROM group_costs WHERE id = $1 FOR UPDATE`,
    [costId],
  );
  const cost = rows[0];
  if (!cost) throw notFound('cost');
  authorize(actor, 'catalogue.manage', cost.org_id);
  await tx.query('DELETE FROM group_costs WHERE id = $1', [cost.id]);
  await recordEvent(tx, {
    groupId: cost.group_id,
    orgId: cost.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'cost_removed',
    details: { cost_id: cost.id, category: cost.category, amount_cents: cost.amount_cents },
  });
}
