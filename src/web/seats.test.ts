/**
 * A full group says so before anyone tries to join: the finder's card flags it, the group
 * page offers the waiting list (with how many are ahead) instead of "Register", and the
 * registration form says it before the form; once the waiting list is full too, nothing
 * offers to join.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { seatState } from '../enrolment/seat-state.ts';

describe('seat state', () => {
  const g = (capacity: number | null, waitlist: number | null, free: number | null, queued: number) => ({
    capacity,
    waitlist_capacity: waitlist,
    seats_available: free,
    waitlist_length: queued,
  });
  it('tells free seats, the waiting list with the people ahead, and no room apart', () => {
    assert.deepEqual(seatState(g(null, null, null, 0)), { kind: 'unlimited' });
    assert.deepEqual(seatState(g(5, 2, 3, 0)), { kind: 'open', left: 3 });
    assert.deepEqual(seatState(g(5, 2, 0, 1)), { kind: 'waitlist', ahead: 1 });
    assert.deepEqual(seatState(g(5, null, 0, 40)), { kind: 'waitlist', ahead: 40 });
    assert.deepEqual(seatState(g(5, 2, 0, 2)), { kind: 'full' });
    assert.deepEqual(seatState(g(5, 0, 0, 0)), { kind: 'full' });
  });
});

for (const target of testDatabases()) {
  describe(`full groups on the public pages (${target.name})`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let token: string;
    let orgId: string;
    let address = 0;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, orgId, 'coordinator');
    });
    after(async () => {
      await app?.close();
      await dispose?.();
    });

    async function publishedGroup(word: string, overrides: Record<string, unknown>) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, {
          how_to_join: 'registration',
          name: { fi: `Ryhmä ${word}`, sv: `Grupp ${word}`, en: `Group ${word}` },
          ...overrides,
        }),
      });
      assert.equal(res.statusCode, 201, res.body);
      const group = res.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ryhma' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return group;
    }

    const join = (groupId: string, name: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        remoteAddress: `192.0.2.${++address}`,
        payload: { display_name: name, email: `${name}@example.fi`, language: 'fi', consent: true },
      });

    const html = async (url: string) => {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      return res.body;
    };

    it('flags a full group and offers the waiting list, then no place at all', async () => {
      const group = await publishedGroup('vapaaseutu', { capacity: 1, waitlist_capacity: 1 });
      const page = `/fi/groups/${group.slug}`;
      assert.match(await html(page), /1 paikka vapaana/);
      assert.match(
        await html(page),
        /href="\/fi\/groups\/[^"]+\/register"[^>]*>\s*<span class="hds-button__label">Ilmoittaudu ryhmään</,
      );

      assert.equal((await join(group.id, 'eka')).statusCode, 201);
      const full = await html(page);
      assert.match(full, /Ryhmä on täynnä. Voit ilmoittautua jonoon; olisit jonossa ensimmäisenä./);
      assert.match(full, /<span class="hds-button__label">Ilmoittaudu jonoon<\/span>/);
      assert.doesNotMatch(full, /paikkaa? vapaana/);
      assert.match(
        await html(`/en/groups/${group.slug}/register`),
        /The group is full. You can join the waiting list; you would be first on it./,
        'the form says it before anyone fills it in',
      );
      const card = await html('/fi/search?q=vapaaseutu');
      assert.match(card, /<li class="tag tag--full">Täynnä – jonoon mahtuu<\/li>/);

      assert.equal((await join(group.id, 'toka')).statusCode, 201);
      const noRoom = await html(`/sv/groups/${group.slug}`);
      assert.match(noRoom, /Gruppen och dess kö är fulla, så det går inte att anmäla sig nu./);
      assert.doesNotMatch(noRoom, /\/register"/, 'nothing offers to join');
      assert.match(await html('/fi/search?q=vapaaseutu'), /<li class="tag tag--full">Täynnä<\/li>/);
    });

    it('says how many are ahead on the waiting list', async () => {
      const group = await publishedGroup('jonoseutu', { capacity: 1 });
      for (const name of ['a1', 'a2', 'a3']) assert.equal((await join(group.id, name)).statusCode, 201);
      assert.match(
        await html(`/fi/groups/${group.slug}`),
        /Voit ilmoittautua jonoon; edelläsi on 2 henkilöä./,
      );
      assert.match(await html(`/en/groups/${group.slug}`), /1 person is|2 people are ahead of you/);
    });
  });
}
