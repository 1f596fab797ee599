import type { Tx } from '../db/database.ts';
import { GROUP_COLUMNS, type GroupRow } from '../groups/repository.ts';
import type { LocalizedText } from '../shared/localized.ts';

/** The groups a staff member facilitates (through a facilitator record linked to their account). */
export async function facilitatedGroups(tx: Tx, userId: string): Promise<GroupRow[]> {
  const { rows } = await tx.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM groups g
     WHERE EXISTS (SELECT 1 FROM group_facilitators gf JOIN facilitators f ON f.id = gf.facilitator_id
                   WHERE gf.group_id = g.id AND f.user_id = $1)
       AND g.status <> 'ended'
     ORDER BY g.name->>'fi', g.id LIMIT 100`,
    [userId],
  );
  return rows;
}

/** Names of groups by id, for lists that know only the id. */
export async function groupNames(tx: Tx, ids: readonly string[]): Promise<Map<string, LocalizedText>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: LocalizedText }>(
    'SELECT id, name FROM groups WHERE id = ANY ($1::uuid[])',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Display names of organisations by id. */
export async function organisationNames(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; slug: string; name: LocalizedText }[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ id: string; slug: string; name: LocalizedText }>(
    `SELECT id, slug, name FROM organisations WHERE id = ANY ($1::uuid[]) ORDER BY name->>'fi', id`,
    [[...ids]],
  );
  return rows;
}
