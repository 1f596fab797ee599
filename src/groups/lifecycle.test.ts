import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { availableActions, checkTransition, GROUP_STATUSES, LIFECYCLE_ACTIONS } from './lifecycle.ts';

describe('group lifecycle', () => {
  it('follows draft → proposed → approved → published → running → suspended → ended', () => {
    const path: [Parameters<typeof checkTransition>[0], Parameters<typeof checkTransition>[1], string][] = [
      ['draft', 'propose', 'proposed'],
      ['proposed', 'approve', 'approved'],
      ['approved', 'publish', 'published'],
      ['published', 'start', 'running'],
      ['running', 'suspend', 'suspended'],
      ['suspended', 'end', 'ended'],
    ];
    for (const [from, action, to] of path) {
      const result = checkTransition(from, action, true);
      assert.deepEqual(result.ok && result.to, to, `${from} --${action}--> ${to}`);
    }
  });

  it('sends a rejected proposal back to draft', () => {
    const result = checkTransition('proposed', 'reject', true);
    assert.equal(result.ok && result.to, 'draft');
  });

  it('lets a draft be published directly only where no board approval is required', () => {
    assert.deepEqual(checkTransition('draft', 'publish', true), {
      ok: false,
      reason: 'BOARD_APPROVAL_REQUIRED',
    });
    const direct = checkTransition('draft', 'publish', false);
    assert.equal(direct.ok && direct.to, 'published');
  });

  it('lets only the board (or an admin) decide, and only coordinators run the group', () => {
    const approve = checkTransition('proposed', 'approve', true);
    assert.equal(approve.ok && approve.permission, 'group.decide');
    const suspend = checkTransition('running', 'suspend', true);
    assert.equal(suspend.ok && suspend.permission, 'group.run');
  });

  it('never leaves an ended group', () => {
    assert.deepEqual(availableActions('ended', false), []);
    for (const action of LIFECYCLE_ACTIONS) assert.equal(checkTransition('ended', action, false).ok, false);
  });

  it('offers at least one way forward from every other status', () => {
    for (const status of GROUP_STATUSES.filter((s) => s !== 'ended')) {
      assert.ok(availableActions(status, true).length > 0, status);
    }
  });
});
