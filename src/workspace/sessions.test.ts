/**
 * Running a group in the workspace over HTTP: scheduling the Vahvistin plan, choosing
 * themes, notes and materials, cancelling (the participant gets an email over SMTP),
 * moving, extra sessions, holiday breaks, and the attendance page with names or a head
 * count — errors beside the fields with the input kept, CSRF and other organisations refused.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import type { Role } from '../accounts/permissions.ts';
import { insertMembership } from '../organisations/repository.ts';
import { deliverDue, smtpTransport } from '../notifications/outbox.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'kokoontumisten-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

interface SessionJson {
  id: string;
  starts_at: string;
  status: string;
  plan_kind: string;
  theme_key: string | null;
  theme: { fi: string } | null;
  cancel_reason_code: string | null;
  cancel_reason: string | null;
}

for (const target of testDatabases()) {
  describe(`sessions and attendance in the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: SMTPServer;
    let smtpUrl: string;
    const received: { to: string[]; raw: string }[] = [];
    let orgId: string;
    let token: string;
    const session: Record<string, string> = {};
    let vahvistin: { id: string; slug: string };

    async function person(org: string, role: Role): Promise<{ id: string; cookie: string }> {
      const email = `${unique(role)}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, org, user.id, role));
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      return { id: user.id, cookie: login.cookies.find((c) => c.name === 'vertaamo_session')!.value };
    }

    const get = (url: string, who: string) =>
      app.inject({ url, cookies: { vertaamo_session: session[who]! } });
    /** Posts a form as `who`, with the CSRF token from the page the form is on. */
    async function post(url: string, who: string, fields: Record<string, string | string[]>, page: string) {
      const html = (await get(page, who)).body;
      const body = new URLSearchParams({ csrf: csrfOf(html) });
      for (const [k, v] of Object.entries(fields))
        for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      return app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: session[who]! },
        payload: body.toString(),
      });
    }

    async function published(overrides: Record<string, unknown>) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, overrides),
      });
      assert.equal(created.statusCode, 201, created.body);
      const g = created.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(res.statusCode, 200, res.body);
      return g;
    }

    const sessionsOf = async (groupId: string) =>
      (await app.inject({ url: `/api/v1/groups/${groupId}/sessions`, headers: bearer(token) })).json<{
        items: SessionJson[];
      }>().items;

    async function assign(groupId: string, userId: string) {
      const f = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: {
          organization_id: orgId,
          display_name: unique('Ohjaaja'),
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
          user_id: userId,
        },
      });
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${groupId}/facilitators`,
        headers: bearer(token),
        payload: { facilitators: [{ facilitator_id: f.json<{ id: string }>().id, role: 'convener' }] },
      });
      assert.equal(res.statusCode, 200, res.body);
    }

    async function join(groupId: string, name: string) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: {
          display_name: name,
          email: `${name.toLowerCase()}@example.fi`,
          language: 'fi',
          consent: true,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    /** A session that has already started by the app's clock, for marking attendance. */
    async function pastSession(groupId: string) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/sessions`,
        headers: bearer(token),
        payload: { starts_at: '2026-11-21T17:00', duration_minutes: 90 },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({
        db,
        clock: () => NOW,
        logger: process.env.DEBUG_LOG ? { level: 'error' } : false,
      });
      orgId = (await makeOrganisation(db)).id;
      token = await tokenFor(db, orgId, 'coordinator');
      session.coordinator = (await person(orgId, 'coordinator')).cookie;
      const own = await person(orgId, 'facilitator');
      session.own = own.cookie;
      session.otherFacilitator = (await person(orgId, 'facilitator')).cookie;
      const stranger = await makeOrganisation(db);
      session.stranger = (await person(stranger.id, 'coordinator')).cookie;
      vahvistin = await published({ how_to_join: 'registration', capacity: 8, template: 'vahvistin' });
      await assign(vahvistin.id, own.id);
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        onData(stream, s, callback) {
          let raw = '';
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
          stream.on('end', () => {
            received.push({ to: s.envelope.rcptTo.map((r) => r.address), raw });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await app.close();
      await new Promise<void>((resolve) => smtp.close(resolve));
      await dispose();
    });

    const listUrl = () => `/fi/staff/groups/${vahvistin.slug}/sessions`;

    it('schedules the Vahvistin plan through the meeting-times form, keeping the input when a field is wrong', async () => {
      const scheduleUrl = `/fi/staff/groups/${vahvistin.slug}/schedule`;
      assert.ok((await get(listUrl(), 'coordinator')).body.includes(`href="${scheduleUrl}"`));
      const fields = {
        first_date: '2027-01-11',
        start_time: '17:00',
        duration_minutes: '150',
        frequency: 'weekly',
        count: '6',
        venue: '',
      };
      const wrong = await post(
        scheduleUrl,
        'coordinator',
        { ...fields, first_date: '2027-13-40' },
        scheduleUrl,
      );
      assert.equal(wrong.statusCode, 422, wrong.body);
      assert.match(wrong.body, /id="first_date-error"[^>]*>Anna päivämäärä\./);
      assert.match(wrong.body, /value="2027-13-40"/);
      assert.equal((await sessionsOf(vahvistin.id)).length, 0);

      assert.equal(
        (await post(scheduleUrl, 'own', fields, listUrl())).statusCode,
        403,
        'schedules are the coordinator’s',
      );
      const made = await post(scheduleUrl, 'coordinator', fields, scheduleUrl);
      assert.equal(made.statusCode, 303, made.body);
      assert.match(
        (await get(made.headers.location as string, 'coordinator')).body,
        /Tapaamisia luotiin 6\./,
      );
      const page = (await get(listUrl(), 'coordinator')).body;
      assert.deepEqual(
        [...page.matchAll(/class="session-line__kind">([^<:]+)/g)].map((m) => m[1]),
        [
          'Aloitustapaaminen',
          'Teematapaaminen',
          'Teematapaaminen',
          'Teematapaaminen',
          'Teematapaaminen',
          'Päättämistapaaminen',
        ],
      );
      assert.match(page, /ma 11\.1\.2027 17\.00–19\.30/, 'Helsinki time');
      const items = await sessionsOf(vahvistin.id);
      assert.deepEqual(
        items.map((s) => s.plan_kind),
        ['kickoff', 'theme', 'theme', 'theme', 'theme', 'closing'],
      );
    });

    it('chooses a theme from the programme’s list, and the group’s own facilitator may too', async () => {
      const [, first, second] = await sessionsOf(vahvistin.id);
      const url = `/fi/staff/sessions/${first!.id}`;
      const page = await get(url, 'coordinator');
      assert.equal(page.statusCode, 200, page.body);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /<option value="money">Raha<\/option>/);
      const unknown = await post(`${url}/theme`, 'coordinator', { theme_key: 'astrology' }, url);
      assert.equal(unknown.statusCode, 422);
      assert.match(unknown.body, /id="theme_key-error"[^>]*>Valitse teema ohjelman teemoista\./);
      const chosen = await post(`${url}/theme`, 'coordinator', { theme_key: 'money' }, url);
      assert.equal(chosen.statusCode, 303);
      assert.match(
        (await get(chosen.headers.location as string, 'coordinator')).body,
        /Teema tallennettiin\./,
      );
      const byOwn = await post(
        `/fi/staff/sessions/${second!.id}/theme`,
        'own',
        { theme_key: 'networks' },
        `/fi/staff/sessions/${second!.id}`,
      );
      assert.equal(byOwn.statusCode, 303);
      const items = await sessionsOf(vahvistin.id);
      assert.equal(items[1]!.theme_key, 'money');
      assert.equal(items[1]!.theme!.fi, 'Raha');
      assert.equal(items[2]!.theme_key, 'networks');
      assert.equal(items[2]!.plan_kind, 'theme');
    });

    it('writes notes and materials for the facilitators, internal to the organisation', async () => {
      const [first] = await sessionsOf(vahvistin.id);
      const url = `/fi/staff/sessions/${first!.id}`;
      const saved = await post(
        `${url}/notes`,
        'own',
        { notes: 'Aloitetaan esittelykierroksella', materials: 'Teemakortit, post-it-laput' },
        url,
      );
      assert.equal(saved.statusCode, 303);
      const page = (await get(url, 'coordinator')).body;
      assert.match(page, />Aloitetaan esittelykierroksella<\/textarea>/);
      assert.match(page, />Teemakortit, post-it-laput<\/textarea>/);
      const api = await app.inject({ url: `/api/v1/sessions/${first!.id}/notes`, headers: bearer(token) });
      assert.equal(api.json<{ materials: string }>().materials, 'Teemakortit, post-it-laput');
      // Not for the public, nor for a facilitator of another group.
      assert.equal((await app.inject({ url: `/api/v1/sessions/${first!.id}/notes` })).statusCode, 401);
      const other = await get(url, 'otherFacilitator');
      assert.equal(other.statusCode, 403);
      assert.doesNotMatch(other.body, /esittelykierroksella/);
      const publicPage = await app.inject({ url: `/fi/groups/${vahvistin.slug}` });
      assert.doesNotMatch(publicPage.body, /esittelykierroksella|Teemakortit/);
    });

    it('cancels a session with a reason and the participant gets an email', async () => {
      await join(vahvistin.id, 'Aino');
      const items = await sessionsOf(vahvistin.id);
      const last = items.at(-1)!;
      const url = `/fi/staff/sessions/${last.id}`;
      const cancelled = await post(
        `${url}/cancel`,
        'coordinator',
        { reason_code: 'facilitator_unavailable', reason: 'Ohjaaja sairastui' },
        url,
      );
      assert.equal(cancelled.statusCode, 303);
      const page = (await get(cancelled.headers.location as string, 'coordinator')).body;
      assert.match(page, /Tapaaminen peruttiin\./);
      assert.match(page, /Tapaaminen on peruttu: Ohjaaja estynyt – Ohjaaja sairastui/);
      const after = (await sessionsOf(vahvistin.id)).find((s) => s.id === last.id)!;
      assert.equal(after.status, 'cancelled');
      assert.equal(after.cancel_reason_code, 'facilitator_unavailable');

      const transport = smtpTransport(smtpUrl);
      try {
        await deliverDue(db, transport, new Date(Date.now() + 60_000), 100);
      } finally {
        transport.close();
      }
      const mail = received.find((m) => m.to.includes('aino@example.fi') && /peruttu/i.test(m.raw));
      assert.ok(mail, `no cancellation mail among ${received.length}`);
      assert.match(mail.raw.replace(/=\r\n/g, ''), /Ohjaaja sairastui/);
    });

    it('moves a session to another time and participants are told', async () => {
      const items = await sessionsOf(vahvistin.id);
      const third = items[3]!;
      const url = `/fi/staff/sessions/${third.id}`;
      const bad = await post(
        `${url}/move`,
        'coordinator',
        { move_date: '2027-02-03', move_time: '25:99' },
        url,
      );
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="move_time-error"/);
      assert.match(bad.body, /value="2027-02-03"/);
      const moved = await post(
        `${url}/move`,
        'coordinator',
        { move_date: '2027-02-03', move_time: '18:15' },
        url,
      );
      assert.equal(moved.statusCode, 303);
      const after = (await sessionsOf(vahvistin.id)).find((s) => s.id === third.id)!;
      assert.equal(after.starts_at, '2027-02-03T18:15:00+02:00');
      const queued = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ recipient: string }>(
              `SELECT recipient FROM outbox WHERE kind = 'session_moved' AND dedupe_key LIKE $1`,
              [`moved:${third.id}:%`],
            )
          ).rows,
      );
      assert.deepEqual(queued, [{ recipient: 'aino@example.fi' }]);
    });

    it('adds an extra session and marks a holiday break over a range of dates', async () => {
      const extra = await post(
        `${listUrl()}/extra`,
        'own',
        {
          extra_date: '2027-03-01',
          extra_time: '17:00',
          extra_duration: '120',
          extra_theme_fi: 'Vierailija',
        },
        listUrl(),
      );
      assert.equal(extra.statusCode, 303, extra.body);
      let items = await sessionsOf(vahvistin.id);
      const added = items.find((s) => s.plan_kind === 'extra')!;
      assert.equal(added.starts_at, '2027-03-01T17:00:00+02:00');
      assert.equal(added.theme!.fi, 'Vierailija');

      const wrong = await post(
        `${listUrl()}/holiday`,
        'coordinator',
        { holiday_from: '2027-01-25', holiday_to: '2027-01-17', holiday_reason: 'Hiihtoloma' },
        listUrl(),
      );
      assert.equal(wrong.statusCode, 422);
      assert.match(wrong.body, /id="holiday_to-error"[^>]*>Tauon viimeinen päivä on ennen ensimmäistä\./);
      assert.match(wrong.body, />Hiihtoloma<\/textarea>/);
      const holiday = await post(
        `${listUrl()}/holiday`,
        'coordinator',
        { holiday_from: '2027-01-17', holiday_to: '2027-01-25', holiday_reason: 'Hiihtoloma' },
        listUrl(),
      );
      assert.equal(holiday.statusCode, 303);
      assert.match(holiday.headers.location as string, /done=holiday-2$/);
      items = await sessionsOf(vahvistin.id);
      const onBreak = items.filter((s) => s.cancel_reason_code === 'holiday');
      assert.deepEqual(
        onBreak.map((s) => s.starts_at.slice(0, 10)),
        ['2027-01-18', '2027-01-25'],
      );
      assert.ok(onBreak.every((s) => s.cancel_reason === 'Hiihtoloma'));
      const page = (await get(listUrl(), 'coordinator')).body;
      assert.match(page, /Peruttu – Loma/);
    });

    it('marks named attendance with one checkbox per confirmed participant', async () => {
      const g = await published({ how_to_join: 'registration', capacity: 5 });
      const [aino, bertil] = [await join(g.id, 'Aada'), await join(g.id, 'Bertta')];
      const s = await pastSession(g.id);
      const url = `/fi/staff/sessions/${s}/attendance`;
      const page = await get(url, 'coordinator');
      assert.equal(page.statusCode, 200, page.body);
      assert.match(
        page.body,
        new RegExp(`<input type="checkbox" id="present-${aino}" name="present" value="${aino}"`),
      );
      assert.match(page.body, /<label for="present-[^"]+">Bertta<\/label>/);
      assert.equal((await get(url, 'otherFacilitator')).statusCode, 403, 'names only for the group’s own');
      const saved = await post(url, 'coordinator', { present: [aino], children_count: '1' }, url);
      assert.equal(saved.statusCode, 303);
      const after = (await get(saved.headers.location as string, 'coordinator')).body;
      assert.match(after, /Läsnäolot tallennettiin\./);
      assert.match(after, new RegExp(`id="present-${aino}" name="present" value="${aino}" checked`));
      assert.doesNotMatch(
        after,
        new RegExp(`id="present-${bertil}" name="present" value="${bertil}" checked`),
      );
      const api = await app.inject({ url: `/api/v1/sessions/${s}/attendance`, headers: bearer(token) });
      assert.equal(api.json<{ present_count: number }>().present_count, 1);
      assert.equal(api.json<{ children_count: number }>().children_count, 1);
      // Both ticked in one submission: the browser sends the field twice.
      const both = await post(url, 'coordinator', { present: [aino, bertil], children_count: '0' }, url);
      assert.equal(both.statusCode, 303);
      const again = await app.inject({ url: `/api/v1/sessions/${s}/attendance`, headers: bearer(token) });
      assert.equal(again.json<{ present_count: number }>().present_count, 2);
    });

    it('counts heads and children for a drop-in group; only its own facilitator or a coordinator may', async () => {
      const g = await published({ how_to_join: 'drop_in' });
      const s = await pastSession(g.id);
      const url = `/sv/staff/sessions/${s}/attendance`;
      assert.equal((await post(url, 'otherFacilitator', { head_count: '5' }, url)).statusCode, 403);
      const wrong = await post(url, 'coordinator', { head_count: 'sju', children_count: '2' }, url);
      assert.equal(wrong.statusCode, 422);
      assert.match(wrong.body, /id="head_count-error"[^>]*>Ange antalet deltagare som ett heltal/);
      assert.match(wrong.body, /value="sju"/);
      assert.match(wrong.body, /id="children_count"[^>]*value="2"|value="2"[^>]*id="children_count"/);
      const saved = await post(url, 'coordinator', { head_count: '7', children_count: '3' }, url);
      assert.equal(saved.statusCode, 303);
      const api = await app.inject({ url: `/api/v1/sessions/${s}/attendance`, headers: bearer(token) });
      assert.equal(api.json<{ head_count: number }>().head_count, 7);
      assert.equal(api.json<{ children_count: number }>().children_count, 3);
      assert.match((await get(url, 'coordinator')).body, /Sparat .*: 7 närvarande\./);
    });

    it('refuses a form without its CSRF token, and another organisation’s staff', async () => {
      const [first] = await sessionsOf(vahvistin.id);
      const forged = await app.inject({
        method: 'POST',
        url: `/fi/staff/sessions/${first!.id}/cancel`,
        headers: FORM,
        cookies: { vertaamo_session: session.coordinator! },
        payload: 'csrf=forged&reason_code=other',
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await get(listUrl(), 'stranger')).statusCode, 403);
      assert.doesNotMatch(
        (await get(`/fi/staff/sessions/${first!.id}`, 'stranger')).body,
        /esittelykierroksella/,
      );
      const poke = await post(
        `/fi/staff/sessions/${first!.id}/cancel`,
        'stranger',
        { reason_code: 'other' },
        `/fi/staff/sessions/${first!.id}`,
      );
      assert.equal(poke.statusCode, 403);
      const holiday = await post(
        `${listUrl()}/holiday`,
        'stranger',
        { holiday_from: '2027-01-01', holiday_to: '2027-12-31' },
        listUrl(),
      );
      assert.equal(holiday.statusCode, 403);
      assert.equal((await sessionsOf(vahvistin.id)).find((s) => s.id === first!.id)!.status, 'scheduled');
      const signedOut = await app.inject({ url: listUrl() });
      assert.equal(signedOut.statusCode, 303);
    });

    it('links the sessions from the group page and attendance from the facilitator’s start page', async () => {
      const group = (await get(`/en/staff/groups/${vahvistin.slug}`, 'coordinator')).body;
      assert.ok(group.includes(`href="/en/staff/groups/${vahvistin.slug}/sessions"`));
      const start = (await get('/fi/staff', 'own')).body;
      assert.match(start, /href="\/fi\/staff\/sessions\/[0-9a-f-]{36}\/attendance">Merkitse läsnäolot/);
    });
  });
}
