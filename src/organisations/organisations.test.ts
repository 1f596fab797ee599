import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';

for (const target of testDatabases()) {
  describe(`organisations on ${target.name}`, () => {
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

    const child = (parentId: string, extra: Record<string, unknown> = {}) => ({
      slug: unique('paikallinen'),
      kind: 'local_association',
      parent_id: parentId,
      name: { fi: 'Paikallisyhdistys', sv: 'Lokalförening', en: 'Local association' },
      ...extra,
    });

    it('lists organisations publicly and finds one by id or slug, internal settings only for its staff', async () => {
      const org = await makeOrganisation(db, {
        kind: 'project',
        starts_on: '2019-08-01',
        ends_on: '2020-06-30',
      });
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.id}`,
        headers: bearer(await tokenFor(db, org.id, 'admin')),
        payload: {
          targets: [
            {
              key: 'finnish_families',
              label: { fi: 'Suomalaiset perheet' },
              target_value: 20,
              unit: 'families',
            },
          ],
        },
      });
      const list = await app.inject({ url: '/api/v1/organizations?per_page=100' });
      assert.equal(list.statusCode, 200);
      assert.ok(list.json().items.some((o: { id: string }) => o.id === org.id));
      assert.ok(list.json().total >= 1);
      const bySlug = await app.inject({ url: `/api/v1/organizations/${org.slug}` });
      const byId = await app.inject({ url: `/api/v1/organizations/${org.id}` });
      assert.deepEqual(bySlug.json(), byId.json());
      assert.equal(bySlug.json().settings, undefined);
      assert.equal(bySlug.json().targets, undefined);
      // Internal settings are for admins and coordinators only (issue 12, finding 8).
      const internal = await app.inject({
        url: `/api/v1/organizations/${org.slug}`,
        headers: bearer(await tokenFor(db, org.id, 'coordinator')),
      });
      assert.equal(internal.json().settings.retention_days, 30);
      assert.deepEqual(
        internal.json().targets.map((t: { key: string; target_value: number }) => [t.key, t.target_value]),
        [['finnish_families', 20]],
      );
      assert.equal((await app.inject({ url: '/api/v1/organizations/no-such-org' })).statusCode, 404);
    });

    it('creates a child organisation under one the caller administers, never a top-level one', async () => {
      const district = await makeOrganisation(db, { kind: 'district' });
      const admin = await tokenFor(db, district.id, 'admin');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: bearer(admin),
        payload: child(district.id),
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().parent_id, district.id);
      const coordinator = await tokenFor(db, district.id, 'coordinator');
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/organizations',
            headers: bearer(coordinator),
            payload: child(district.id),
          })
        ).statusCode,
        403,
      );
      const topLevel = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: bearer(admin),
        payload: { ...child(district.id), parent_id: null },
      });
      assert.equal(topLevel.statusCode, 403);
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: bearer(admin),
        payload: child('00000000-0000-4000-8000-000000000000'),
      });
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().errors[0].field, 'parent_id');
    });

    it('refuses bad organisation input naming the field, and changes nothing', async () => {
      const org = await makeOrganisation(db);
      const admin = await tokenFor(db, org.id, 'admin');
      const cases: [string, 'POST' | 'PATCH', Record<string, unknown>, number, string][] = [
        ['/api/v1/organizations', 'POST', child(org.id, { slug: 'Ei Kelpaa' }), 400, 'slug'],
        ['/api/v1/organizations', 'POST', child(org.id, { kind: 'secret_society' }), 400, 'kind'],
        ['/api/v1/organizations', 'POST', child(org.id, { colour: 'red' }), 400, 'colour'],
        [
          `/api/v1/organizations/${org.id}`,
          'PATCH',
          { starts_on: '2020-01-01', ends_on: '2019-01-01' },
          422,
          'ends_on',
        ],
        [`/api/v1/organizations/${org.id}`, 'PATCH', { retention_days: 0 }, 400, 'retention_days'],
        [`/api/v1/organizations/${org.id}`, 'PATCH', { email: 'not an email' }, 400, 'email'],
      ];
      for (const [url, method, payload, status, field] of cases) {
        const res = await app.inject({ method, url, headers: bearer(admin), payload });
        assert.equal(res.statusCode, status, `${field}: ${res.body}`);
        assert.ok(
          res.json().errors.some((e: { field: string }) => e.field === field),
          res.body,
        );
      }
      const after = (
        await app.inject({ url: `/api/v1/organizations/${org.id}`, headers: bearer(admin) })
      ).json();
      assert.equal(after.starts_on, null);
      assert.equal(after.settings.retention_days, 30);
      const children = await app.inject({ url: `/api/v1/organizations?parent=${org.id}` });
      assert.equal(children.json().total, 0);
      const renamed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.id}`,
        headers: bearer(admin),
        payload: { requires_board_approval: true },
      });
      assert.equal(renamed.json().requires_board_approval, true);
    });

    // Found by the property test (src/http/fuzz.test.ts).
    it('creates a child organisation with its targets, and refuses targets that share a key naming the target', async () => {
      const district = await makeOrganisation(db, { kind: 'district' });
      const admin = bearer(await tokenFor(db, district.id, 'admin'));
      const target = (key: string, target_value: number) => ({
        key,
        label: { fi: 'Perheet' },
        target_value,
        unit: 'families',
      });
      // The new organisation's targets were refused as another organisation's rows (403).
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/organizations',
        headers: admin,
        payload: child(district.id, { kind: 'project', targets: [target('families', 20)] }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const project = await app.inject({ url: `/api/v1/organizations/${created.json().id}`, headers: admin });
      assert.deepEqual(
        project.json().targets.map((t: { key: string; target_value: number }) => [t.key, t.target_value]),
        [['families', 20]],
      );
      // Two targets with one key broke a unique constraint, answered 409 naming no field of the request.
      for (const [method, url, payload] of [
        ['POST', '/api/v1/organizations', child(district.id, { targets: [target('a', 1), target('a', 2)] })],
        [
          'PATCH',
          `/api/v1/organizations/${created.json().id}`,
          { targets: [target('a', 1), target('a', 2)] },
        ],
      ] as const) {
        const res = await app.inject({ method, url, headers: admin, payload });
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().code, 'duplicate-target');
        assert.deepEqual(res.json().errors[0].field, 'targets.1.key');
      }
      assert.equal(
        (await app.inject({ url: `/api/v1/organizations/${created.json().id}`, headers: admin })).json()
          .targets.length,
        1,
        'the targets are as they were',
      );
    });

    it('checks the project dates as they will be: a date given as null is cleared, not the stored one', async () => {
      const org = await makeOrganisation(db, {
        kind: 'project',
        starts_on: '2025-01-01',
        ends_on: '2025-12-31',
      });
      const admin = bearer(await tokenFor(db, org.id, 'admin'));
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/v1/organizations/${org.id}`,
        headers: admin,
        payload: { starts_on: '2026-06-01', ends_on: null },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().starts_on, res.json().ends_on], ['2026-06-01', null]);
    });

    it('manages members: add (creating the account), list, remove, but never the last admin', async () => {
      const org = await makeOrganisation(db);
      const admin = await tokenFor(db, org.id, 'admin');
      const email = `${unique('ohjaaja')}@example.fi`;
      const add = () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/organizations/${org.slug}/members`,
          headers: bearer(admin),
          payload: { email, display_name: 'Olli Ohjaaja', role: 'facilitator' },
        });
      const first = await add();
      assert.equal(first.statusCode, 201, first.body);
      assert.equal((await add()).statusCode, 200, 'adding the same role again changes nothing');
      const boss = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.slug}/members`,
        headers: bearer(admin),
        payload: { email: `${unique('admin')}@example.fi`, display_name: 'Ainoa Admin', role: 'admin' },
      });
      const list = await app.inject({
        url: `/api/v1/organizations/${org.slug}/members`,
        headers: bearer(admin),
      });
      assert.deepEqual(
        list
          .json()
          .items.map((m: { role: string }) => m.role)
          .sort(),
        ['admin', 'facilitator'],
      );
      const removeLastAdmin = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${org.slug}/members/${boss.json().id}`,
        headers: bearer(admin),
      });
      assert.equal(removeLastAdmin.statusCode, 409);
      const remove = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${org.slug}/members/${first.json().id}`,
        headers: bearer(admin),
      });
      assert.equal(remove.statusCode, 204);

      const stranger = await tokenFor(db, (await makeOrganisation(db)).id, 'admin');
      assert.equal(
        (await app.inject({ url: `/api/v1/organizations/${org.slug}/members`, headers: bearer(stranger) }))
          .statusCode,
        403,
      );
      const coordinator = await tokenFor(db, org.id, 'coordinator');
      assert.equal(
        (await app.inject({ url: `/api/v1/organizations/${org.slug}/members`, headers: bearer(coordinator) }))
          .statusCode,
        403,
      );
    });

    it('issues API tokens that act with the chosen role', async () => {
      const org = await makeOrganisation(db);
      const admin = await tokenFor(db, org.id, 'admin');
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.id}/tokens`,
        headers: bearer(admin),
        payload: { role: 'board_member', label: 'hallitus', expires_in_days: 30 },
      });
      assert.equal(res.statusCode, 201);
      assert.match(res.json().token, /^vt_/);
      const me = await app.inject({ url: '/api/v1/auth/me', headers: bearer(res.json().token) });
      assert.deepEqual(me.json().roles, [{ organization_id: org.id, roles: ['board_member'] }]);
      const coordinator = await tokenFor(db, org.id, 'coordinator');
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/organizations/${org.id}/tokens`,
            headers: bearer(coordinator),
            payload: { role: 'admin', label: 'x' },
          })
        ).statusCode,
        403,
      );
    });

    it('lists and adds partners such as the child health clinic', async () => {
      const org = await makeOrganisation(db);
      const coordinator = await tokenFor(db, org.id, 'coordinator');
      const added = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.slug}/partners`,
        headers: bearer(coordinator),
        payload: {
          name: { fi: 'Tapiolan neuvola', sv: 'Hagalunds rådgivning' },
          kind: 'child_health_clinic',
        },
      });
      assert.equal(added.statusCode, 201, added.body);
      const list = await app.inject({ url: `/api/v1/organizations/${org.slug}/partners` });
      assert.deepEqual(
        list.json().items.map((p: { kind: string }) => p.kind),
        ['child_health_clinic'],
      );
      const bad = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.slug}/partners`,
        headers: bearer(coordinator),
        payload: { name: { fi: 'X' }, kind: 'pub' },
      });
      assert.equal(bad.statusCode, 400);
    });
  });
}
