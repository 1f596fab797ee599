/**
 * The group lifecycle as a pure table: which action moves a group from which status to
 * which, and what permission it needs. Tested alone; the service applies it.
 */
import type { Action } from '../accounts/permissions.ts';

export const GROUP_STATUSES = [
  'draft',
  'proposed',
  'approved',
  'published',
  'running',
  'suspended',
  'ended',
] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export const PUBLIC_STATUSES: readonly GroupStatus[] = ['published', 'running', 'suspended', 'ended'];

export const LIFECYCLE_ACTIONS = [
  'propose',
  'withdraw',
  'approve',
  'reject',
  'publish',
  'start',
  'suspend',
  'resume',
  'end',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

interface Transition {
  from: readonly GroupStatus[];
  to: GroupStatus;
  permission: Action;
}

export const TRANSITIONS: Record<LifecycleAction, Transition> = {
  propose: { from: ['draft'], to: 'proposed', permission: 'group.propose' },
  withdraw: { from: ['proposed', 'approved'], to: 'draft', permission: 'group.propose' },
  approve: { from: ['proposed'], to: 'approved', permission: 'group.decide' },
  reject: { from: ['proposed'], to: 'draft', permission: 'group.decide' },
  // draft → published only where the organisation does not require the board's approval
  publish: { from: ['draft', 'approved'], to: 'published', permission: 'group.publish' },
  start: { from: ['published'], to: 'running', permission: 'group.run' },
  suspend: { from: ['published', 'running'], to: 'suspended', permission: 'group.run' },
  resume: { from: ['suspended'], to: 'running', permission: 'group.run' },
  end: { from: ['published', 'running', 'suspended'], to: 'ended', permission: 'group.run' },
};

export type TransitionCheck =
  | { ok: true; to: GroupStatus; permission: Action }
  | { ok: false; reason: 'NOT_ALLOWED_FROM_STATUS' | 'BOARD_APPROVAL_REQUIRED' };

/** Whether `action` may move a group in `status`, under the organisation's board rule. */
export function checkTransition(
  status: GroupStatus,
  action: LifecycleAction,
  requiresBoardApproval: boolean,
): TransitionCheck {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) return { ok: false, reason: 'NOT_ALLOWED_FROM_STATUS' };
  if (action === 'publish' && status === 'draft' && requiresBoardApproval) {
    return { ok: false, reason: 'BOARD_APPROVAL_REQUIRED' };
  }
  return { ok: true, to: t.to, permission: t.permission };
}

/** The actions available from a status, for the staff UI and the API. */
export function availableActions(status: GroupStatus, requiresBoardApproval: boolean): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((a) => checkTransition(status, a, requiresBoardApproval).ok);
}
