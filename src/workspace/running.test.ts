/**
 * Running groups in the staff workspace over HTTP: the organisation's facilitators and their
 * trainings, a group's facilitators and the trainings they lack, programme templates, a
 * group's costs and partners, and the warnings on the start page. Every form is
 * CSRF-protected, keeps what was typed beside its error, refuses facilitators where only
 * coordinators may act, and another organisation's staff see nothing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp, type App } from '../http/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import type { Role } from '../accounts/permissions.ts';
import { insertMembership } from '../organisations/repository.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** The error text tied to a field by aria-describedby. */
const fieldError = (html: string, id: string) =>
  new RegExp(`id="${id}-error"[^>]*>([^<]+)<`).exec(html)?.[1] ?? null;

for (const target of testDatabases()) {
  describe(`running groups in the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let otherOrgId: string;
    let token: string;
    const session: Record<string, string> = {};

    async function person(org: string, role: Role): Promise<string> {
      const email = `${unique(role)}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction((tx) => insertMembership(tx, org, user.id, role));
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      return login.cookies.find((c) => c.name === 'vertaamo_session')!.value;
    }

    const get = (url: string, who: string) =>
      app.inject({ url, cookies: { vertaamo_session: session[who]! } });
    async function post(url: string, who: string, fields: Record<string, string>, page: string) {
      const html = (await get(page, who)).body;
      return app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: session[who]! },
        payload: new URLSearchParams({ csrf: csrfOf(html), ...fields }).toString(),
      });
    }
    const noCsrf = (url: string, who: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: session[who]! },
        payload: new URLSearchParams({ csrf: 'forged', ...fields }).toString(),
      });

    async function facilitator(name: string, org = orgId, t = token) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(t),
        payload: {
          organization_id: org,
          display_name: name,
          kind: 'peer',
          engagement: 'volunteer',
          languages: ['fi'],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      orgId = (await makeOrganisation(db)).id;
      otherOrgId = (await makeOrganisation(db)).id;
      token = await tokenFor(db, orgId, 'coordinator');
      session.coordinator = await person(orgId, 'coordinator');
      session.facilitator = await person(orgId, 'facilitator');
      session.outsider = await person(otherOrgId, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    describe('facilitators', () => {
      it('adds a volunteer peer facilitator and lists them, in every language', async () => {
        const res = await post(
          '/fi/staff/facilitators',
          'coordinator',
          {
            org: orgId,
            display_name: 'Liisa Vertainen',
            kind: 'peer',
            engagement: 'volunteer',
            profession: '',
            languages_fi: 'yes',
            languages_sv: 'yes',
          },
          `/fi/staff/facilitators?org=${orgId}`,
        );
        assert.equal(res.statusCode, 303, res.body);
        assert.equal(res.headers.location, `/fi/staff/facilitators?org=${orgId}&done=added`);
        const fi = await get(res.headers.location, 'coordinator');
        assert.equal(fi.statusCode, 200);
        assert.equal(fi.headers['cache-control'], 'no-store');
        assert.match(fi.body, /Ohjaaja lisättiin/);
        assert.match(fi.body, /Liisa Vertainen/);
        assert.match(fi.body, /Vertaisohjaaja, vapaaehtoinen/);
        const sv = await get(`/sv/staff/facilitators?org=${orgId}`, 'coordinator');
        assert.match(sv.body, /Kamratledare, frivillig/);
        const en = await get(`/en/staff/facilitators?org=${orgId}`, 'coordinator');
        assert.match(en.body, /Peer facilitator, volunteer/);
      });

      it('keeps what was typed and shows the error beside the field', async () => {
        const res = await post(
          '/en/staff/facilitators',
          'coordinator',
          {
            org: orgId,
            display_name: '   ',
            kind: 'professional',
            engagement: 'paid',
            profession: 'public_health_nurse',
          },
          `/en/staff/facilitators?org=${orgId}`,
        );
        assert.equal(res.statusCode, 422);
        assert.equal(fieldError(res.body, 'display_name'), "Write the facilitator's name.");
        assert.equal(fieldError(res.body, 'languages'), 'Choose at least one language.');
        assert.match(res.body, /aria-describedby="display_name-error"/);
        assert.match(res.body, /value="public_health_nurse" selected/);
        assert.match(res.body, /id="kind-professional" name="kind" value="professional" checked/);
      });

      it('refuses a form without the CSRF token', async () => {
        const res = await noCsrf('/fi/staff/facilitators', 'coordinator', {
          org: orgId,
          display_name: 'Väärennetty',
          kind: 'peer',
          engagement: 'volunteer',
          languages_fi: 'yes',
        });
        assert.equal(res.statusCode, 403);
        const list = await get(`/fi/staff/facilitators?org=${orgId}`, 'coordinator');
        assert.doesNotMatch(list.body, /Väärennetty/);
      });

      it('lets a facilitator read but not add or edit', async () => {
        const page = await get(`/fi/staff/facilitators?org=${orgId}`, 'facilitator');
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /action="\/fi\/staff\/facilitators"/);
        const res = await post(
          '/fi/staff/facilitators',
          'facilitator',
          {
            org: orgId,
            display_name: 'Itse lisätty',
            kind: 'peer',
            engagement: 'volunteer',
            languages_fi: 'yes',
          },
          `/fi/staff/facilitators?org=${orgId}`,
        );
        assert.equal(res.statusCode, 403);
        const id = await facilitator('Muokattava');
        const edit = await post(
          `/fi/staff/facilitators/${id}`,
          'facilitator',
          { display_name: 'Muutettu', kind: 'peer', engagement: 'volunteer', languages_fi: 'yes' },
          `/fi/staff/facilitators/${id}`,
        );
        assert.equal(edit.statusCode, 403);
        const after = await get(`/fi/staff/facilitators/${id}`, 'coordinator');
        assert.match(after.body, /Muokattava/);
        assert.doesNotMatch(after.body, /Muutettu/);
      });

      it("does not show or change another organisation's facilitators", async () => {
        const id = await facilitator('Toisen ohjaaja');
        const page = await get(`/fi/staff/facilitators/${id}`, 'outsider');
        assert.equal(page.statusCode, 404);
        assert.doesNotMatch(page.body, /Toisen ohjaaja/);
        const list = await get(`/fi/staff/facilitators?org=${orgId}`, 'outsider');
        assert.doesNotMatch(list.body, /Toisen ohjaaja/);
        const res = await post(
          `/fi/staff/facilitators/${id}`,
          'outsider',
          { display_name: 'Kaapattu', kind: 'peer', engagement: 'volunteer', languages_fi: 'yes' },
          `/fi/staff/facilitators?org=${otherOrgId}`,
        );
        assert.equal(res.statusCode, 404);
        const add = await post(
          '/fi/staff/facilitators',
          'outsider',
          {
            org: orgId,
            display_name: 'Ujutettu',
            kind: 'peer',
            engagement: 'volunteer',
            languages_fi: 'yes',
          },
          `/fi/staff/facilitators?org=${otherOrgId}`,
        );
        assert.equal(add.statusCode, 403);
        const mine = await get(`/fi/staff/facilitators?org=${orgId}`, 'coordinator');
        assert.doesNotMatch(mine.body, /Kaapattu|Ujutettu/);
      });

      it('edits a facilitator and records trainings, marking an expired one', async () => {
        const id = await facilitator('Terhi Terveydenhoitaja');
        const edit = await post(
          `/en/staff/facilitators/${id}`,
          'coordinator',
          {
            display_name: 'Terhi Terveydenhoitaja',
            kind: 'professional',
            engagement: 'paid',
            profession: 'public_health_nurse',
            languages_fi: 'yes',
            languages_en: 'yes',
          },
          `/en/staff/facilitators/${id}`,
        );
        assert.equal(edit.statusCode, 303, edit.body);
        const trainings = (await app.inject({ url: '/api/v1/trainings' })).json<{
          items: { id: string; slug: string }[];
        }>().items;
        const kasvokkain = trainings.find((x) => x.slug === 'kasvokkain-method')!.id;
        const basic = trainings.find((x) => x.slug === 'peer-facilitator-basic')!.id;
        const recorded = await post(
          `/en/staff/facilitators/${id}/trainings`,
          'coordinator',
          { training: kasvokkain, completed_on: '2026-09-01', valid_until: '' },
          `/en/staff/facilitators/${id}`,
        );
        assert.equal(recorded.statusCode, 303, recorded.body);
        // The district training lasts 36 months; this one went out in 2025.
        const old = await post(
          `/en/staff/facilitators/${id}/trainings`,
          'coordinator',
          { training: basic, completed_on: '2022-01-10', valid_until: '' },
          `/en/staff/facilitators/${id}`,
        );
        assert.equal(old.statusCode, 303, old.body);
        const page = await get(`/en/staff/facilitators/${id}?done=trained`, 'coordinator');
        assert.match(page.body, /The training was recorded/);
        assert.match(page.body, /Professional, paid, public health nurse/);
        assert.match(
          page.body,
          /Kasvokkain method training \(completed 01\/09\/2026, valid with no end date\)/,
        );
        assert.match(page.body, /<strong>Expired: <\/strong>Peer group facilitator basic training/);
        assert.match(page.body, /valid until 10\/01\/2025/);
      });

      it('keeps the training form on a mistake, with the error beside the date', async () => {
        const id = await facilitator('Päivämäärätön');
        const res = await post(
          `/fi/staff/facilitators/${id}/trainings`,
          'coordinator',
          { training: '', completed_on: '2026-13-45', valid_until: '2026-01-01' },
          `/fi/staff/facilitators/${id}`,
        );
        assert.equal(res.statusCode, 422);
        assert.equal(fieldError(res.body, 'training'), 'Valitse koulutus.');
        assert.equal(fieldError(res.body, 'completed_on'), 'Anna päivämäärä muodossa VVVV-KK-PP.');
        assert.match(res.body, /value="2026-13-45"/);
        assert.match(res.body, /value="2026-01-01"/);
      });
    });
  });
}
