/**
 * Invitations over the API: who may invite whom, the email over real SMTP with a working
 * link, duplicates, revoking, isolation between organisations, and the request log that
 * never shows the link's secret.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { readable, startSmtp } from '../../test/support/smtp.ts';
import { deliverDue, smtpTransport } from '../notifications/outbox.ts';
import type { OrganisationRow } from './repository.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

interface InvitationJson {
  id: string;
  email: string;
  role: string;
  status: string;
  language: string;
}

for (const target of testDatabases()) {
  describe(`invitations API on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let org: OrganisationRow;
    let other: OrganisationRow;
    let admin: string;
    let coordinator: string;
    let otherAdmin: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW, publicUrl: 'https://vertaamo.example.fi' });
      smtp = await startSmtp();
      org = await makeOrganisation(db, {
        name: { fi: 'Omaishoitajat ry', sv: 'Närståendevårdarna rf', en: 'Family Carers' },
      });
      other = await makeOrganisation(db);
      admin = await tokenFor(db, org.id, 'admin');
      coordinator = await tokenFor(db, org.id, 'coordinator');
      otherAdmin = await tokenFor(db, other.id, 'admin');
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await dispose();
    });

    const invite = (token: string, body: Record<string, unknown>, orgId = org.id) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${orgId}/invitations`,
        headers: bearer(token),
        payload: body,
      });

    const deliver = async () => {
      const transport = smtpTransport(smtp.url);
      try {
        return await deliverDue(db, transport, NOW);
      } finally {
        transport.close();
      }
    };

    it('mails the invitation over SMTP in the chosen language with a link to the accept page', async () => {
      const email = `${unique('anna')}@example.fi`;
      const res = await invite(admin, { email: email.toUpperCase(), role: 'coordinator', language: 'sv' });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json<InvitationJson>();
      assert.equal(created.email, email, 'the address is stored in lower case');
      assert.equal(created.status, 'pending');
      const stored = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ token_hash: string }>('SELECT token_hash FROM invitations WHERE id = $1', [
              created.id,
            ])
          ).rows[0]!,
      );
      assert.match(stored.token_hash, /^[0-9a-f]{64}$/);

      assert.equal((await deliver()).sent, 1);
      const mail = smtp.received.find((m) => m.to.includes(email));
      assert.ok(mail, 'the SMTP server received the invitation');
      const text = readable(mail.raw);
      assert.match(text, /Subject: Inbjudan till Vertaamo: Närståendevårdarna rf/);
      assert.match(text, /som koordinator/);
      const link = /https:\/\/vertaamo\.example\.fi\/sv\/staff\/invitation\?token=([A-Za-z0-9_-]+)/.exec(
        text,
      );
      assert.ok(link, text);
      assert.notEqual(link[1], stored.token_hash, 'the mail carries the token, the database its hash');
      assert.ok(!res.body.includes(link[1]!), 'the API never returns the secret');

      const page = await app.inject({ url: new URL(link[0]).pathname + new URL(link[0]).search });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Närståendevårdarna rf/);
      assert.match(page.body, /koordinator/);
    });

    it('writes the last day of the link the way the invitee’s language writes dates', async () => {
      // The link works 7 days: until 29 November 2026.
      const expected = {
        fi: /viimeistään 29\. marraskuuta 2026:/,
        sv: /senast 29 november 2026:/,
        en: /by 29 November 2026:/,
      };
      const sent: Record<string, string> = {};
      for (const language of ['fi', 'sv', 'en'] as const) {
        const email = `${unique(`date-${language}`)}@example.fi`;
        sent[language] = email;
        const res = await invite(admin, { email, role: 'facilitator', language });
        assert.equal(res.statusCode, 201, res.body);
      }
      assert.equal((await deliver()).sent, 3);
      for (const language of ['fi', 'sv', 'en'] as const) {
        const mail = smtp.received.find((m) => m.to.includes(sent[language]!));
        assert.ok(mail, `the ${language} invitation was sent`);
        const text = readable(mail.raw);
        assert.match(text, expected[language], text);
        if (language !== 'fi')
          assert.doesNotMatch(text, /29\.11\.2026/, 'no Finnish date in another language');
      }
    });

    it('lets a coordinator invite facilitators and referrers but not admins, coordinators or board members', async () => {
      const ok = await invite(coordinator, { email: `${unique('f')}@example.fi`, role: 'facilitator' });
      assert.equal(ok.statusCode, 201, ok.body);
      for (const role of ['admin', 'coordinator', 'board_member']) {
        const res = await invite(coordinator, { email: `${unique('x')}@example.fi`, role });
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(res.json<{ errors: { field: string }[] }>().errors[0]?.field, 'role');
      }
    });

    it('refuses a facilitator, a board member and the public', async () => {
      for (const role of ['facilitator', 'board_member', 'referrer'] as const) {
        const token = await tokenFor(db, org.id, role);
        const res = await invite(token, { email: `${unique('y')}@example.fi`, role: 'facilitator' });
        assert.equal(res.statusCode, 403, role);
        const list = await app.inject({
          url: `/api/v1/organizations/${org.id}/invitations`,
          headers: bearer(token),
        });
        assert.equal(list.statusCode, 403, role);
      }
      const anonymous = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${org.id}/invitations`,
        payload: { email: 'z@example.fi', role: 'referrer' },
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('does not invite the same person to the same role twice while the first is open', async () => {
      const email = `${unique('dup')}@example.fi`;
      assert.equal((await invite(admin, { email, role: 'referrer' })).statusCode, 201);
      const again = await invite(admin, { email, role: 'referrer' });
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json<{ code: string }>().code, 'invitation-pending');
      assert.equal(
        (await invite(admin, { email, role: 'facilitator' })).statusCode,
        201,
        'another role is fine',
      );
      const list = await app.inject({
        url: `/api/v1/organizations/${org.id}/invitations`,
        headers: bearer(admin),
      });
      const mine = list.json<{ items: InvitationJson[] }>().items.filter((i) => i.email === email);
      assert.deepEqual(mine.map((i) => i.role).sort(), ['facilitator', 'referrer']);
      // After revoking, a new one can be sent.
      const referrer = mine.find((i) => i.role === 'referrer')!;
      const revoked = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${org.id}/invitations/${referrer.id}`,
        headers: bearer(admin),
      });
      assert.equal(revoked.statusCode, 204);
      assert.equal((await invite(admin, { email, role: 'referrer' })).statusCode, 201);
    });

    it('answers bad bodies with problem details naming the field', async () => {
      const bad = await invite(admin, { email: 'not-an-address', role: 'facilitator' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(bad.body, /email/);
      const role = await invite(admin, { email: 'a@example.fi', role: 'king' });
      assert.equal(role.statusCode, 400);
      assert.match(role.body, /role/);
    });

    it('keeps another organisation’s staff from listing, creating or revoking our invitations', async () => {
      const email = `${unique('secret')}@example.fi`;
      const created = (await invite(admin, { email, role: 'facilitator' })).json<InvitationJson>();
      const list = await app.inject({
        url: `/api/v1/organizations/${org.id}/invitations`,
        headers: bearer(otherAdmin),
      });
      assert.equal(list.statusCode, 403);
      assert.doesNotMatch(list.body, new RegExp(email));
      assert.equal((await invite(otherAdmin, { email: 'in@example.fi', role: 'admin' })).statusCode, 403);
      for (const url of [
        `/api/v1/organizations/${org.id}/invitations/${created.id}`,
        `/api/v1/organizations/${other.id}/invitations/${created.id}`,
      ]) {
        const res = await app.inject({ method: 'DELETE', url, headers: bearer(otherAdmin) });
        assert.ok([403, 404].includes(res.statusCode), `${url} → ${res.statusCode}`);
      }
      const ownList = await app.inject({
        url: `/api/v1/organizations/${other.id}/invitations`,
        headers: bearer(otherAdmin),
      });
      assert.equal(ownList.statusCode, 200);
      assert.doesNotMatch(ownList.body, new RegExp(email));
      const still = await app.inject({
        url: `/api/v1/organizations/${org.id}/invitations`,
        headers: bearer(admin),
      });
      const row = still.json<{ items: InvitationJson[] }>().items.find((i) => i.id === created.id);
      assert.equal(row?.status, 'pending');
    });

    it('never writes the link’s secret to the request log', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const logged = await buildApp({ db, clock: () => NOW, logger: { level: 'info', stream } });
      try {
        await logged.inject({ url: '/en/staff/invitation?token=SuperSecretToken1234567890abc' });
      } finally {
        await logged.close();
      }
      const log = lines.join('');
      assert.match(
        log,
        /"url":"\/:lang\/staff\/invitation"/,
        'requests are logged by their route, not their address',
      );
      assert.doesNotMatch(log, /SuperSecretToken/);
    });
  });
}
