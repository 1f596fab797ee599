import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases()) {
  describe(`groups API on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function orgWithToken(
      role: 'admin' | 'coordinator' | 'board_member' | 'facilitator' = 'coordinator',
      requiresBoard = false,
    ) {
      const org = await makeOrganisation(db, { requires_board_approval: requiresBoard });
      return { org, token: await tokenFor(db, org.id, role) };
    }

    async function createGroup(token: string, body: Record<string, unknown>) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: body,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; slug: string; status: string; warnings: { code: string }[] }>();
    }

    async function lifecycle(token: string, id: string, body: Record<string, unknown>) {
      return app.inject({
        method: 'POST',
        url: `/api/v1/groups/${id}/lifecycle`,
        headers: bearer(token),
        payload: body,
      });
    }

    async function remoteLink(token: string, id: string) {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ryhma' },
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    it('keeps a draft group invisible to other organisations and to the public', async () => {
      const a = await orgWithToken();
      const b = await orgWithToken('admin');
      const draft = await createGroup(a.token, groupBody(a.org.id));

      const own = await app.inject({ url: `/api/v1/groups/${draft.id}`, headers: bearer(a.token) });
      assert.equal(own.statusCode, 200);
      assert.equal(own.json().status, 'draft');

      for (const headers of [bearer(b.token), {}]) {
        const byId = await app.inject({ url: `/api/v1/groups/${draft.id}`, headers });
        assert.equal(byId.statusCode, 404);
        assert.equal(byId.headers['content-type'], 'application/problem+json; charset=utf-8');
        const bySlug = await app.inject({ url: `/api/v1/groups/${draft.slug}`, headers });
        assert.equal(bySlug.statusCode, 404);
        const sessions = await app.inject({ url: `/api/v1/groups/${draft.id}/sessions`, headers });
        assert.equal(sessions.statusCode, 404);
      }
      const listB = await app.inject({
        url: '/api/v1/groups?status=all&per_page=100',
        headers: bearer(b.token),
      });
      assert.equal(listB.statusCode, 200);
      assert.ok(!listB.json<{ items: { id: string }[] }>().items.some((g) => g.id === draft.id));
      const listA = await app.inject({
        url: `/api/v1/groups?status=all&organization=${a.org.slug}`,
        headers: bearer(a.token),
      });
      assert.deepEqual(
        listA.json<{ items: { id: string }[] }>().items.map((g) => g.id),
        [draft.id],
      );
      const publicList = await app.inject({ url: `/api/v1/groups?organization=${a.org.slug}` });
      assert.equal(publicList.json<{ total: number }>().total, 0);
      const publicAll = await app.inject({ url: '/api/v1/groups?status=all' });
      assert.equal(publicAll.statusCode, 401);
    });

    it('does not let another organisation change or move a group', async () => {
      const a = await orgWithToken();
      const b = await orgWithToken('admin');
      const group = await createGroup(a.token, groupBody(a.org.id));
      const patch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(b.token),
        payload: { capacity: 3 },
      });
      assert.equal(patch.statusCode, 404);
      const move = await lifecycle(b.token, group.id, { action: 'propose' });
      assert.equal(move.statusCode, 404);
      const create = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(b.token),
        payload: groupBody(a.org.id),
      });
      assert.equal(create.statusCode, 403);
    });

    it('publishes a group: visible to everyone with its public URL, organisation and facilitation', async () => {
      const a = await orgWithToken();
      const group = await createGroup(
        a.token,
        groupBody(a.org.id, { capacity: 12, languages: ['fi', 'sv'] }),
      );
      await remoteLink(a.token, group.id);
      const res = await lifecycle(a.token, group.id, { action: 'publish' });
      assert.equal(res.statusCode, 200, res.body);
      const pub = await app.inject({ url: `/api/v1/groups/${group.slug}` });
      assert.equal(pub.statusCode, 200);
      const body = pub.json();
      assert.equal(body.status, 'published');
      assert.equal(body.organization.slug, a.org.slug);
      assert.equal(body.capacity, 12);
      assert.equal(body.seats_available, 12);
      assert.equal(body.url, `http://localhost:3000/fi/groups/${group.slug}`);
      assert.equal(body.internal, undefined, 'the public never sees internal details');
      assert.ok(!JSON.stringify(body).includes('meet.example.fi'), 'the remote link is never public');
    });

    it('requires the board to approve before publishing where the organisation says so', async () => {
      const coordinator = await orgWithToken('coordinator', true);
      const board = await tokenFor(db, coordinator.org.id, 'board_member');
      const group = await createGroup(coordinator.token, groupBody(coordinator.org.id));
      await remoteLink(coordinator.token, group.id);

      const early = await lifecycle(coordinator.token, group.id, { action: 'publish' });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'board-approval-required');

      assert.equal((await lifecycle(coordinator.token, group.id, { action: 'propose' })).statusCode, 200);
      const notBoard = await lifecycle(coordinator.token, group.id, {
        action: 'approve',
        decided_on: '2026-11-20',
      });
      assert.equal(notBoard.statusCode, 403);
      const noDate = await lifecycle(board, group.id, { action: 'approve' });
      assert.equal(noDate.statusCode, 422);
      assert.equal(noDate.json().errors[0].field, 'decided_on');
      const approved = await lifecycle(board, group.id, {
        action: 'approve',
        decided_on: '2026-11-20',
        minutes_reference: 'Hallituksen kokous 11/2026 § 4',
      });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.deepEqual(approved.json().internal.board_decision, {
        decision: 'approved',
        decided_on: '2026-11-20',
        minutes_reference: 'Hallituksen kokous 11/2026 § 4',
        notes: null,
      });
      const published = await lifecycle(coordinator.token, group.id, { action: 'publish' });
      assert.equal(published.statusCode, 200);

      const history = await app.inject({
        url: `/api/v1/groups/${group.id}/events`,
        headers: bearer(coordinator.token),
      });
      assert.deepEqual(
        history.json<{ items: { action: string; actor_label: string }[] }>().items.map((e) => e.action),
        ['created', 'remote_details_set', 'propose', 'approve', 'publish'],
      );
      assert.ok(
        history
          .json<{ items: { actor_label: string }[] }>()
          .items.every((e) => e.actor_label.startsWith('token:')),
      );
      const publicHistory = await app.inject({ url: `/api/v1/groups/${group.id}/events` });
      assert.equal(publicHistory.statusCode, 401);
    });

    it('refuses to publish a group that lacks what a newcomer needs, and names it', async () => {
      const a = await orgWithToken();
      const group = await createGroup(a.token, groupBody(a.org.id, { mode: 'in_person', description: null }));
      const res = await lifecycle(a.token, group.id, { action: 'publish' });
      assert.equal(res.statusCode, 409);
      const fields = res
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort();
      assert.deepEqual(fields, ['description', 'venue_id']);
      const after = await app.inject({ url: `/api/v1/groups/${group.id}`, headers: bearer(a.token) });
      assert.equal(after.json().status, 'draft');
    });

    it('suspends a group with date and reason, cancels its later sessions, and links a replacement both ways', async () => {
      const a = await orgWithToken();
      const group = await createGroup(a.token, groupBody(a.org.id, { slug: `tesoma-${a.org.slug}` }));
      await remoteLink(a.token, group.id);
      const schedule = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(a.token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=7', starts_local: '2019-11-12T15:00', duration_minutes: 90 },
      });
      assert.equal(schedule.statusCode, 201, schedule.body);
      await lifecycle(a.token, group.id, { action: 'publish' });
      await lifecycle(a.token, group.id, { action: 'start' });
      const suspended = await lifecycle(a.token, group.id, {
        action: 'suspend',
        suspended_on: '2019-12-03',
        reason_code: 'low_attendance',
        reason: 'Vähäinen osallistujamäärä',
      });
      assert.equal(suspended.statusCode, 200, suspended.body);
      const s = suspended.json();
      assert.equal(s.status, 'suspended');
      assert.equal(s.suspended_on, '2019-12-03');
      assert.equal(s.suspension_reason_code, 'low_attendance');

      const sessions = (await app.inject({ url: `/api/v1/groups/${group.id}/sessions` })).json<{
        items: { starts_at: string; status: string }[];
      }>().items;
      assert.equal(sessions.length, 7);
      assert.deepEqual(
        sessions.map((x) => `${x.starts_at.slice(0, 10)} ${x.status}`),
        [
          '2019-11-12 scheduled',
          '2019-11-19 scheduled',
          '2019-11-26 scheduled',
          '2019-12-03 cancelled',
          '2019-12-10 cancelled',
          '2019-12-17 cancelled',
          '2019-12-24 cancelled',
        ],
      );

      const replacement = await createGroup(a.token, groupBody(a.org.id, { replaces_group_id: group.id }));
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(a.token),
        payload: groupBody(a.org.id, { replaces_group_id: group.id }),
      });
      assert.equal(again.statusCode, 409);
      const old = (await app.inject({ url: `/api/v1/groups/${group.id}` })).json();
      assert.equal(old.replaced_by, null, 'a draft replacement is not shown publicly');
      await remoteLink(a.token, replacement.id);
      await lifecycle(a.token, replacement.id, { action: 'publish' });
      const linked = (await app.inject({ url: `/api/v1/groups/${group.id}` })).json();
      assert.equal(linked.replaced_by.id, replacement.id);
      const back = (await app.inject({ url: `/api/v1/groups/${replacement.id}` })).json();
      assert.equal(back.replaces.id, group.id);
    });

    it('applies the programme template: limits, crisis notice and the hybrid warning', async () => {
      const a = await orgWithToken();
      const tooMany = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(a.token),
        payload: groupBody(a.org.id, { template: 'vahvistin', capacity: 11 }),
      });
      assert.equal(tooMany.statusCode, 422);
      assert.equal(tooMany.json().errors[0].field, 'capacity');

      const hybrid = await createGroup(
        a.token,
        groupBody(a.org.id, { template: 'vahvistin', mode: 'hybrid' }),
      );
      assert.deepEqual(
        hybrid.warnings.map((w) => w.code),
        ['hybrid-discouraged'],
      );
      const shown = (
        await app.inject({ url: `/api/v1/groups/${hybrid.id}`, headers: bearer(a.token) })
      ).json();
      assert.equal(shown.capacity, 10, 'the template sets the capacity');
      assert.equal(shown.crisis_notice, true);
      assert.equal(shown.programme.slug, 'vahvistin');
    });

    it('answers bad input with problem+json naming the field, and saves nothing', async () => {
      const a = await orgWithToken();
      const before = (
        await app.inject({ url: '/api/v1/groups?status=all&per_page=100', headers: bearer(a.token) })
      ).json().total;
      const cases: [Record<string, unknown>, number, string][] = [
        [groupBody(a.org.id, { name: { sv: 'bara svenska' } }), 400, 'name.fi'],
        [groupBody(a.org.id, { how_to_join: 'whenever' }), 400, 'how_to_join'],
        [groupBody(a.org.id, { capacity: 0 }), 400, 'capacity'],
        [groupBody(a.org.id, { surprise: true }), 400, 'surprise'],
        [groupBody(a.org.id, { cost_kind: 'co_payment' }), 422, 'co_payment_cents'],
        [groupBody(a.org.id, { starts_on: '2026-05-01', ends_on: '2026-04-01' }), 422, 'ends_on'],
        [groupBody(a.org.id, { openness: 'closed', how_to_join: 'drop_in' }), 422, 'how_to_join'],
        [groupBody(a.org.id, { template: 'no-such-programme' }), 422, 'template'],
        [groupBody(a.org.id, { venue_id: '00000000-0000-4000-8000-000000000000' }), 422, 'venue_id'],
        [groupBody(a.org.id, { starts_on: '2026-02-30' }), 400, 'starts_on'],
      ];
      for (const [payload, status, field] of cases) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/groups',
          headers: bearer(a.token),
          payload,
        });
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
        const problem = res.json();
        assert.equal(problem.status, status);
        assert.ok(
          problem.errors.some((e: { field: string }) => e.field === field),
          `expected ${field} in ${JSON.stringify(problem.errors)}`,
        );
      }
      const afterCount = (
        await app.inject({ url: '/api/v1/groups?status=all&per_page=100', headers: bearer(a.token) })
      ).json().total;
      assert.equal(afterCount, before);

      const group = await createGroup(a.token, groupBody(a.org.id, { capacity: 5 }));
      const badPatch = await app.inject({
        method: 'PATCH',
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(a.token),
        payload: { capacity: -1, name: { fi: 'Uusi nimi' } },
      });
      assert.equal(badPatch.statusCode, 400);
      const unchanged = (
        await app.inject({ url: `/api/v1/groups/${group.id}`, headers: bearer(a.token) })
      ).json();
      assert.equal(unchanged.capacity, 5);
      assert.notEqual(unchanged.name.fi, 'Uusi nimi');

      const badTransition = await lifecycle(a.token, group.id, { action: 'resume' });
      assert.equal(badTransition.statusCode, 409);
      assert.equal(badTransition.json().errors[0].field, 'action');
      const badAction = await lifecycle(a.token, group.id, { action: 'explode' });
      assert.equal(badAction.statusCode, 400);
      const stillDraft = (
        await app.inject({ url: `/api/v1/groups/${group.id}`, headers: bearer(a.token) })
      ).json();
      assert.equal(stillDraft.status, 'draft');
    });

    it('rejects unauthenticated and under-privileged writes', async () => {
      const a = await orgWithToken();
      const facilitator = await tokenFor(db, a.org.id, 'facilitator');
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        payload: groupBody(a.org.id),
      });
      assert.equal(anonymous.statusCode, 401);
      const wrongToken = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer('vt_nope'),
        payload: groupBody(a.org.id),
      });
      assert.equal(wrongToken.statusCode, 401);
      const weak = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(facilitator),
        payload: groupBody(a.org.id),
      });
      assert.equal(weak.statusCode, 403);
    });
  });
}
