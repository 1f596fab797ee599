/**
 * Applying to an assembled group in the browser without JavaScript: the group page leads to
 * the form, mistakes are shown beside the fields with everything typed kept, and a good
 * application reaches the organiser with its facts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const target of testDatabases()) {
  describe(`applying on the web on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let token: string;
    let slug: string;
    let groupId: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      token = await tokenFor(db, org.id, 'coordinator');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, { how_to_join: 'application', openness: 'closed', capacity: 10 }),
      });
      assert.equal(created.statusCode, 201, created.body);
      ({ id: groupId, slug } = created.json<{ id: string; slug: string }>());
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${groupId}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const applications = async () =>
      (await app.inject({ url: `/api/v1/groups/${groupId}/applications`, headers: bearer(token) })).json<{
        items: { display_name: string; facts: Record<string, unknown> }[];
      }>().items;

    it('leads from the group page to the form, in the reader’s language', async () => {
      const page = await app.inject({ url: `/sv/groups/${slug}` });
      assert.match(
        page.body,
        new RegExp(`href="/sv/groups/${slug}/apply"[^>]*>\\s*<span[^>]*>Ansök till gruppen`),
      );
      const form = await app.inject({ url: `/sv/groups/${slug}/apply` });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label class="hds-text-input__label" for="due_date">Beräknad tid<\/label>/);
      assert.match(form.body, /name="speaks_ar" value="yes"/);
      // Only groups joined by applying have the form.
      const registrationGroup = await app.inject({ url: `/sv/groups/no-such-group/apply` });
      assert.equal(registrationGroup.statusCode, 404);
    });

    it('shows mistakes beside the fields, keeps what was typed and stores nothing', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/fi/groups/${slug}/apply`,
        headers: FORM,
        payload:
          'display_name=Leila&email=&phone=&area=Hervanta&child_age_months=300&due_date=31.12.2026&speaks_ar=yes&availability=Keskiviikkoisin',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="email-error"[^>]*>Anna sähköposti tai puhelinnumero\./);
      assert.match(res.body, /id="child_age_months-error"[^>]*>Anna ikä kuukausina, 0–240\./);
      assert.match(res.body, /id="due_date-error"[^>]*>Anna päivämäärä muodossa vvvv-kk-pp\./);
      assert.match(res.body, /id="consent-error"/);
      assert.match(res.body, /value="Hervanta"/);
      assert.match(res.body, /id="speaks_ar"[^>]*checked/);
      assert.match(res.body, />Keskiviikkoisin<\/textarea>/);
      assert.deepEqual(await applications(), []);
    });

    it('sends a good application to the organiser with the facts the programme uses', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/en/groups/${slug}/apply`,
        headers: FORM,
        payload:
          'display_name=Leila&email=leila%40example.fi&language=en&area=Hervanta&due_date=2027-02-14&speaks_fi=yes&speaks_ar=yes&availability=Wednesdays&consent=yes',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /we have received your application/);
      assert.deepEqual(await applications(), [
        {
          ...(await applications())[0],
          display_name: 'Leila',
          facts: {
            area: 'Hervanta',
            due_date: '2027-02-14',
            languages: ['fi', 'ar'],
            availability: 'Wednesdays',
          },
        },
      ]);
    });
  });
}
