/**
 * Loading one group, shared by the services of groups, enrolment and freshness (which the
 * groups service itself uses), so that none of them imports another's service to find a row.
 */
import type { Tx } from '../db/database.ts';
import { notFound } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import * as repo from './repository.ts';

/** A group by id or slug as the caller may see it (row-level security decides), or 404. */
export async function getGroup(tx: Tx, idOrSlug: string, forUpdate = false): Promise<repo.GroupRow> {
  const row = await repo.findGroup(tx, idOrSlug, isUuid(idOrSlug), forUpdate);
  if (!row) throw notFound('group');
  return row;
}
