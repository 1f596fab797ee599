/**
 * Organisers' and referrers' pages over HTTP: who may see a group's participants, removing
 * someone (the next in line gets the seat), deciding a referral, writing to everyone, and a
 * social worker referring a client — every form CSRF-protected, input kept on mistakes.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import type { Role } from '../accounts/permissions.ts';
import { insertMembership } from '../organisations/repository.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

for (const target of testDatabases()) {
  describe(`participants and referrals in the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;
    const session: Record<string, string> = {};
    let group: { id: string; slug: string };
    let referralGroup: { id: string; slug: string };

    async function person(role: Role): Promise<{ id: string; cookie: string }> {
      const email = `${unique(role)}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, role));
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      return { id: user.id, cookie: login.cookies.find((c) => c.name === 'vertaamo_session')!.value };
    }

    const get = (url: string, who: string) =>
      app.inject({ url, cookies: { vertaamo_session: session[who]! } });
    async function post(url: string, who: string, fields: Record<string, string>, page?: string) {
      const html = (
        await get(page ?? url.replace(/\/[^/]+\/(remove|decision)$|\/message$|\/code$|\/add$/, ''), who)
      ).body;
      return app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: session[who]! },
        payload: new URLSearchParams({ csrf: csrfOf(html), ...fields }).toString(),
      });
    }

    async function published(overrides: Record<string, unknown>) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, overrides),
      });
      const g = created.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${g.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(res.statusCode, 200, res.body);
      return g;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      orgId = (await makeOrganisation(db)).id;
      token = await tokenFor(db, orgId, 'coordinator');
      for (const role of ['coordinator', 'facilitator', 'referrer'] as const)
        session[role] = (await person(role)).cookie;
      const own = await person('facilitator');
      session.ownFacilitator = own.cookie;
      group = await published({
        how_to_join: 'registration',
        capacity: 1,
        registration_questions: [
          {
            key: 'child_age',
            label: { fi: 'Lapsen ikä', sv: 'Barnets ålder', en: 'Child’s age' },
            kind: 'text',
            required: false,
          },
        ],
      });
      const facilitator = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(token),
        payload: {
          organization_id: orgId,
          display_name: 'Ohjaaja',
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
          user_id: own.id,
        },
      });
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/facilitators`,
        headers: bearer(token),
        payload: { facilitators: [{ facilitator_id: facilitator.json<{ id: string }>().id, role: 'lead' }] },
      });
      for (const [name, age] of [
        ['Aino', '2 v'],
        ['Bertil', '5 kk'],
      ] as const)
        await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${group.id}/registrations`,
          payload: {
            display_name: name,
            email: `${name.toLowerCase()}@example.fi`,
            language: 'fi',
            consent: true,
            answers: { child_age: age },
          },
        });
      referralGroup = await published({ how_to_join: 'referral', openness: 'closed', capacity: 5 });
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const list = (who: string) => get(`/fi/staff/groups/${group.slug}/participants`, who);

    it('shows the list with answers to coordinators and the group’s own facilitator only', async () => {
      const coordinator = await list('coordinator');
      assert.equal(coordinator.statusCode, 200, coordinator.body);
      assert.equal(coordinator.headers['cache-control'], 'no-store');
      assert.match(coordinator.body, /<th scope="row">Aino<\/th>\s*<td>Paikka<\/td>/);
      assert.match(coordinator.body, /<th scope="row">Bertil<\/th>\s*<td>Jonossa, sija 1<\/td>/);
      assert.match(coordinator.body, /<dt>Lapsen ikä<\/dt><dd>2 v<\/dd>/);
      assert.match(coordinator.body, new RegExp(`href="/api/v1/groups/${group.id}/registrations.csv"`));
      assert.match(coordinator.body, /Poista ryhmästä: Aino/);

      const own = await list('ownFacilitator');
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /Aino/);
      assert.doesNotMatch(own.body, /Poista ryhmästä/, 'facilitators do not remove people');

      const stranger = await list('facilitator');
      assert.equal(stranger.statusCode, 403);
      assert.doesNotMatch(stranger.body, /Aino/);
      const referrer = await list('referrer');
      assert.equal(referrer.statusCode, 403);

      const signedOut = await app.inject({ url: `/fi/staff/groups/${group.slug}/participants` });
      assert.equal(signedOut.statusCode, 303);
    });

    it('removes someone by hand, and the first in line gets the seat', async () => {
      const page = (await list('coordinator')).body;
      const id = new RegExp(`/participants/([0-9a-f-]{36})/remove"`).exec(page)![1]!;
      const forged = await app.inject({
        method: 'POST',
        url: `/fi/staff/groups/${group.slug}/participants/${id}/remove`,
        headers: FORM,
        cookies: { vertaamo_session: session.coordinator! },
        payload: 'csrf=forged',
      });
      assert.equal(forged.statusCode, 403, 'no valid CSRF token, no removal');
      const notAllowed = await post(
        `/fi/staff/groups/${group.slug}/participants/${id}/remove`,
        'ownFacilitator',
        {},
      );
      assert.equal(notAllowed.statusCode, 403);

      const removed = await post(
        `/fi/staff/groups/${group.slug}/participants/${id}/remove`,
        'coordinator',
        {},
      );
      assert.equal(removed.statusCode, 303);
      const after = await get(removed.headers.location as string, 'coordinator');
      assert.match(after.body, /Osallistuja poistettiin/);
      assert.doesNotMatch(after.body, /<th scope="row">Aino<\/th>/);
      assert.match(after.body, /<th scope="row">Bertil<\/th>\s*<td>Paikka<\/td>/);
    });

    it('adds someone by hand with their consent, like any registration', async () => {
      const url = `/fi/staff/groups/${group.slug}/participants/add`;
      const noConsent = await post(url, 'coordinator', {
        display_name: 'Puhelinsoittaja',
        phone: '+358401112223',
      });
      assert.equal(noConsent.statusCode, 400);
      assert.match(noConsent.body, /id="consent-error"/);
      assert.match(noConsent.body, /value="Puhelinsoittaja"/);
      assert.equal(
        (await post(url, 'ownFacilitator', { display_name: 'X', phone: '+358401112223', consent: 'yes' }))
          .statusCode,
        403,
      );
      const added = await post(url, 'coordinator', {
        display_name: 'Puhelinsoittaja',
        phone: '+358401112223',
        language: 'fi',
        consent: 'yes',
      });
      assert.equal(added.statusCode, 303);
      const page = (await get(added.headers.location as string, 'coordinator')).body;
      assert.match(page, /Osallistuja lisättiin/);
      assert.match(page, /<th scope="row">Puhelinsoittaja<\/th>\s*<td>Jonossa, sija \d<\/td>/);
      const api = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/participants`,
        headers: bearer(token),
        payload: { display_name: 'Rajapinta', email: 'rajapinta@example.fi', language: 'sv', consent: true },
      });
      assert.equal(api.statusCode, 201, api.body);
      assert.equal(api.json<{ status: string }>().status, 'waitlisted');
      const publicAttempt = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/participants`,
        payload: { display_name: 'X', email: 'x@example.fi', language: 'fi', consent: true },
      });
      assert.equal(publicAttempt.statusCode, 401);
    });

    it('writes to everyone, keeping the text when something is missing', async () => {
      const missing = await post(`/fi/staff/groups/${group.slug}/participants/message`, 'coordinator', {
        subject: '',
        text: 'Tuokaa sisäkengät',
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Kirjoita otsikko ja viesti\./);
      assert.match(missing.body, />Tuokaa sisäkengät<\/textarea>/);
      const sent = await post(`/fi/staff/groups/${group.slug}/participants/message`, 'coordinator', {
        subject: 'Ensi kerralla',
        text: 'Tuokaa sisäkengät',
      });
      assert.equal(sent.statusCode, 303);
      assert.match(sent.headers.location as string, /done=sent-1$/);
      const outbox = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ recipient: string }>(
              `SELECT recipient FROM outbox WHERE kind = 'organiser_message' AND subject LIKE '%Ensi kerralla'`,
            )
          ).rows,
      );
      assert.deepEqual(outbox, [{ recipient: 'bertil@example.fi' }]);
    });

    it('lets a social worker refer a client, and the coordinator accept it', async () => {
      const referUrl = `/fi/staff/groups/${referralGroup.slug}/refer`;
      const form = await get(referUrl, 'referrer');
      assert.equal(form.statusCode, 200, form.body);
      const noConsent = await post(referUrl, 'referrer', {
        display_name: 'Asiakas A',
        email: 'a@example.fi',
      });
      assert.equal(noConsent.statusCode, 400);
      assert.match(noConsent.body, /id="consent-error"[^>]*>Lähete vaatii asiakkaan suostumuksen\./);
      assert.match(noConsent.body, /value="Asiakas A"/);
      const referred = await post(referUrl, 'referrer', {
        display_name: 'Asiakas A',
        email: 'a@example.fi',
        language: 'sv',
        consent: 'yes',
      });
      assert.equal(referred.statusCode, 303);
      assert.match(
        (await get(referred.headers.location as string, 'referrer')).body,
        /Asiakas on lähetetty ryhmään/,
      );
      // The referrer sees the status, never the participant list.
      assert.equal(
        (await get(`/fi/staff/groups/${referralGroup.slug}/participants`, 'referrer')).statusCode,
        403,
      );

      const pending = (await get(`/fi/staff/groups/${referralGroup.slug}/participants`, 'coordinator')).body;
      assert.match(pending, /<th scope="row">Asiakas A<\/th>\s*<td>Lähete odottaa päätöstä<\/td>/);
      const id = /\/participants\/([0-9a-f-]{36})\/decision"/.exec(pending)![1]!;
      const accepted = await post(
        `/fi/staff/groups/${referralGroup.slug}/participants/${id}/decision`,
        'coordinator',
        { decision: 'accept' },
        `/fi/staff/groups/${referralGroup.slug}/participants`,
      );
      assert.equal(accepted.statusCode, 303);
      const statuses = await app.inject({
        url: '/api/v1/referrals',
        cookies: { vertaamo_session: session.referrer! },
      });
      assert.deepEqual(
        statuses.json<{ items: { status: string }[] }>().items.map((r) => r.status),
        ['confirmed'],
      );
    });

    it('places applicants into the organisation’s groups or declines them', async () => {
      const round = await published({ how_to_join: 'application', openness: 'closed' });
      const target = await published({ how_to_join: 'registration', capacity: 1, waitlist_capacity: 0 });
      for (const [name, area] of [
        ['Leila', 'Hervanta'],
        ['Mikko', 'Tesoma'],
        ['Noor', 'Kaleva'],
      ] as const)
        await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${round.id}/applications`,
          payload: {
            display_name: name,
            email: `${name.toLowerCase()}@example.fi`,
            language: 'fi',
            consent: true,
            facts: { area, languages: ['fi', 'ar'] },
          },
        });
      const url = `/fi/staff/groups/${round.slug}/participants`;
      const page = (await get(url, 'coordinator')).body;
      assert.match(page, /<h2 id="applications-heading">Hakemukset<\/h2>/);
      assert.match(page, /<dt>Alue<\/dt><dd>Hervanta<\/dd>/);
      assert.match(page, /<dt>Kielet<\/dt><dd>suomi, arabia<\/dd>/);
      const ids = [...page.matchAll(/applications\/([0-9a-f-]{36})\/place"/g)].map((m) => m[1]!);
      assert.equal(ids.length, 3);

      const placed = await post(
        `${url}/applications/${ids[0]}/place`,
        'coordinator',
        { group: target.slug },
        url,
      );
      assert.equal(placed.statusCode, 303);
      assert.match(
        (await get(placed.headers.location as string, 'coordinator')).body,
        /Hakija sijoitettiin ryhmään/,
      );
      const targetList = (await get(`/fi/staff/groups/${target.slug}/participants`, 'coordinator')).body;
      assert.match(targetList, /<th scope="row">Leila<\/th>\s*<td>Paikka<\/td>/);

      const full = await post(
        `${url}/applications/${ids[1]}/place`,
        'coordinator',
        { group: target.slug },
        url,
      );
      assert.equal(full.statusCode, 409);
      assert.match(full.body, /Ryhmä ja sen jono ovat täynnä\./);

      const declined = await post(`${url}/applications/${ids[2]}/decline`, 'coordinator', {}, url);
      assert.equal(declined.statusCode, 303);
      const after = (await get(url, 'coordinator')).body;
      assert.doesNotMatch(after, /Noor/);
      assert.match(after, /Mikko/, 'still waiting for a place');
      assert.equal(
        (await post(`${url}/applications/${ids[1]}/decline`, 'ownFacilitator', {}, url)).statusCode,
        403,
      );
    });

    it('hands out a single-use referral code once, and only for referral groups', async () => {
      const code = await post(
        `/en/staff/groups/${referralGroup.slug}/refer/code`,
        'referrer',
        {},
        `/en/staff/groups/${referralGroup.slug}/refer`,
      );
      assert.equal(code.statusCode, 200);
      assert.match(code.body, /Code: [A-Z0-9-]{4,20} \(valid until/);
      assert.equal((await get(`/fi/staff/groups/${group.slug}/refer`, 'referrer')).statusCode, 403);
    });
  });
}
