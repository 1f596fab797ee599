/**
 * Guest experts of a session (a public health nurse on sleep): named by coordinators and the
 * group's own facilitators through the API and the workspace's session page; the public sees
 * the topic only, and the name only where the organiser marked it public; another
 * organisation and other facilitators see and change nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { csrfOf, FORM, staffKit } from '../../test/support/staff.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const NURSE = 'Terttu Terveydenhoitaja';

const fieldError = (html: string, id: string) =>
  new RegExp(`id="${id}-error"[^>]*>([^<]+)<`).exec(html)?.[1] ?? null;
/** The text of a page without its tags. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '');
const valueOf = (html: string, id: string) =>
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*id="${id}"`).exec(html)?.[1] ?? null;

interface PublicGuest {
  topic: { fi: string; sv?: string };
  name: string | null;
  affiliation: string | null;
}
interface SessionJson {
  id: string;
  guests: PublicGuest[];
}

for (const target of testDatabases()) {
  describe(`guest experts of a session on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let kit: ReturnType<typeof staffKit>;
    let orgId: string;
    let token: string;
    let group: { id: string; slug: string };
    let sessionIds: string[];
    const who: Record<'coordinator' | 'own' | 'other' | 'board' | 'stranger', string> = {
      coordinator: '',
      own: '',
      other: '',
      board: '',
      stranger: '',
    };

    const api = (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      as: string | { cookie: string } | null,
      payload?: object,
    ) =>
      app.inject({
        method,
        url: `/api/v1${url}`,
        ...(payload ? { payload } : {}),
        ...(as === null
          ? {}
          : typeof as === 'string'
            ? { headers: bearer(as) }
            : // the browser's same-origin mark (cookie writes need it or the CSRF token, finding 3)
              { cookies: { vertaamo_session: as.cookie }, headers: { 'sec-fetch-site': 'same-origin' } }),
      });

    /** A published group with three weekly sessions, run by a facilitator of its own. */
    async function publishedGroup() {
      const created = await api('POST', '/groups', token, groupBody(orgId, { how_to_join: 'drop_in' }));
      assert.equal(created.statusCode, 201, created.body);
      const g = created.json<{ id: string; slug: string }>();
      await api('PUT', `/groups/${g.id}/remote-details`, token, { url: 'https://meet.example.fi/x' });
      const schedule = await api('POST', `/groups/${g.id}/schedules`, token, {
        rrule: 'FREQ=WEEKLY;COUNT=3',
        starts_local: '2027-01-12T18:00',
        duration_minutes: 90,
      });
      assert.equal(schedule.statusCode, 201, schedule.body);
      const published = await api('POST', `/groups/${g.id}/lifecycle`, token, { action: 'publish' });
      assert.equal(published.statusCode, 200, published.body);
      return g;
    }

    const publicSessions = async (groupId = group.id) =>
      (await api('GET', `/groups/${groupId}/sessions`, null)).json<{ items: SessionJson[] }>().items;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      kit = staffKit(app, db);
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, orgId, 'coordinator');
      group = await publishedGroup();
      sessionIds = (await publicSessions()).map((s) => s.id);
      const ownEmail = await kit.person([[org, 'facilitator']]);
      who.own = await kit.signIn(ownEmail);
      who.other = await kit.signIn(await kit.person([[org, 'facilitator']]));
      who.coordinator = await kit.signIn(await kit.person([[org, 'coordinator']]));
      who.board = await kit.signIn(await kit.person([[org, 'board_member']]));
      who.stranger = await kit.signIn(await kit.person([[await makeOrganisation(db), 'admin']]));
      // The own facilitator's account, linked to a facilitator of the group.
      const userId = await db.ownerTransaction(
        async (tx) =>
          (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [ownEmail])).rows[0]!.id,
      );
      const f = await api('POST', '/facilitators', token, {
        organization_id: orgId,
        display_name: unique('Ohjaaja'),
        kind: 'peer',
        engagement: 'volunteer',
        languages: ['fi'],
        user_id: userId,
      });
      const assigned = await api('PUT', `/groups/${group.id}/facilitators`, token, {
        facilitators: [{ facilitator_id: f.json<{ id: string }>().id, role: 'lead' }],
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    it('names a guest for one session; the public sees the topic, the name only once it is made public', async () => {
      const s = sessionIds[0]!;
      const added = await api('POST', `/sessions/${s}/guests`, token, {
        name: NURSE,
        affiliation: 'terveydenhoitaja, Hervannan neuvola',
        topic: { fi: 'Uni ja lepo', sv: 'Sömn och vila' },
      });
      assert.equal(added.statusCode, 201, added.body);
      const guest = added.json<{ id: string; name_public: boolean }>();
      assert.equal(guest.name_public, false, 'the name is not public unless marked');

      const list = await api('GET', `/sessions/${s}/guests`, token);
      assert.deepEqual(list.json().items, [
        {
          id: guest.id,
          session_id: s,
          name: NURSE,
          affiliation: 'terveydenhoitaja, Hervannan neuvola',
          topic: { fi: 'Uni ja lepo', sv: 'Sömn och vila' },
          name_public: false,
        },
      ]);

      const publicList = await api('GET', `/groups/${group.id}/sessions`, null);
      assert.ok(!publicList.body.includes('Terttu'), 'the name does not reach the public');
      assert.ok(!publicList.body.includes('neuvola'), 'nor the background');
      const [first, second] = publicList.json<{ items: SessionJson[] }>().items;
      assert.deepEqual(first!.guests, [
        { topic: { fi: 'Uni ja lepo', sv: 'Sömn och vila' }, name: null, affiliation: null },
      ]);
      assert.deepEqual(second!.guests, [], 'one session only');
      const staffView = await api('GET', `/groups/${group.id}/sessions`, token);
      assert.ok(!staffView.body.includes('Terttu'), 'the session list is the public view for everyone');
      const page = await app.inject({ url: `/fi/groups/${group.slug}` });
      assert.match(textOf(page.body), /Vieraana: Uni ja lepo/);
      assert.ok(!page.body.includes('Terttu'));
      assert.match(
        textOf((await app.inject({ url: `/sv/groups/${group.slug}` })).body),
        /Gäst: Sömn och vila/,
      );

      const madePublic = await api('PATCH', `/sessions/${s}/guests/${guest.id}`, token, {
        name_public: true,
      });
      assert.equal(madePublic.statusCode, 200, madePublic.body);
      assert.equal(madePublic.json().name, NURSE, 'the rest is kept');
      assert.deepEqual((await publicSessions())[0]!.guests, [
        {
          topic: { fi: 'Uni ja lepo', sv: 'Sömn och vila' },
          name: NURSE,
          affiliation: 'terveydenhoitaja, Hervannan neuvola',
        },
      ]);
      assert.match(
        textOf((await app.inject({ url: `/en/groups/${group.slug}` })).body),
        /Guest: Uni ja lepo \(Terttu Terveydenhoitaja, terveydenhoitaja, Hervannan neuvola\)/,
      );

      const removed = await api('DELETE', `/sessions/${s}/guests/${guest.id}`, token);
      assert.equal(removed.statusCode, 204);
      assert.deepEqual((await publicSessions())[0]!.guests, []);
      assert.equal((await api('DELETE', `/sessions/${s}/guests/${guest.id}`, token)).statusCode, 404);
    });

    it("lets the group's own facilitator name guests, but not another facilitator, a board member or another organisation", async () => {
      const s = sessionIds[1]!;
      const body = { name: 'Sosiaalityöntekijä Salla', topic: { fi: 'Tuet ja etuudet' } };
      const own = await api('POST', `/sessions/${s}/guests`, { cookie: who.own }, body);
      assert.equal(own.statusCode, 201, own.body);
      const id = own.json<{ id: string }>().id;
      for (const as of [who.other, who.board, who.stranger]) {
        const cookie = { cookie: as };
        for (const res of [
          await api('POST', `/sessions/${s}/guests`, cookie, body),
          await api('GET', `/sessions/${s}/guests`, cookie),
          await api('PATCH', `/sessions/${s}/guests/${id}`, cookie, { name_public: true }),
          await api('DELETE', `/sessions/${s}/guests/${id}`, cookie),
        ]) {
          assert.equal(res.statusCode, 403, res.body);
          assert.ok(!res.body.includes('Salla'));
        }
      }
      assert.equal((await api('POST', `/sessions/${s}/guests`, null, body)).statusCode, 401);
      assert.equal(
        (await api('GET', `/sessions/${s}/guests`, await tokenFor(db, orgId, 'facilitator'))).statusCode,
        403,
      );
      const kept = (await api('GET', `/sessions/${s}/guests`, token)).json<{
        items: { name_public: boolean }[];
      }>();
      assert.equal(kept.items.length, 1);
      assert.equal(kept.items[0]!.name_public, false);

      // A draft group's session is not even found by another organisation.
      const draft = (await api('POST', '/groups', token, groupBody(orgId))).json<{ id: string }>();
      const extra = await api('POST', `/groups/${draft.id}/sessions`, token, {
        starts_at: '2027-02-01T18:00',
      });
      const draftSession = extra.json<{ id: string }>().id;
      const peek = await api('POST', `/sessions/${draftSession}/guests`, { cookie: who.stranger }, body);
      assert.equal(peek.statusCode, 404);
    });

    it('refuses a guest without a name or topic, and a guest of another session', async () => {
      const s = sessionIds[2]!;
      const cases: [object, string][] = [
        [{ name: '   ', topic: { fi: 'Aihe' } }, 'name'],
        [{ name: 'Nimi' }, 'topic'],
        [{ name: 'Nimi', topic: { sv: 'Ämne' } }, 'topic'],
        [{ name: 'Nimi', topic: { fi: 'Aihe' }, phone: '0401234567' }, 'phone'],
        [{ name: 'x'.repeat(201), topic: { fi: 'Aihe' } }, 'name'],
      ];
      for (const [payload, field] of cases) {
        const res = await api('POST', `/sessions/${s}/guests`, token, payload);
        assert.equal(res.statusCode, 400, res.body);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.ok(
          res.json<{ errors: { field: string }[] }>().errors.some((e) => e.field.startsWith(field)),
          `${field}: ${res.body}`,
        );
      }
      assert.deepEqual((await api('GET', `/sessions/${s}/guests`, token)).json().items, [], 'nothing saved');
      const guest = (
        await api('POST', `/sessions/${sessionIds[0]}/guests`, token, {
          name: 'Vieras',
          topic: { fi: 'Aihe' },
        })
      ).json<{ id: string }>();
      const elsewhere = await api('PATCH', `/sessions/${s}/guests/${guest.id}`, token, { name: 'Muutettu' });
      assert.equal(elsewhere.statusCode, 404, 'a guest is changed through its own session');
    });

    it('keeps a session that has a guest when the schedule is changed', async () => {
      const g = (await api('POST', '/groups', token, groupBody(orgId))).json<{ id: string }>();
      const schedule = (
        await api('POST', `/groups/${g.id}/schedules`, token, {
          rrule: 'FREQ=WEEKLY;COUNT=3',
          starts_local: '2027-03-02T18:00',
          duration_minutes: 60,
        })
      ).json<{ schedule: { id: string } }>();
      const sessions = (await api('GET', `/groups/${g.id}/sessions`, token)).json<{ items: SessionJson[] }>()
        .items;
      const last = sessions[2]!;
      await api('POST', `/sessions/${last.id}/guests`, token, {
        name: 'Puhuja',
        topic: { fi: 'Vertaistuki' },
      });
      const shorter = await api('PATCH', `/schedules/${schedule.schedule.id}`, token, {
        rrule: 'FREQ=WEEKLY;COUNT=2',
      });
      assert.equal(shorter.statusCode, 200, shorter.body);
      const after = (await api('GET', `/groups/${g.id}/sessions`, token)).json<{ items: SessionJson[] }>()
        .items;
      assert.deepEqual(
        after.map((s) => s.id),
        sessions.map((s) => s.id),
        'the guest’s session stays',
      );
      assert.deepEqual(after[2]!.guests, [{ topic: { fi: 'Vertaistuki' }, name: null, affiliation: null }]);
    });

    it('names and removes guests on the session page, with errors beside the fields', async () => {
      const s = sessionIds[1]!;
      const url = `/fi/staff/sessions/${s}`;
      const page = await kit.get(url, who.own);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="guests-heading"[^>]*>Vierailevat asiantuntijat<\/h2>/);
      assert.match(page.body, /Sosiaalityöntekijä Salla/, 'the guest named through the API is listed');
      assert.match(page.body, /julkisesti näkyy vain aihe/);

      const wrong = await kit.submit(url, `${url}/guests`, who.own, {
        guest_name: '',
        guest_affiliation: 'terveydenhoitaja',
        guest_topic_sv: 'Sömn',
      });
      assert.equal(wrong.statusCode, 422);
      assert.equal(fieldError(wrong.body, 'guest_name'), 'Kirjoita vierailijan nimi.');
      assert.equal(fieldError(wrong.body, 'guest_topic_fi'), 'Kirjoita aihe ainakin suomeksi.');
      assert.match(wrong.body, /id="guest_name"[^>]*aria-invalid="true"/);
      assert.equal(valueOf(wrong.body, 'guest_affiliation'), 'terveydenhoitaja');
      assert.equal(valueOf(wrong.body, 'guest_topic_sv'), 'Sömn');

      const added = await kit.submit(url, `${url}/guests`, who.own, {
        guest_name: NURSE,
        guest_affiliation: 'terveydenhoitaja',
        guest_topic_fi: 'Uni',
        guest_name_public: 'yes',
      });
      assert.equal(added.statusCode, 303, added.body.slice(0, 500));
      assert.equal(added.headers.location, `${url}?done=guestAdded`);
      const shown = await kit.get(`${url}?done=guestAdded`, who.own);
      assert.match(shown.body, /Vierailija lisättiin\./);
      assert.match(shown.body, /nimi näkyy julkisesti/);
      const items = (await api('GET', `/sessions/${s}/guests`, token)).json<{
        items: { id: string; name: string; name_public: boolean }[];
      }>().items;
      const nurse = items.find((g) => g.name === NURSE)!;
      assert.equal(nurse.name_public, true);
      assert.match(
        textOf((await app.inject({ url: `/fi/groups/${group.slug}` })).body),
        /Vieraana: Uni \(Terttu Terveydenhoitaja, terveydenhoitaja\)/,
      );

      const other = await kit.get(url, who.other);
      assert.equal(other.statusCode, 403, "another facilitator does not see the group's guests");
      assert.ok(!other.body.includes(NURSE));
      const refused = await app.inject({
        method: 'POST',
        url: `${url}/guests/remove`,
        headers: FORM,
        cookies: { vertaamo_session: who.other },
        payload: new URLSearchParams({
          csrf: csrfOf((await kit.get('/fi/staff', who.other)).body),
          guest: nurse.id,
        }).toString(),
      });
      assert.equal(refused.statusCode, 403);

      const removed = await kit.submit(url, `${url}/guests/remove`, who.coordinator, { guest: nurse.id });
      assert.equal(removed.statusCode, 303);
      assert.match(
        (await kit.get(`${url}?done=guestRemoved`, who.coordinator)).body,
        /Vierailija poistettiin\./,
      );
      assert.ok(!(await api('GET', `/sessions/${s}/guests`, token)).body.includes(NURSE));
      for (const [lang, heading] of [
        ['sv', 'Gästande experter'],
        ['en', 'Guest experts'],
      ] as const) {
        assert.match(
          (await kit.get(`/${lang}/staff/sessions/${s}`, who.coordinator)).body,
          new RegExp(heading),
        );
      }
    });
  });
}
