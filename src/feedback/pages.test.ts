/** The feedback pages as a browser without JavaScript uses them: the form by link and by code, the results. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { csrfOf, FORM, staffKit } from '../../test/support/staff.ts';
import { queuedSecrets } from '../notifications/outbox.ts';
import { insertResponse } from './repository.ts';
import { sendFeedbackLinks } from './service.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

for (const target of testDatabases()) {
  describe(`feedback pages on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let org: { id: string; slug: string };
    let coordinator: string;
    let coordinatorSession: string;
    let strangerSession: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      org = await makeOrganisation(db);
      coordinator = await tokenFor(db, org.id, 'coordinator');
      const kit = staffKit(app, db);
      coordinatorSession = await kit.signIn(await kit.person([[org, 'coordinator']]), 'en');
      const other = await makeOrganisation(db);
      strangerSession = await kit.signIn(await kit.person([[other, 'coordinator']]), 'en');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const api = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const res = await app.inject({ method, url, headers: bearer(coordinator), payload: payload as object });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
      return res.json<{ id: string; slug: string }>();
    };

    async function group(overrides: Record<string, unknown>) {
      const g = await api('POST', '/api/v1/groups', groupBody(org.id, overrides));
      await api('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      return g;
    }

    it('answers by an emailed link without JavaScript, once; errors stay beside the fields with the input', async () => {
      const g = await group({
        how_to_join: 'registration',
        capacity: 10,
        starts_on: '2026-10-01',
        ends_on: '2026-11-20',
        audience: ['children'],
        method: 'play',
      });
      await api('POST', `/api/v1/groups/${g.id}/participants`, {
        display_name: 'Lapsi',
        email: `${unique('lapsi')}@example.fi`,
        language: 'fi',
        consent: true,
      });
      await api('POST', `/api/v1/groups/${g.id}/sessions`, {
        starts_at: new Date(NOW.getTime() - 3 * DAY).toISOString(),
        duration_minutes: 60,
      });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'start' });
      assert.equal(await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id), 1);
      const token = await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT id::text AS id FROM outbox WHERE kind = 'feedback_request'
           AND registration_id IN (SELECT id FROM registrations WHERE group_id = $1)`,
          [g.id],
        );
        return (await queuedSecrets(tx, [rows[0]!.id])).get(rows[0]!.id)!;
      });

      const opened = await app.inject({ url: `/fi/feedback/l/${token}` });
      assert.equal(opened.statusCode, 303);
      assert.equal(opened.headers.location, '/fi/feedback/answer');
      const cookie = opened.cookies.find((c) => c.name === 'vertaamo_feedback')!.value;
      const form = await app.inject({ url: '/fi/feedback/answer', cookies: { vertaamo_feedback: cookie } });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Minua kuunneltiin/, 'a children’s group gets the short words');
      assert.match(form.body, /😄/, 'and faces');
      const csrf = csrfOf(form.body);

      const post = (fields: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/fi/feedback/answer',
          headers: FORM,
          cookies: { vertaamo_feedback: cookie },
          payload: new URLSearchParams({ csrf, ...fields }).toString(),
        });
      const empty = await post({ free_text: 'x'.repeat(2100) });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /id="free_text-error"[^>]*>Kirjoita enintään 2000 merkkiä/);
      assert.ok(empty.body.includes('x'.repeat(2100)), 'the text typed is kept');
      const offScale = await post({ 'answer.accepted': '9' });
      assert.equal(offScale.statusCode, 400);
      assert.match(offScale.body, /id="answer-0-error"/);

      const saved = await post({
        'answer.accepted': '5',
        'answer.hope': 'na',
        overall: '4',
        free_text: 'Kivaa!',
      });
      assert.equal(saved.statusCode, 200, saved.body.slice(0, 300));
      assert.match(saved.body, /Kiitos/);
      const again = await post({ 'answer.accepted': '1' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Tähän on jo vastattu/);
      const reopened = await app.inject({
        url: '/fi/feedback/answer',
        cookies: { vertaamo_feedback: cookie },
      });
      assert.match(reopened.body, /jo annettu palaute/);
      const stored = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ overall: number; variant: string }>(
              'SELECT overall, variant FROM feedback_responses WHERE group_id = $1',
              [g.id],
            )
          ).rows,
      );
      assert.deepEqual(stored, [{ overall: 4, variant: 'child' }], 'the first answer is kept');
    });

    it('leads from the code box to a drop-in group’s form, and says so beside the box for an unknown code', async () => {
      const g = await group({ how_to_join: 'drop_in' });
      const print = await app.inject({
        url: `/en/staff/groups/${g.slug}/feedback/code`,
        cookies: { vertaamo_session: coordinatorSession },
      });
      assert.equal(print.statusCode, 200);
      assert.match(print.body, /<svg[^>]*viewBox/, 'the QR code is inline SVG');
      const code = /class="feedback-code">([A-Z2-9]{6})</.exec(print.body)![1]!;

      const unknown = await app.inject({ url: '/sv/feedback?code=AAAAAA' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /id="code-error"[^>]*>Ingen grupp har den koden/);
      assert.match(unknown.body, /value="AAAAAA"/);
      const found = await app.inject({
        url: `/sv/feedback?code=${code.toLowerCase().slice(0, 3)}-${code.slice(3)}`,
      });
      assert.equal(found.statusCode, 303);
      assert.equal(found.headers.location, `/sv/feedback/c/${code}`);
      const form = await app.inject({ url: `/sv/feedback/c/${code}` });
      assert.match(form.body, /Jag blev accepterad och hörd i gruppen/);
      for (let i = 0; i < 2; i++) {
        const res = await app.inject({
          method: 'POST',
          url: `/sv/feedback/c/${code}`,
          headers: FORM,
          payload: new URLSearchParams({ 'answer.accepted': '4', overall: '5' }).toString(),
        });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Tack för din respons/);
      }
    });

    it('shows "fewer than 5 answers – not shown" under five, the figures from five on, and nothing to another organisation', async () => {
      const g = await group({ how_to_join: 'drop_in' });
      const add = (n: number) =>
        db.ownerTransaction(async (tx) => {
          for (let i = 0; i < n; i++)
            await insertResponse(tx, {
              orgId: org.id,
              groupId: g.id,
              on: '2026-11-20',
              variant: 'adult',
              overall: 4,
              answers: { accepted: 5 },
              freeText: i === 0 ? 'Sain vertaistukea.' : null,
            });
        });
      await add(4);
      const page = () =>
        app.inject({
          url: `/en/staff/groups/${g.slug}/feedback`,
          cookies: { vertaamo_session: coordinatorSession },
        });
      const four = await page();
      assert.equal(four.statusCode, 200);
      assert.match(four.body, /Fewer than 5 answers – not shown/);
      assert.doesNotMatch(four.body, /Sain vertaistukea/, 'no free text either');
      await add(1);
      const five = await page();
      assert.doesNotMatch(five.body, /not shown/);
      assert.match(
        five.body,
        /<th scope="row">I felt accepted and heard in the group\.<\/th><td class="num">0<\/td>/,
      );
      assert.match(five.body, /Sain vertaistukea/);
      const year = await app.inject({
        url: '/en/staff/feedback?year=2026',
        cookies: { vertaamo_session: coordinatorSession },
      });
      assert.equal(year.statusCode, 200);
      assert.ok(year.body.includes(g.slug));

      const stranger = await app.inject({
        url: `/en/staff/groups/${g.slug}/feedback`,
        cookies: { vertaamo_session: strangerSession },
      });
      assert.ok([403, 404].includes(stranger.statusCode));
      assert.doesNotMatch(stranger.body, /Sain vertaistukea/);
      const strangerYear = await app.inject({
        url: `/en/staff/feedback?org=${org.slug}`,
        cookies: { vertaamo_session: strangerSession },
      });
      assert.ok([403, 404].includes(strangerYear.statusCode));
    });

    it('lets a coordinator set own questions and N on the staff page, with errors beside the fields', async () => {
      const page = await app.inject({
        url: '/en/staff/feedback',
        cookies: { vertaamo_session: coordinatorSession },
      });
      assert.equal(page.statusCode, 200);
      const csrf = csrfOf(page.body);
      const post = (fields: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/en/staff/feedback/settings',
          headers: FORM,
          cookies: { vertaamo_session: coordinatorSession },
          payload: new URLSearchParams({ csrf, org: org.slug, ...fields }).toString(),
        });
      const bad = await post({ every_sessions: '0', q1_sv: 'Bara svenska' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="every_sessions-error"[^>]*>Give a whole number from 1 to 100/);
      assert.match(bad.body, /id="q1_fi-error"/);
      assert.match(bad.body, /value="Bara svenska"/, 'what was typed is kept');
      const good = await post({
        every_sessions: '4',
        q1_fi: 'Suosittelisin ryhmää.',
        q1_en: 'I would recommend it.',
      });
      assert.equal(good.statusCode, 303);
      const settings = await app.inject({
        url: `/api/v1/organizations/${org.id}/feedback-settings`,
        headers: bearer(coordinator),
      });
      assert.equal(settings.json().every_sessions, 4);
      assert.equal(settings.json().questions[0].text.en, 'I would recommend it.');
      const g = await group({ how_to_join: 'drop_in' });
      const code = await app.inject({
        url: `/api/v1/groups/${g.id}/feedback-code`,
        headers: bearer(coordinator),
      });
      const form = await app.inject({ url: `/en/feedback/c/${code.json().code}` });
      assert.match(form.body, /I would recommend it\./, 'the own question is asked after the standard ones');
      await post({ every_sessions: '6' });
    });
  });
}
