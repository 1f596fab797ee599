/**
 * The confirmation says what happens next, plainly: the next meeting's date, time and place,
 * a calendar link, the organiser's contact, and a cancel button rather than a raw address.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDatabases } from '../../test/support/databases.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface Listed {
  id: string;
  slug: string;
  how_to_join: string;
  mode: string;
  venue: { name: string; street_address: string | null } | null;
  next_session: { starts_at: string } | null;
  seats_available: number | null;
  organization: { contact: { email: string | null } };
}

for (const target of testDatabases()) {
  describe(`the registration confirmation (${target.name})`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      await seedDemo(db, { publicUrl: 'http://localhost', now: NOW });
      app = await buildApp({ db, clock: () => NOW });
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    it('names the next meeting, its place, a calendar link, the contact and a cancel button', async () => {
      const listed = await app.inject({ url: '/api/v1/groups?join=registration&per_page=100' });
      assert.equal(listed.statusCode, 200, listed.body);
      const group = listed
        .json<{ items: Listed[] }>()
        .items.find(
          (g) =>
            g.mode === 'in_person' &&
            g.venue?.street_address &&
            g.next_session &&
            g.seats_available !== 0 &&
            g.organization.contact.email,
        );
      assert.ok(group, 'the demo has an in-person group open for registration, with a contact');
      const form = await app.inject({ url: `/en/groups/${group.slug}/register` });
      const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1]!;
      const done = await app.inject({
        method: 'POST',
        url: `/en/groups/${group.slug}/register`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          idempotency_key: key,
          display_name: 'Aino',
          email: 'aino@example.fi',
          consent: 'yes',
        }).toString(),
      });
      assert.equal(done.statusCode, 200, done.body.slice(0, 400));
      const html = done.body;
      assert.match(html, /<h2 id="next-heading">What happens next<\/h2>/);
      const day = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Helsinki',
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
      }).format(new Date(group.next_session!.starts_at));
      assert.ok(html.includes(day), `the next meeting's day ${day} is named`);
      assert.ok(html.includes(group.venue!.street_address!), 'the address is named');
      assert.ok(html.includes(`/api/v1/groups/${group.id}/calendar.ics?lang=en`), 'a calendar link');
      assert.ok(html.includes(`mailto:${group.organization.contact.email}`), 'the organiser’s contact');
      const cancel = /<a class="hds-button hds-button--secondary" href="([^"]+\/cancel)">/.exec(html);
      assert.ok(cancel, 'a cancel button');
      assert.ok(!html.includes(`>${cancel[1]}<`), 'the raw cancel address is not printed as text');
    });

    it('shows the organiser’s contact on the group and organisation pages', async () => {
      const listed = await app.inject({ url: '/api/v1/groups?per_page=100' });
      const group = listed
        .json<{ items: (Listed & { organization: { slug: string } })[] }>()
        .items.find((g) => g.organization.contact.email);
      assert.ok(group);
      const email = group.organization.contact.email!;
      const page = await app.inject({ url: `/sv/groups/${group.slug}` });
      assert.match(page.body, /<h2 id="ask-heading">Har du frågor\?<\/h2>/);
      assert.ok(page.body.includes(`E-post: <a href="mailto:${email}">${email}</a>`));
      const org = await app.inject({ url: `/sv/organisations/${group.organization.slug}` });
      assert.ok(org.body.includes(`href="mailto:${email}"`));
    });
  });
}
