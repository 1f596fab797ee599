/**
 * The audit log page of the workspace: a coordinator sees who looked at participants, newest
 * first, filtered by action and days, a page at a time, in Finnish, Swedish and English;
 * facilitators are refused; another organisation's entries never appear.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { staffKit } from '../../test/support/staff.ts';
import type { OrganisationRow } from '../organisations/repository.ts';
import { audit } from '../privacy/audit.ts';
import { AUDIT_PAGE_SIZE, readDay } from './audit.tsx';
import { helsinkiToday } from '../shared/time.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

/** The rows of the page's log table: each row's cells as text. */
const tableRows = (html: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()),
  );

describe('reading a day the way people type it', () => {
  it('takes what a date input sends and the Finnish way of writing a date', () => {
    assert.equal(readDay('2026-11-22'), '2026-11-22');
    assert.equal(readDay('22.11.2026'), '2026-11-22');
    assert.equal(readDay('1.2.2026'), '2026-02-01');
    assert.equal(readDay('30.2.2026'), null);
    assert.equal(readDay('eilen'), null);
  });
});

for (const target of testDatabases()) {
  describe(`the audit log page on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let kit: ReturnType<typeof staffKit>;
    let orgA: OrganisationRow;
    let orgB: OrganisationRow;
    let groupA: { id: string; slug: string; name: { fi: string } };
    let groupB: { id: string; slug: string; name: { fi: string } };
    let coordinator: string;
    let facilitator: string;
    let coordinatorB: string;

    async function readParticipants(org: OrganisationRow) {
      const token = await tokenFor(db, org.id, 'coordinator');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, { how_to_join: 'registration', capacity: 10 }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string; slug: string; name: { fi: string } }>();
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
      const joined = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/registrations`,
        payload: {
          display_name: 'Osallistuja',
          email: 'osallistuja@example.fi',
          language: 'fi',
          consent: true,
        },
      });
      assert.equal(joined.statusCode, 201, joined.body);
      const list = await app.inject({
        url: `/api/v1/groups/${group.id}/registrations`,
        headers: bearer(token),
      });
      assert.equal(list.statusCode, 200, list.body);
      return group;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      kit = staffKit(app, db);
      orgA = await makeOrganisation(db);
      orgB = await makeOrganisation(db);
      groupA = await readParticipants(orgA);
      groupB = await readParticipants(orgB);
      coordinator = await kit.signIn(await kit.person([[orgA, 'coordinator']]));
      facilitator = await kit.signIn(await kit.person([[orgA, 'facilitator']]));
      coordinatorB = await kit.signIn(await kit.person([[orgB, 'coordinator']]));
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    it('shows a coordinator who read the participants, newest first, and nothing of another organisation', async () => {
      const page = await kit.get('/fi/staff/audit', coordinator);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /<h1>Tietojen käsittelyloki<\/h1>/);
      const rows = tableRows(page.body);
      assert.deepEqual(
        rows.map((r) => r.slice(1, 5)),
        [
          [
            'API-avain ”test coordinator”',
            'Katsoi osallistujaluetteloa',
            groupA.name.fi,
            'ryhmän hallinnointi',
          ],
          ['osallistuja itse', 'Ilmoittautui', `${groupA.name.fi}, ilmoittautuminen`, 'ryhmän hallinnointi'],
        ],
      );
      assert.match(rows[0]![0]!, /^\d{1,2}\.\d{1,2}\.\d{4}/, 'the time as people read it');
      assert.ok(page.body.includes(`href="/fi/staff/groups/${groupA.slug}"`));
      assert.ok(!page.body.includes(groupB.name.fi), "organisation B's entries never appear");
      assert.ok(!page.body.includes(orgB.id));

      const asked = await kit.get(`/fi/staff/audit?org=${orgB.id}`, coordinator);
      assert.equal(asked.statusCode, 404, 'asking for B by its id finds nothing');
      assert.ok(!asked.body.includes(groupB.name.fi));

      const other = await kit.get('/fi/staff/audit', coordinatorB);
      assert.ok(other.body.includes(groupB.name.fi));
      assert.ok(!other.body.includes(groupA.name.fi));
    });

    it('refuses facilitators, and links the page from the start page for coordinators only', async () => {
      const refused = await kit.get('/fi/staff/audit', facilitator);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /koordinaattorit ja pääkäyttäjät/);
      assert.ok(!refused.body.includes(groupA.name.fi));
      const start = await kit.get('/fi/staff', coordinator);
      assert.ok(start.body.includes(`href="/fi/staff/audit?org=${orgA.id}"`));
      const facilitatorStart = await kit.get('/fi/staff', facilitator);
      assert.equal(facilitatorStart.statusCode, 200);
      assert.ok(!facilitatorStart.body.includes('/staff/audit'));
      const anonymous = await app.inject({ url: '/fi/staff/audit' });
      assert.equal(anonymous.statusCode, 303);
    });

    it('filters by action and by days, and keeps a bad date beside its field', async () => {
      const created = await kit.get(`/fi/staff/audit?org=${orgA.id}&action=registration.create`, coordinator);
      assert.deepEqual(
        tableRows(created.body).map((r) => r[2]),
        ['Ilmoittautui'],
      );
      assert.match(created.body, /<option value="registration.create" selected>/);

      const today = await kit.get(`/fi/staff/audit?org=${orgA.id}&from=${helsinkiToday()}`, coordinator);
      assert.equal(tableRows(today.body).length, 2);
      const later = await kit.get(`/fi/staff/audit?org=${orgA.id}&from=1.1.2999`, coordinator);
      assert.equal(later.statusCode, 200);
      assert.deepEqual(tableRows(later.body), []);
      assert.match(later.body, /Ei merkintöjä/);
      const earlier = await kit.get(`/fi/staff/audit?org=${orgA.id}&to=2000-01-01`, coordinator);
      assert.deepEqual(tableRows(earlier.body), []);

      const bad = await kit.get(`/fi/staff/audit?org=${orgA.id}&from=eilen&to=2026-11-01`, coordinator);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="from-error"[^>]*>Anna päivämäärä, esim\. 31\.12\.2026\./);
      assert.match(bad.body, /<input[^>]*value="eilen"[^>]*id="from"/, 'the form keeps what was typed');
      assert.match(bad.body, /aria-invalid="true"/);
      const backwards = await kit.get(
        `/fi/staff/audit?org=${orgA.id}&from=2026-11-20&to=2026-11-01`,
        coordinator,
      );
      assert.equal(backwards.statusCode, 400);
      assert.match(backwards.body, /id="to-error"[^>]*>Loppupäivä on ennen alkupäivää\./);
    });

    it('pages through a long log, newest first', async () => {
      await db.ownerTransaction(async (tx) => {
        for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++)
          await audit(tx, {
            orgId: orgA.id,
            actor: { userId: null, label: `lukija-${String(i).padStart(2, '0')}@example.fi` },
            action: 'attendance.read',
            operation: 'read',
            purpose: 'attendance',
            groupId: groupA.id,
          });
      });
      const first = await kit.get(`/en/staff/audit?org=${orgA.id}&action=attendance.read`, coordinator);
      const rows = tableRows(first.body);
      assert.equal(rows.length, AUDIT_PAGE_SIZE);
      assert.equal(rows[0]![1], `lukija-${AUDIT_PAGE_SIZE + 4}@example.fi`, 'the newest first');
      assert.equal(rows[0]![2], 'Looked at attendance');
      const older = /<a href="([^"]+)">Older entries<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(older, 'a link to older entries');
      assert.ok(older.includes('action=attendance.read'), 'the filter stays');
      const second = await kit.get(older, coordinator);
      assert.deepEqual(
        tableRows(second.body).map((r) => r[1]),
        [
          'lukija-04@example.fi',
          'lukija-03@example.fi',
          'lukija-02@example.fi',
          'lukija-01@example.fi',
          'lukija-00@example.fi',
        ],
      );
      assert.match(second.body, /Newest entries/);
      assert.doesNotMatch(second.body, /Older entries/);

      const sv = await kit.get(`/sv/staff/audit?org=${orgA.id}&action=registrations.list`, coordinator);
      assert.match(sv.body, /<h1>Logg över behandling av uppgifter<\/h1>/);
      assert.deepEqual(
        tableRows(sv.body).map((r) => [r[2], r[4]]),
        [['Såg deltagarlistan', 'gruppens administration']],
      );
    });

    it('filters the same way in the API', async () => {
      const token = await tokenFor(db, orgA.id, 'coordinator');
      const res = await app.inject({
        url: `/api/v1/organizations/${orgA.id}/access-log?action=registration.create&from=2020-01-01`,
        headers: bearer(token),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json<{ items: { action: string }[] }>().items.map((i) => i.action),
        ['registration.create'],
      );
      const backwards = await app.inject({
        url: `/api/v1/organizations/${orgA.id}/access-log?from=2026-11-20&to=2026-11-01`,
        headers: bearer(token),
      });
      assert.equal(backwards.statusCode, 400);
      assert.equal(backwards.json<{ errors: { field: string }[] }>().errors[0]!.field, 'to');
      const future = await app.inject({
        url: `/api/v1/organizations/${orgA.id}/access-log?from=2999-01-01`,
        headers: bearer(token),
      });
      assert.deepEqual(future.json(), { items: [] });
    });
  });
}
