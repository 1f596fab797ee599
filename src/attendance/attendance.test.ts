import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { lowStreak } from './service.ts';
import { queueStaleReminders } from '../groups/freshness.ts';
import { startDeliveryWorker } from '../notifications/outbox.ts';
import { renderMessage } from '../notifications/messages.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

interface Problem {
  code: string;
  errors?: { in: string; field: string; message: string }[];
}

describe('the low-attendance streak', () => {
  const at = (day: number, present: number) => ({
    starts_at: new Date(NOW.getTime() - day * DAY),
    present_count: present,
  });
  it('counts the newest sessions below the minimum until one reaches it', () => {
    assert.deepEqual(lowStreak([at(1, 2), at(8, 1), at(15, 5), at(22, 0)], 3), {
      sessions: 2,
      since: at(8, 1).starts_at,
    });
    assert.deepEqual(lowStreak([at(1, 3), at(8, 1)], 3), { sessions: 0, since: null });
    assert.deepEqual(lowStreak([], 3), { sessions: 0, since: null });
  });
});

describe('the stale-listing reminder', () => {
  it('asks the coordinator to confirm by a Finnish-style date in Finnish, Swedish and English', () => {
    const params = {
      name: 'Kaisa',
      group: 'Isien ilta',
      groupUrl: 'http://x/fi/groups/isien-ilta',
      date: '2026-02-05',
    };
    const texts = (['fi', 'sv', 'en'] as const).map((lang) =>
      renderMessage('listing_stale_reminder', lang, params),
    );
    assert.deepEqual(
      texts.map((m) => m.subject),
      [
        'Tarkista ryhmän tiedot: Isien ilta',
        'Kontrollera gruppens uppgifter: Isien ilta',
        "Please check the group's details: Isien ilta",
      ],
    );
    for (const m of texts) {
      assert.match(m.body, /5\.2\.2026/);
      assert.match(m.body, /^(Hei|Hej|Hello) Kaisa,/);
    }
  });
});

