import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { FORM, staffKit } from '../../test/support/staff.ts';
import { reportingFixture as fixture } from '../../test/support/reporting.ts';
import { monthEnds, readPeriod, shareReached, yearBefore } from './policy.ts';
import type { Statistics } from './statistics.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

describe('the period of a report', () => {
  it('is the calendar year by default and any days otherwise', () => {
    assert.deepEqual(readPeriod(undefined, undefined, '2026-11-22'), {
      ok: true,
      period: { from: '2026-01-01', to: '2026-12-31' },
    });
    assert.deepEqual(readPeriod('2019-08-01', undefined, '2026-11-22'), {
      ok: true,
      period: { from: '2019-08-01', to: '2019-12-31' },
    });
    assert.deepEqual(readPeriod(undefined, '2020-06-30', '2026-11-22'), {
      ok: true,
      period: { from: '2020-01-01', to: '2020-06-30' },
    });
  });
  it('refuses an end before the start, naming `to`, and a day that does not exist', () => {
    assert.deepEqual(readPeriod('2019-12-31', '2019-01-01', '2026-11-22'), {
      ok: false,
      field: 'to',
      reason: 'before-start',
    });
    assert.deepEqual(readPeriod('2019-02-30', undefined, '2026-11-22'), {
      ok: false,
      field: 'from',
      reason: 'invalid',
    });
  });
  it('steps a year back, and lists month ends for progress', () => {
    assert.deepEqual(yearBefore({ from: '2020-02-29', to: '2020-12-31' }), {
      from: '2019-02-28',
      to: '2019-12-31',
    });
    assert.deepEqual(monthEnds('2019-10-15', '2019-12-20'), ['2019-10-31', '2019-11-30', '2019-12-20']);
    assert.equal(shareReached(15, 20), 75);
    assert.equal(shareReached(3, 0), null);
  });
});

