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
  | 'catalogue.read' // the venue register and the programme templates, read only
  | 'group.propose'
  | 'group.decide' // the board's decision
  | 'group.publish'
  | 'group.run' // start, suspend, resume, end
  | 'session.manage'
  | 'participants.read' // names and contacts of registered people
  | 'participants.manage' // add, remove, accept or decline referrals
  | 'referral.create'; // register a client or hand out a referral code

/**
 * Who may do what; the role × data matrix is in docs/security.md ("Finding 8"). Reading an
 * organisation's internal data (unpublished groups, costs, remote links, the facilitator
 * register, change history, attendance numbers) is the coordinators' and admins'; the board
 * and a group's own facilitators see a group's internals through `groupAccess`.
 */
const ALLOWED: Record<Action, readonly Role[]> = {
  'organisation.read_internal': ['admin', 'coordinator'],
  'organisation.update': ['admin'],
  'organisation.create_child': ['admin'],
  'members.manage': ['admin'],
  'tokens.manage': ['admin'],
  'catalogue.manage': ['admin', 'coordinator'],
  // Facilitators meet at the venues and run the programmes; the board weighs proposals on them.
  'catalogue.read': ['admin', 'coordinator', 'board_member', 'facilitator'],
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

/** The statuses of a group the public sees (as `PUBLIC_STATUSES` in src/groups/lifecycle.ts). */
const PUBLISHED: readonly string[] = ['published', 'running', 'suspended', 'ended'];
/** The statuses in which a group is before the board: awaiting its decision, or approved by it. */
export const BOARD_STATUSES: readonly string[] = ['proposed', 'approved'];

/** What an actor may read of one group (docs/security.md, the role × data matrix). */
export interface GroupAccess {
  /** the group at all: published ones for everybody, unpublished ones only as below */
  see: boolean;
  /** available actions, board decision, listing freshness, low-attendance warning */
  internal: boolean;
  /** the remote meeting link */
  remoteLink: boolean;
  /** costs with their notes */
  costs: boolean;
  /** the change history */
  history: boolean;
  /** the names of its facilitators who did not make them public */
  facilitatorNames: boolean;
}

/**
 * Coordinators and admins see all of their organisation's groups; a facilitator sees the
 * internals of the groups they facilitate (`facilitates`: their own account is one of the
 * group's facilitators), the remote link included; the board sees the proposals awaiting its
 * decision and those it approved, with what it needs to decide (costs, history, decisions), but
 * not the remote link; everybody else (referrers, the public, a facilitator of another group)
 * sees a published group's public face only.
 */
export function groupAccess(
  actor: Actor,
  group: { org_id: string; status: string },
  facilitates: boolean,
): GroupAccess {
  const manage = can(actor, 'organisation.read_internal', group.org_id);
  const own = facilitates && actor.userId !== null && can(actor, 'session.manage', group.org_id);
  const board = can(actor, 'group.decide', group.org_id) && BOARD_STATUSES.includes(group.status);
  const inside = manage || own || board;
  return {
    see: inside || PUBLISHED.includes(group.status),
    internal: inside,
    remoteLink: manage || own,
    costs: inside,
    history: inside,
    facilitatorNames: inside,
  };
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
