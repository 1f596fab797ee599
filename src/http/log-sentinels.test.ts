/**
 * No personal data and no secrets in the logs. The app's log lines are captured (at the most
 * talkative level) while unique sentinel values are pushed through every flow that carries
 * them: registration by API and by the web form, cancelling through the emailed link, an
 * application, a referral, signing in and failing to, a data request with its export and
 * erasure, and a message to participants. Then none of the sentinels, and none of the tokens
 * issued on the way, may appear anywhere in what was logged, and no token may appear in a
 * Location header once a link has been exchanged.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import type { Database } from '../db/database.ts';
import { buildApp } from './app.ts';
import { type App } from './context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { mailedTo, startSmtp } from '../../test/support/smtp.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { createUser } from '../accounts/service.ts';
import { insertMembership } from '../organisations/repository.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const S = 'Qxsentinel';
const SENTINELS = {
  name: `${S} Nimetty`,
  webName: `${S} Lomake`,
  email: `qxsentinel.person@example.fi`,
  webEmail: `qxsentinel.web@example.fi`,
  staffEmail: `qxsentinel.staff@example.fi`,
  phone: '+358 40 918 2736',
  // one person, one registration per group: the web form's person has a number of their own
  webPhone: '+358 50 918 2737',
  password: 'Qxsentinel-salasana-42',
  answer: `${S} vastaus hyvin henkilökohtainen`,
  facts: `${S} Hervanta lapsi`,
  referral: `${S} lähete muistiinpano`,
  message: `${S} viesti ryhmälle`,
  search: `${S}haku`,
};

for (const target of testDatabases()) {
  describe(`logs on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    const lines: string[] = [];
    const tokens = new Set<string>();
    const locations: string[] = [];
    let orgId: string;
    let coordinator: string;
    let referrer: string;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;

    before(async () => {
      ({ db, dispose } = await target.create());
      smtp = await startSmtp();
      app = await buildApp({
        db,
        logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
      });
      const org = await makeOrganisation(db);
      orgId = org.id;
      coordinator = await tokenFor(db, orgId, 'coordinator');
      referrer = await tokenFor(db, orgId, 'referrer');
      tokens.add(coordinator).add(referrer);
      const user = await createUser(db, {
        email: SENTINELS.staffEmail,
        displayName: SENTINELS.name,
        password: SENTINELS.password,
      });
      await db.ownerTransaction((tx) => insertMembership(tx, orgId, user.id, 'coordinator'));
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await dispose();
    });

    /** Every answer passes here: tokens in cookies are collected, Location headers kept. */
    async function send(opts: InjectOptions) {
      const res = await app.inject(opts);
      for (const c of res.cookies) if (c.value) tokens.add(c.value);
      if (res.headers.location) locations.push(String(res.headers.location));
      return res;
    }
    async function group(overrides: Record<string, unknown>) {
      const g = await send({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(coordinator),
        payload: groupBody(orgId, {
          registration_questions: [{ key: 'needs', label: { fi: 'Tarpeet' }, kind: 'text', required: false }],
          ...overrides,
        }),
      });
      assert.equal(g.statusCode, 201, g.body);
      const { id, slug } = g.json<{ id: string; slug: string }>();
      await send({
        method: 'PUT',
        url: `/api/v1/groups/${id}/remote-details`,
        headers: bearer(coordinator),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await send({
        method: 'POST',
        url: `/api/v1/groups/${id}/lifecycle`,
        headers: bearer(coordinator),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return { id, slug };
    }
    const cancelTokenOf = (url: string) => /registrations\/([A-Za-z0-9_-]{43})\/cancel/.exec(url)![1]!;

    it('never logs a name, contact, password, answer or token from any flow', async () => {
      const g = await group({ how_to_join: 'registration', capacity: 5 });

      // Registration by the API.
      const api = await send({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/registrations`,
        payload: {
          display_name: SENTINELS.name,
          email: SENTINELS.email,
          phone: SENTINELS.phone,
          language: 'fi',
          consent: true,
          answers: { needs: SENTINELS.answer },
        },
      });
      assert.equal(api.statusCode, 201, api.body);
      const cancelUrl = api.json<{ cancel_url: string }>().cancel_url;
      tokens.add(cancelTokenOf(cancelUrl));

      // Registration by the web form.
      const form = await send({ url: `/fi/groups/${g.slug}/register` });
      const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1]!;
      const web = await send({
        method: 'POST',
        url: `/fi/groups/${g.slug}/register`,
        headers: FORM,
        payload: new URLSearchParams({
          display_name: SENTINELS.webName,
          email: SENTINELS.webEmail,
          phone: SENTINELS.webPhone,
          language: 'fi',
          consent: 'yes',
          answer_needs: SENTINELS.answer,
          idempotency_key: key,
        }).toString(),
      });
      assert.equal(web.statusCode, 200, web.body.slice(0, 300));
      const webCancel = /href="(http[^"]+\/cancel)"/.exec(web.body)![1]!;
      tokens.add(cancelTokenOf(webCancel));

      // Cancelling through the emailed link: exchanged for a cookie, then the form.
      const opened = await send({ url: new URL(webCancel).pathname });
      assert.equal(opened.statusCode, 303);
      const cookies = { vertaamo_cancel: cancelTokenOf(webCancel) };
      const page = await send({ url: String(opened.headers.location), cookies });
      const cancelled = await send({
        method: 'POST',
        url: '/fi/registrations/cancel',
        cookies,
        headers: FORM,
        payload: `csrf=${encodeURIComponent(csrfOf(page.body))}`,
      });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      // A link that is no good, and a forged form, are logged too.
      await send({ url: `/fi/registrations/${'b'.repeat(43)}/cancel` });
      await send({
        method: 'POST',
        url: '/api/v1/registrations/cancel',
        payload: { token: cancelTokenOf(cancelUrl).replace(/./, 'x') },
      });

      // An application with its facts.
      const intake = await group({ how_to_join: 'application', openness: 'closed' });
      const applied = await send({
        method: 'POST',
        url: `/api/v1/groups/${intake.id}/applications`,
        payload: {
          display_name: SENTINELS.name,
          email: SENTINELS.email,
          phone: SENTINELS.phone,
          language: 'fi',
          consent: true,
          facts: { area: SENTINELS.facts, background: SENTINELS.facts, languages: ['fi'] },
        },
      });
      assert.equal(applied.statusCode, 201, applied.body);
      const badApplication = await send({
        method: 'POST',
        url: `/api/v1/groups/${intake.id}/applications`,
        payload: { display_name: SENTINELS.name, email: SENTINELS.email, consent: 'no', facts: {} },
      });
      assert.equal(badApplication.statusCode, 400);

      // A referral, with the referrer's note among the answers.
      const referralGroup = await group({ how_to_join: 'referral', capacity: 5 });
      const referred = await send({
        method: 'POST',
        url: `/api/v1/groups/${referralGroup.id}/referrals`,
        headers: bearer(referrer),
        payload: {
          display_name: SENTINELS.name,
          email: SENTINELS.email,
          language: 'fi',
          consent: true,
          answers: { needs: SENTINELS.referral },
        },
      });
      assert.equal(referred.statusCode, 201, referred.body);
      tokens.add(
        cancelTokenOf(referred.json<{ cancel_url: string }>().cancel_url || 'registrations/x/cancel'),
      );

      // Signing in, by the API and the staff form, right and wrong.
      const wrong = await send({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: SENTINELS.staffEmail, password: `${SENTINELS.password}-wrong` },
      });
      assert.equal(wrong.statusCode, 401);
      const right = await send({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: SENTINELS.staffEmail, password: SENTINELS.password },
      });
      assert.equal(right.statusCode, 200, right.body);
      const signInForm = await send({ url: '/fi/staff/sign-in' });
      const signInCookie = signInForm.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      for (const password of [`${SENTINELS.password}-typo`, SENTINELS.password]) {
        await send({
          method: 'POST',
          url: '/fi/staff/sign-in',
          headers: FORM,
          cookies: { vertaamo_sign_in: signInCookie },
          payload: new URLSearchParams({
            csrf: csrfOf(signInForm.body),
            email: SENTINELS.staffEmail,
            password,
          }).toString(),
        });
      }

      // A message to the participants.
      const message = await send({
        method: 'POST',
        url: `/api/v1/groups/${g.id}/messages`,
        headers: bearer(coordinator),
        payload: { subject: SENTINELS.message, text: SENTINELS.message },
      });
      assert.equal(message.statusCode, 202, message.body);

      // Searching, and paths that hold personal data.
      await send({ url: `/fi/search?q=${encodeURIComponent(SENTINELS.search)}` });
      await send({ url: `/fi/groups/${encodeURIComponent(SENTINELS.email)}` });
      await send({
        url: `/nowhere/${encodeURIComponent(SENTINELS.email)}/${encodeURIComponent(SENTINELS.phone)}`,
      });

      // A data request: the link, the page, the export and the erasure.
      const asked = await send({
        method: 'POST',
        url: '/fi/my-data',
        headers: FORM,
        payload: new URLSearchParams({ email: SENTINELS.email }).toString(),
      });
      assert.equal(asked.statusCode, 200);
      await send({
        method: 'POST',
        url: '/api/v1/data-requests',
        payload: { email: SENTINELS.webEmail, language: 'en' },
      });
      // The link as the person receives it, over SMTP.
      const mail = await mailedTo(smtp, db, SENTINELS.email);
      const link = /(\/fi\/my-data\/link\/([A-Za-z0-9_-]{43}))/.exec(mail)!;
      tokens.add(link[2]!);
      const exchanged = await send({ url: link[1]! });
      assert.equal(exchanged.statusCode, 303);
      const session = {
        vertaamo_my_data: exchanged.cookies.find((c) => c.name === 'vertaamo_my_data')!.value,
      };
      const mine = await send({ url: '/fi/my-data/mine', cookies: session });
      assert.ok(mine.body.includes(SENTINELS.answer), 'the page shows the person their data');
      const exported = await send({
        method: 'POST',
        url: '/fi/my-data/export',
        cookies: session,
        headers: FORM,
        payload: `csrf=${encodeURIComponent(csrfOf(mine.body))}`,
      });
      assert.ok(exported.body.includes(SENTINELS.facts), 'the export has the data');
      const refused = await send({
        method: 'POST',
        url: '/fi/my-data/erase',
        cookies: session,
        headers: FORM,
        payload: `csrf=${encodeURIComponent(csrfOf(mine.body))}`,
      });
      assert.equal(refused.statusCode, 409, 'a seat is held');
      await send({
        method: 'POST',
        url: '/api/v1/registrations/cancel',
        payload: { token: cancelTokenOf(cancelUrl) },
      });
      const erased = await send({
        method: 'POST',
        url: '/fi/my-data/erase',
        cookies: session,
        headers: FORM,
        payload: `csrf=${encodeURIComponent(csrfOf(mine.body))}`,
      });
      assert.equal(erased.statusCode, 200, erased.body.slice(0, 300));

      const log = lines.join('');
      // The capture works and covers the flows: the routes are there by their patterns.
      for (const route of [
        '/api/v1/groups/:group/registrations',
        '/:lang/registrations/:token/cancel',
        '/:lang/my-data/link/:token',
        '/api/v1/auth/login',
        '/:lang/staff/sign-in',
      ])
        assert.ok(log.includes(`"url":"${route}"`), `${route} was logged`);

      const leaks = [
        ...Object.entries(SENTINELS).filter(([, v]) => log.toLowerCase().includes(v.toLowerCase())),
        ...[...tokens].filter((t) => t.length >= 20 && log.includes(t)).map((t) => ['token', t]),
        ...(log.toLowerCase().includes(S.toLowerCase()) ? [['sentinel', S]] : []),
      ];
      assert.deepEqual(leaks, [], 'nothing personal and no secret in the logs');
      assert.ok(tokens.size >= 8, 'tokens were issued and checked');

      const tokenInLocation = locations.filter((l) =>
        [...tokens].some((t) => t.length >= 20 && l.includes(t)),
      );
      assert.deepEqual(tokenInLocation, [], 'no token in any Location header');
    });
  });
}