for (const target of testDatabases()) {
  describe(`running groups on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = NOW;
    let orgId: string;
    let coordinator: string;
    let facilitator: string;
    let admin: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
      const org = await makeOrganisation(db);
      orgId = org.id;
      coordinator = await tokenFor(db, orgId, 'coordinator');
      facilitator = await tokenFor(db, orgId, 'facilitator');
      admin = await tokenFor(db, orgId, 'admin');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function group(
      overrides: Record<string, unknown> = {},
      publish = true,
      org = orgId,
      token = coordinator,
    ) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org, overrides),
      });
      assert.equal(created.statusCode, 201, created.body);
      const g = created.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ryhma' },
      });
      if (publish) {
        const published = await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${g.id}/lifecycle`,
          headers: bearer(token),
          payload: { action: 'publish' },
        });
        assert.equal(published.statusCode, 200, published.body);
      }
      return g;
    }

    async function join(groupId: string, name: string) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: {
          display_name: name,
          email: `${unique('osallistuja')}@example.fi`,
          language: 'fi',
          consent: true,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; status: string }>();
    }

    /** A session `daysAgo` days before the clock (negative: in the future). */
    async function session(groupId: string, daysAgo: number, token = coordinator) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/sessions`,
        headers: bearer(token),
        payload: { starts_at: new Date(now.getTime() - daysAgo * DAY).toISOString(), duration_minutes: 90 },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    const put = (sessionId: string, payload: object, token = coordinator) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${sessionId}/attendance`,
        headers: bearer(token),
        payload,
      });

    async function accessLog(groupId: string) {
      return db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ action: string; records: number; actor_label: string }>(
          // The looks at names; changes (registrations, attendance saved) are audited too, see src/privacy.
          `SELECT action, records, actor_label FROM data_access_log WHERE group_id = $1 AND operation = 'read' ORDER BY id`,
          [groupId],
        );
        return rows;
      });
    }

    it('marks each confirmed participant of a registration group present or absent, and logs who read the names', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 3, waitlist_capacity: 2 });
      const [aino, bertil, cecilia] = [
        await join(g.id, 'Aino'),
        await join(g.id, 'Bertil'),
        await join(g.id, 'Cecilia'),
      ];
      const waiting = await join(g.id, 'Jonossa');
      assert.equal(waiting.status, 'waitlisted');
      const first = await session(g.id, 7);
      const second = await session(g.id, 1);

      const saved = await put(first, {
        participants: [
          { registration_id: aino.id, present: true },
          { registration_id: bertil.id, present: true },
          { registration_id: cecilia.id, present: false },
        ],
        children_count: 1,
      });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().kind, 'named');
      assert.equal(saved.json().present_count, 2);
      // Saving again replaces the record.
      const again = await put(second, { participants: [{ registration_id: aino.id, present: true }] });
      assert.equal(again.json().present_count, 1);

      assert.deepEqual(await accessLog(g.id), [], 'saving reads no names');
      // Names are for coordinators and the group's own facilitators: a facilitator token
      // stands for no one in particular and sees none.
      const anyFacilitator = await app.inject({
        url: `/api/v1/sessions/${first}/attendance`,
        headers: bearer(facilitator),
      });
      assert.equal(anyFacilitator.statusCode, 403);
      const read = await app.inject({
        url: `/api/v1/sessions/${first}/attendance`,
        headers: bearer(coordinator),
      });
      assert.equal(read.statusCode, 200, read.body);
      const body = read.json();
      assert.equal(body.recorded, true);
      assert.equal(body.children_count, 1);
      assert.deepEqual(
        body.participants.map((p: { display_name: string; present: boolean | null }) => [
          p.display_name,
          p.present,
        ]),
        [
          ['Aino', true],
          ['Bertil', true],
          ['Cecilia', false],
        ],
        'the waiting list is not part of the attendance',
      );
      assert.deepEqual(await accessLog(g.id), [
        { action: 'attendance.read', records: 3, actor_label: 'token:test coordinator' },
      ]);

      // Row-level security: another organisation, or the public, never reaches the rows.
      const other = await makeOrganisation(db);
      for (const ctx of [
        { userId: null, orgIds: [other.id] },
        { userId: null, orgIds: [] },
      ]) {
        const seen = await db.transaction(ctx, async (tx) => {
          const { rows } = await tx.query<{ n: number }>(
            `SELECT (SELECT count(*) FROM session_participants WHERE session_id = $1)::int
                  + (SELECT count(*) FROM session_attendance WHERE session_id = $1)::int AS n`,
            [first],
          );
          return rows[0]!.n;
        });
        assert.equal(seen, 0);
      }

      const summary = await app.inject({
        url: `/api/v1/groups/${g.id}/attendance`,
        headers: bearer(coordinator),
      });
      assert.equal(summary.statusCode, 200, summary.body);
      assert.deepEqual(
        summary
          .json()
          .sessions.map((s: { present_count: number; head_count: number | null }) => [
            s.present_count,
            s.head_count,
          ]),
        [
          [2, null],
          [1, null],
        ],
      );
      assert.deepEqual(summary.json().totals, {
        sessions_held: 2,
        sessions_recorded: 2,
        visits: 3,
        children: 1,
        average_present: 1.5,
        unique_participants: 2,
      });
      assert.ok(!summary.body.includes('Aino'), 'the summary names nobody');
    });

    it('refuses attendance that does not fit the group, naming the field', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 1, waitlist_capacity: 1 });
      const seated = await join(g.id, 'Istuja');
      const waiting = await join(g.id, 'Jonottaja');
      const other = await group({ how_to_join: 'registration', capacity: 5 });
      const outsider = await join(other.id, 'Toisen ryhmän');
      const past = await session(g.id, 2);

      const cases: [object, number, string, string][] = [
        [{ head_count: 4 }, 422, 'named-attendance-required', 'head_count'],
        [{ children_count: 1 }, 422, 'participants-missing', 'participants'],
        [
          { participants: [{ registration_id: waiting.id, present: true }] },
          422,
          'unknown-participant',
          'participants.0.registration_id',
        ],
        [
          {
            participants: [
              { registration_id: seated.id, present: true },
              { registration_id: outsider.id, present: true },
            ],
          },
          422,
          'unknown-participant',
          'participants.1.registration_id',
        ],
        [
          {
            participants: [
              { registration_id: seated.id, present: true },
              { registration_id: seated.id, present: false },
            ],
          },
          422,
          'duplicate-participant',
          'participants.1.registration_id',
        ],
        [
          { participants: [{ registration_id: 'nope', present: true }] },
          400,
          'validation-failed',
          'participants.0.registration_id',
        ],
        [
          { participants: [{ registration_id: seated.id, present: 'yes' }] },
          400,
          'validation-failed',
          'participants.0.present',
        ],
        [{ participants: [], children_count: -1 }, 400, 'validation-failed', 'children_count'],
        [{}, 400, 'validation-failed', '(body)'],
      ];
      for (const [payload, status, code, field] of cases) {
        const res = await put(past, payload);
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)}: ${res.body}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        const problem = res.json<Problem>();
        assert.equal(problem.code, code, res.body);
        assert.ok(
          problem.errors?.some((e) => e.field === field),
          `${JSON.stringify(payload)} names ${field}: ${res.body}`,
        );
      }

      const future = await session(g.id, -3);
      const early = await put(future, { participants: [] });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().code, 'session-not-started');
      const cancelled = await session(g.id, 3);
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${cancelled}`,
        headers: bearer(coordinator),
        payload: { status: 'cancelled', cancel_reason_code: 'holiday' },
      });
      assert.equal((await put(cancelled, { participants: [] })).json().code, 'session-cancelled');
      const unrecorded = await app.inject({
        url: `/api/v1/groups/${g.id}/attendance`,
        headers: bearer(coordinator),
      });
      assert.equal(unrecorded.json().totals.sessions_recorded, 0, 'nothing refused was saved');
    });

    it('counts heads and children for a drop-in group, never names', async () => {
      const g = await group({ how_to_join: 'drop_in', children_along: true });
      const s = await session(g.id, 1);
      const named = await put(s, { participants: [] });
      assert.equal(named.statusCode, 422);
      assert.equal(named.json<Problem>().errors![0]!.field, 'participants');
      assert.equal(named.json().code, 'head-count-required');
      assert.equal((await put(s, { head_count: -2 })).statusCode, 400);
      assert.equal((await put(s, { head_count: 2.5 })).json<Problem>().errors![0]!.field, 'head_count');

      const saved = await put(s, { head_count: 7, children_count: 4 });
      assert.equal(saved.statusCode, 200, saved.body);
      const read = await app.inject({
        url: `/api/v1/sessions/${s}/attendance`,
        headers: bearer(facilitator),
      });
      assert.equal(read.json().head_count, 7);
      assert.equal(read.json().children_count, 4);
      assert.equal(read.json().participants, undefined);
      assert.deepEqual(await accessLog(g.id), [], 'a head count is no personal data');
      const summary = (
        await app.inject({ url: `/api/v1/groups/${g.id}/attendance`, headers: bearer(coordinator) })
      ).json();
      assert.equal(summary.kind, 'head_count');
      assert.equal(summary.sessions[0].head_count, 7);
      assert.equal(summary.totals.visits, 7);
      assert.equal(summary.totals.children, 4);
      assert.equal(summary.totals.unique_participants, null);
    });

    it('lets only the group’s own coordinators and facilitators read or record attendance', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 5 });
      const person = await join(g.id, 'Yksityinen');
      const s = await session(g.id, 1);
      const draft = await group({ how_to_join: 'drop_in' }, false);
      const draftSession = await session(draft.id, 1);
      const otherOrg = await makeOrganisation(db);
      const stranger = await tokenFor(db, otherOrg.id, 'facilitator');
      const board = await tokenFor(db, orgId, 'board_member');
      const body = { participants: [{ registration_id: person.id, present: true }] };

      assert.equal(
        (await put(s, body, stranger)).statusCode,
        403,
        'a published group’s session is visible, not writable',
      );
      assert.equal(
        (await put(draftSession, { head_count: 3 }, stranger)).statusCode,
        404,
        'a draft’s session is not even seen',
      );
      assert.equal((await put(s, body, board)).statusCode, 403);
      assert.equal(
        (await app.inject({ method: 'PUT', url: `/api/v1/sessions/${s}/attendance`, payload: body }))
          .statusCode,
        401,
      );
      assert.equal((await put(s, body, coordinator)).statusCode, 200);
      for (const token of [stranger, board]) {
        const read = await app.inject({ url: `/api/v1/sessions/${s}/attendance`, headers: bearer(token) });
        assert.equal(read.statusCode, 403);
        assert.ok(!read.body.includes('Yksityinen'));
        const summary = await app.inject({
          url: `/api/v1/groups/${g.id}/attendance`,
          headers: bearer(token),
        });
        assert.equal(summary.statusCode, 403);
      }
      assert.equal((await app.inject({ url: `/api/v1/sessions/${s}/attendance` })).statusCode, 401);
      assert.deepEqual(await accessLog(g.id), [], 'refused reads are not logged as reads');
    });

    it('lets the group’s own facilitator record attendance, but not another facilitator of the organisation', async () => {
      // Two facilitators signed in as themselves; only one of them runs this group.
      const signIn = async () => {
        const email = `${unique('ohjaaja')}@example.fi`;
        const user = await createUser(db, { email, displayName: email, password: 'ohjaajan-salasana-1' });
        await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'facilitator'));
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'ohjaajan-salasana-1' },
        });
        return {
          id: user.id,
          cookie: login.cookies.find((c) => c.name === 'vertaamo_session')!.value,
          csrf: login.json<{ csrf_token: string }>().csrf_token,
        };
      };
      const own = await signIn();
      const other = await signIn();
      const g = await group({ how_to_join: 'drop_in' });
      const f = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(coordinator),
        payload: {
          organization_id: orgId,
          display_name: 'Oma ohjaaja',
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
          user_id: own.id,
        },
      });
      assert.equal(f.statusCode, 201, f.body);
      const assigned = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/facilitators`,
        headers: bearer(coordinator),
        payload: { facilitators: [{ facilitator_id: f.json<{ id: string }>().id, role: 'lead' }] },
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const s = await session(g.id, 1);
      const record = (who: { cookie: string; csrf: string }) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/sessions/${s}/attendance`,
          cookies: { vertaamo_session: who.cookie },
          headers: { 'x-csrf-token': who.csrf },
          payload: { head_count: 4 },
        });
      const refused = await record(other);
      assert.equal(refused.statusCode, 403, 'a facilitator of another group of the same organisation');
      assert.equal((await put(s, { head_count: 4 }, facilitator)).statusCode, 403, 'a facilitator token');
      const saved = await record(own);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().present_count, 4);
      assert.equal((await put(s, { head_count: 5 }, admin)).statusCode, 200, 'an admin');
    });

    it('warns of low attendance after two low sessions in a row, clears it when attendance recovers, and suspends in one call', async () => {
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${orgId}`,
        headers: bearer(admin),
        payload: { low_attendance_min_present: 3, low_attendance_consecutive: 2 },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      const g = await group({ how_to_join: 'drop_in' });
      const [s1, s2, s3] = [await session(g.id, 21), await session(g.id, 14), await session(g.id, 7)];
      const warningOf = async () =>
        (await app.inject({ url: `/api/v1/groups/${g.id}`, headers: bearer(coordinator) })).json<{
          internal: { low_attendance_warning: { sessions: number } | null };
        }>().internal.low_attendance_warning;
      const orgWarnings = async () =>
        (await app.inject({ url: `/api/v1/organizations/${orgId}/warnings`, headers: bearer(coordinator) }))
          .json<{ items: { kind: string; group: { id: string } }[] }>()
          .items.filter((w) => w.kind === 'low_attendance' && w.group.id === g.id);

      assert.equal(
        (await put(s1, { head_count: 2 })).json().low_attendance_warning,
        null,
        'one low session is not a trend',
      );
      const second = await put(s2, { head_count: 2, children_count: 3 });
      assert.deepEqual(second.json().low_attendance_warning, {
        since: '2026-11-01T12:00:00+02:00', // the first of the two low sessions, Helsinki time
        sessions: 2,
        min_present: 3,
      });
      assert.equal((await warningOf())?.sessions, 2);
      assert.equal((await orgWarnings()).length, 1);
      const publicView = await app.inject({ url: `/api/v1/groups/${g.id}` });
      assert.equal(publicView.json().internal, undefined, 'the public never sees the warning');

      assert.equal(
        (await put(s3, { head_count: 5 })).json().low_attendance_warning,
        null,
        'five came: cleared',
      );
      assert.equal(await warningOf(), null);
      assert.deepEqual(await orgWarnings(), []);

      // A group's own stricter rule applies at once; switching the rule off clears it.
      const custom = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/low-attendance`,
        headers: bearer(coordinator),
        payload: { rule: 'custom', min_present: 6, consecutive_sessions: 1 },
      });
      assert.equal(custom.statusCode, 200, custom.body);
      assert.deepEqual(custom.json().effective, { min_present: 6, consecutive_sessions: 1 });
      assert.equal(custom.json().warning.sessions, 3);
      const incomplete = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/low-attendance`,
        headers: bearer(coordinator),
        payload: { rule: 'custom', min_present: 6 },
      });
      assert.equal(incomplete.statusCode, 422);
      assert.equal(incomplete.json<Problem>().errors![0]!.field, 'consecutive_sessions');
      const off = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/low-attendance`,
        headers: bearer(coordinator),
        payload: { rule: 'off' },
      });
      assert.equal(off.json().warning, null);
      assert.equal(off.json().effective, null);
      const events = (
        await app.inject({ url: `/api/v1/groups/${g.id}/events`, headers: bearer(coordinator) })
      )
        .json()
        .items.map((e: { action: string }) => e.action)
        .filter((a: string) => a.startsWith('low_attendance_warning'));
      assert.deepEqual(events, [
        'low_attendance_warning_raised',
        'low_attendance_warning_cleared',
        'low_attendance_warning_raised',
        'low_attendance_warning_cleared',
      ]);
    });

    it('raises the warning when the low sessions are saved at the same moment', async () => {
      const g = await group({ how_to_join: 'drop_in' });
      const rule = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/low-attendance`,
        headers: bearer(coordinator),
        payload: { rule: 'custom', min_present: 3, consecutive_sessions: 6 },
      });
      assert.equal(rule.statusCode, 200, rule.body);
      const sessions = [];
      for (let day = 6; day >= 1; day--) sessions.push(await session(g.id, day));
      const saved = await Promise.all(sessions.map((s) => put(s, { head_count: 1 })));
      assert.deepEqual(
        saved.map((r) => r.statusCode),
        [200, 200, 200, 200, 200, 200],
      );
      const summary = await app.inject({
        url: `/api/v1/groups/${g.id}/attendance`,
        headers: bearer(coordinator),
      });
      assert.equal(summary.json().low_attendance_warning?.sessions, 6, summary.body);
    });

    it('suspends a low-attendance group in one call and tells its participants', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 4 });
      const person = await join(g.id, 'Viimeinen');
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/lifecycle`,
        headers: bearer(coordinator),
        payload: { action: 'start' },
      });
      const suspended = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/lifecycle`,
        headers: bearer(coordinator),
        payload: { action: 'suspend', reason_code: 'low_attendance', reason: 'Liian vähän osallistujia' },
      });
      assert.equal(suspended.statusCode, 200, suspended.body);
      assert.equal(suspended.json().status, 'suspended');
      assert.equal(suspended.json().suspension_reason_code, 'low_attendance');
      const messages = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ kind: string; body: string }>(
          'SELECT kind, body FROM outbox WHERE registration_id = $1 ORDER BY id',
          [person.id],
        );
        return rows;
      });
      assert.deepEqual(
        messages.map((m) => m.kind),
        ['registration_confirmed', 'group_suspended'],
      );
      assert.match(messages[1]!.body, /Liian vähän osallistujia/);
    });

    it('keeps a group’s costs in euro cents by category, for its own organisation only', async () => {
      const g = await group({ how_to_join: 'drop_in' });
      const add = (payload: object, token = coordinator) =>
        app.inject({ method: 'POST', url: `/api/v1/groups/${g.id}/costs`, headers: bearer(token), payload });
      const rent = await add({
        category: 'room_rent',
        amount_cents: 4500,
        incurred_on: '2026-11-01',
        note: 'Naistari',
      });
      assert.equal(rent.statusCode, 201, rent.body);
      assert.equal(
        (await add({ category: 'refreshments', amount_cents: 1250 })).json().incurred_on,
        '2026-11-22',
      );
      await add({ category: 'room_rent', amount_cents: 4500, incurred_on: '2026-11-08' });
      const bad = await add({ category: 'room_rent', amount_cents: -1 });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<Problem>().errors![0]!.field, 'amount_cents');
      assert.equal(
        (await add({ category: 'yacht', amount_cents: 1 })).json<Problem>().errors![0]!.field,
        'category',
      );
      assert.equal((await add({ category: 'other', amount_cents: 1 }, facilitator)).statusCode, 403);

      const list = await app.inject({ url: `/api/v1/groups/${g.id}/costs`, headers: bearer(coordinator) });
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(list.json().total_cents, 10250);
      assert.deepEqual(list.json().by_category, { room_rent: 9000, refreshments: 1250 });
      const stranger = await tokenFor(db, (await makeOrganisation(db)).id, 'admin');
      assert.equal(
        (await app.inject({ url: `/api/v1/groups/${g.id}/costs`, headers: bearer(stranger) })).statusCode,
        403,
      );
      assert.equal((await app.inject({ url: `/api/v1/groups/${g.id}/costs` })).statusCode, 401);
      const strangerDelete = await app.inject({
        method: 'DELETE',
        url: `/api/v1/costs/${rent.json().id}`,
        headers: bearer(stranger),
      });
      assert.equal(strangerDelete.statusCode, 404, 'another organisation does not see the cost');

      const removed = await app.inject({
        method: 'DELETE',
        url: `/api/v1/costs/${rent.json().id}`,
        headers: bearer(coordinator),
      });
      assert.equal(removed.statusCode, 204);
      const after = (
        await app.inject({ url: `/api/v1/groups/${g.id}/costs`, headers: bearer(coordinator) })
      ).json();
      assert.equal(after.total_cents, 5750);
    });

    it('sets a group’s partners from its organisation’s partners', async () => {
      const g = await group({ how_to_join: 'drop_in' });
      const addPartner = async (org: string, token: string, name: string) => {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/organizations/${org}/partners`,
          headers: bearer(token),
          payload: { name: { fi: name }, kind: 'child_health_clinic' },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json<{ id: string }>().id;
      };
      const clinic = await addPartner(orgId, coordinator, 'Hervannan neuvola');
      const parish = await addPartner(orgId, coordinator, 'Aleksanterin seurakunta');
      const otherOrg = await makeOrganisation(db);
      const foreign = await addPartner(otherOrg.id, await tokenFor(db, otherOrg.id, 'coordinator'), 'Vieras');
      const set = (partner_ids: string[], token = coordinator) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/groups/${g.id}/partners`,
          headers: bearer(token),
          payload: { partner_ids },
        });

      const res = await set([clinic, parish]);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().partners.map((p: { name: { fi: string } }) => p.name.fi),
        ['Aleksanterin seurakunta', 'Hervannan neuvola'],
      );
      const publicView = (await app.inject({ url: `/api/v1/groups/${g.slug}` })).json();
      assert.equal(publicView.partners.length, 2, 'partners are public');
      const refused = await set([clinic, foreign]);
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json<Problem>().errors![0]!.field, 'partner_ids');
      assert.equal((await set([], facilitator)).statusCode, 403);
      assert.deepEqual((await set([])).json().partners, []);
    });

    it('shows when a listing was last confirmed, marks it stale after the organisation’s days, and reminds coordinators', async () => {
      const org = await makeOrganisation(db);
      const orgAdmin = await tokenFor(db, org.id, 'admin');
      const orgFacilitator = await tokenFor(db, org.id, 'facilitator');
      const member = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.id}/members`,
        headers: bearer(orgAdmin),
        payload: {
          email: `${unique('koordinaattori')}@example.fi`,
          display_name: 'Koordinaattori',
          role: 'coordinator',
        },
      });
      assert.ok([200, 201].includes(member.statusCode), member.body);
      const days = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.id}`,
        headers: bearer(orgAdmin),
        payload: { stale_after_days: 30 },
      });
      assert.equal(days.json().settings.stale_after_days, 30);
      const g = await group({ how_to_join: 'drop_in' }, true, org.id, orgAdmin);
      const view = async (token?: string) =>
        (await app.inject({ url: `/api/v1/groups/${g.id}`, headers: token ? bearer(token) : {} })).json<{
          last_confirmed_at: string | null;
          internal: { listing: { stale: boolean } };
        }>();
      const staleWarnings = async () =>
        (await app.inject({ url: `/api/v1/organizations/${org.id}/warnings`, headers: bearer(orgAdmin) }))
          .json<{ items: { kind: string; group: { id: string }; stale_on: string }[] }>()
          .items.filter((w) => w.kind === 'stale_listing');

      assert.equal((await view()).last_confirmed_at, '2026-11-22', 'the public sees the day');
      assert.deepEqual((await view(orgAdmin)).internal.listing, {
        last_confirmed_at: '2026-11-22T12:00:00+02:00',
        stale_after_days: 30,
        stale: false,
        stale_on: '2026-12-22',
      });
      assert.equal(await queueStaleReminders(db, now, 'http://localhost:3000'), 0, 'not due yet');

      now = new Date(NOW.getTime() + 20 * DAY);
      assert.equal(
        await queueStaleReminders(db, now, 'http://localhost:3000'),
        1,
        'ten days before it goes stale',
      );
      assert.equal(
        await queueStaleReminders(db, now, 'http://localhost:3000'),
        0,
        'only once per confirmation',
      );
      const reminder = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ subject: string; body: string; registration_id: string | null }>(
          `SELECT subject, body, registration_id FROM outbox WHERE org_id = $1 AND kind = 'listing_stale_reminder'`,
          [org.id],
        );
        return rows;
      });
      assert.equal(reminder.length, 1);
      assert.match(reminder[0]!.subject, /^Tarkista ryhmän tiedot/);
      assert.match(reminder[0]!.body, /22\.12\.2026/);
      assert.equal(reminder[0]!.registration_id, null);

      now = new Date(NOW.getTime() + 31 * DAY);
      assert.equal((await view(orgAdmin)).internal.listing.stale, true);
      assert.deepEqual(
        (await staleWarnings()).map((w: { group: { id: string }; stale_on: string }) => [
          w.group.id,
          w.stale_on,
        ]),
        [[g.id, '2026-12-22']],
      );
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/groups/${g.id}/confirm`,
            headers: bearer(orgFacilitator),
          })
        ).statusCode,
        403,
      );
      const confirmed = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/confirm`,
        headers: bearer(orgAdmin),
      });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.equal(confirmed.json().internal.listing.stale, false);
      assert.equal(confirmed.json().last_confirmed_at, '2026-12-23');
      assert.deepEqual(await staleWarnings(), []);
      // Changing a published group's details confirms them too, on the service's own day.
      now = new Date(NOW.getTime() + 70 * DAY);
      assert.equal((await view(orgAdmin)).internal.listing.stale, true);
      const edited = await app.inject({
        method: 'PATCH',
        url: `/api/v1/groups/${g.id}`,
        headers: bearer(orgAdmin),
        payload: { capacity: 12 },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal((await view()).last_confirmed_at, '2027-01-31');
      assert.equal((await view(orgAdmin)).internal.listing.stale, false);

      const draft = await group({ how_to_join: 'drop_in' }, false, org.id, orgAdmin);
      const notListed = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${draft.id}/confirm`,
        headers: bearer(orgAdmin),
      });
      assert.equal(notListed.statusCode, 409);
      assert.equal(notListed.json().code, 'not-listed');
      now = NOW;
    });

    it('runs the stale-listing reminders from the delivery worker at most once an hour', async () => {
      const runs: Date[] = [];
      let clock = NOW;
      const worker = startDeliveryWorker({
        db,
        transport: null,
        publicUrl: 'http://localhost:3000',
        clock: () => clock,
        intervalMs: 10,
        periodic: [{ everyMs: 3_600_000, run: async (at) => runs.push(at) }],
      });
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const until = async (done: () => boolean) => {
        for (let i = 0; i < 500 && !done(); i++) await sleep(10);
      };
      await until(() => runs.length === 1);
      clock = new Date(NOW.getTime() + 30 * 60_000);
      await sleep(150);
      assert.equal(runs.length, 1, 'not again within the hour');
      clock = new Date(NOW.getTime() + 61 * 60_000);
      await until(() => runs.length === 2);
      await worker.stop();
      assert.deepEqual(runs, [NOW, new Date(NOW.getTime() + 61 * 60_000)]);
    });
  });
}
