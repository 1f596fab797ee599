/**
 * The venues page of the staff workspace over HTTP, as a browser without JavaScript: a
 * coordinator adds and edits the organisation's meeting places (address, municipality,
 * coordinates, accessibility, directions), mistakes are shown beside their fields with what
 * was typed kept, a facilitator reads but cannot change, and another organisation's venue
 * is not found even when a public group meets there.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { csrfOf, FORM, staffKit } from '../../test/support/staff.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

/** The error text tied to a field by aria-describedby. */
const fieldError = (html: string, id: string) =>
  new RegExp(`id="${id}-error"[^>]*>([^<]+)<`).exec(html)?.[1] ?? null;
/** The value an input shows. */
const valueOf = (html: string, id: string) =>
  new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*id="${id}"`)
    .exec(html)
    ?.slice(1)
    .find((v) => v !== undefined) ?? null;
const textareaOf = (html: string, id: string) =>
  new RegExp(`<textarea[^>]*id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? null;

interface VenueJson {
  id: string;
  name: string;
  street_address: string | null;
  postal_code: string | null;
  municipality: string;
  neighbourhood: string | null;
  coordinates: { latitude: number; longitude: number } | null;
  accessibility: string[];
  accessibility_notes: { fi: string; sv?: string } | null;
  directions: { fi: string } | null;
}

