import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'ohjaajan-salasana-1';

interface SessionJson {
  id: string;
  starts_at: string;
  ends_at: string;
  status: string;
  plan_kind: string;
  theme: { fi: string } | null;
  theme_key: string | null;
  cancel_reason_code: string | null;
}

for (const target of testDatabases()) {
  describe(`schedules and sessions on ${target.name}`, () => {
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

    async function setup(groupOverrides: Record<string, unknown> = {}) {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, groupOverrides),
      });
      assert.equal(res.statusCode, 201, res.body);
      return { org, token, group: res.json<{ id: string; slug: string }>() };
    }

    async function addSchedule(token: string, groupId: string, payload: Record<string, unknown>) {
      return app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/schedules`,
        headers: bearer(token),
        payload,
      });
    }

    async function sessions(token: string, groupId: string, query = '') {
      const res = await app.inject({
        url: `/api/v1/groups/${groupId}/sessions${query}`,
        headers: bearer(token),
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: SessionJson[] }>().items;
    }

    it('materialises a weekly course as sessions with Helsinki offsets across the end of summer time', async () => {
      const { token, group } = await setup();
      const res = await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;COUNT=4',
        starts_local: '2019-10-16T15:30',
        duration_minutes: 90,
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().sessions, { created: 4, updated: 0, removed: 0 });
      const items = await sessions(token, group.id);
      assert.deepEqual(
        items.map((s) => [s.starts_at, s.ends_at]),
        [
          ['2019-10-16T15:30:00+03:00', '2019-10-16T17:00:00+03:00'],
          ['2019-10-23T15:30:00+03:00', '2019-10-23T17:00:00+03:00'],
          ['2019-10-30T15:30:00+02:00', '2019-10-30T17:00:00+02:00'],
          ['2019-11-06T15:30:00+02:00', '2019-11-06T17:00:00+02:00'],
        ],
      );
      const between = await sessions(token, group.id, '?from=2019-10-20&to=2019-11-01');
      assert.equal(between.length, 2);
    });

    it('moves or cancels one session without touching the others, and keeps it when the schedule changes', async () => {
      const { token, group } = await setup();
      const created = await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;COUNT=4',
        starts_local: '2027-01-05T18:00',
        duration_minutes: 60,
      });
      const scheduleId = created.json().schedule.id as string;
      const [first, second, third] = await sessions(token, group.id);

      const moved = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${second!.id}`,
        headers: bearer(token),
        payload: { starts_at: '2027-01-13T17:00' },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().starts_at, '2027-01-13T17:00:00+02:00');
      assert.equal(moved.json().ends_at, '2027-01-13T18:00:00+02:00', 'a moved session keeps its length');

      const cancelled = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${third!.id}`,
        headers: bearer(token),
        payload: { status: 'cancelled', cancel_reason_code: 'holiday' },
      });
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal(cancelled.json().cancel_reason_code, 'holiday');

      const longer = await app.inject({
        method: 'PATCH',
        url: `/api/v1/schedules/${scheduleId}`,
        headers: bearer(token),
        payload: { duration_minutes: 120 },
      });
      assert.equal(longer.statusCode, 200, longer.body);
      const after = await sessions(token, group.id);
      assert.equal(after.length, 4);
      assert.equal(
        after.find((s) => s.id === first!.id)!.ends_at,
        '2027-01-05T20:00:00+02:00',
        'untouched sessions follow the schedule',
      );
      assert.equal(
        after.find((s) => s.id === second!.id)!.starts_at,
        '2027-01-13T17:00:00+02:00',
        'the moved session stays moved',
      );
      assert.equal(after.find((s) => s.id === second!.id)!.ends_at, '2027-01-13T18:00:00+02:00');
      assert.equal(after.find((s) => s.id === third!.id)!.status, 'cancelled');

      const fewer = await app.inject({
        method: 'PATCH',
        url: `/api/v1/schedules/${scheduleId}`,
        headers: bearer(token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=2' },
      });
      assert.deepEqual(fewer.json().sessions, { created: 0, updated: 0, removed: 1 });
      const remaining = (await sessions(token, group.id)).map((s) => s.id).sort();
      assert.deepEqual(
        remaining,
        [first!.id, second!.id, third!.id].sort(),
        'hand-changed sessions are kept',
      );
    });

    it('adds an extra session and extends an ongoing group to a year ahead', async () => {
      const { token, group } = await setup();
      const ongoing = await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        starts_local: '2026-11-24T10:00',
        duration_minutes: 120,
      });
      assert.equal(ongoing.statusCode, 201);
      assert.equal(ongoing.json().schedule.ongoing, true);
      const count = ongoing.json().sessions.created as number;
      assert.ok(count >= 52 && count <= 60, `about a year of weekly sessions, got ${count}`);

      const extra = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/sessions`,
        headers: bearer(token),
        payload: {
          starts_at: '2026-12-05T12:00:00+02:00',
          duration_minutes: 60,
          theme: { fi: 'Vierailija: neuvolan terveydenhoitaja' },
        },
      });
      assert.equal(extra.statusCode, 201, extra.body);
      assert.equal(extra.json().plan_kind, 'extra');
      assert.equal(extra.json().ends_at, '2026-12-05T13:00:00+02:00');
    });

    it('refuses a bad recurrence or time with a named field and saves nothing', async () => {
      const { token, group } = await setup();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ rrule: 'FREQ=SOMETIMES', starts_local: '2027-01-05T18:00', duration_minutes: 60 }, 422, 'rrule'],
        [
          {
            rrule: 'FREQ=WEEKLY;COUNT=2;UNTIL=20270101T000000Z',
            starts_local: '2027-01-05T18:00',
            duration_minutes: 60,
          },
          422,
          'rrule',
        ],
        [{ rrule: 'FREQ=WEEKLY', starts_local: '5.1.2027 18:00', duration_minutes: 60 }, 400, 'starts_local'],
        [
          { rrule: 'FREQ=WEEKLY', starts_local: '2027-01-05T18:00', duration_minutes: 0 },
          400,
          'duration_minutes',
        ],
        [{ rrule: 'FREQ=WEEKLY', starts_local: '2027-01-05T18:00' }, 400, 'duration_minutes'],
        [
          {
            rrule: 'FREQ=WEEKLY',
            starts_local: '2027-01-05T18:00',
            duration_minutes: 60,
            venue_id: '00000000-0000-4000-8000-000000000000',
          },
          422,
          'venue_id',
        ],
      ];
      for (const [payload, status, field] of cases) {
        const res = await addSchedule(token, group.id, payload);
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.ok(
          res.json().errors.some((e: { field: string }) => e.field === field),
          res.body,
        );
      }
      assert.equal((await sessions(token, group.id)).length, 0);
      const schedules = await app.inject({
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(token),
      });
      assert.deepEqual(schedules.json().items, []);

      const badQuery = await app.inject({
        url: `/api/v1/groups/${group.id}/sessions?from=yesterday`,
        headers: bearer(token),
      });
      assert.equal(badQuery.statusCode, 400);
      assert.equal(badQuery.json().errors[0].field, 'from');

      await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;COUNT=1',
        starts_local: '2027-01-05T18:00',
        duration_minutes: 60,
      });
      const [only] = await sessions(token, group.id);
      const backwards = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${only!.id}`,
        headers: bearer(token),
        payload: { ends_at: '2027-01-05T17:00' },
      });
      assert.equal(backwards.statusCode, 422);
      assert.equal((await sessions(token, group.id))[0]!.ends_at, '2027-01-05T19:00:00+02:00');
    });

    /** A facilitator who signs in as themselves, facilitating the given groups; returns their cookie. */
    async function ownFacilitator(orgId: string, token: string, groupIds: string[]) {
      const email = `${unique('ohjaaja')}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'facilitator'));
      const f = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: {
          organization_id: orgId,
          display_name: email,
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
          user_id: user.id,
        },
      });
      assert.equal(f.statusCode, 201, f.body);
      for (const g of groupIds) {
        const assigned = await app.inject({
          method: 'PUT',
          url: `/api/v1/groups/${g}/facilitators`,
          headers: bearer(token),
          payload: { facilitators: [{ facilitator_id: f.json<{ id: string }>().id, role: 'lead' }] },
        });
        assert.equal(assigned.statusCode, 200, assigned.body);
      }
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      return {
        cookie: login.cookies.find((c) => c.name === 'vertaamo_session')!.value,
        csrf: login.json<{ csrf_token: string }>().csrf_token,
      };
    }

    it("lets only coordinators and the group's own facilitators change its sessions, notes and breaks", async () => {
      const { org, token, group: y } = await setup();
      const x = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/groups',
          headers: bearer(token),
          payload: groupBody(org.id),
        })
      ).json<{ id: string }>();
      await addSchedule(token, y.id, {
        rrule: 'FREQ=WEEKLY;COUNT=4',
        starts_local: '2027-02-02T18:00',
        duration_minutes: 60,
      });
      const ofX = await ownFacilitator(org.id, token, [x.id]);
      const ofY = await ownFacilitator(org.id, token, [y.id]);
      const facilitatorToken = await tokenFor(db, org.id, 'facilitator');
      const [first, second] = await sessions(token, y.id);

      type Who = { cookie: string; csrf: string } | string;
      const as = (who: Who) =>
        typeof who === 'string'
          ? { headers: bearer(who) }
          : { cookies: { vertaamo_session: who.cookie }, headers: { 'x-csrf-token': who.csrf } };
      const changes = (who: Who) => ({
        patch: () =>
          app.inject({
            method: 'PATCH',
            url: `/api/v1/sessions/${first!.id}`,
            payload: { status: 'cancelled', cancel_reason_code: 'facilitator_unavailable' },
            ...as(who),
          }),
        extra: () =>
          app.inject({
            method: 'POST',
            url: `/api/v1/groups/${y.id}/sessions`,
            payload: { starts_at: '2027-03-30T18:00', duration_minutes: 60 },
            ...as(who),
          }),
        holiday: () =>
          app.inject({
            method: 'POST',
            url: `/api/v1/groups/${y.id}/holiday-breaks`,
            payload: { from: '2027-02-09', to: '2027-02-09' },
            ...as(who),
          }),
        writeNotes: () =>
          app.inject({
            method: 'PUT',
            url: `/api/v1/sessions/${first!.id}/notes`,
            payload: { notes: 'Ota nimilaput mukaan' },
            ...as(who),
          }),
        readNotes: () => app.inject({ url: `/api/v1/sessions/${first!.id}/notes`, ...as(who) }),
      });

      // A facilitator of group X, and a facilitator token (no one in particular): refused on Y.
      for (const who of [ofX, facilitatorToken]) {
        const c = changes(who);
        for (const [name, call] of Object.entries(c)) {
          const res = await call();
          assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        }
      }
      const untouched = await sessions(token, y.id);
      assert.deepEqual(
        untouched.map((s) => s.status),
        ['scheduled', 'scheduled', 'scheduled', 'scheduled'],
        'nothing changed',
      );
      assert.equal(untouched.length, 4, 'no extra session');

      // Y's own facilitator.
      const own = changes(ofY);
      assert.equal((await own.patch()).statusCode, 200);
      assert.equal((await own.extra()).statusCode, 201);
      const broke = await own.holiday();
      assert.equal(broke.statusCode, 200, broke.body);
      assert.deepEqual(
        broke.json<{ items: { id: string }[] }>().items.map((s) => s.id),
        [second!.id],
      );
      assert.equal((await own.writeNotes()).statusCode, 200);
      assert.equal((await own.readNotes()).json().notes, 'Ota nimilaput mukaan');

      // The organisation's coordinator.
      const restored = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${first!.id}`,
        headers: bearer(token),
        payload: { status: 'scheduled' },
      });
      assert.equal(restored.statusCode, 200, restored.body);
      const coordinator = changes(token);
      assert.equal((await coordinator.extra()).statusCode, 201);
      assert.equal((await coordinator.writeNotes()).statusCode, 200);
      assert.equal((await coordinator.patch()).statusCode, 200);
      assert.equal((await sessions(token, y.id)).length, 6);
    });

    it("keeps the schedule to coordinators; another organisation sees nothing of a draft's sessions", async () => {
      const { org, token, group } = await setup();
      await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;COUNT=2',
        starts_local: '2027-02-02T18:00',
        duration_minutes: 60,
      });
      const own = await ownFacilitator(org.id, token, [group.id]);
      const [first] = await sessions(token, group.id);
      const schedule = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        cookies: { vertaamo_session: own.cookie },
        headers: { 'x-csrf-token': own.csrf },
        payload: { rrule: 'FREQ=WEEKLY;COUNT=2', starts_local: '2027-03-02T18:00', duration_minutes: 60 },
      });
      assert.equal(schedule.statusCode, 403);

      const other = await makeOrganisation(db);
      const stranger = await tokenFor(db, other.id, 'admin');
      const peek = await app.inject({
        url: `/api/v1/groups/${group.id}/sessions`,
        headers: bearer(stranger),
      });
      assert.equal(peek.statusCode, 404);
      const poke = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${first!.id}`,
        headers: bearer(stranger),
        payload: { status: 'cancelled' },
      });
      assert.equal(poke.statusCode, 404);
    });

    it('follows the Vahvistin plan: kickoff, theme sessions with chosen themes, closing', async () => {
      const { token, group } = await setup({ template: 'vahvistin', capacity: 8 });
      const res = await addSchedule(token, group.id, {
        rrule: 'FREQ=WEEKLY;COUNT=6',
        starts_local: '2027-01-11T17:00',
        duration_minutes: 150,
      });
      assert.equal(res.statusCode, 201, res.body);
      const items = await sessions(token, group.id);
      assert.deepEqual(
        items.map((s) => s.plan_kind),
        ['kickoff', 'theme', 'theme', 'theme', 'theme', 'closing'],
      );
      const chosen = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${items[1]!.id}`,
        headers: bearer(token),
        payload: { theme_key: 'money' },
      });
      assert.equal(chosen.statusCode, 200, chosen.body);
      assert.equal(chosen.json().theme_key, 'money');
      assert.ok(chosen.json().theme.fi.length > 0);
      const unknown = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${items[2]!.id}`,
        headers: bearer(token),
        payload: { theme_key: 'astrology' },
      });
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().errors[0].field, 'theme_key');
    });
  });
}
