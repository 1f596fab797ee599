import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  can,
  authorize,
  groupAccess,
  ROLES,
  PUBLIC_ACTOR,
  type Action,
  type Actor,
  type GroupAccess,
  type Role,
} from './permissions.ts';
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
  // unpublished groups, costs, remote links, the facilitator register, history: not every role
  // (finding 8 of issue 12; the board and a group's own facilitators get theirs by groupAccess)
  'organisation.read_internal': ['admin', 'coordinator'],
  'organisation.update': ['admin'],
  'organisation.create_child': ['admin'],
  'members.manage': ['admin'],
  'tokens.manage': ['admin'],
  'catalogue.manage': ['admin', 'coordinator'],
  'catalogue.read': ['admin', 'coordinator', 'board_member', 'facilitator'],
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

describe('groupAccess: what each role reads of one group (docs/security.md, finding 8)', () => {
  const person = (role: Role): Actor => ({ ...actorWith(role), kind: 'user', userId: `user-${role}` });
  const NONE: GroupAccess = {
    see: false,
    internal: false,
    remoteLink: false,
    costs: false,
    history: false,
    facilitatorNames: false,
  };
  const PUBLIC_FACE: GroupAccess = { ...NONE, see: true };
  const ALL: GroupAccess = {
    see: true,
    internal: true,
    remoteLink: true,
    costs: true,
    history: true,
    facilitatorNames: true,
  };
  const of = (status: string) => ({ org_id: ORG, status });

  it('gives coordinators and admins everything of every group of theirs', () => {
    for (const role of ['admin', 'coordinator'] as const)
      for (const status of ['draft', 'proposed', 'approved', 'published', 'running', 'ended'])
        assert.deepEqual(groupAccess(person(role), of(status), false), ALL, `${role} ${status}`);
  });

  it('gives a facilitator the internals and the remote link of their own groups only', () => {
    assert.deepEqual(groupAccess(person('facilitator'), of('running'), true), ALL);
    assert.deepEqual(groupAccess(person('facilitator'), of('draft'), true), ALL);
    assert.deepEqual(groupAccess(person('facilitator'), of('running'), false), PUBLIC_FACE);
    assert.deepEqual(groupAccess(person('facilitator'), of('draft'), false), NONE);
  });

  it('gives the board the proposals before it, without the remote link, and nothing of drafts', () => {
    for (const status of ['proposed', 'approved'])
      assert.deepEqual(groupAccess(person('board_member'), of(status), false), { ...ALL, remoteLink: false });
    assert.deepEqual(groupAccess(person('board_member'), of('draft'), false), NONE);
    assert.deepEqual(groupAccess(person('board_member'), of('published'), false), PUBLIC_FACE);
  });

  it('gives referrers, the public and other organisations the public face of published groups only', () => {
    const outsider = person('admin');
    const other = { org_id: OTHER, status: 'published' };
    for (const actor of [person('referrer'), PUBLIC_ACTOR]) {
      assert.deepEqual(groupAccess(actor, of('published'), false), PUBLIC_FACE);
      assert.deepEqual(groupAccess(actor, of('proposed'), false), NONE);
      assert.deepEqual(groupAccess(actor, of('draft'), false), NONE);
    }
    assert.deepEqual(groupAccess(outsider, other, false), PUBLIC_FACE);
    assert.deepEqual(groupAccess(outsider, { org_id: OTHER, status: 'draft' }, true), NONE);
  });
});