for (const target of testDatabases()) {
  describe(`the venues page of the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let kit: ReturnType<typeof staffKit>;
    let orgId: string;
    let token: string;
    const session: Record<'coordinator' | 'facilitator' | 'stranger', string> = {
      coordinator: '',
      facilitator: '',
      stranger: '',
    };

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      kit = staffKit(app, db);
      const org = await makeOrganisation(db);
      const other = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
      session.coordinator = await kit.signIn(await kit.person([[org, 'coordinator']]));
      session.facilitator = await kit.signIn(await kit.person([[org, 'facilitator']]));
      session.stranger = await kit.signIn(await kit.person([[other, 'admin']]));
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const venues = async (org = orgId) =>
      (await app.inject({ url: `/api/v1/organizations/${org}/venues`, headers: bearer(token) })).json<{
        items: VenueJson[];
      }>().items;
    const listUrl = (lang = 'fi') => `/${lang}/staff/venues?org=${orgId}`;
    const create = (fields: Record<string, string>, who: keyof typeof session = 'coordinator') =>
      kit.submit(listUrl(), '/fi/staff/venues', session[who], { org: orgId, ...fields });

    it('adds a venue with its address, coordinates and accessibility, lists it and offers it for a new group', async () => {
      const res = await create({
        name: 'Naistari',
        street_address: 'Insinöörinkatu 38',
        postal_code: '33720',
        municipality: 'Tampere',
        neighbourhood: 'Hervanta',
        latitude: '61,4505',
        longitude: '23.8505',
        accessibility_step_free_access: 'yes',
        accessibility_pram_access: 'yes',
        accessibility_notes_fi: 'Hissi sisäpihalta.',
        accessibility_notes_sv: 'Hiss från innergården.',
        directions_fi: 'Bussipysäkki Hervannan kampus.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, `/fi/staff/venues?org=${orgId}&done=added`);
      const saved = (await venues()).find((v) => v.name === 'Naistari')!;
      assert.deepEqual(
        {
          street: saved.street_address,
          postal: saved.postal_code,
          municipality: saved.municipality,
          neighbourhood: saved.neighbourhood,
          coordinates: saved.coordinates,
          accessibility: saved.accessibility,
          notes: saved.accessibility_notes,
          directions: saved.directions,
        },
        {
          street: 'Insinöörinkatu 38',
          postal: '33720',
          municipality: 'Tampere',
          neighbourhood: 'Hervanta',
          coordinates: { latitude: 61.4505, longitude: 23.8505 },
          accessibility: ['step_free_access', 'pram_access'],
          notes: { fi: 'Hissi sisäpihalta.', sv: 'Hiss från innergården.' },
          directions: { fi: 'Bussipysäkki Hervannan kampus.' },
        },
      );

      const list = await kit.get(`${listUrl()}&done=added`, session.coordinator);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Kokoontumispaikka lisättiin\./);
      assert.match(list.body, new RegExp(`<a href="/fi/staff/venues/${saved.id}">Naistari</a>`));
      assert.match(list.body, /Insinöörinkatu 38, 33720 Tampere/);
      assert.match(list.body, /Esteetön sisäänkäynti/);
      for (const [lang, title] of [
        ['sv', 'Mötesplatser'],
        ['en', 'Venues'],
      ] as const) {
        const page = await kit.get(listUrl(lang), session.coordinator);
        assert.match(page.body, new RegExp(`<h1>${title}</h1>`));
        assert.match(page.body, new RegExp(`lang="${lang}"`));
      }

      const start = await kit.get('/fi/staff', session.coordinator);
      assert.match(
        start.body,
        new RegExp(`href="/fi/staff/venues\\?org=${orgId}"`),
        'linked from the start page',
      );
      const newGroup = await kit.get('/fi/staff/groups/new', session.coordinator);
      assert.match(newGroup.body, new RegExp(`<option value="${saved.id}"[^>]*>Naistari, Tampere</option>`));
      assert.match(newGroup.body, /href="\/fi\/staff\/venues"/, 'the new-group form links to the venues');
    });

    it('shows each mistake beside its field and keeps what was typed, saving nothing', async () => {
      const before = (await venues()).length;
      const res = await create({
        name: '',
        street_address: 'Kauppakatu 1',
        postal_code: '3372',
        municipality: 'Tampere',
        latitude: '61.5',
        longitude: '',
        accessibility_lift: 'yes',
        directions_sv: 'Ingång från gården.',
      });
      assert.equal(res.statusCode, 422);
      assert.equal(fieldError(res.body, 'name'), 'Kirjoita paikan nimi.');
      assert.equal(
        fieldError(res.body, 'postal_code'),
        'Postinumerossa on viisi numeroa, esimerkiksi 33720.',
      );
      assert.equal(
        fieldError(res.body, 'longitude'),
        'Anna sekä leveys- että pituusaste, tai jätä molemmat tyhjiksi.',
      );
      assert.equal(fieldError(res.body, 'directions_fi'), 'Kirjoita teksti ainakin suomeksi.');
      assert.match(res.body, /id="postal_code"[^>]*aria-describedby="postal_code-error"/);
      assert.match(res.body, /id="postal_code"[^>]*aria-invalid="true"/);
      assert.equal(valueOf(res.body, 'street_address'), 'Kauppakatu 1');
      assert.equal(valueOf(res.body, 'postal_code'), '3372');
      assert.equal(valueOf(res.body, 'latitude'), '61.5');
      assert.equal(textareaOf(res.body, 'directions_sv'), 'Ingång från gården.');
      assert.match(res.body, /id="accessibility-lift"[^>]*checked/);
      assert.equal((await venues()).length, before, 'nothing was saved');

      const far = await create({
        name: 'Napapiiri',
        municipality: 'Rovaniemi',
        latitude: '95',
        longitude: '25',
      });
      assert.equal(far.statusCode, 422);
      assert.equal(fieldError(far.body, 'latitude'), 'Anna leveysaste numerona väliltä -90–90.');
      const en = await kit.submit(listUrl('en'), '/en/staff/venues', session.coordinator, {
        org: orgId,
        name: 'X',
        municipality: '',
      });
      assert.equal(fieldError(en.body, 'municipality'), 'Write the municipality.');
    });

    it('edits a venue, clearing what is emptied; a mistake keeps the edit form as typed', async () => {
      await create({
        name: 'Seurakuntatalo',
        municipality: 'Espoo',
        latitude: '60.2',
        longitude: '24.6',
        accessibility_lift: 'yes',
        directions_fi: 'Sisäänkäynti pihan puolelta.',
      });
      const venue = (await venues()).find((v) => v.name === 'Seurakuntatalo')!;
      const url = `/fi/staff/venues/${venue.id}`;
      const page = await kit.get(url, session.coordinator);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Kokoontumispaikka: Seurakuntatalo<\/h1>/);
      assert.equal(valueOf(page.body, 'latitude'), '60.2', 'the form starts from what is saved');
      assert.equal(textareaOf(page.body, 'directions_fi'), 'Sisäänkäynti pihan puolelta.');

      const wrong = await kit.submit(url, url, session.coordinator, {
        name: 'Seurakuntakeskus',
        municipality: 'Espoo',
        latitude: 'pohjoinen',
        longitude: '24.6',
      });
      assert.equal(wrong.statusCode, 422);
      assert.equal(fieldError(wrong.body, 'latitude'), 'Anna leveysaste numerona väliltä -90–90.');
      assert.equal(valueOf(wrong.body, 'name'), 'Seurakuntakeskus');
      assert.equal(valueOf(wrong.body, 'latitude'), 'pohjoinen');
      assert.equal((await venues()).find((v) => v.id === venue.id)!.name, 'Seurakuntatalo', 'not saved');

      const saved = await kit.submit(url, url, session.coordinator, {
        name: 'Seurakuntakeskus',
        street_address: 'Kirkkokatu 5',
        postal_code: '02770',
        municipality: 'Espoo',
        neighbourhood: 'Espoon keskus',
        latitude: '',
        longitude: '',
        accessibility_step_free_access: 'yes',
        accessibility_induction_loop: 'yes',
        directions_fi: '',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      assert.equal(saved.headers.location, `${url}?done=saved`);
      const after = (await venues()).find((v) => v.id === venue.id)!;
      assert.equal(after.name, 'Seurakuntakeskus');
      assert.equal(after.street_address, 'Kirkkokatu 5');
      assert.equal(after.postal_code, '02770');
      assert.equal(after.neighbourhood, 'Espoon keskus');
      assert.equal(after.coordinates, null);
      assert.deepEqual(after.accessibility, ['step_free_access', 'induction_loop']);
      assert.equal(after.directions, null);
      const done = await kit.get(`${url}?done=saved`, session.coordinator);
      assert.match(done.body, /Muutokset tallennettiin\./);
      assert.match(done.body, /Induktiosilmukka/);
    });

    it('lets a facilitator read the venues but not add or change one', async () => {
      await create({ name: 'Kerhohuone', municipality: 'Tampere' });
      const venue = (await venues()).find((v) => v.name === 'Kerhohuone')!;
      const list = await kit.get(listUrl(), session.facilitator);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, />Kerhohuone</);
      assert.match(list.body, /Vain koordinaattori voi muuttaa niitä\./);
      assert.doesNotMatch(list.body, /action="\/fi\/staff\/venues"/, 'no add form');
      const detail = await kit.get(`/fi/staff/venues/${venue.id}`, session.facilitator);
      assert.equal(detail.statusCode, 200);
      assert.doesNotMatch(detail.body, /<form method="post" action="\/fi\/staff\/venues\//);

      const added = await kit.submit(listUrl(), '/fi/staff/venues', session.facilitator, {
        org: orgId,
        name: 'Salainen sali',
        municipality: 'Tampere',
      });
      assert.equal(added.statusCode, 403);
      assert.match(added.body, /Vain koordinaattori voi lisätä ja muuttaa kokoontumispaikkoja\./);
      const url = `/fi/staff/venues/${venue.id}`;
      const changed = await kit.submit(url, url, session.facilitator, {
        name: 'Muutettu',
        municipality: 'Tampere',
      });
      assert.equal(changed.statusCode, 403);
      const names = (await venues()).map((v) => v.name);
      assert.ok(
        names.includes('Kerhohuone') && !names.includes('Muutettu') && !names.includes('Salainen sali'),
      );
    });

    it("does not show or change another organisation's venue, even one where a public group meets", async () => {
      const other = await makeOrganisation(db);
      const otherToken = await tokenFor(db, other.id, 'coordinator');
      const theirs = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/venues',
          headers: bearer(otherToken),
          payload: { organization_id: other.id, name: 'Toisten tila', municipality: 'Turku' },
        })
      ).json<{ id: string }>();
      const group = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/groups',
          headers: bearer(otherToken),
          payload: groupBody(other.id, { mode: 'in_person', venue_id: theirs.id }),
        })
      ).json<{ id: string }>();
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(otherToken),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal((await app.inject({ url: `/api/v1/venues/${theirs.id}` })).statusCode, 200, 'public');

      const url = `/fi/staff/venues/${theirs.id}`;
      const page = await kit.get(url, session.coordinator);
      assert.equal(page.statusCode, 404);
      assert.doesNotMatch(page.body, /Toisten tila/);
      const edit = await app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: session.coordinator },
        payload: new URLSearchParams({
          csrf: csrfOf((await kit.get(listUrl(), session.coordinator)).body),
          name: 'Kaapattu',
          municipality: 'Turku',
        }).toString(),
      });
      assert.equal(edit.statusCode, 404);
      const added = await kit.submit(listUrl(), '/fi/staff/venues', session.coordinator, {
        org: other.id,
        name: 'Väärään paikkaan',
        municipality: 'Turku',
      });
      assert.equal(added.statusCode, 403);
      assert.deepEqual(
        (await venues(other.id)).map((v) => v.name),
        ['Toisten tila'],
      );
      const list = await kit.get(`/fi/staff/venues?org=${other.id}`, session.coordinator);
      assert.doesNotMatch(list.body, /Toisten tila/, 'only one’s own organisations are listed');
      const stranger = await kit.get(listUrl(), session.stranger);
      assert.doesNotMatch(stranger.body, /Kerhohuone|Naistari/);
    });

    it('refuses a form without its CSRF token', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/fi/staff/venues',
        headers: FORM,
        cookies: { vertaamo_session: session.coordinator },
        payload: new URLSearchParams({
          csrf: 'forged',
          org: orgId,
          name: 'Väärennetty',
          municipality: 'Tampere',
        }).toString(),
      });
      assert.equal(res.statusCode, 403);
      assert.ok(!(await venues()).some((v) => v.name === 'Väärennetty'));
    });
  });
}
