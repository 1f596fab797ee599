import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { can, authorize, ROLES, PUBLIC_ACTOR, type Action, type Actor, type Role } from './permissions.ts';
import { AppError } from '../shared/errors.ts';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const actorWith = (role: Role, orgId = ORG): Actor => ({
  kind: 'token',
  userId: null,
  label: role,
  roles: new Map([[orgId, new Set([role])]]),
});

const EXPECTED: Record<Action, Role[]> = {
  'organisation.read_internal': ['admin', 'coordinator', 'board_member', 'facilitator', 'referrer'],
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
  // participants' names and contacts: never board members or referrers
  'participants.read': ['admin', 'coordinator', 'facilitator'],
  'participants.manage': ['admin', 'coordinator'],
  'referral.create': ['admin', 'coordinator', 'referrer'],
};

describe('permissions', () => {
  it('grants each action to exactly the roles that need it', () => {
    for (const [action, allowed] of Object.entries(EXPECTED) as [Action, Role[]][]) {
      for (const role of ROLES) {
        assert.equal(can(actorWith(role), action, ORG), allowed.includes(role), `${role} ${action}`);
      }
    }
  });

  it('gives nothing in another organisation', () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      assert.equal(can(actorWith('admin', OTHER), action, ORG), false, action);
    }
  });

  it('answers 401 to the public and 403 to a signed-in actor without the right', () => {
    assert.throws(
      () => authorize(PUBLIC_ACTOR, 'catalogue.manage', ORG),
      (e: unknown) => e instanceof AppError && e.status === 401,
    );
    assert.throws(
      () => authorize(actorWith('referrer'), 'catalogue.manage', ORG),
      (e: unknown) => e instanceof AppError && e.status === 403,
    );
    assert.doesNotThrow(() => authorize(actorWith('coordinator'), 'catalogue.manage', ORG));
  });
});
