/**
 * A referral code leads somewhere: the group page of a referral group links to a page where
 * the client types the code their worker gave them and registers, without JavaScript; a
 * missing or wrong code is named beside the field with the rest of the form kept, and a code
 * works once.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const target of testDatabases()) {
  describe(`registering with a referral code (${target.name})`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let coordinator: string;
    let referrer: string;
    let group: { id: string; slug: string };

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
      const org = await makeOrganisation(db);
      coordinator = await tokenFor(db, org.id, 'coordinator');
      referrer = await tokenFor(db, org.id, 'referrer');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(coordinator),
        payload: groupBody(org.id, { how_to_join: 'referral', capacity: 8 }),
      });
      assert.equal(created.statusCode, 201, created.body);
      group = created.json();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(coordinator),
        payload: { url: 'https://meet.example.fi/lahete' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(coordinator),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    const newCode = async () =>
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${group.id}/referral-codes`,
          headers: bearer(referrer),
        })
      ).json<{ code: string }>().code;

    const post = (lang: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/${lang}/groups/${group.slug}/referral`,
        headers: FORM,
        payload: new URLSearchParams(fields).toString(),
      });

    it('is linked from the group page and asks for the code first', async () => {
      const page = await app.inject({ url: `/fi/groups/${group.slug}` });
      assert.match(page.body, new RegExp(`href="/fi/groups/${group.slug}/referral"`));
      assert.match(page.body, /Minulla on lähetekoodi – ilmoittaudu/);
      const form = await app.inject({ url: `/sv/groups/${group.slug}/referral` });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label[^>]*for="referral_code"[^>]*>Remisskod/);
      assert.match(form.body, new RegExp(`action="/sv/groups/${group.slug}/referral"`));
      assert.doesNotMatch(form.body, /<script/, 'no script is needed');
    });

    it('names a missing or wrong code beside the field and keeps what was typed', async () => {
      const person = { display_name: 'Kaisa', email: 'kaisa@example.fi', consent: 'yes' };
      const missing = await post('fi', person);
      assert.equal(missing.statusCode, 400);
      assert.match(
        missing.body,
        /id="referral_code-error"[^>]*>Kirjoita työntekijältäsi saamasi lähetekoodi/,
      );
      assert.match(missing.body, /value="Kaisa"/);
      const wrong = await post('en', { ...person, referral_code: 'WRONG-CODE' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /id="referral_code-error"[^>]*>The code was not recognised/);
      assert.match(wrong.body, /value="WRONG-CODE"/);
      assert.match(wrong.body, /value="kaisa@example.fi"/);
    });

    it('registers with the code once; the coordinator then decides', async () => {
      const code = await newCode();
      const person = {
        display_name: 'Leena',
        email: 'leena@example.fi',
        consent: 'yes',
        referral_code: code.toLowerCase(),
      };
      const done = await post('fi', person);
      assert.equal(done.statusCode, 201, done.body.slice(0, 500));
      assert.match(done.body, /Ilmoittautumisesi on vastaanotettu. Ryhmän koordinaattori käsittelee sen/);
      const pending = await app.inject({
        url: `/api/v1/groups/${group.id}/registrations`,
        headers: bearer(coordinator),
      });
      const items = pending.json<{ items: { display_name: string; status: string }[] }>().items;
      assert.deepEqual(
        items.filter((r) => r.display_name === 'Leena').map((r) => r.status),
        ['pending'],
      );
      const again = await post('fi', { ...person, display_name: 'Toinen', email: 'toinen@example.fi' });
      assert.equal(again.statusCode, 400, 'a code works once');
      assert.match(again.body, /id="referral_code-error"[^>]*>Koodia ei tunnistettu, se on jo käytetty/);
    });
  });
}