for (const target of testDatabases()) {
  describe(`yearly statistics on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    const org = { d: '', a1: '', a2: '', other: '' };
    let district: string;
    let association: string;
    let stranger: string;
    let facilitatorToken: string;
    let ids: { s1: string; f1: string; f2: string };

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      org.d = (await makeOrganisation(db, { kind: 'district' })).id;
      org.a1 = (await makeOrganisation(db, { kind: 'local_association', parent_id: org.d })).id;
      org.a2 = (await makeOrganisation(db, { kind: 'local_association', parent_id: org.d })).id;
      org.other = (await makeOrganisation(db)).id;
      ids = await db.ownerTransaction((tx) => fixture(tx, org));
      district = await tokenFor(db, org.d, 'coordinator');
      association = await tokenFor(db, org.a1, 'admin');
      stranger = await tokenFor(db, org.other, 'admin');
      facilitatorToken = await tokenFor(db, org.a1, 'facilitator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });

    it('counts every figure of the district’s tree as computed by hand', async () => {
      const res = await get(
        `/api/v1/organizations/${org.d}/statistics?from=2019-01-01&to=2019-12-31`,
        district,
      );
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json<Statistics>();
      const t = s.total;
      assert.deepEqual(
        { active: t.groups.active, new: t.groups.new, ended: t.groups.ended },
        { active: 3, new: 3, ended: 1 },
      );
      assert.deepEqual(t.groups.by_way_of_joining, {
        drop_in: 1,
        registration: 2,
        referral: 0,
        application: 0,
      });
      assert.equal(t.groups.by_programme.find((p) => p.template_id !== null)?.count, 1);
      assert.deepEqual(t.sessions, { held: 4, cancelled: 1, with_attendance: 4 });
      // Pia met two associations' groups: one different participant, not two; Ola never came.
      assert.deepEqual(t.participants, { different: 2, new: 1 });
      assert.equal(t.visits, 11);
      assert.equal(t.children, 5);
      assert.deepEqual(t.drop_in, { sessions: 1, head_count: 7 });
      assert.deepEqual(t.facilitators, {
        total: 4,
        volunteer: 3,
        paid: 1,
        peer: 3,
        professional: 1,
        by_profession: { public_health_nurse: 1 },
      });
      // 1.5 h × F1 + 1.5 h × F1 + 2 h × (F3, F4)
      assert.equal(t.volunteer_hours, 7);
      assert.equal(t.costs.total_cents, 12500);
      assert.equal(t.costs.by_category.room_rent, 10000);
      assert.equal(t.costs.by_category.refreshments, 2500);
      assert.deepEqual(s.months, [
        { month: '2019-02', sessions_held: 2, visits: 2 },
        { month: '2019-05', sessions_held: 1, visits: 2 },
        { month: '2019-06', sessions_held: 1, visits: 7 },
      ]);
      assert.equal(s.feedback, null);

      const per = new Map(s.organisations.map((o) => [o.organisation.id, o.figures]));
      assert.equal(s.organisations[0]!.organisation.id, org.d);
      assert.deepEqual(per.get(org.a1)!.participants, { different: 1, new: 0 });
      assert.deepEqual(per.get(org.a2)!.participants, { different: 2, new: 1 });
      assert.equal(per.get(org.a1)!.volunteer_hours, 3);
      assert.equal(per.get(org.a2)!.volunteer_hours, 4);
      assert.equal(per.get(org.d)!.visits, 7);
      assert.deepEqual(per.get(org.a1)!.sessions, { held: 2, cancelled: 1, with_attendance: 2 });
      const sum = [...per.values()].reduce((n, f) => n + f.participants.different, 0);
      assert.equal(sum, 3, 'the per-association figures sum to more than the total');
    });

    it('shows an association its own figures only, by calendar year by default', async () => {
      const res = await get(`/api/v1/organizations/${org.a1}/statistics?from=2019-01-01`, association);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json<Statistics>();
      assert.deepEqual(s.period, { from: '2019-01-01', to: '2019-12-31' });
      assert.equal(s.organisations.length, 1);
      assert.equal(s.total.sessions.held, 2);
      const now = await get(`/api/v1/organizations/${org.a1}/statistics`, association);
      assert.deepEqual(now.json<Statistics>().period, { from: '2026-01-01', to: '2026-12-31' });
    });

    it('refuses a period that ends before it starts, naming `to`', async () => {
      const res = await get(
        `/api/v1/organizations/${org.d}/statistics?from=2019-12-31&to=2019-01-01`,
        district,
      );
      assert.equal(res.statusCode, 400);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json<{ errors: { field: string }[] }>().errors[0]!.field, 'to');
      const bad = await get(`/api/v1/organizations/${org.d}/statistics?from=2019-13-01`, district);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ errors: { field: string }[] }>().errors[0]!.field, 'from');
    });

    it('answers another organisation, a child asking for its parent and a facilitator with 404', async () => {
      for (const [id, token] of [
        [org.d, stranger],
        [org.d, association],
        [org.a1, facilitatorToken],
      ] as const) {
        const res = await get(`/api/v1/organizations/${id}/statistics?from=2019-01-01`, token);
        assert.equal(res.statusCode, 404, res.body);
      }
      const anonymous = await app.inject({ method: 'GET', url: `/api/v1/organizations/${org.d}/statistics` });
      assert.equal(anonymous.statusCode, 401);
    });

    it('shows the statistics page with charts and their tables, in every language, without codes', async () => {
      const session = await staffSession(db, app, org.d);
      for (const [lang, visits, total] of [
        ['fi', 'Käynnit', 'Yhteensä'],
        ['sv', 'Besök', 'Totalt'],
        ['en', 'Visits', 'Total'],
      ] as const) {
        const res = await app.inject({
          url: `/${lang}/staff/reports?org=${org.d}&from=2019-01-01&to=2019-12-31`,
          headers: { cookie: session },
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 500));
        assert.match(res.body, /<svg[^>]*role="img"/);
        assert.match(res.body, /<title id="chart-\d+-title">/);
        assert.ok(res.body.includes(visits) && res.body.includes(total));
        assert.doesNotMatch(res.body, />[^<]*\b(room_rent|drop_in|public_health_nurse|registration)\b[^<]*</);
        assert.doesNotMatch(res.body, /style="/);
        assert.match(res.body, /statistics\.xlsx\?org=/);
      }
      const empty = await app.inject({
        url: `/en/staff/reports?org=${org.d}&from=2001-01-01&to=2001-12-31`,
        headers: { cookie: session },
      });
      assert.equal(empty.statusCode, 200);
      assert.doesNotMatch(empty.body, /<svg/, 'two empty years draw no chart of zeros');
      const bad = await app.inject({
        url: `/en/staff/reports?org=${org.d}&from=2019-12-31&to=2019-01-01`,
        headers: { cookie: session },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="to-error"[^>]*>[^<]*The end date is before the start date/);
      const other = await app.inject({
        url: `/en/staff/reports?org=${org.other}`,
        headers: { cookie: session },
      });
      assert.equal(other.statusCode, 404);
    });

    it('exports the statistics as an XLSX workbook with typed cells, read back', async () => {
      const session = await staffSession(db, app, org.d);
      const res = await app.inject({
        method: 'GET',
        url: `/en/staff/reports/statistics.xlsx?org=${org.d}&from=2019-01-01&to=2019-12-31`,
        headers: { cookie: session },
      });
      assert.equal(res.statusCode, 200, res.body);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names = book.worksheets.map((w) => w.name);
      assert.ok(names.length >= 3, names.join());
      const sheet = book.worksheets[0]!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const visits = rows.find((r) => r[0] === 'Visits');
      assert.ok(visits, JSON.stringify(rows));
      assert.equal(visits.at(-1), 11);
      const period = book.worksheets.find((w) => w.getCell('A1').value === 'Organisation') ?? sheet;
      assert.ok(period);
      const csv = await app.inject({
        method: 'GET',
        url: `/fi/staff/reports/statistics.csv?org=${org.d}&from=2019-01-01&to=2019-12-31`,
        headers: { cookie: session },
      });
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body, /Käynnit/);
    });

    it('records who ran a session on the session page, which changes the volunteer hours', async () => {
      const kit = staffKit(app, db);
      const session = await kit.signIn(await kit.person([[{ id: org.a1 }, 'coordinator']]), 'en');
      const pageUrl = `/en/staff/sessions/${ids.s1}`;
      const page = await kit.get(pageUrl, session);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Who ran the session/);
      assert.match(page.body, new RegExp(`value="${ids.f1}" checked`));
      assert.match(page.body, new RegExp(`value="${ids.f2}" checked`));
      const refused = await app.inject({
        method: 'POST',
        url: `${pageUrl}/facilitators`,
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: `facilitator=${ids.f2}`,
      });
      assert.equal(refused.statusCode, 403);
      const saved = await kit.submit(pageUrl, `${pageUrl}/facilitators`, session, { facilitator: ids.f2 });
      assert.equal(saved.statusCode, 303, saved.body);
      const after = await kit.get(pageUrl, session);
      assert.match(after.body, new RegExp(`value="${ids.f2}" checked`));
      assert.doesNotMatch(after.body, new RegExp(`value="${ids.f1}" checked`));
      const res = await get(`/api/v1/organizations/${org.a1}/statistics?from=2019-01-01`, association);
      // 8.2. still F1 (1.5 h); 1.2. now only F2, who is paid
      assert.equal(res.json<Statistics>().total.volunteer_hours, 1.5);
    });

    it("counts a project's targets over its period, and refuses an unknown measure", async () => {
      const admin = await tokenFor(db, org.d, 'admin');
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.d}`,
        headers: bearer(admin),
        payload: {
          starts_on: '2019-01-01',
          ends_on: '2019-06-30',
          targets: [
            { key: 'network', label: { fi: 'Verkosto' }, target_value: 12, unit: 'people' },
            { key: 'nurses', label: { fi: 'Terveydenhoitajat' }, target_value: 2, unit: 'professionals' },
            { key: 'trained', label: { fi: 'Koulutetut' }, target_value: 10, unit: 'people' },
          ],
        },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      const put = (key: string, payload: object) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/organizations/${org.d}/targets/${key}/measure`,
          headers: bearer(district),
          payload,
        });
      const unknown = await put('network', { measure: 'happiness' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /measure/);
      const missing = await put('nurses', { measure: 'facilitators_by_profession' });
      assert.equal(missing.statusCode, 422);
      assert.equal(missing.json<{ errors: { field: string }[] }>().errors[0]!.field, 'profession');
      assert.equal((await put('network', { measure: 'network' })).statusCode, 204);
      assert.equal(
        (await put('nurses', { measure: 'facilitators_by_profession', profession: 'public_health_nurse' }))
          .statusCode,
        204,
      );
      assert.equal((await put('trained', { measure: 'manual' })).statusCode, 204);
      assert.equal((await put('nobody', { measure: 'manual' })).statusCode, 404);
      const figure = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.d}/targets/trained/figures`,
        headers: bearer(district),
        payload: { value: 4, recorded_on: '2019-03-01', note: 'Kevään koulutus' },
      });
      assert.equal(figure.statusCode, 201, figure.body);
      const res = await get(`/api/v1/organizations/${org.d}/targets/progress`, district);
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json<{
        period: { from: string; to: string };
        targets: {
          key: string;
          value: number;
          share_percent: number;
          progress: { on: string; value: number }[];
        }[];
      }>();
      assert.deepEqual(p.period, { from: '2019-01-01', to: '2019-06-30' });
      const t = new Map(p.targets.map((x) => [x.key, x]));
      // 2 different participants + 4 facilitators, all within the first half of 2019
      assert.equal(t.get('network')!.value, 6);
      assert.equal(t.get('network')!.share_percent, 50);
      assert.deepEqual(
        t.get('network')!.progress.map((x) => x.value),
        [0, 1 + 2, 3, 3, 6, 6],
      );
      assert.equal(t.get('nurses')!.value, 1);
      assert.equal(t.get('trained')!.value, 4);
      const cookie = await staffSession(db, app, org.d);
      const xlsx = await app.inject({
        url: `/sv/staff/reports/targets.xlsx?org=${org.d}`,
        headers: { cookie },
      });
      assert.equal(xlsx.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(
        book.worksheets.map((w) => w.name),
        ['Mål', 'Framsteg'],
      );
      const progress = book.getWorksheet('Framsteg')!;
      assert.equal(progress.getCell('B1').value, 'Dag');
      assert.ok(progress.getCell('B2').value instanceof Date, 'days are dates');
      assert.equal(typeof progress.getCell('C2').value, 'number');
      const stranger_ = await get(`/api/v1/organizations/${org.d}/targets/progress`, stranger);
      assert.equal(stranger_.statusCode, 404);
    });
  });
}

/** A signed-in coordinator's session cookie for the staff pages. */
async function staffSession(db: Database, app: App, orgId: string): Promise<string> {
  const kit = staffKit(app, db);
  return `vertaamo_session=${await kit.signIn(await kit.person([[{ id: orgId }, 'coordinator']]))}`;
}
