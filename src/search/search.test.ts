import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface Hit {
  slug: string;
  distance_km?: number;
  next_session: { starts_at: string } | null;
}

for (const target of testDatabases()) {
  describe(`finding groups on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;

    async function post(token: string, url: string, payload: unknown, method: 'POST' | 'PUT' = 'POST') {
      const res = await app.inject({ method, url, headers: bearer(token), payload: payload as object });
      assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json<{ id: string }>();
    }

    /** A group through the API: venue, group, schedule and (unless told otherwise) published. */
    async function group(
      token: string,
      orgId: string,
      body: Record<string, unknown>,
      schedule: { rrule: string; starts_local: string },
      venue?: Record<string, unknown>,
      publish = true,
    ) {
      const venueId = venue
        ? (await post(token, '/api/v1/venues', { organization_id: orgId, ...venue })).id
        : null;
      const created = await post(token, '/api/v1/groups', {
        organization_id: orgId,
        mode: venueId ? 'in_person' : 'remote',
        how_to_join: 'drop_in',
        ...(venueId ? { venue_id: venueId } : {}),
        ...body,
      });
      if (!venueId)
        await post(
          token,
          `/api/v1/groups/${created.id}/remote-details`,
          { url: 'https://meet.example.fi/x' },
          'PUT',
        );
      await post(token, `/api/v1/groups/${created.id}/schedules`, { ...schedule, duration_minutes: 90 });
      if (publish) await post(token, `/api/v1/groups/${created.id}/lifecycle`, { action: 'publish' });
      return created;
    }

    async function find(query: string): Promise<Hit[]> {
      const res = await app.inject({ url: `/api/v1/groups?${query}` });
      assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
      return res.json<{ items: Hit[] }>().items;
    }
    const slugs = async (query: string) => (await find(query)).map((g) => g.slug);
    const sorted = async (query: string) => (await slugs(query)).sort();

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db, { slug: 'perheyhdistys' });
      const token = await tokenFor(db, org.id, 'coordinator');
      await group(
        token,
        org.id,
        {
          slug: 'hervanta-vanhemmat',
          name: {
            fi: 'Vanhempien vertaisryhmä Hervannassa',
            sv: 'Föräldragrupp i Hervanta',
            en: 'Parents in Hervanta',
          },
          description: { fi: 'Tervetuloa keskustelemaan muiden vanhempien kanssa vertaisryhmissä.' },
          audience: ['parents'],
          topics: ['parenting'],
          how_to_join: 'registration',
          capacity: 10,
        },
        { rrule: 'FREQ=WEEKLY;COUNT=6', starts_local: '2026-11-25T17:30' },
        {
          name: 'Naistari',
          municipality: 'Tampere',
          neighbourhood: 'Hervanta',
          latitude: 61.4505,
          longitude: 23.8505,
        },
      );
      await group(
        token,
        org.id,
        {
          slug: 'kallio-omaiset',
          name: { fi: 'Omaisten ryhmä', sv: 'Anhöriggrupp', en: 'Relatives’ group' },
          description: {
            fi: 'Päihteitä käyttävien läheisille.',
            sv: 'För anhöriga till personer med missbruksproblem.',
          },
          audience: ['relatives'],
          topics: ['relatives_substance_use'],
          languages: ['fi', 'sv'],
          how_to_join: 'registration',
          capacity: 12,
          cost_kind: 'co_payment',
          co_payment_cents: 500,
        },
        { rrule: 'FREQ=WEEKLY;COUNT=8', starts_local: '2026-11-30T10:00' },
        {
          name: 'Kallion kirjasto',
          municipality: 'Helsinki',
          neighbourhood: 'Kallio',
          latitude: 60.184,
          longitude: 24.95,
        },
      );
      await group(
        token,
        org.id,
        {
          slug: 'vauvaperheet-etana',
          name: {
            fi: 'Etäryhmä vauvaperheille',
            sv: 'Distansgrupp för babyfamiljer',
            en: 'Online group for baby families',
          },
          description: { fi: 'Sosiaalityöntekijän kautta.' },
          audience: ['families'],
          topics: ['babies'],
          how_to_join: 'referral',
        },
        { rrule: 'FREQ=WEEKLY;COUNT=20', starts_local: '2026-10-01T13:00' },
      );
      const other = await makeOrganisation(db, { slug: 'toinen-yhdistys' });
      const otherToken = await tokenFor(db, other.id, 'coordinator');
      await group(
        otherToken,
        other.id,
        {
          slug: 'luonnos-vertaisryhma',
          name: { fi: 'Salainen vertaisryhmä luonnoksena', sv: 'Utkast', en: 'Draft' },
          description: { fi: 'Vertaisryhmä, jota ei ole vielä julkaistu.' },
        },
        { rrule: 'FREQ=WEEKLY;COUNT=3', starts_local: '2026-11-24T18:00' },
        { name: 'Talo', municipality: 'Tampere', latitude: 61.5, longitude: 23.8 },
        false,
      );
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    it('finds a word in any inflected form, and despite a typo', async () => {
      assert.deepEqual(await slugs('q=vertaisryhmä'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('q=vertaisryhmiin'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('q=vertaisryma'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('q=vanhemmille'), ['hervanta-vanhemmat']);
    });

    it('finds a place name in another case and in Swedish', async () => {
      assert.deepEqual(await slugs('q=Tampereella'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('q=Hervannassa'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('q=Helsingfors'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('municipality=helsingfors'), ['kallio-omaiset']);
    });

    it('finds the end of a compound word and a Swedish word', async () => {
      assert.deepEqual(await sorted('q=ryhmä'), [
        'hervanta-vanhemmat',
        'kallio-omaiset',
        'vauvaperheet-etana',
      ]);
      assert.deepEqual(await slugs('q=missbruk'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('q=anhöriga'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('q=baby families'), ['vauvaperheet-etana']);
    });

    it('requires every word and finds nothing for nonsense', async () => {
      assert.deepEqual(await slugs('q=omaisten Tampere'), []);
      assert.deepEqual(await slugs('q=omaisten Helsinki'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('q=xqzvw'), []);
    });

    it('never shows an unpublished group, whatever the search', async () => {
      for (const query of [
        'q=salainen',
        'q=luonnoksena',
        'municipality=Tampere',
        'status=published,running',
      ]) {
        assert.ok(!(await slugs(query)).includes('luonnos-vertaisryhma'), query);
      }
    });

    it('filters by place and distance, and sorts by distance', async () => {
      assert.deepEqual(await slugs('municipality=Tampere'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('neighbourhood=kallio'), ['kallio-omaiset']);
      const near = await find('near=61.45,23.85&radius_km=5');
      assert.deepEqual(
        near.map((g) => g.slug),
        ['hervanta-vanhemmat'],
      );
      assert.ok(near[0]!.distance_km! < 1, `${near[0]!.distance_km}`);
      const fromHelsinki = await find('near=60.17,24.94&radius_km=200');
      assert.deepEqual(
        fromHelsinki.map((g) => g.slug),
        ['kallio-omaiset', 'hervanta-vanhemmat'],
      );
      assert.ok(fromHelsinki[1]!.distance_km! > 140 && fromHelsinki[1]!.distance_km! < 170);
    });

    it('filters by who, what, language, day, time, way of joining, cost and mode', async () => {
      assert.deepEqual(await slugs('audience=relatives'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('theme=parenting'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('language=sv'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('weekday=mon'), ['kallio-omaiset']);
      assert.deepEqual(await sorted('weekday=wed,thu'), ['hervanta-vanhemmat', 'vauvaperheet-etana']);
      assert.deepEqual(await slugs('time_of_day=morning'), ['kallio-omaiset']);
      assert.deepEqual(await slugs('time_of_day=evening'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('join=referral'), ['vauvaperheet-etana']);
      assert.deepEqual(await sorted('free=true'), ['hervanta-vanhemmat', 'vauvaperheet-etana']);
      assert.deepEqual(await slugs('mode=remote'), ['vauvaperheet-etana']);
      assert.deepEqual(await slugs('starts_within_days=7'), ['hervanta-vanhemmat']);
      assert.deepEqual(await slugs('ongoing=true'), ['vauvaperheet-etana']);
      assert.deepEqual(await sorted('starts_within_days=7&ongoing=true'), [
        'hervanta-vanhemmat',
        'vauvaperheet-etana',
      ]);
    });

    it('sorts by the next session by default, and by name on request', async () => {
      const hits = await find('');
      assert.deepEqual(
        hits.map((g) => g.slug),
        ['hervanta-vanhemmat', 'vauvaperheet-etana', 'kallio-omaiset'],
      );
      assert.equal(hits[0]!.next_session?.starts_at, '2026-11-25T17:30:00+02:00');
      assert.deepEqual(await slugs('sort=name'), [
        'vauvaperheet-etana',
        'kallio-omaiset',
        'hervanta-vanhemmat',
      ]);
    });

    it('finds a number written after a hyphen, as in "Kevät-2027"', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      await group(
        token,
        org.id,
        {
          slug: 'kevat-2027',
          name: { fi: 'Vauvaryhmä kevät-2027', sv: 'Babygrupp våren-2027', en: 'Baby group spring-2027' },
          description: {
            fi: 'Vauvaperheiden ryhmä.',
            sv: 'Grupp för babyfamiljer.',
            en: 'For families with babies.',
          },
        },
        { rrule: 'FREQ=WEEKLY;COUNT=3', starts_local: '2026-12-02T10:00' },
      );
      assert.deepEqual(await slugs('q=vauvaryhmä 2027'), ['kevat-2027']);
      assert.deepEqual(await slugs('q=2027'), ['kevat-2027']);
      // The same with a longer number, whose hyphenated form the lexicon does not help with.
      await group(
        token,
        org.id,
        {
          slug: 'ryhma-12345678',
          name: { fi: 'Vertaisryhmä ryhma-12345678', sv: 'Grupp ryhma-12345678', en: 'Group ryhma-12345678' },
          description: { fi: 'Kuvaus.', sv: 'Beskrivning.', en: 'Description.' },
        },
        { rrule: 'FREQ=WEEKLY;COUNT=3', starts_local: '2026-12-02T10:00' },
      );
      assert.deepEqual(await slugs('q=Vertaisryhmä ryhma-12345678'), ['ryhma-12345678']);
    });

    it('finds a code that reads like a number in scientific notation, as in "ryhma-19e3ca65"', async () => {
      const org = await makeOrganisation(db);
      const token = await tokenFor(db, org.id, 'coordinator');
      await group(
        token,
        org.id,
        {
          slug: 'ryhma-19e3ca65',
          name: { fi: 'Vertaisryhmä ryhma-19e3ca65', sv: 'Grupp ryhma-19e3ca65', en: 'Group ryhma-19e3ca65' },
          description: { fi: 'Kuvaus.', sv: 'Beskrivning.', en: 'Description.' },
        },
        { rrule: 'FREQ=WEEKLY;COUNT=3', starts_local: '2026-12-02T10:00' },
      );
      assert.deepEqual(await slugs('q=Vertaisryhmä ryhma-19e3ca65'), ['ryhma-19e3ca65']);
      assert.deepEqual(await slugs('q=19e3ca65'), ['ryhma-19e3ca65']);
    });

    it('answers unusable parameters with 400 problem+json naming the parameter', async () => {
      for (const [query, field] of [
        ['near=abc', 'near'],
        ['near=95.0,20.0', 'near'],
        ['weekday=funday', 'weekday'],
        ['time_of_day=night', 'time_of_day'],
        ['join=invite', 'join'],
        ['radius_km=5', 'radius_km'],
        ['sort=distance', 'sort'],
        ['per_page=500', 'per_page'],
        ['free=maybe', 'free'],
        ['status=gone', 'status'],
        ['colour=blue', 'colour'],
      ] as const) {
        const res = await app.inject({ url: `/api/v1/groups?${query}` });
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
        const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
        assert.ok(fields.includes(field), `${query}: ${JSON.stringify(fields)}`);
      }
    });
  });
}
