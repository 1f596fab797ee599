/**
 * Guest experts of one session — a public health nurse on sleep, a social worker on
 * benefits, a visiting speaker of the relatives' association. Named by the organisation's
 * coordinators and the group's own facilitators (the rule of every session change). Kept to
 * the minimum: a name, optionally a profession or background, the topic, and whether the
 * name may be shown publicly; no contact details. The public sees the topic only unless the
 * organiser marks the name public (`presentSessions` in service.ts).
 */
import type { Tx } from '../db/database.ts';
import type { Actor } from '../accounts/permissions.ts';
import { invalid, notFound } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import * as repo from './repository.ts';
import { authorizeSessionChange } from './service.ts';

export interface GuestInput {
  name: string;
  affiliation?: string | null;
  topic: LocalizedText;
  name_public?: boolean;
}

export function presentGuest(g: repo.GuestRow) {
  return {
    id: g.id,
    session_id: g.session_id,
    name: g.name,
    affiliation: g.affiliation,
    topic: g.topic,
    name_public: g.name_public,
  };
}
export type GuestJson = ReturnType<typeof presentGuest>;

/** The session, when this person may change its group's sessions. */
async function changeableSession(tx: Tx, actor: Actor, sessionId: string) {
  const session = await repo.findSession(tx, sessionId);
  if (!session) throw notFound('session');
  await authorizeSessionChange(tx, actor, { id: session.group_id, org_id: session.org_id });
  return session;
}

function cleaned(input: Partial<GuestInput>, current?: repo.GuestRow): repo.GuestWrite {
  const name = (input.name ?? current?.name ?? '').trim();
  if (!name) throw invalid('name', 'Give the guest’s name.', 'name-required');
  const affiliation =
    input.affiliation === undefined ? (current?.affiliation ?? null) : input.affiliation?.trim() || null;
  const topic = input.topic ?? current?.topic;
  if (!topic) throw invalid('topic', 'Say what the guest talks about.', 'topic-required');
  return { name, affiliation, topic, name_public: input.name_public ?? current?.name_public ?? false };
}

export async function listSessionGuests(tx: Tx, actor: Actor, sessionId: string): Promise<GuestJson[]> {
  const session = await changeableSession(tx, actor, sessionId);
  return (await repo.listGuests(tx, session.id)).map(presentGuest);
}

/**
 * Names a guest for the session. A session with a guest is kept as it is when its schedule
 * is changed later (it counts as changed by hand), so the guest is not lost with it.
 */
export async function addSessionGuest(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: GuestInput,
): Promise<GuestJson> {
  const session = await changeableSession(tx, actor, sessionId);
  const id = await repo.insertGuest(tx, session, cleaned(input));
  await tx.query('UPDATE sessions SET customised = true, updated_at = now() WHERE id = $1', [session.id]);
  return presentGuest((await repo.findGuest(tx, session.id, id))!);
}

export async function changeSessionGuest(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  guestId: string,
  input: Partial<GuestInput>,
): Promise<GuestJson> {
  const session = await changeableSession(tx, actor, sessionId);
  const current = await repo.findGuest(tx, session.id, guestId);
  if (!current) throw notFound('guest');
  await repo.updateGuest(tx, current.id, cleaned(input, current));
  return presentGuest((await repo.findGuest(tx, session.id, current.id))!);
}

export async function removeSessionGuest(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  guestId: string,
): Promise<void> {
  const session = await changeableSession(tx, actor, sessionId);
  const current = await repo.findGuest(tx, session.id, guestId);
  if (!current) throw notFound('guest');
  await repo.deleteGuest(tx, current.id);
}
