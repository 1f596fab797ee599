import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2019-10-01T10:00:00Z');

for (const target of testDatabases()) {
  describe(`calendar feeds on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgSlug: string;
    let publicGroup: { id: string; slug: string };
    let draftGroup: { id: string; slug: string };

    async function call(token: string, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object) {
      const res = await app.inject({ method, url, headers: bearer(token), payload });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json<{ id: string; slug: string; items?: { id: string }[] }>();
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgSlug = org.slug;
      const token = await tokenFor(db, org.id, 'coordinator');
      const venue = await call(token, 'POST', '/api/v1/venues', {
        organization_id: org.id,
        name: 'Naistari',
        street_address: 'Insinöörinkatu 38',
        postal_code: '33720',
        municipality: 'Tampere',
      });
      publicGroup = await call(
        token,
        'POST',
        '/api/v1/groups',
        groupBody(org.id, {
          name: { fi: 'Hervannan perheryhmä', sv: 'Familjegrupp i Hervanta', en: 'Hervanta family group' },
          mode: 'in_person',
          venue_id: venue.id,
        }),
      );
      await call(token, 'POST', `/api/v1/groups/${publicGroup.id}/schedules`, {
        rrule: 'FREQ=WEEKLY;COUNT=4',
        starts_local: '2019-10-16T15:30',
        duration_minutes: 90,
      });
      await call(token, 'POST', `/api/v1/groups/${publicGroup.id}/lifecycle`, { action: 'publish' });
      const sessions = await app.inject({ url: `/api/v1/groups/${publicGroup.id}/sessions` });
      const third = sessions.json<{ items: { id: string }[] }>().items[2]!;
      await call(token, 'PATCH', `/api/v1/sessions/${third.id}`, {
        status: 'cancelled',
        cancel_reason_code: 'holiday',
        cancel_reason: 'Syysloma',
      });
      draftGroup = await call(token, 'POST', '/api/v1/groups', groupBody(org.id));
      await call(token, 'POST', `/api/v1/groups/${draftGroup.id}/schedules`, {
        rrule: 'FREQ=WEEKLY;COUNT=2',
        starts_local: '2019-10-17T18:00',
        duration_minutes: 60,
      });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function feed(url: string) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /^text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(res.body));
      // Times are read through the feed's own VTIMEZONE, as a calendar application would.
      for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
      return calendar;
    }

    it('keeps the local time across the end of summer time, in the Helsinki time zone', async () => {
      const calendar = await feed(`/api/v1/groups/${publicGroup.slug}/calendar.ics`);
      const zone = calendar.getFirstSubcomponent('vtimezone');
      assert.equal(zone?.getFirstPropertyValue('tzid'), 'Europe/Helsinki');
      const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      assert.equal(events.length, 4);
      for (const event of events) {
        assert.equal(event.component.getFirstProperty('dtstart')?.getParameter('tzid'), 'Europe/Helsinki');
        assert.equal(`${event.startDate.hour}:${event.startDate.minute}`, '15:30', 'local start stays 15:30');
        assert.equal(`${event.endDate.hour}:${event.endDate.minute}`, '17:0');
      }
      assert.deepEqual(
        events.map((e) => e.startDate.toJSDate().toISOString()),
        [
          '2019-10-16T12:30:00.000Z',
          '2019-10-23T12:30:00.000Z',
          '2019-10-30T13:30:00.000Z',
          '2019-11-06T13:30:00.000Z',
        ],
      );
    });

    it('marks a cancelled session cancelled, with stable unique ids and the group page', async () => {
      const calendar = await feed(`/api/v1/groups/${publicGroup.id}/calendar.ics`);
      assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
      const vevents = calendar.getAllSubcomponents('vevent');
      assert.deepEqual(
        vevents.map((e) => e.getFirstPropertyValue('status')),
        ['CONFIRMED', 'CONFIRMED', 'CANCELLED', 'CONFIRMED'],
      );
      assert.match(String(vevents[2]!.getFirstPropertyValue('description')), /Syysloma/);
      const uids = vevents.map((e) => String(e.getFirstPropertyValue('uid')));
      assert.equal(new Set(uids).size, 4);
      const again = (await feed(`/api/v1/groups/${publicGroup.slug}/calendar.ics`))
        .getAllSubcomponents('vevent')
        .map((e) => String(e.getFirstPropertyValue('uid')));
      assert.deepEqual(again, uids, 'the same sessions keep the same UIDs');
      assert.equal(
        vevents[0]!.getFirstPropertyValue('url'),
        `http://localhost:3000/fi/groups/${publicGroup.slug}`,
      );
      assert.match(
        String(vevents[0]!.getFirstPropertyValue('location')),
        /Naistari, Insinöörinkatu 38, 33720 Tampere/,
      );
    });

    it('speaks the language asked for', async () => {
      const sv = await feed(`/api/v1/groups/${publicGroup.slug}/calendar.ics?lang=sv`);
      assert.equal(
        sv.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary'),
        'Familjegrupp i Hervanta',
      );
      const bad = await app.inject({ url: `/api/v1/groups/${publicGroup.slug}/calendar.ics?lang=de` });
      assert.equal(bad.statusCode, 400);
    });

    it('shows the public nothing of a draft group, and only public groups in the organisation feed', async () => {
      const hidden = await app.inject({ url: `/api/v1/groups/${draftGroup.id}/calendar.ics` });
      assert.equal(hidden.statusCode, 404);
      assert.match(hidden.headers['content-type'] as string, /^application\/problem\+json/);
      const calendar = await feed(`/api/v1/organizations/${orgSlug}/calendar.ics`);
      const urls = new Set(
        calendar.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('url'))),
      );
      assert.deepEqual([...urls], [`http://localhost:3000/fi/groups/${publicGroup.slug}`]);
    });
  });
}
