/**
 * The staff workspace over HTTP: signing in and out, CSRF, caching, the start page of each
 * role, and the group lifecycle through the forms, on organisations of the test's own.
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
import type { OrganisationRow } from '../organisations/repository.ts';
import type { GroupJson } from '../groups/service.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'vertaisryhmä-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const decode = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<');

for (const target of testDatabases()) {
  describe(`staff workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let local: OrganisationRow; // requires the board's approval
    let other: OrganisationRow; // publishes without the board
    let coordinatorToken: string;
    let venueId: string;
    let otherVenueId: string;

    async function person(roles: [OrganisationRow, Role][]): Promise<string> {
      const email = `${unique('staff')}@example.fi`;
      const user = await createUser(db, { email, displayName: email, password: PASSWORD });
      await db.ownerTransaction(async (tx) => {
        for (const [org, role] of roles) await insertMembership(tx, org.id, user.id, role);
      });
      return email;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      local = await makeOrganisation(db, { requires_board_approval: true });
      other = await makeOrganisation(db);
      coordinatorToken = await tokenFor(db, local.id, 'coordinator');
      const venue = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(coordinatorToken),
        payload: { organization_id: local.id, name: 'Perhetalo', municipality: 'Espoo' },
      });
      assert.equal(venue.statusCode, 201, venue.body);
      venueId = venue.json<{ id: string }>().id;
      const otherVenue = await app.inject({
        method: 'POST',
        url: '/api/v1/venues',
        headers: bearer(await tokenFor(db, other.id, 'coordinator')),
        payload: { organization_id: other.id, name: 'Naistari', municipality: 'Tampere' },
      });
      otherVenueId = otherVenue.json<{ id: string }>().id;
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    /** Signs in through the form as a browser would; returns the session cookie's value. */
    async function signIn(email: string, lang = 'fi', next?: string): Promise<string> {
      const form = await app.inject({ url: `/${lang}/staff/sign-in` });
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const res = await app.inject({
        method: 'POST',
        url: `/${lang}/staff/sign-in`,
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({
          csrf: csrfOf(form.body),
          email,
          password: PASSWORD,
          ...(next ? { next } : {}),
        }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      return res.cookies.find((c) => c.name === 'vertaamo_session')!.value;
    }

    const get = (url: string, session: string) => app.inject({ url, cookies: { vertaamo_session: session } });

    /** Posts a form of a page, with the page's own CSRF token. */
    async function submit(pageUrl: string, action: string, session: string, fields: Record<string, string>) {
      const page = await get(pageUrl, session);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      return app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams({ csrf: csrfOf(page.body), ...fields }).toString(),
      });
    }

    async function apiGroup(org: OrganisationRow, overrides: Record<string, unknown> = {}) {
      const token = org.id === local.id ? coordinatorToken : await tokenFor(db, org.id, 'coordinator');
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(org.id, overrides),
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<GroupJson>();
    }

    it('sends a visitor without a session to the sign-in page, and back afterwards', async () => {
      const res = await app.inject({ url: '/fi/staff' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/fi/staff/sign-in?next=%2Ffi%2Fstaff');
      assert.equal(res.headers['cache-control'], 'no-store');
      const group = await app.inject({ url: '/sv/staff/groups/anything' });
      assert.equal(group.headers.location, '/sv/staff/sign-in?next=%2Fsv%2Fstaff%2Fgroups%2Fanything');
      const email = await person([[local, 'coordinator']]);
      const form = await app.inject({ url: '/en/staff/sign-in?next=%2Fen%2Fstaff%2Fgroups%2Fnew' });
      assert.match(form.body, /name="next" value="\/en\/staff\/groups\/new"/);
      assert.match(form.body, /Please sign in first/);
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const posted = await app.inject({
        method: 'POST',
        url: '/en/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({
          csrf: csrfOf(form.body),
          email,
          password: PASSWORD,
          next: '/en/staff/groups/new',
        }).toString(),
      });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, '/en/staff/groups/new');
      // Only a workspace page of this site is a place to return to.
      const evil = await app.inject({ url: '/fi/staff/sign-in?next=https%3A%2F%2Fevil.example' });
      assert.doesNotMatch(evil.body, /name="next"/);
    });

    it('signs in with the form, keeping the email and saying so beside the form when it fails', async () => {
      const email = await person([[local, 'coordinator']]);
      const form = await app.inject({ url: '/fi/staff/sign-in' });
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      assert.match(form.body, /<label class="hds-text-input__label" for="email">Sähköpostiosoite<\/label>/);
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const attempt = (password: string, extra: Record<string, string> = {}) =>
        app.inject({
          method: 'POST',
          url: '/fi/staff/sign-in',
          headers: { ...FORM, ...extra },
          cookies: { vertaamo_sign_in: secret },
          payload: new URLSearchParams({ csrf: csrfOf(form.body), email, password }).toString(),
        });
      const wrong = await attempt('wrong password');
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /Sähköpostiosoite tai salasana on väärin/);
      assert.ok(decode(wrong.body).includes(`value="${email}"`), 'the email is kept');
      assert.match(wrong.body, /id="email" name="email" aria-describedby="sign-in-error"/);
      assert.ok(!wrong.cookies.some((c) => c.name === 'vertaamo_session'));

      const ok = await attempt(PASSWORD);
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/fi/staff');
      const cookie = ok.cookies.find((c) => c.name === 'vertaamo_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      const start = await get('/fi/staff', cookie.value);
      assert.equal(start.statusCode, 200);
      assert.equal(start.headers['cache-control'], 'no-store');
      assert.ok(start.body.includes(email), 'shows who is signed in');
      // The same session works for the JSON API, as after POST /api/v1/auth/login.
      const me = await get('/api/v1/auth/me', cookie.value);
      assert.equal(me.json<{ label: string }>().label, email);

      // Signing in again always opens a new session and ends the one the browser had.
      const again = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret, vertaamo_session: cookie.value },
        payload: new URLSearchParams({ csrf: csrfOf(form.body), email, password: PASSWORD }).toString(),
      });
      const rotated = again.cookies.find((c) => c.name === 'vertaamo_session')!.value;
      assert.notEqual(rotated, cookie.value);
      assert.equal((await get('/fi/staff', cookie.value)).statusCode, 303, 'the old session has ended');
      assert.equal((await get('/fi/staff', rotated)).statusCode, 200);
    });

    it('refuses a sign-in or sign-out without the form’s token, or from another site', async () => {
      const email = await person([[local, 'coordinator']]);
      const form = await app.inject({ url: '/fi/staff/sign-in' });
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const noToken = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ email, password: PASSWORD }).toString(),
      });
      assert.equal(noToken.statusCode, 403);
      assert.ok(!noToken.cookies.some((c) => c.name === 'vertaamo_session'));
      const crossSite = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ csrf: csrfOf(form.body), email, password: PASSWORD }).toString(),
      });
      assert.equal(crossSite.statusCode, 403);

      const session = await signIn(email);
      const forged = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-out',
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: 'csrf=forged',
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.headers['cache-control'], 'no-store');
      assert.equal((await get('/fi/staff', session)).statusCode, 200, 'still signed in');

      const out = await submit('/fi/staff', '/fi/staff/sign-out', session, {});
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/fi/staff/sign-in?signed_out=1');
      const cleared = out.cookies.find((c) => c.name === 'vertaamo_session')!;
      assert.equal(cleared.value, '');
      assert.equal((await get('/fi/staff', session)).statusCode, 303, 'the session has ended on the server');
      assert.match((await app.inject({ url: out.headers.location })).body, /Olet kirjautunut ulos/);
    });

    it('shows each role its own start page, and every section to a person with several', async () => {
      const draft = await apiGroup(local, { venue_id: venueId, mode: 'in_person' });
      const proposed = await apiGroup(local);
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${proposed.id}/lifecycle`,
        headers: bearer(coordinatorToken),
        payload: { action: 'propose' },
      });
      const coordinator = await signIn(await person([[local, 'coordinator']]), 'en');
      const start = (await get('/en/staff', coordinator)).body;
      const needs = start.slice(start.indexOf('Groups needing action'), start.indexOf('All groups'));
      assert.ok(needs.includes(`/en/staff/groups/${draft.slug}`));
      assert.ok(needs.includes(`/en/staff/groups/${proposed.slug}`));
      assert.match(
        needs,
        /Awaiting the board’s decision|Awaiting the board&#39;s decision|Awaiting the board/,
      );
      assert.ok(needs.indexOf(proposed.slug) < needs.indexOf(draft.slug), 'proposals come first');
      assert.match(start, /href="\/en\/staff\/groups\/new"/);
      assert.doesNotMatch(start, /Proposals awaiting/);

      const board = (await get('/en/staff', await signIn(await person([[local, 'board_member']]), 'en')))
        .body;
      assert.match(board, /Proposals awaiting the board’s decision/);
      assert.ok(board.includes(`/en/staff/groups/${proposed.slug}`));
      assert.ok(!board.includes(`/en/staff/groups/${draft.slug}`), 'a board member sees the proposals');
      assert.doesNotMatch(board, /staff\/groups\/new/);

      // A facilitator linked to their account sees their groups and the next sessions.
      const facilitatorEmail = await person([
        [local, 'facilitator'],
        [other, 'referrer'],
      ]);
      const led = await apiGroup(local, { venue_id: venueId, mode: 'in_person' });
      const userId = (
        await db.ownerTransaction((tx) =>
          tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [facilitatorEmail]),
        )
      ).rows[0]!.id;
      const facilitator = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(coordinatorToken),
        payload: {
          organization_id: local.id,
          display_name: 'Olli',
          kind: 'peer',
          engagement: 'volunteer',
          user_id: userId,
        },
      });
      assert.equal(facilitator.statusCode, 201, facilitator.body);
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${led.id}/facilitators`,
        headers: bearer(coordinatorToken),
        payload: { facilitators: [{ facilitator_id: facilitator.json<{ id: string }>().id, role: 'lead' }] },
      });
      const schedule = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${led.id}/schedules`,
        headers: bearer(coordinatorToken),
        payload: {
          rrule: 'FREQ=WEEKLY;COUNT=4;BYDAY=TU',
          starts_local: '2026-11-24T17:30:00',
          duration_minutes: 90,
        },
      });
      assert.equal(schedule.statusCode, 201, schedule.body);
      // … and, as a referrer in another organisation, the clients they referred.
      const referral = await apiGroup(other, {
        how_to_join: 'referral',
        mode: 'in_person',
        venue_id: otherVenueId,
      });
      const otherToken = await tokenFor(db, other.id, 'coordinator');
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${referral.id}/lifecycle`,
        headers: bearer(otherToken),
        payload: { action: 'publish' },
      });
      const session = await signIn(facilitatorEmail, 'fi');
      const referred = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${referral.id}/referrals`,
        cookies: { vertaamo_session: session },
        // a cookie client's writes carry the session's CSRF token, which GET /auth/me tells it
        headers: {
          'x-csrf-token': (await get('/api/v1/auth/me', session)).json<{ csrf_token: string }>().csrf_token,
        },
        payload: { display_name: 'Asiakas', email: 'asiakas@example.fi', language: 'fi', consent: true },
      });
      assert.equal(referred.statusCode, 201, referred.body);
      const mine = (await get('/fi/staff', session)).body;
      assert.match(mine, /Omat ryhmäni/);
      assert.ok(mine.includes(`/fi/staff/groups/${led.slug}`));
      assert.match(mine, /ti 24\.11\.2026 17\.30–19\.00/);
      assert.match(mine, /Lähettämäni asiakkaat/);
      assert.ok(mine.includes(referral.name.fi));
      assert.match(mine, /Odottaa päätöstä/);
      assert.ok(!mine.includes('asiakas@example.fi'), 'the referrer sees the status only');
      assert.ok(mine.includes(local.name.fi) && mine.includes(other.name.fi), 'a section per organisation');
      assert.match(mine, /Roolisi: ohjaaja/);
      assert.match(mine, /Roolisi: lähettäjä/);
    });

    it('creates a group with the form, keeping the input and naming the field when something is wrong', async () => {
      const session = await signIn(await person([[local, 'coordinator']]), 'en');
      const page = await get('/en/staff/groups/new', session);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /Seven-week peer group \(built-in programme\)/);
      assert.ok(page.body.includes(venueId));
      const fields = {
        organization: local.id,
        name_fi: '',
        name_sv: 'Kamratgrupp',
        description_fi: 'Kuvaus',
        template: '',
        how_to_join: 'registration',
        capacity: 'ten',
        cost_kind: 'co_payment',
        co_payment: '',
        mode: 'in_person',
        venue: venueId,
      };
      const bad = await submit('/en/staff/groups/new', '/en/staff/groups/new', session, fields);
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="name_fi-error">Write the group’s name in Finnish/);
      assert.match(bad.body, /aria-describedby="name_fi-error" aria-invalid="true"/);
      assert.match(bad.body, /id="capacity-error">Give a whole number/);
      assert.match(bad.body, /id="co_payment-error">A co-payment needs its amount/);
      assert.match(bad.body, /id="languages-error">Choose at least one language/);
      assert.match(bad.body, /value="Kamratgrupp"/, 'the input is kept');
      assert.match(bad.body, /value="ten"/);
      assert.match(bad.body, /href="#capacity"/, 'the summary links to the field');

      // The service's rules come back beside the field too: the programme allows in person only.
      const programme = await submit('/en/staff/groups/new', '/en/staff/groups/new', session, {
        ...fields,
        name_fi: 'Seitsemän viikon ryhmä',
        capacity: '12',
        co_payment: '5,50',
        language_fi: 'yes',
        template: /<option value="([^"]+)"[^>]*>Seven-week peer group/.exec(page.body)![1]!,
        mode: 'remote',
      });
      assert.equal(programme.statusCode, 422);
      assert.match(programme.body, /id="mode-error">The programme does not allow this mode/);

      const ok = await submit('/en/staff/groups/new', '/en/staff/groups/new', session, {
        ...fields,
        name_fi: 'Isien ilta',
        name_en: 'Dads’ evening',
        capacity: '12',
        co_payment: '5,50',
        language_fi: 'yes',
        language_en: 'yes',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 1000));
      assert.match(ok.headers.location!, /^\/en\/staff\/groups\/isien-ilta(-\d+)?\?done=created$/);
      const created = await get(ok.headers.location!, session);
      assert.match(created.body, /The group has been created as a draft/);
      const api = (
        await get(`/api/v1/groups/${/groups\/([^?]+)/.exec(ok.headers.location!)![1]}`, session)
      ).json<GroupJson>();
      assert.deepEqual(api.name, { fi: 'Isien ilta', sv: 'Kamratgrupp', en: 'Dads’ evening' });
      assert.equal(api.capacity, 12);
      assert.deepEqual(api.cost, { kind: 'co_payment', amount_cents: 550, currency: 'EUR', note: null });
      assert.deepEqual(api.languages, ['fi', 'en']);
      assert.equal(api.venue?.id, venueId);
      assert.equal(api.status, 'draft');

      const tampered = await submit('/en/staff/groups/new', '/en/staff/groups/new', session, {
        ...fields,
        name_fi: 'Korvaaja',
        capacity: '',
        cost_kind: 'free',
        language_fi: 'yes',
        replaces: 'not-a-group',
      });
      assert.equal(tampered.statusCode, 422);
      assert.match(tampered.body, /The group to replace is not in this organisation/);

      const forged = await app.inject({
        method: 'POST',
        url: '/en/staff/groups/new',
        headers: FORM,
        cookies: { vertaamo_session: session },
        payload: new URLSearchParams({ ...fields, name_fi: 'Väärennetty', csrf: 'x' }).toString(),
      });
      assert.equal(forged.statusCode, 403);
    });

    it('moves a group through propose, board approval and publishing with the forms, recording who and when', async () => {
      const coordinatorEmail = await person([[local, 'coordinator']]);
      const boardEmail = await person([[local, 'board_member']]);
      const group = await apiGroup(local, { venue_id: venueId, mode: 'in_person' });
      const url = `/fi/staff/groups/${group.slug}`;
      const action = `${url}/lifecycle`;
      const coordinator = await signIn(coordinatorEmail);
      const draftPage = (await get(url, coordinator)).body;
      assert.match(draftPage, /Ehdota hallitukselle/);
      assert.doesNotMatch(draftPage, /value="publish"/, 'the board must approve first');
      assert.doesNotMatch(draftPage, /value="approve"/, 'a coordinator does not decide');

      // Without the page's token nothing happens.
      const forged = await app.inject({
        method: 'POST',
        url: action,
        headers: FORM,
        cookies: { vertaamo_session: coordinator },
        payload: 'action=propose',
      });
      assert.equal(forged.statusCode, 403);
      const crossSite = await app.inject({
        method: 'POST',
        url: action,
        headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
        cookies: { vertaamo_session: coordinator },
        payload: new URLSearchParams({ action: 'propose', csrf: csrfOf(draftPage) }).toString(),
      });
      assert.equal(crossSite.statusCode, 403);
      assert.equal((await get(`/api/v1/groups/${group.id}`, coordinator)).json<GroupJson>().status, 'draft');

      const proposed = await submit(url, action, coordinator, { action: 'propose' });
      assert.equal(proposed.statusCode, 303);
      assert.equal(proposed.headers.location, `${url}?done=propose`);
      assert.match(
        (await get(proposed.headers.location, coordinator)).body,
        /Ryhmä on ehdotettu hallitukselle/,
      );
      // A coordinator who tries the board's decision anyway is refused beside the form.
      const notBoard = await submit(url, action, coordinator, {
        action: 'approve',
        decided_on: '2026-11-20',
      });
      assert.equal(notBoard.statusCode, 403);
      assert.match(notBoard.body, /Sinulla ei ole oikeutta tähän/);

      const board = await signIn(boardEmail);
      const boardPage = (await get(url, board)).body;
      assert.match(boardPage, /name="decided_on"/);
      const noDate = await submit(url, action, board, { action: 'approve', decided_on: '' });
      assert.equal(noDate.statusCode, 422);
      assert.match(noDate.body, /id="decided_on-error">Anna hallituksen päätöksen päivämäärä/);
      assert.match(noDate.body, /aria-describedby="decided_on-error"/);
      const future = await submit(url, action, board, {
        action: 'approve',
        decided_on: '2026-12-01',
        minutes_reference: 'Kokous 9/2026 § 5',
      });
      assert.equal(future.statusCode, 422);
      assert.match(future.body, /Päätöspäivä ei voi olla tulevaisuudessa/);
      assert.match(future.body, /value="Kokous 9\/2026 § 5"/, 'the input is kept');
      const approved = await submit(url, action, board, {
        action: 'approve',
        decided_on: '2026-11-20',
        minutes_reference: 'Kokous 9/2026 § 5',
      });
      assert.equal(approved.statusCode, 303);
      assert.equal(approved.headers.location, `${url}?done=approve`);

      const published = await submit(url, action, coordinator, { action: 'publish' });
      assert.equal(published.statusCode, 303);
      const page = (await get(url, coordinator)).body;
      assert.match(page, /Julkaistu/);
      assert.match(page, /Hyväksytty 20\.11\.2026, Kokous 9\/2026 § 5/);
      const history = page.slice(page.indexOf('<ol class="staff-history">'));
      assert.ok(history.includes(boardEmail), 'the history says who decided');
      assert.match(history, /Hallitus hyväksyi: 20\.11\.2026, Kokous 9\/2026 § 5/);
      assert.ok(history.includes(coordinatorEmail));
      assert.match(history, /<time datetime="[^"]+">\d{1,2}\.\d{1,2}\.\d{4} klo \d\d\.\d\d<\/time>/);
      const search = await app.inject({ url: `/fi/search?q=${encodeURIComponent(group.name.fi)}` });
      assert.ok(search.body.includes(`/fi/groups/${group.slug}`), 'the finder shows it');

      // Suspending with a reason, then starting a replacement group from it.
      const suspended = await submit(url, action, coordinator, {
        action: 'suspend',
        suspended_on: '2026-11-22',
        reason_code: 'low_attendance',
        reason: 'Liian vähän osallistujia',
      });
      assert.equal(suspended.statusCode, 303);
      const suspendedPage = (await get(url, coordinator)).body;
      assert.match(
        suspendedPage,
        /Keskeytetty 22\.11\.2026: Vähäinen osallistujamäärä – Liian vähän osallistujia/,
      );
      assert.ok(suspendedPage.includes(`/fi/staff/groups/new?replaces=${group.slug}`));
      const replacementForm = await get(`/fi/staff/groups/new?replaces=${group.slug}`, coordinator);
      assert.equal(replacementForm.statusCode, 200);
      assert.ok(replacementForm.body.includes(`value="${group.name.fi}"`), 'the form starts as a copy');
      assert.ok(replacementForm.body.includes(`name="replaces" value="${group.id}"`));
      // What the browser would send: every input's value, the checked ones of radios and checkboxes.
      const fields = Object.fromEntries(
        [...replacementForm.body.matchAll(/<input[^>]*>/g)]
          .map((m) => m[0])
          .filter((tag) => !/type="(radio|checkbox)"/.test(tag) || /\schecked/.test(tag))
          .map((tag) => [
            /name="([^"]+)"/.exec(tag)?.[1] ?? '',
            decode(/value="([^"]*)"/.exec(tag)?.[1] ?? ''),
          ])
          .filter(([name]) => name),
      );
      const replacement = await app.inject({
        method: 'POST',
        url: '/fi/staff/groups/new',
        headers: FORM,
        cookies: { vertaamo_session: coordinator },
        payload: new URLSearchParams({
          ...fields,
          name_fi: `${group.name.fi} (uusi)`,
          venue: venueId,
        }).toString(),
      });
      assert.equal(replacement.statusCode, 303, replacement.body.slice(0, 2000));
      const replacementPage = (await get(replacement.headers.location!, coordinator)).body;
      assert.match(replacementPage, /Korvaa ryhmän/);
      assert.ok(replacementPage.includes(`/fi/staff/groups/${group.slug}`));
      assert.doesNotMatch((await get(url, coordinator)).body, /Perusta korvaava ryhmä/, 'replaced once only');
    });

    it('publishes straight from a draft where no board decides, then starts, resumes and ends the group', async () => {
      const coordinator = await signIn(await person([[other, 'coordinator']]), 'sv');
      const group = await apiGroup(other, { mode: 'in_person', venue_id: otherVenueId });
      const url = `/sv/staff/groups/${group.slug}`;
      const act = (fields: Record<string, string>) => submit(url, `${url}/lifecycle`, coordinator, fields);
      assert.match((await get(url, coordinator)).body, /value="publish"/, 'no board approval needed');
      assert.equal((await act({ action: 'publish' })).statusCode, 303);
      assert.equal((await act({ action: 'start' })).statusCode, 303);
      assert.equal((await act({ action: 'suspend', reason_code: 'venue_unavailable' })).statusCode, 303);
      assert.equal((await act({ action: 'resume' })).statusCode, 303);
      const badDate = await act({ action: 'end', ended_on: '31.12.2026' });
      assert.equal(badDate.statusCode, 422);
      assert.match(badDate.body, /id="ended_on-error">Ange datumet i formen åååå-mm-dd/);
      assert.match(badDate.body, /value="31\.12\.2026"/, 'the input is kept');
      const ended = await act({ action: 'end', ended_on: '2026-11-22' });
      assert.equal(ended.statusCode, 303);
      const page = (await get(ended.headers.location!, coordinator)).body;
      assert.match(page, /Gruppen har avslutats/);
      assert.match(page, /status--ended">Avslutad/);
      const history = page.slice(page.indexOf('<ol class="staff-history">'));
      for (const step of [
        'Skapad',
        'Publicerad',
        'Startad',
        'Avbruten: 22.11.2026, Lokalen är inte tillgänglig',
        'Fortsatt',
        'Avslutad: 22.11.2026',
      ])
        assert.ok(history.includes(step), step);
      const api = (await get(`/api/v1/groups/${group.id}`, coordinator)).json<GroupJson>();
      assert.equal(api.status, 'ended');
      assert.equal(api.ended_on, '2026-11-22');
    });

    it('names the facilitator who lacks the programme’s training when publishing fails', async () => {
      const coordinator = await signIn(await person([[other, 'coordinator']]), 'en');
      const otherToken = await tokenFor(db, other.id, 'coordinator');
      const group = await apiGroup(other, {
        template: 'seven-week-course',
        mode: 'in_person',
        venue_id: otherVenueId,
      });
      const facilitator = await app.inject({
        method: 'POST',
        url: '/api/v1/facilitators',
        headers: bearer(otherToken),
        payload: {
          organization_id: other.id,
          display_name: 'Nurse Nina',
          kind: 'professional',
          engagement: 'paid',
        },
      });
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/facilitators`,
        headers: bearer(otherToken),
        payload: { facilitators: [{ facilitator_id: facilitator.json<{ id: string }>().id, role: 'lead' }] },
      });
      const url = `/en/staff/groups/${group.slug}`;
      const res = await submit(url, `${url}/lifecycle`, coordinator, { action: 'publish' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /id="publish-error"/);
      assert.match(res.body, /The group cannot be published yet:/);
      assert.match(
        res.body,
        /A facilitator lacks the valid training the programme requires: Nurse Nina – Kasvokkain/,
      );
      assert.match(res.body, /aria-describedby="publish-hint publish-error"/);
      assert.equal((await get(`/api/v1/groups/${group.id}`, coordinator)).json<GroupJson>().status, 'draft');
    });

    it('changes a group’s details with a form that keeps the input and names the field when wrong', async () => {
      const group = await apiGroup(local, { venue_id: venueId, mode: 'in_person' });
      const coordinator = await signIn(await person([[local, 'coordinator']]));
      const groupPage = (await get(`/fi/staff/groups/${group.slug}`, coordinator)).body;
      assert.ok(
        groupPage.includes(`href="/fi/staff/groups/${group.slug}/edit"`),
        'the group page links to it',
      );
      const edit = `/fi/staff/groups/${group.slug}/edit`;
      const form = (await get(edit, coordinator)).body;
      assert.ok(decode(form).includes(`value="${group.name.fi}"`), 'the saved name is filled in');
      assert.match(form, /id="facilitation-peer"[^>]*checked/);

      const fields = {
        name_fi: 'Omatoiminen vertaisryhmä',
        description_fi: 'Kuvaus',
        how_to_join: 'registration',
        capacity: 'kuusi',
        cost_kind: 'free',
        mode: 'in_person',
        language_fi: 'yes',
        venue: venueId,
        facilitation: 'none',
        self_directed: 'yes',
      };
      const bad = await submit(edit, edit, coordinator, fields);
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="capacity-error"[^>]*>[^<]*kokonaisluku/);
      assert.ok(decode(bad.body).includes('value="Omatoiminen vertaisryhmä"'), 'the input is kept');
      assert.match(bad.body, /id="self_directed"[^>]*checked/);
      const unchanged = await app.inject({
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(coordinatorToken),
      });
      assert.equal(unchanged.json<GroupJson>().name.fi, group.name.fi, 'nothing was saved');

      const ok = await submit(edit, edit, coordinator, { ...fields, capacity: '6' });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.equal(ok.headers.location, `/fi/staff/groups/${group.slug}?done=updated`);
      assert.match((await get(ok.headers.location, coordinator)).body, /Muutokset tallennettiin/);
      const saved = (
        await app.inject({ url: `/api/v1/groups/${group.id}`, headers: bearer(coordinatorToken) })
      ).json<GroupJson & { facilitation: { style: string; self_directed: boolean } }>();
      assert.equal(saved.name.fi, 'Omatoiminen vertaisryhmä');
      assert.equal(saved.capacity, 6);
      assert.deepEqual(
        { style: saved.facilitation.style, self_directed: saved.facilitation.self_directed },
        { style: 'none', self_directed: true },
      );

      // Neither a board member nor another organisation's coordinator may change it.
      const boardMember = await signIn(await person([[local, 'board_member']]));
      assert.equal((await get(edit, boardMember)).statusCode, 404);
      assert.ok(!(await get(`/fi/staff/groups/${group.slug}`, boardMember)).body.includes(edit));
      const stranger = await signIn(await person([[other, 'coordinator']]));
      assert.equal((await get(edit, stranger)).statusCode, 404);
      const refused = await submit('/fi/staff', edit, stranger, { ...fields, name_fi: 'Kaapattu' });
      assert.equal(refused.statusCode, 404);
      const after = await app.inject({
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(coordinatorToken),
      });
      assert.equal(after.json<GroupJson>().name.fi, 'Omatoiminen vertaisryhmä');
    });

    it('shows a group’s workspace only to its own organisation', async () => {
      const group = await apiGroup(local);
      const outsider = await signIn(await person([[other, 'coordinator']]), 'sv');
      const res = await get(`/sv/staff/groups/${group.slug}`, outsider);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Sidan hittades inte/);
      const referrer = await signIn(await person([[local, 'referrer']]), 'sv');
      assert.equal((await get('/sv/staff/groups/new', referrer)).statusCode, 403);
    });

    it('links to the staff sign-in from the public pages', async () => {
      const res = await app.inject({ url: '/sv' });
      assert.match(res.body, /href="\/sv\/staff\/sign-in">Inloggning för personal/);
    });
  });
}
