import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

for (const target of testDatabases()) {
  describe(`venues on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const naistari = (orgId: string) => ({
      organization_id: orgId,
      name: 'Naistari',
      street_address: 'Insinöörinkatu 38',
      postal_code: '33720',
      municipality: 'Tampere',
      neighbourhood: 'Hervanta',
      latitude: 61.4505,
      longitude: 23.8505,
      accessibility: ['step_free_access', 'pram_access'],
    });

    it('creates and changes a venue with coordinates and a map link', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(token),
        payload: naistari(org.id),
      });
      assert.equal(res.statusCode, 201, res.body);
      const venue = res.json();
      assert.deepEqual(venue.coordinates, { latitude: 61.4505, longitude: 23.8505 });
      assert.match(venue.map_url, /^https:\/\/www\.openstreetmap\.org\/\?mlat=61\.4505&mlon=23\.8505/);
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/venues/${venue.id}`,
        headers: bearer(token),
        payload: { accessibility: ['lift'] },
      });
      assert.deepEqual(patched.json().accessibility, ['lift']);
      assert.equal(patched.json().postal_code, '33720');
    });

    it('refuses bad addresses with the field named and keeps the saved venue', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const venue = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/venues',
          headers: bearer(token),
          payload: naistari(org.id),
        })
      ).json();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ postal_code: 'abc' }, 400, 'postal_code'],
        [{ latitude: 200 }, 400, 'latitude'],
        [{ accessibility: ['teleporter'] }, 400, 'accessibility.0'],
        [{ latitude: null }, 422, 'latitude'],
      ];
      for (const [payload, status, field] of cases) {
        const res = await app.inject({
          method: 'PATCH',
          url: `/api/v1/venues/${venue.id}`,
          headers: bearer(token),
          payload,
        });
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.ok(
          res.json().errors.some((e: { field: string }) => e.field === field),
          res.body,
        );
      }
      const kept = (await app.inject({ url: `/api/v1/venues/${venue.id}`, headers: bearer(token) })).json();
      assert.equal(kept.postal_code, '33720');
      assert.deepEqual(kept.coordinates, { latitude: 61.4505, longitude: 23.8505 });
      const half = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(token),
        payload: { ...naistari(org.id), longitude: undefined },
      });
      assert.equal(half.statusCode, 422);
    });

    it('shows a venue publicly only once a public group meets there', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const venue = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/venues',
          headers: bearer(token),
          payload: naistari(org.id),
        })
      ).json();
      const other = await tokenFor(db, (await makeOrganisation(db)).id, 'admin');
      assert.equal((await app.inject({ url: `/api/v1/venues/${venue.id}` })).statusCode, 404);
      assert.equal(
        (await app.inject({ url: `/api/v1/venues/${venue.id}`, headers: bearer(other) })).statusCode,
        404,
      );
      const edit = await app.inject({
        method: 'PATCH',
        url: `/api/v1/venues/${venue.id}`,
        headers: bearer(other),
        payload: { name: 'Hijacked' },
      });
      assert.equal(edit.statusCode, 404);

      const group = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/groups',
          headers: bearer(token),
          payload: groupBody(org.id, { mode: 'in_person', venue_id: venue.id }),
        })
      ).json();
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      const visible = await app.inject({ url: `/api/v1/venues/${venue.id}` });
      assert.equal(visible.statusCode, 200);
      assert.equal(visible.json().name, 'Naistari');
      const list = await app.inject({ url: `/api/v1/organizations/${org.slug}/venues` });
      assert.deepEqual(
        list.json().items.map((v: { id: string }) => v.id),
        [venue.id],
      );
    });

    it('lets only the organisation’s coordinators and admins create venues', async () => {
      const org = await makeOrganisation(db);
      const referrer = await tokenFor(db, org.id, 'referrer');
      assert.equal(
        (await app.inject({ method: 'POST', url: '/api/v1/venues', payload: naistari(org.id) })).statusCode,
        401,
      );
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/venues',
            headers: bearer(referrer),
            payload: naistari(org.id),
          })
        ).statusCode,
        403,
      );
    });
  });
}
