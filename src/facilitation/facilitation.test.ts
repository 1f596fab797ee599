import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

for (const target of testDatabases()) {
  describe(`facilitators, trainings and programme templates on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function facilitator(token: string, orgId: string, body: Record<string, unknown>) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: { organization_id: orgId, ...body },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>();
    }

    it('lists the built-in programmes: Vahvistin with its limit, themes and plan in three languages', async () => {
      const res = await app.inject({ url: '/api/v1/programme-templates' });
      assert.equal(res.statusCode, 200);
      const slugs = res.json<{ items: { slug: string }[] }>().items.map((t) => t.slug);
      for (const slug of ['vahvistin', 'seven-week-course', 'open-ongoing', 'season'])
        assert.ok(slugs.includes(slug), slug);
      const vahvistin = (await app.inject({ url: '/api/v1/programme-templates/vahvistin' })).json();
      assert.equal(vahvistin.max_participants, 10);
      assert.deepEqual(vahvistin.session_minutes, { min: 120, max: 180 });
      assert.equal(vahvistin.hybrid_discouraged, true);
      assert.equal(vahvistin.crisis_notice, true);
      assert.equal(vahvistin.theme_options.length, 7);
      for (const option of vahvistin.theme_options) {
        assert.ok(option.label.fi && option.label.sv && option.label.en, option.key);
      }
      assert.deepEqual(
        vahvistin.sessions.map((s: { kind: string }) => s.kind),
        ['kickoff', 'theme', 'theme', 'theme', 'theme', 'closing'],
      );
      const course = (await app.inject({ url: '/api/v1/programme-templates/seven-week-course' })).json();
      assert.equal(course.required_training.slug, 'kasvokkain-method');
      assert.equal(course.sessions.length, 7);
    });

    it('lists facilitators in Finnish alphabetical order: case ignored, Å Ä Ö after Z', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      for (const name of [
        'Öljy Östman',
        'aino Aalto',
        'Ärja Ärrälä',
        'Zeta Zetterberg',
        'Åke Åström',
        'Bertta',
      ])
        await facilitator(token, org.id, { display_name: name, kind: 'peer', engagement: 'volunteer' });
      const list = await app.inject({
        url: `/api/v1/organizations/${org.slug}/facilitators`,
        headers: bearer(token),
      });
      assert.deepEqual(
        list.json<{ items: { display_name: string }[] }>().items.map((f) => f.display_name),
        ['aino Aalto', 'Bertta', 'Zeta Zetterberg', 'Åke Åström', 'Ärja Ärrälä', 'Öljy Östman'],
      );
    });

    it('keeps facilitators inside their organisation and shows training validity', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const nurse = await facilitator(token, org.id, {
        display_name: 'Terhi Terveydenhoitaja',
        kind: 'professional',
        engagement: 'paid',
        profession: 'public_health_nurse',
      });
      const record = await app.inject({
        method: 'POST',
        url: `/api/v1/facilitators/${nurse.id}/trainings`,
        headers: bearer(token),
        payload: { training: 'peer-facilitator-basic', completed_on: '2022-09-01' },
      });
      assert.equal(record.statusCode, 201, record.body);
      const [training] = record.json().trainings;
      assert.equal(training.valid_until, '2025-09-01', 'the basic training is valid for 36 months');
      assert.equal(training.valid, false, 'and has expired by November 2026');

      const other = await makeOrganisation(db);
      const stranger = await tokenFor(db, other.id, 'admin');
      assert.equal(
        (await app.inject({ url: `/api/v1/facilitators/${nurse.id}`, headers: bearer(stranger) })).statusCode,
        404,
      );
      assert.equal((await app.inject({ url: `/api/v1/facilitators/${nurse.id}` })).statusCode, 404);
      const list = await app.inject({
        url: `/api/v1/organizations/${org.slug}/facilitators`,
        headers: bearer(stranger),
      });
      assert.equal(list.statusCode, 403);
      const own = await app.inject({
        url: `/api/v1/organizations/${org.slug}/facilitators`,
        headers: bearer(token),
      });
      assert.deepEqual(
        own.json().items.map((f: { id: string }) => f.id),
        [nurse.id],
      );

      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: { organization_id: org.id, display_name: 'X', kind: 'wizard', engagement: 'paid' },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'kind');
    });

    // Found by the property test (src/http/fuzz.test.ts): the refusal named a "field" made of
    // the constraint's name (records_facilitator_id_training_id_completed_on).
    it('refuses the same training on the same day twice with 409 naming completed_on', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const peer = await facilitator(token, org.id, {
        display_name: 'Pia',
        kind: 'peer',
        engagement: 'volunteer',
      });
      const record = () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/facilitators/${peer.id}/trainings`,
          headers: bearer(token),
          payload: { training: 'peer-facilitator-basic', completed_on: '2026-03-01' },
        });
      assert.equal((await record()).statusCode, 201);
      const again = await record();
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json().code, 'already-exists');
      assert.deepEqual(again.json().errors, [
        { in: 'body', field: 'completed_on', message: 'is already taken' },
      ]);
    });

    it('refuses to publish a seven-week group until both co-facilitators hold the Kasvokkain training', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const venue = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(token),
        payload: {
          organization_id: org.id,
          name: 'Naistari',
          municipality: 'Tampere',
          neighbourhood: 'Hervanta',
        },
      });
      const group = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, {
          template: 'seven-week-course',
          mode: 'in_person',
          venue_id: venue.json().id,
          how_to_join: 'application',
        }),
      });
      assert.equal(group.statusCode, 201, group.body);
      const groupId = group.json().id as string;
      const nurse = await facilitator(token, org.id, {
        display_name: 'Nurse',
        kind: 'professional',
        engagement: 'paid',
        profession: 'public_health_nurse',
      });
      const peer = await facilitator(token, org.id, {
        display_name: 'Peer',
        kind: 'peer',
        engagement: 'volunteer',
        languages: ['fi', 'ar'],
        name_public: true,
      });
      const assign = await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${groupId}/facilitators`,
        headers: bearer(token),
        payload: {
          facilitators: [
            { facilitator_id: nurse.id, role: 'lead' },
            { facilitator_id: peer.id, role: 'co_facilitator' },
          ],
        },
      });
      assert.equal(assign.statusCode, 200, assign.body);

      await app.inject({
        method: 'POST',
        url: `/api/v1/facilitators/${nurse.id}/trainings`,
        headers: bearer(token),
        payload: { training: 'kasvokkain-method', completed_on: '2026-10-01' },
      });
      const blocked = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(blocked.statusCode, 409);
      assert.match(blocked.json().detail, /Peer has no valid/);
      assert.ok(!blocked.json().detail.includes('Nurse'));

      await app.inject({
        method: 'POST',
        url: `/api/v1/facilitators/${peer.id}/trainings`,
        headers: bearer(token),
        payload: { training: 'kasvokkain-method', completed_on: '2026-10-01' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);

      const shown = (await app.inject({ url: `/api/v1/groups/${groupId}` })).json();
      assert.deepEqual(shown.facilitation.facilitators, [
        {
          role: 'lead',
          kind: 'professional',
          engagement: 'paid',
          profession: 'public_health_nurse',
          name: null,
        },
        { role: 'co_facilitator', kind: 'peer', engagement: 'volunteer', profession: null, name: 'Peer' },
      ]);
      assert.equal(shown.venue.neighbourhood, 'Hervanta');
    });

    it('lets an organisation make its own template and use it', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/programme-templates',
        headers: bearer(token),
        payload: {
          organization_id: org.id,
          slug: `${org.slug}-kurssi`,
          name: { fi: 'Oma kurssi', sv: 'Egen kurs', en: 'Own course' },
          max_participants: 6,
          sessions: [{ kind: 'kickoff' }, { kind: 'regular' }, { kind: 'closing' }],
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const tooBig = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, { template: `${org.slug}-kurssi`, capacity: 7 }),
      });
      assert.equal(tooBig.statusCode, 422);
      const facilitator = await tokenFor(db, org.id, 'facilitator');
      const denied = await app.inject({
        method: 'POST',
        url: '/api/v1/programme-templates',
        headers: bearer(facilitator),
        payload: { organization_id: org.id, slug: `${org.slug}-x`, name: { fi: 'X' } },
      });
      assert.equal(denied.statusCode, 403);
    });
  });
}
