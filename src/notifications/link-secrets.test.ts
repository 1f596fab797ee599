/**
 * No queued email holds a bearer secret in clear: besides cancel links
 * (cancel-links.test.ts), the accept link of a staff invitation and the link of a my-data
 * request wait with a slot in the stored body and the secret sealed apart, are filled in
 * only as the mail leaves and then erased. The links people receive over real SMTP, and
 * those the development mailbox shows, still work; mail queued before migration 027 (a
 * secret in clear, or a cancel secret sealed under its old field name) goes out right too.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { rawDatabase, testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { mailedTo, startSmtp } from '../../test/support/smtp.ts';
import { csrfOf, FORM, readMailbox } from '../../test/support/staff.ts';
import { writeSealed } from '../privacy/crypto.ts';
import { deliverDue, queuedSecrets, sealClearSecrets } from './outbox.ts';

const PUBLIC_URL = 'https://vertaamo.example';
const TOKEN = '[A-Za-z0-9_-]{43}';

for (const target of testDatabases()) {
  describe(`secrets of links in queued mail on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let orgId: string;
    let admin: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, publicUrl: PUBLIC_URL });
      smtp = await startSmtp();
      orgId = (await makeOrganisation(db)).id;
      admin = await tokenFor(db, orgId, 'admin');
    });
    after(async () => {
      await app.close();
      await smtp.close();
      await dispose();
    });

    async function invite(email: string, language = 'fi') {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${orgId}/invitations`,
        headers: bearer(admin),
        payload: { email, role: 'facilitator', language },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    }

    /** A person registered to a group, so that a my-data link goes out to their address. */
    async function registered(email: string) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(admin),
        payload: groupBody(orgId, { how_to_join: 'registration', capacity: 5 }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const groupId = created.json<{ id: string }>().id;
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${groupId}/remote-details`,
        headers: bearer(admin),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/lifecycle`,
        headers: bearer(admin),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      const joined = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: { display_name: 'Tietojen Kysyjä', email, language: 'sv', consent: true },
      });
      assert.equal(joined.statusCode, 201, joined.body);
      return joined.json<{ cancel_url: string }>().cancel_url;
    }

    async function askForMyData(email: string, language = 'sv') {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/data-requests',
        payload: { email, language },
      });
      assert.equal(res.statusCode, 202, res.body);
    }

    const queued = (recipient: string, kind: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ id: string; org_id: string | null; body: string; sealed: number }>(
              `SELECT o.id::text AS id, o.org_id, o.body,
                 (SELECT count(*)::int FROM sealed_values s WHERE s.outbox_id = o.id) AS sealed
               FROM outbox o WHERE recipient = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
              [recipient, kind],
            )
          ).rows[0]!,
      );

    /** Asserts that no table of the database holds the secret, in any column, nor in ciphertext bytes. */
    function nowhereIn(raw: { text: string; bytes: Buffer[] }, secret: string, when: string) {
      assert.ok(!raw.text.includes(secret), `${when}: no table holds the secret in clear`);
      assert.ok(!raw.bytes.some((b) => b.includes(Buffer.from(secret))), `${when}: nor a sealed value`);
    }

    it('queues an invitation without its token, and the link mailed over SMTP accepts it', async () => {
      const email = `${unique('kutsuttu')}@example.fi`;
      await invite(email);
      const waiting = await queued(email, 'staff_invitation');
      assert.match(waiting.body, /\/fi\/staff\/invitation\?token=\{link-secret\}/);
      assert.equal(waiting.sealed, 1, 'the token waits sealed');
      const before = await rawDatabase(db);

      const mail = await mailedTo(smtp, db, email);
      const link = new RegExp(`${PUBLIC_URL}/fi/staff/invitation\\?token=(${TOKEN})`).exec(mail);
      assert.ok(link, mail);
      const token = link[1]!;
      nowhereIn(before, token, 'while queued');
      nowhereIn(await rawDatabase(db), token, 'once sent');
      assert.equal((await queued(email, 'staff_invitation')).sealed, 0, 'the sealed token is erased');

      // The mailed link accepts the invitation, as the person's browser would.
      const page = await app.inject({ url: new URL(link[0]).pathname + new URL(link[0]).search });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const signIn = page.cookies.find((c) => c.name === 'vertaamo_sign_in')!.value;
      const accepted = await app.inject({
        method: 'POST',
        url: '/fi/staff/invitation',
        headers: FORM,
        cookies: { vertaamo_sign_in: signIn },
        payload: new URLSearchParams({
          csrf: csrfOf(page.body),
          token,
          mode: 'new',
          display_name: 'Kutsuttu Ohjaaja',
          password: 'ohjaajan-salasana-2026',
          password_again: 'ohjaajan-salasana-2026',
        }).toString(),
      });
      assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
      const roles = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ role: string }>(
              'SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.org_id = $2',
              [email, orgId],
            )
          ).rows,
      );
      assert.deepEqual(roles, [{ role: 'facilitator' }], 'the link made the person a facilitator');
    });

    it('queues a my-data link without its token, and the link mailed over SMTP opens my data', async () => {
      const email = `${unique('kysyja')}@example.fi`;
      await registered(email);
      await mailedTo(smtp, db, email); // the confirmation goes first
      await askForMyData(email);
      const waiting = await queued(email, 'data_request_link');
      assert.equal(waiting.org_id, null, 'a my-data link is for a person, not for an organisation');
      assert.match(waiting.body, /\/sv\/my-data\/link\/\{link-secret\}/);
      assert.equal(waiting.sealed, 1, 'the token waits sealed');
      const before = await rawDatabase(db);

      const mail = await mailedTo(smtp, db, email);
      const link = new RegExp(`${PUBLIC_URL}(/sv/my-data/link/(${TOKEN}))`).exec(mail);
      assert.ok(link, mail);
      nowhereIn(before, link[2]!, 'while queued');
      nowhereIn(await rawDatabase(db), link[2]!, 'once sent');

      const opened = await app.inject({ url: link[1]! });
      assert.equal(opened.statusCode, 303);
      const cookie = opened.cookies.find((c) => c.name === 'vertaamo_my_data' && c.value);
      assert.ok(cookie, 'the mailed link opens a my-data session');
      const mine = await app.inject({
        url: String(opened.headers.location),
        cookies: { vertaamo_my_data: cookie.value },
      });
      assert.equal(mine.statusCode, 200);
      assert.match(mine.body, /Tietojen Kysyjä/, 'the page shows what is held about the address');
    });

    it('erases the sealed token when an unsent invitation is revoked', async () => {
      const email = `${unique('peruttu')}@example.fi`;
      const id = await invite(email);
      assert.equal((await queued(email, 'staff_invitation')).sealed, 1);
      const revoked = await app.inject({
        method: 'DELETE',
        url: `/api/v1/organizations/${orgId}/invitations/${id}`,
        headers: bearer(admin),
      });
      assert.equal(revoked.statusCode, 204);
      assert.equal((await queued(email, 'staff_invitation')).sealed, 0, 'the token is erased');
      await deliverDue(db, 'mailbox', new Date(), 100);
      const failed = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ sent: boolean }>(
              `SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE recipient = $1`,
              [email],
            )
          ).rows,
      );
      assert.deepEqual(failed, [{ sent: false }], 'and the mail never goes out');
    });

    it('shows working invitation and my-data links on the development mailbox', async () => {
      const invited = `${unique('kehitys')}@example.fi`;
      const asking = `${unique('kehityskysyja')}@example.fi`;
      await invite(invited, 'en');
      await registered(asking);
      await askForMyData(asking, 'fi');
      assert.equal((await deliverDue(db, 'mailbox', new Date(), 100)).failed, 0);
      assert.equal((await queued(invited, 'staff_invitation')).sealed, 1, 'kept sealed for the mailbox');
      assert.equal((await queued(asking, 'data_request_link')).sealed, 1);

      const dev = await buildApp({ db, devMailbox: true, publicUrl: PUBLIC_URL });
      try {
        const mailbox = (await readMailbox(dev, db)).replaceAll('&amp;', '&');
        const accept = new RegExp(`${PUBLIC_URL}(/en/staff/invitation\\?token=(${TOKEN}))`).exec(mailbox);
        const myData = new RegExp(`${PUBLIC_URL}(/fi/my-data/link/(${TOKEN}))`).exec(mailbox);
        assert.ok(accept && myData, 'the mailbox shows both links with their secrets');
        const raw = await rawDatabase(db);
        nowhereIn(raw, accept[2]!, 'in the mailbox');
        nowhereIn(raw, myData[2]!, 'in the mailbox');
        const page = await dev.inject({ url: accept[1]! });
        assert.equal(page.statusCode, 200, 'the invitation link opens the accept page');
        assert.match(page.body, /name="token"/);
        const opened = await dev.inject({ url: myData[1]! });
        assert.ok(
          opened.cookies.some((c) => c.name === 'vertaamo_my_data' && c.value),
          'the my-data link opens',
        );
      } finally {
        await dev.close();
      }
    });

    it('seals secrets left in clear in mail queued before migration 027, and mails them right', async () => {
      const invited = `${unique('vanhakutsu')}@example.fi`;
      const asking = `${unique('vanhakysyja')}@example.fi`;
      const legacyCancel = `${unique('vanhaperuja')}@example.fi`;
      await registered(asking);
      const cancelUrl = await registered(legacyCancel);
      await mailedTo(smtp, db, legacyCancel); // the confirmations go first
      await invite(invited, 'sv');
      await askForMyData(asking, 'en');
      // As those messages stood before 027: the invitation and my-data secrets in clear in the body.
      const secrets = new Map<string, string>();
      await db.ownerTransaction(async (tx) => {
        for (const [who, kind] of [
          [invited, 'staff_invitation'],
          [asking, 'data_request_link'],
        ] as const) {
          const { rows } = await tx.query<{ id: string }>(
            'SELECT id::text AS id FROM outbox WHERE recipient = $1 AND kind = $2',
            [who, kind],
          );
          const id = rows[0]!.id;
          const secret = (await queuedSecrets(tx, [id])).get(id)!;
          secrets.set(who, secret);
          await tx.query(`UPDATE outbox SET body = replace(body, '{link-secret}', $2) WHERE id = $1`, [
            id,
            secret,
          ]);
          await tx.query('DELETE FROM sealed_values WHERE outbox_id = $1', [id]);
        }
      });
      assert.ok(
        (await rawDatabase(db)).text.includes(secrets.get(invited)!),
        'the old rows hold it in clear',
      );

      assert.equal(await sealClearSecrets(db), 2);
      assert.equal(await sealClearSecrets(db), 0, 'a second run finds nothing');
      for (const [who, secret] of secrets) nowhereIn(await rawDatabase(db), secret, `sealed for ${who}`);
      assert.match((await queued(invited, 'staff_invitation')).body, /token=\{link-secret\}/);
      assert.equal((await queued(asking, 'data_request_link')).sealed, 1);

      // A cancel secret sealed under its field's old name, behind the old slot (025–026).
      const cancelSecret = /registrations\/([A-Za-z0-9_-]{43})\/cancel/.exec(cancelUrl)![1]!;
      await db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO outbox (org_id, kind, recipient, language, subject, body)
           VALUES ($1, 'registration_confirmed', $2, 'fi', 'Paikka', $3) RETURNING id::text AS id`,
          [orgId, legacyCancel, `Peru: ${PUBLIC_URL}/fi/registrations/{cancel-token}/cancel`],
        );
        await writeSealed(
          tx,
          { table: 'outbox', id: rows[0]!.id, orgId, field: 'cancel_token' },
          cancelSecret,
        );
      });

      const invitation = await mailedTo(smtp, db, invited);
      assert.ok(invitation.includes(`/sv/staff/invitation?token=${secrets.get(invited)}`));
      assert.ok((await mailedTo(smtp, db, asking)).includes(`/en/my-data/link/${secrets.get(asking)}`));
      assert.ok(
        (await mailedTo(smtp, db, legacyCancel)).includes(`/fi/registrations/${cancelSecret}/cancel`),
        'the old slot is filled from the old field',
      );
      const raw = await rawDatabase(db);
      for (const secret of [...secrets.values(), cancelSecret]) nowhereIn(raw, secret, 'once sent');
      const left = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM sealed_values s JOIN outbox o ON o.id = s.outbox_id WHERE o.delivered_via = 'smtp'`,
            )
          ).rows[0]!.n,
      );
      assert.equal(left, 0, 'no sealed secret stays with mail handed to the mail server');
      const page = await app.inject({
        url: /\/sv\/staff\/invitation\?token=[A-Za-z0-9_-]{43}/.exec(invitation)![0],
      });
      assert.equal(page.statusCode, 200, 'the mailed invitation link works');
    });
  });
}
