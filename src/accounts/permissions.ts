import type { AccessContext } from '../db/database.ts';
import { forbidden, unauthenticated } from '../shared/errors.ts';

export const ROLES = ['admin', 'coordinator', 'board_member', 'facilitator', 'referrer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is making a request. `roles` holds the effective roles per organisation: a
 * membership in an organisation applies to the organisations below it too.
 */
export interface Actor {
  kind: 'public' | 'user' | 'token' | 'system';
  userId: string | null;
  /** shown in the change history: an email, a token label, or "system" */
  label: string;
  roles: ReadonlyMap<string, ReadonlySet<Role>>;
}

export const PUBLIC_ACTOR: Actor = Object.freeze({
  kind: 'public',
  userId: null,
  label: 'public',
  roles: new Map(),
});

export type Action =
  | 'organisation.read_internal'
  | 'organisation.update'
  | 'organisation.create_child'
  | 'members.manage'
  | 'tokens.manage'
  | 'catalogue.manage' // venues, partners, facilitators, trainings, templates, groups, schedules
  | 'group.propose'
  | 'group.decide' // the board's decision
  | 'group.publish'
  | 'group.run' // start, suspend, resume, end
  | 'session.manage'
  | 'participants.read' // names and contacts of registered people
  | 'participants.manage' // add, remove, accept or decline referrals
  | 'referral.create'; // register a client or hand out a referral code

const ALLOWED: Record<Action, readonly Role[]> = {
  'organisation.read_internal': ROLES,
  'organisation.update': ['admin'],
  'organisation.create_child': ['admin'],
  'members.manage': ['admin'],
  'tokens.manage': ['admin'],
  'catalogue.manage': ['admin', 'coordinator'],
  'group.propose': ['admin', 'coordinator'],
  'group.decide': ['admin', 'board_member'],
  'group.publish': ['admin', 'coordinator'],
  'group.run': ['admin', 'coordinator'],
  'session.manage': ['admin', 'coordinator', 'facilitator'],
  'participants.read': ['admin', 'coordinator', 'facilitator'],
  'participants.manage': ['admin', 'coordinator'],
  'referral.create': ['admin', 'coordinator', 'referrer'],
};

/** May this actor do this action in this organisation? Pure; tested alone. */
export function can(actor: Actor, action: Action, orgId: string): boolean {
  const roles = actor.roles.get(orgId);
  if (!roles) return false;
  return ALLOWED[action].some((r) => roles.has(r));
}

/** Throws 401 for the public, 403 for a signed-in actor without the right. */
export function authorize(actor: Actor, action: Action, orgId: string): void {
  if (can(actor, action, orgId)) return;
  if (actor.kind === 'public') throw unauthenticated();
  throw forbidden();
}

export function requireSignedIn(actor: Actor): void {
  if (actor.kind === 'public') throw unauthenticated();
}

/** The row-level security context of an actor: every organisation it holds a role in. */
export function accessContextOf(actor: Actor): AccessContext {
  return { userId: actor.userId, orgIds: [...actor.roles.keys()] };
}
