/**
 * Planning a group's meeting times with the workspace form: the sessions follow the
 * programme's plan, mistakes are shown beside the fields, and only the organisation's
 * coordinators may change them.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { FORM, staffKit } from '../../test/support/staff.ts';
import type { OrganisationRow } from '../organisations/repository.ts';
import type { GroupJson } from '../groups/service.ts';
import { ruleFor } from './schedule.tsx';

const NOW = new Date('2026-11-22T10:00:00Z');

/** The value an input of the page holds, whatever the order of its attributes. */
const valueOf = (html: string, id: string) =>
  /value="([^"]*)"/.exec(new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0] ?? '')?.[1];

interface SessionJson {
  starts_at: string;
  ends_at: string;
  plan_kind: string;
  theme: Record<string, string> | null;
}

describe('meeting rules from the form', () => {
  it('keeps "the same weekday of the month", also for the last one', () => {
    assert.equal(
      ruleFor({ first_date: '2027-01-12', frequency: 'monthly' }, 5),
      'FREQ=MONTHLY;BYDAY=+2TU;COUNT=5',
    );
    assert.equal(
      ruleFor({ first_date: '2027-01-29', frequency: 'monthly' }, null),
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
    assert.equal(
      ruleFor({ first_date: '2027-01-12', frequency: 'biweekly' }, 4),
      'FREQ=WEEKLY;INTERVAL=2;COUNT=4',
    );
    assert.equal(ruleFor({ first_date: '2027-01-12', frequency: 'once' }, 1), 'FREQ=DAILY;COUNT=1');
  });
});

for (const target of testDatabases()) {
  describe(`meeting times in the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let org: OrganisationRow;
    let token: string;
    let kit: ReturnType<typeof staffKit>;
    let coordinator: string;
    let venueId: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      kit = staffKit(app, db);
      org = await makeOrganisation(db);
      token = await tokenFor(db, org.id, 'coordinator');
      coordinator = await kit.signIn(await kit.person([[org, 'coordinator']]));
      const venue = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(token),
        payload: { organization_id: org.id, name: 'Naistari', municipality: 'Tampere' },
      });
      venueId = venue.json<{ id: string }>().id;
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function group(overrides: Record<string, unknown>) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, overrides),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<GroupJson>();
    }

    const sessions = async (id: string) =>
      (
        await app.inject({
          url: `/api/v1/groups/${id}/sessions?from=2026-01-01T00:00:00Z`,
          headers: bearer(token),
        })
      ).json<{ items: SessionJson[] }>().items;

    it('plans a seven-week course: the form suggests the programme’s count and length, and the sessions follow its plan', async () => {
      const course = await group({ template: 'seven-week-course', mode: 'in_person', venue_id: venueId });
      const url = `/fi/staff/groups/${course.slug}/schedule`;
      assert.ok(
        (await kit.get(`/fi/staff/groups/${course.slug}`, coordinator)).body.includes(`href="${url}"`),
      );
      const page = (await kit.get(url, coordinator)).body;
      assert.match(page, /Tapaamisajat/);
      assert.match(page, /Ohjelman mukaan tapaamisia on 7\./);
      assert.equal(valueOf(page, 'count'), '7', 'the programme’s count is suggested');
      assert.equal(valueOf(page, 'duration_minutes'), '90', 'and its length');

      const res = await kit.submit(url, url, coordinator, {
        first_date: '2027-01-12',
        start_time: '17:30',
        duration_minutes: '90',
        frequency: 'weekly',
        count: '7',
        venue: venueId,
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, `${url}?done=added-7`);
      const after = (await kit.get(res.headers.location, coordinator)).body;
      assert.match(after, /Tapaamisia luotiin 7\./);
      assert.match(after, /Joka viikko klo 17:30, 90 min, 7 kertaa alkaen 12\.1\.2027/);

      const list = await sessions(course.id);
      assert.equal(list.length, 7);
      assert.equal(list[0]!.starts_at, '2027-01-12T17:30:00+02:00');
      assert.equal(list[6]!.starts_at, '2027-02-23T17:30:00+02:00');
      assert.deepEqual(
        list.map((s) => s.theme?.fi),
        [
          '1. tapaaminen',
          '2. tapaaminen',
          '3. tapaaminen',
          '4. tapaaminen',
          '5. tapaaminen',
          '6. tapaaminen',
          '7. tapaaminen',
        ],
      );
    });

    it('shows mistakes beside the fields, keeps the input and creates nothing', async () => {
      const g = await group({});
      const url = `/en/staff/groups/${g.slug}/schedule`;
      const res = await kit.submit(url, url, coordinator, {
        first_date: '2027-02-30',
        start_time: '25:00',
        duration_minutes: 'long',
        frequency: 'monthly',
        count: 'many',
        venue: '',
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /id="first_date-error">Give a date\./);
      assert.match(res.body, /id="start_time-error">Give the time as 17:30\./);
      assert.match(res.body, /id="duration_minutes-error">/);
      assert.match(res.body, /id="count-error">/);
      assert.match(
        res.body,
        /id="first_date"[^>]*aria-invalid="true"[^>]*value="2027-02-30"|value="2027-02-30"/,
      );
      assert.equal(valueOf(res.body, 'count'), 'many', 'what was typed stays');
      assert.match(res.body, /id="frequency-monthly"[^>]*checked/);
      assert.equal((await sessions(g.id)).length, 0);
    });

    it('holds a Vahvistin group to its 2–3 hour meetings and lays out kickoff, themes and closing', async () => {
      const g = await group({ template: 'vahvistin', mode: 'remote' });
      const url = `/sv/staff/groups/${g.slug}/schedule`;
      const short = await kit.submit(url, url, coordinator, {
        first_date: '2027-01-14',
        start_time: '18:00',
        duration_minutes: '60',
        frequency: 'biweekly',
        count: '6',
        venue: '',
      });
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /id="duration_minutes-error">Längden passar inte programmet/);
      assert.match(short.body, /Träffens längd 120–180 minuter\./);
      assert.equal((await sessions(g.id)).length, 0);

      const ok = await kit.submit(url, url, coordinator, {
        first_date: '2027-01-14',
        start_time: '18:00',
        duration_minutes: '150',
        frequency: 'biweekly',
        count: '6',
        venue: '',
      });
      assert.equal(ok.statusCode, 303);
      const list = await sessions(g.id);
      assert.deepEqual(
        list.map((s) => s.plan_kind),
        ['kickoff', 'theme', 'theme', 'theme', 'theme', 'closing'],
      );
      assert.equal(list[1]!.starts_at, '2027-01-28T18:00:00+02:00', 'every other week');
    });

    it('meets once a month on the same weekday, and removing the times removes the future meetings', async () => {
      const g = await group({ mode: 'in_person', venue_id: venueId });
      const url = `/fi/staff/groups/${g.slug}/schedule`;
      const res = await kit.submit(url, url, coordinator, {
        first_date: '2027-01-12',
        start_time: '10:00',
        duration_minutes: '120',
        frequency: 'monthly',
        count: '3',
        venue: venueId,
      });
      assert.equal(res.statusCode, 303);
      assert.deepEqual(
        (await sessions(g.id)).map((s) => s.starts_at),
        ['2027-01-12T10:00:00+02:00', '2027-02-09T10:00:00+02:00', '2027-03-09T10:00:00+02:00'],
      );
      const page = (await kit.get(url, coordinator)).body;
      const remove = /action="([^"]+\/remove)"/.exec(page)![1]!;
      const removed = await kit.submit(url, remove, coordinator, {});
      assert.equal(removed.statusCode, 303);
      assert.equal((await sessions(g.id)).length, 0);
    });

    it('lets only the organisation’s coordinators change the times', async () => {
      const g = await group({});
      const url = `/fi/staff/groups/${g.slug}/schedule`;
      const fields = {
        first_date: '2027-01-12',
        start_time: '10:00',
        duration_minutes: '120',
        frequency: 'weekly',
        count: '2',
        venue: '',
      };
      // The group is a draft: its own facilitator sees its times (without the form), a
      // facilitator of no group does not see it at all (docs/security.md, finding 8).
      const email = await kit.person([[org, 'facilitator']]);
      const userId = await db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0]!.id,
      );
      const f = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: {
          organization_id: org.id,
          display_name: 'Oma Ohjaaja',
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
          user_id: userId,
        },
      });
      assert.equal(f.statusCode, 201, f.body);
      const assigned = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/facilitators`,
        headers: bearer(token),
        payload: { facilitators: [{ facilitator_id: f.json<{ id: string }>().id, role: 'lead' }] },
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const facilitator = await kit.signIn(email);
      const seen = await kit.get(url, facilitator);
      assert.equal(seen.statusCode, 200);
      assert.doesNotMatch(seen.body, /name="first_date"/, 'a facilitator sees the times but no form');
      const other = await kit.signIn(await kit.person([[org, 'facilitator']]));
      assert.equal((await kit.get(url, other)).statusCode, 404, 'a facilitator of no group: no draft');
      const refused = await kit.submit(url, url, facilitator, fields);
      assert.equal(refused.statusCode, 403);

      const forged = await app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: coordinator },
        payload: new URLSearchParams({ ...fields, csrf: 'forged' }).toString(),
      });
      assert.equal(forged.statusCode, 403);

      const stranger = await kit.signIn(await kit.person([[await makeOrganisation(db), 'coordinator']]));
      assert.equal((await kit.get(url, stranger)).statusCode, 404, 'another organisation sees nothing');
      assert.equal((await sessions(g.id)).length, 0);
    });
  });
}
