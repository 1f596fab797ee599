/**
 * Who ran one session, for the volunteer hours: by default the group's facilitators; the
 * organisation's coordinators and admins and the group's own facilitators may change it on the
 * session page (the same check as every other change of a group's sessions).
 */
import type { Tx } from '../db/database.ts';
import type { Actor } from '../accounts/permissions.ts';
import { notFound } from '../shared/errors.ts';
import { getGroup } from '../groups/service.ts';
import { authorizeSessionChange } from '../schedules/service.ts';
import { findSession } from '../schedules/repository.ts';
import * as repo from './repository.ts';

export interface SessionFacilitators {
  /** true when rows were recorded for this session; false: the group's facilitators ran it */
  recorded: boolean;
  choices: repo.SessionFacilitatorRow[];
}

async function sessionOf(tx: Tx, actor: Actor, sessionId: string) {
  const session = await findSession(tx, sessionId);
  if (!session) throw notFound('session');
  const group = await getGroup(tx, session.group_id);
  await authorizeSessionChange(tx, actor, group);
  return { session, group };
}

export async function sessionFacilitators(
  tx: Tx,
  actor: Actor,
  sessionId: string,
): Promise<SessionFacilitators> {
  const { session, group } = await sessionOf(tx, actor, sessionId);
  const choices = await repo.sessionFacilitatorChoices(tx, session.id, group.id, group.org_id);
  return { recorded: choices.some((c) => c.chosen), choices };
}

/** Records who ran the session; none ticked goes back to the group's facilitators. */
export async function setSessionFacilitators(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  facilitatorIds: string[],
): Promise<void> {
  const { session, group } = await sessionOf(tx, actor, sessionId);
  await repo.replaceSessionFacilitators(tx, session.id, group.org_id, facilitatorIds);
}
