/**
 * Inviting people through the staff workspace and accepting in the browser, without
 * JavaScript: the people page's invite form, the email over real SMTP, the accept page for a
 * new and an existing account, used, expired and revoked links, and the settings page.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { rawDatabase, testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { readable, startSmtp } from '../../test/support/smtp.ts';
import { createUser } from '../accounts/service.ts';
import type { Role } from '../accounts/permissions.ts';
import { insertMembership, type OrganisationRow } from '../organisations/repository.ts';
import { deliverDue, smtpTransport } from '../notifications/outbox.ts';

const PASSWORD = 'vertaisryhmä-salasana';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

for (const target of testDatabases()) {
  describe(`inviting people in the workspace on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let org: OrganisationRow;
    let other: OrganisationRow;
    let now = new Date('2026-11-22T10:00:00Z');

    async function person(roles: [OrganisationRow, Role][], password = PASSWORD): Promise<string> {
      const email = `${unique('staff')}@example.fi`;
      const user = await createUser(db, { email, displayName: `Henkilö ${email}`, password });
      await db.ownerTransaction(async (tx) => {
        for (const [o, role] of roles) await insertMembership(tx, o.id, user.id, role);
      });
      return email;
    }

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => now, publicUrl: 'https://vertaamo.example.fi' });
      smtp = await startSmtp();
      org = await makeOrganisation(db, { name: { fi: 'Vertaiset ry', sv: 'Kamraterna rf', en: 'Peers' } });
      other = await makeOrganisation(db);
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await dispose();
    });

    async function signIn(email: string, password = PASSWORD): Promise<string> {
      const form = await app.inject({ url: '/fi/staff/sign-in' });
      const secret = form.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const res = await app.inject({
        method: 'POST',
        url: '/fi/staff/sign-in',
        headers: FORM,
        cookies: { vertaamo_sign_in: secret },
        payload: new URLSearchParams({ csrf: csrfOf(form.body), email, password }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return res.cookies.find((c) => c.name === 'vertaamo_session')!.value;
    }

    const get = (url: string, session?: string) =>
      app.inject({ url, cookies: session ? { vertaamo_session: session } : {} });

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

    /** Delivers the queued mail over SMTP and returns the accept link sent to this address. */
    async function linkFor(email: string): Promise<{ path: string; token: string; text: string }> {
      const transport = smtpTransport(smtp.url);
      try {
        await deliverDue(db, transport, now);
      } finally {
        transport.close();
      }
      const mail = [...smtp.received].reverse().find((m) => m.to.includes(email));
      assert.ok(mail, `a mail reached ${email}`);
      const text = readable(mail.raw);
      const match =
        /https:\/\/vertaamo\.example\.fi(\/(?:fi|sv|en)\/staff\/invitation\?token=([A-Za-z0-9_-]+))/.exec(
          text,
        );
      assert.ok(match, text);
      return { path: match[1]!, token: match[2]!, text };
    }

    async function invite(session: string, fields: Record<string, string>, orgId = org.id) {
      return submit(`/fi/staff/people?org=${orgId}`, `/fi/staff/people/invite?org=${orgId}`, session, fields);
    }

    /** Opens the accept page and posts its form as a browser would. */
    async function accept(path: string, fields: Record<string, string>, session?: string) {
      const page = await get(path, session);
      assert.equal(page.statusCode, 200, page.body.slice(0, 500));
      const secret = page.cookies.find((c) => c.name === 'vertaamo_sign_in')?.value;
      const lang = path.slice(1, 3);
      return {
        page,
        res: await app.inject({
          method: 'POST',
          url: `/${lang}/staff/invitation`,
          headers: FORM,
          cookies: {
            ...(secret ? { vertaamo_sign_in: secret } : {}),
            ...(session ? { vertaamo_session: session } : {}),
          },
          payload: new URLSearchParams({
            csrf: csrfOf(page.body),
            token: /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
            mode: /name="mode" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
            ...fields,
          }).toString(),
        }),
      };
    }

    it('invites a new person who creates an account, gets the role once and lands on their start page', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const email = `${unique('uusi')}@example.fi`;
      const sent = await invite(admin, { email, role: 'board_member', language: 'en' });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      const listed = await get(sent.headers.location as string, admin);
      assert.match(listed.body, new RegExp(`The invitation was sent|Kutsu lähetettiin`));
      assert.match(listed.body, new RegExp(email));

      const { path, text, token } = await linkFor(email);
      assert.match(text, /Subject: Invitation to Vertaamo: Peers/);
      assert.match(text, /as board member/);
      assert.ok(path.startsWith('/en/'), 'the link opens in the invitee’s language');

      // Errors beside the fields, the name kept.
      const { res: weak } = await accept(path, {
        display_name: 'Maija',
        password: 'short',
        password_again: 'short',
      });
      assert.equal(weak.statusCode, 422);
      assert.match(weak.body, /id="password-error"[^>]*>The password must be at least 12 characters/);
      assert.match(weak.body, /aria-describedby="password-hint password-error"/);
      assert.match(weak.body, /name="display_name"[^>]*value="Maija"|value="Maija"[^>]*name="display_name"/);

      const { page, res } = await accept(path, {
        display_name: 'Maija Meikäläinen',
        password: 'uusi-salasana-2026',
        password_again: 'uusi-salasana-2026',
      });
      assert.match(page.body, /You have been invited to Peers on Vertaamo as board member/);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, '/en/staff');
      const session = res.cookies.find((c) => c.name === 'vertaamo_session')?.value;
      assert.ok(session, 'the person is signed in');
      const start = await get('/en/staff', session);
      assert.equal(start.statusCode, 200);
      assert.match(start.body, /board member/);
      assert.match(start.body, /Proposals awaiting the board|awaiting/i);

      // Submitting the same form again creates nothing more.
      const again = await app.inject({
        method: 'POST',
        url: '/en/staff/invitation',
        headers: FORM,
        cookies: { vertaamo_sign_in: page.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value },
        payload: new URLSearchParams({
          csrf: csrfOf(page.body),
          token: /name="token" value="([^"]+)"/.exec(page.body)![1]!,
          mode: 'new',
          display_name: 'Toinen',
          password: 'toinen-salasana-2026',
          password_again: 'toinen-salasana-2026',
        }).toString(),
      });
      assert.equal(again.statusCode, 410);
      assert.match(again.body, /already been used/);
      const memberships = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ role: string }>(
              'SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1',
              [email],
            )
          ).rows,
      );
      assert.deepEqual(memberships, [{ role: 'board_member' }]);
      // The link now shows it was used, and the chosen password signs in.
      assert.equal((await get(path)).statusCode, 410);
      await signIn(email, 'uusi-salasana-2026');
      // The database holds the link's secret nowhere: neither the stored email nor anything else.
      const raw = await rawDatabase(db);
      assert.ok(!raw.text.includes(token), 'no table holds the token in clear');
      assert.ok(!raw.bytes.some((b) => b.includes(Buffer.from(token))));
    });

    it('lets a person with an account sign in with their password to accept', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const email = await person([[other, 'facilitator']]);
      assert.equal((await invite(admin, { email, role: 'facilitator', language: 'sv' })).statusCode, 303);
      const { path } = await linkFor(email);
      const wrong = await accept(path, { password: 'väärä-salasana-123' });
      assert.match(wrong.page.body, /Du har redan ett konto/);
      assert.equal(wrong.res.statusCode, 401);
      assert.match(wrong.res.body, /id="password-error"[^>]*>Lösenordet är fel/);
      const { res } = await accept(path, { password: PASSWORD });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const session = res.cookies.find((c) => c.name === 'vertaamo_session')!.value;
      const start = await get('/sv/staff', session);
      assert.match(start.body, /Vertaiset ry|Kamraterna rf/);
      assert.match(start.body, /handledare/);
    });

    it('refuses expired and revoked links with a page that says so', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const late = `${unique('late')}@example.fi`;
      await invite(admin, { email: late, role: 'referrer', language: 'fi' });
      const expired = await linkFor(late);
      const revokedEmail = `${unique('revoked')}@example.fi`;
      await invite(admin, { email: revokedEmail, role: 'referrer', language: 'fi' });
      const revoked = await linkFor(revokedEmail);

      const page = await get(`/fi/staff/people?org=${org.id}`, admin);
      const id = new RegExp(
        `${revokedEmail}</th>[^]*?/fi/staff/people/invitations/([0-9a-f-]{36})/revoke`,
      ).exec(page.body)?.[1];
      assert.ok(id, 'a revoke button for the invitation');
      const revoke = await submit(
        `/fi/staff/people?org=${org.id}`,
        `/fi/staff/people/invitations/${id}/revoke?org=${org.id}`,
        admin,
        {},
      );
      assert.equal(revoke.statusCode, 303);
      const closed = await get(revoked.path);
      assert.equal(closed.statusCode, 410);
      assert.match(closed.body, /Kutsu on peruttu/);
      assert.doesNotMatch(closed.body, /name="password"/);

      const saved = now;
      now = new Date(saved.getTime() + 8 * 86_400_000);
      try {
        const old = await get(expired.path);
        assert.equal(old.statusCode, 410);
        assert.match(old.body, /Kutsu on vanhentunut/);
      } finally {
        now = saved;
      }
      const unknown = await get('/fi/staff/invitation?token=abcdefghijklmnopqrstuvwxyz0123');
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Kutsulinkki ei kelpaa/);
    });

    it('shows a duplicate invitation as an error beside the email, keeping what was typed', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const email = `${unique('twice')}@example.fi`;
      assert.equal((await invite(admin, { email, role: 'facilitator', language: 'fi' })).statusCode, 303);
      const again = await invite(admin, { email, role: 'facilitator', language: 'sv' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /id="email-error"[^>]*>Tälle henkilölle on jo avoin kutsu/);
      assert.match(again.body, new RegExp(`value="${email}"`));
      assert.match(again.body, /id="invite-language-sv"[^>]*checked|checked[^>]*id="invite-language-sv"/);
      const bad = await invite(admin, { email: 'ei-osoite', role: 'facilitator', language: 'fi' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="email-error"[^>]*>Anna kelvollinen sähköpostiosoite/);
    });

    it('gives a coordinator the invite form for facilitators and referrers only, and a facilitator nothing', async () => {
      const coordinator = await signIn(await person([[org, 'coordinator']]));
      const page = await get(`/fi/staff/people?org=${org.id}`, coordinator);
      assert.equal(page.statusCode, 200);
      const options = [...page.body.matchAll(/<option value="([a-z_]+)"/g)].map((m) => m[1]);
      assert.deepEqual(options, ['facilitator', 'referrer']);
      const admin = await invite(coordinator, {
        email: `${unique('a')}@example.fi`,
        role: 'admin',
        language: 'fi',
      });
      assert.equal(admin.statusCode, 403);
      assert.match(admin.body, /id="role-error"/);

      const facilitator = await signIn(await person([[org, 'facilitator']]));
      const refused = await get(`/fi/staff/people?org=${org.id}`, facilitator);
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch(refused.body, /name="email"/);
      const posted = await app.inject({
        method: 'POST',
        url: `/fi/staff/people/invite?org=${org.id}`,
        headers: FORM,
        cookies: { vertaamo_session: facilitator },
        payload: new URLSearchParams({
          csrf: csrfOf(refused.body),
          email: 'x@example.fi',
          role: 'facilitator',
        }).toString(),
      });
      assert.ok(posted.statusCode >= 400);
    });

    it('keeps another organisation’s admin away from our people and invitations', async () => {
      const ours = await signIn(await person([[org, 'admin']]));
      const email = `${unique('private')}@example.fi`;
      await invite(ours, { email, role: 'referrer', language: 'fi' });
      const page = await get(`/fi/staff/people?org=${org.id}`, ours);
      const id = new RegExp(`${email}</th>[^]*?/people/invitations/([0-9a-f-]{36})/revoke`).exec(
        page.body,
      )![1]!;
      const theirs = await signIn(await person([[other, 'admin']]));
      const look = await get(`/fi/staff/people?org=${org.id}`, theirs);
      assert.equal(look.statusCode, 404);
      assert.doesNotMatch(look.body, new RegExp(email));
      const own = await get(`/fi/staff/people?org=${other.id}`, theirs);
      for (const action of [
        `/fi/staff/people/invitations/${id}/revoke?org=${org.id}`,
        `/fi/staff/people/invitations/${id}/revoke?org=${other.id}`,
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: action,
          headers: FORM,
          cookies: { vertaamo_session: theirs },
          payload: new URLSearchParams({ csrf: csrfOf(own.body) }).toString(),
        });
        assert.ok([403, 404].includes(res.statusCode), `${action} → ${res.statusCode}`);
      }
      const after = await get(`/fi/staff/people?org=${org.id}`, ours);
      assert.match(after.body, new RegExp(`${email}</th><td>[^<]*</td><td>Odottaa`));
    });

    it('refuses the invite form without the CSRF token, or from another site', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const email = `${unique('csrf')}@example.fi`;
      const missing = await app.inject({
        method: 'POST',
        url: `/fi/staff/people/invite?org=${org.id}`,
        headers: FORM,
        cookies: { vertaamo_session: admin },
        payload: new URLSearchParams({ email, role: 'facilitator' }).toString(),
      });
      assert.equal(missing.statusCode, 403);
      const page = await get(`/fi/staff/people?org=${org.id}`, admin);
      const cross = await app.inject({
        method: 'POST',
        url: `/fi/staff/people/invite?org=${org.id}`,
        headers: { ...FORM, 'sec-fetch-site': 'cross-site' },
        cookies: { vertaamo_session: admin },
        payload: new URLSearchParams({ csrf: csrfOf(page.body), email, role: 'facilitator' }).toString(),
      });
      assert.equal(cross.statusCode, 403);
      const count = await db.ownerTransaction(
        async (tx) => (await tx.query('SELECT 1 FROM invitations WHERE email = $1', [email])).rows.length,
      );
      assert.equal(count, 0);
      // The accept form without its pre-sign-in cookie is refused too.
      const link = `${unique('accept')}@example.fi`;
      await invite(admin, { email: link, role: 'referrer', language: 'fi' });
      const { path } = await linkFor(link);
      const acceptPage = await get(path);
      const forged = await app.inject({
        method: 'POST',
        url: '/fi/staff/invitation',
        headers: FORM,
        payload: new URLSearchParams({
          csrf: csrfOf(acceptPage.body),
          token: path.split('token=')[1]!,
          mode: 'new',
          display_name: 'Hyökkääjä',
          password: 'hyokkaajan-salasana',
          password_again: 'hyokkaajan-salasana',
        }).toString(),
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await get(path)).statusCode, 200, 'the invitation is still open');
    });

    it('saves the organisation settings and shows errors beside the fields, keeping the input', async () => {
      const admin = await signIn(await person([[org, 'admin']]));
      const url = `/fi/staff/settings?org=${org.id}`;
      const bad = await submit(url, url, admin, {
        name_fi: '',
        name_sv: 'Kamraterna rf',
        email: 'ei-osoite',
        phone: 'soita',
        website: 'javascript:alert(1)',
        retention_days: '0',
        low_attendance_min_present: '3',
        low_attendance_consecutive: '',
        description_fi: 'Pidetään tämä',
      });
      assert.equal(bad.statusCode, 422);
      for (const [field, text] of [
        ['name_fi', 'Kirjoita nimi suomeksi'],
        ['email', 'Anna kelvollinen sähköpostiosoite'],
        ['phone', 'Anna puhelinnumero numeroina'],
        ['website', 'Anna osoite, joka alkaa'],
        ['retention_days', 'Anna kokonaisluku väliltä 1–3650'],
        ['low_attendance_consecutive', 'Anna molemmat luvut'],
      ]) {
        assert.match(bad.body, new RegExp(`id="${field}-error"[^>]*>${text}`), field);
        assert.match(bad.body, new RegExp(`aria-describedby="[^"]*${field}-error`), field);
      }
      assert.match(bad.body, />Pidetään tämä</);
      assert.match(bad.body, /value="Kamraterna rf"/);

      const ok = await submit(url, url, admin, {
        name_fi: 'Vertaiset ry',
        name_sv: 'Kamraterna rf',
        name_en: 'Peers',
        description_fi: 'Vertaistukea Espoossa',
        email: 'info@vertaiset.fi',
        phone: '+358 40 123 4567',
        website: 'https://vertaiset.fi',
        requires_board_approval: 'yes',
        retention_days: '180',
        low_attendance_min_present: '3',
        low_attendance_consecutive: '2',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      const shown = await get(ok.headers.location as string, admin);
      assert.match(shown.body, /Asetukset tallennettiin/);
      const row = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<Record<string, unknown>>(
              `SELECT email, phone, website, requires_board_approval, retention_days, low_attendance_min_present,
                 low_attendance_consecutive, description FROM organisations WHERE id = $1`,
              [org.id],
            )
          ).rows[0]!,
      );
      assert.deepEqual(row, {
        email: 'info@vertaiset.fi',
        phone: '+358 40 123 4567',
        website: 'https://vertaiset.fi',
        requires_board_approval: true,
        retention_days: 180,
        low_attendance_min_present: 3,
        low_attendance_consecutive: 2,
        description: { fi: 'Vertaistukea Espoossa' },
      });

      const coordinator = await signIn(await person([[org, 'coordinator']]));
      const refused = await get(url, coordinator);
      assert.equal(refused.statusCode, 403);
      const forged = await app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: { vertaamo_session: admin },
        payload: new URLSearchParams({ name_fi: 'Kaapattu', retention_days: '5' }).toString(),
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(shown.headers['cache-control'], 'no-store');
    });
  });
}
