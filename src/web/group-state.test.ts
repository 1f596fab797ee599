/**
 * A group page tells the truth for today's date (issue 15, item 1): an ended or suspended
 * group, or one whose meetings have all passed, says so first, with its dates, gives no
 * joining instructions, calendar link or "the organiser confirmed", and points to its
 * replacement or to the organisation's current groups.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { groupState } from './pages.tsx';

describe('groupState', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  it('is open while a meeting is planned, even past a stale end date', () => {
    assert.equal(
      groupState(
        { status: 'published', ends_on: '2019-12-01' },
        [{ status: 'scheduled' }],
        { last: null },
        now,
      ),
      'open',
    );
  });
  it('is ended past its end date with nothing planned, and all-passed without an end date', () => {
    assert.equal(
      groupState({ status: 'running', ends_on: '2019-12-01' }, [], { last: '2019-11-06' }, now),
      'ended',
    );
    assert.equal(
      groupState(
        { status: 'running', ends_on: null },
        [{ status: 'cancelled' }],
        { last: '2019-11-06' },
        now,
      ),
      'all-passed',
    );
    assert.equal(
      groupState({ status: 'published', ends_on: null }, [], { last: null }, now),
      'open',
      'not yet scheduled',
    );
  });
  it('follows the status first', () => {
    assert.equal(
      groupState({ status: 'ended', ends_on: null }, [{ status: 'scheduled' }], { last: null }, now),
      'ended',
    );
    assert.equal(groupState({ status: 'suspended', ends_on: null }, [], { last: null }, now), 'suspended');
  });
});

for (const target of testDatabases()) {
  describe(`group pages of groups that are over, on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let now = new Date('2019-10-01T09:00:00Z');
    let token: string;
    let orgSlug: string;
    let orgId: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now });
      const org = await makeOrganisation(db);
      orgId = org.id;
      orgSlug = org.slug;
      token = await tokenFor(db, org.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function autumnGroup(overrides: Record<string, unknown> = {}) {
      now = new Date('2019-10-01T09:00:00Z');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, overrides),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string; slug: string }>();
      const schedule = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=4', starts_local: '2019-10-16T17:30', duration_minutes: 90 },
      });
      assert.equal(schedule.statusCode, 201, schedule.body);
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return group;
    }

    const page = async (path: string) => {
      const res = await app.inject({ url: path });
      assert.equal(res.statusCode, 200);
      return res.body;
    };

    it('invites people while the meetings are ahead, and stops once they have all passed', async () => {
      const group = await autumnGroup();
      const before = await page(`/fi/groups/${group.slug}`);
      assert.match(before, /Tule vain paikalle/);
      assert.match(before, /calendar\.ics/);
      assert.match(before, /Järjestäjä on vahvistanut tiedot/);

      now = new Date('2026-12-03T10:00:00Z');
      const after = await page(`/fi/groups/${group.slug}`);
      assert.match(after, /Tämän ryhmän tapaamiset ovat päättyneet: viimeisin oli 6\.11\.2019/);
      assert.match(after, /Ryhmään ei voi nyt liittyä/);
      assert.doesNotMatch(after, /Tule vain paikalle/);
      assert.doesNotMatch(after, /calendar\.ics/);
      assert.doesNotMatch(after, /vahvistanut tiedot/);
      assert.doesNotMatch(after, /Tulen tähän tapaamiseen/);
      assert.match(after, new RegExp(`href="/fi/organisations/${orgSlug}"[^>]*>Katso järjestäjän`));
    });

    it('says an ended group has ended and when it met, in every language', async () => {
      const group = await autumnGroup({ how_to_join: 'registration', capacity: 8 });
      now = new Date('2019-11-20T10:00:00Z');
      const ended = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'end' },
      });
      assert.equal(ended.statusCode, 200, ended.body);
      now = new Date('2026-12-03T10:00:00Z');
      const fi = await page(`/fi/groups/${group.slug}`);
      assert.match(fi, /Tämä ryhmä on päättynyt\. Se kokoontui 16\.10\.2019–6\.11\.2019\./);
      assert.doesNotMatch(fi, new RegExp(`/groups/${group.slug}/register`), 'no way to register');
      assert.doesNotMatch(fi, /Ilmoittaudu/);
      assert.match(await page(`/sv/groups/${group.slug}`), /Den här gruppen har avslutats\. Den träffades/);
      assert.match(await page(`/en/groups/${group.slug}`), /This group has ended\. It met/);
    });

    it('points a suspended group to its replacement', async () => {
      const group = await autumnGroup();
      now = new Date('2019-10-25T10:00:00Z');
      const suspended = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'suspend' },
      });
      assert.equal(suspended.statusCode, 200, suspended.body);
      const en = await page(`/en/groups/${group.slug}`);
      assert.match(en, /The group was suspended on/);
      assert.match(en, /The group cannot be joined now/);
      assert.doesNotMatch(en, /calendar\.ics/);
      assert.doesNotMatch(en, /Just come – no registration needed/);
    });
  });
}
