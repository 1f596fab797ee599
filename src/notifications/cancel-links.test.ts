/**
 * The cancel link in a confirmation or waiting-list email is a bearer secret: the outbox
 * never holds it in clear. It is sealed apart while the message waits, put into the mail
 * only as it leaves, and erased once the mail server has it — and the link the person
 * receives over real SMTP still cancels their registration.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { rawDatabase, testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { readable, startSmtp } from '../../test/support/smtp.ts';
import { csrfOf, FORM, readMailbox } from '../../test/support/staff.ts';
import { currentKeyring, newKeyEntry, parseKeyring, rotateKeys, useKeyring } from '../privacy/crypto.ts';
import { deliverDue, smtpTransport, type MailTransport } from './outbox.ts';

const K1 = newKeyEntry('k1');
const K2 = newKeyEntry('k2');

for (const target of testDatabases()) {
  describe(`cancel links in queued mail on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let orgId: string;
    let token: string;
    const saved = currentKeyring();

    before(async () => {
      useKeyring(parseKeyring(K1));
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, publicUrl: 'https://vertaamo.example' });
      smtp = await startSmtp();
      orgId = (await makeOrganisation(db)).id;
      token = await tokenFor(db, orgId, 'coordinator');
    });
    after(async () => {
      useKeyring(saved);
      await app.close();
      await smtp.close();
      await dispose();
    });

    async function publishedGroup(capacity: number) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, { how_to_join: 'registration', capacity }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return group.id;
    }

    /** Registers a person; returns their registration id and the cancel link's secret. */
    async function join(groupId: string, name: string, language = 'fi') {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: { display_name: name, email: `${name.toLowerCase()}@example.fi`, language, consent: true },
      });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json<{ id: string; cancel_url: string }>();
      return { id: body.id, secret: /registrations\/([A-Za-z0-9_-]{43})\/cancel/.exec(body.cancel_url)![1]! };
    }

    const outboxText = (recipient: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ t: string; body: string; kind: string }>(
              'SELECT o::text AS t, body, kind FROM outbox o WHERE recipient = $1 ORDER BY id',
              [recipient],
            )
          ).rows,
      );
    const sealedTokens = (recipient: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM sealed_values s JOIN outbox o ON o.id = s.outbox_id
               WHERE o.recipient = $1 AND s.field = 'link_secret'`,
              [recipient],
            )
          ).rows[0]!.n,
      );
    const deliver = async (now = new Date()) => {
      const transport = smtpTransport(smtp.url);
      try {
        return await deliverDue(db, transport, now, 100);
      } finally {
        transport.close();
      }
    };
    const mailTo = (address: string) => {
      const mail = [...smtp.received].reverse().find((m) => m.to.includes(address));
      assert.ok(mail, `the SMTP server received mail for ${address}`);
      return readable(mail.raw);
    };
    const status = async (registrationId: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ status: string }>('SELECT status FROM registrations WHERE id = $1', [
              registrationId,
            ])
          ).rows[0]!.status,
      );

    /** Follows a cancel link as the person's browser would: link, page, then the form. */
    async function cancelThrough(link: string) {
      const opened = await app.inject({ url: new URL(link).pathname });
      assert.equal(opened.statusCode, 303);
      const cookie = opened.cookies.find((c) => c.name === 'vertaamo_cancel');
      assert.ok(cookie, 'the link is exchanged for a cookie');
      const cookies = { vertaamo_cancel: cookie.value };
      const page = await app.inject({ url: String(opened.headers.location), cookies });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const done = await app.inject({
        method: 'POST',
        url: String(opened.headers.location),
        cookies,
        headers: FORM,
        payload: `csrf=${encodeURIComponent(csrfOf(page.body))}`,
      });
      assert.equal(done.statusCode, 200, done.body.slice(0, 300));
    }

    it('queues the confirmation and waiting-list mail without the secret, and mails a link that cancels', async () => {
      const groupId = await publishedGroup(1);
      const seated = await join(groupId, 'Istuja');
      const waiting = await join(groupId, 'Jonottaja', 'sv');

      for (const [who, secret] of [
        ['istuja@example.fi', seated.secret],
        ['jonottaja@example.fi', waiting.secret],
      ] as const) {
        const rows = await outboxText(who);
        assert.equal(rows.length, 1);
        assert.ok(!rows[0]!.t.includes(secret), 'no outbox column holds the secret');
        assert.match(rows[0]!.body, /\/registrations\/\{link-secret\}\/cancel/);
        assert.equal(await sealedTokens(who), 1, 'the secret waits sealed');
      }
      assert.deepEqual(
        [
          (await outboxText('istuja@example.fi'))[0]!.kind,
          (await outboxText('jonottaja@example.fi'))[0]!.kind,
        ],
        ['registration_confirmed', 'registration_waitlisted'],
      );
      const before = await rawDatabase(db);
      for (const secret of [seated.secret, waiting.secret]) {
        assert.ok(!before.text.includes(secret), 'the secret is nowhere in the database in clear');
        assert.ok(!before.bytes.some((b) => b.includes(Buffer.from(secret))));
      }

      assert.equal((await deliver()).failed, 0);
      const seatedMail = mailTo('istuja@example.fi');
      const waitingMail = mailTo('jonottaja@example.fi');
      const seatedLink = `https://vertaamo.example/fi/registrations/${seated.secret}/cancel`;
      const waitingLink = `https://vertaamo.example/sv/registrations/${waiting.secret}/cancel`;
      assert.ok(seatedMail.includes(seatedLink), 'the confirmation carries the working cancel link');
      assert.ok(waitingMail.includes(waitingLink), 'so does the waiting-list mail');
      assert.ok(!seatedMail.includes('{link-secret}'));

      const after = await rawDatabase(db);
      for (const secret of [seated.secret, waiting.secret])
        assert.ok(!after.text.includes(secret), 'after delivery the secret is not kept in clear');
      assert.equal(await sealedTokens('istuja@example.fi'), 0, 'nor sealed');
      assert.equal(await sealedTokens('jonottaja@example.fi'), 0);

      const link = /https:\/\/vertaamo\.example\/fi\/registrations\/[A-Za-z0-9_-]{43}\/cancel/.exec(
        seatedMail,
      )![0];
      await cancelThrough(link);
      assert.equal(await status(seated.id), 'cancelled', 'the emailed link cancelled the registration');
      assert.equal(await status(waiting.id), 'confirmed', 'and the first in line got the seat');
      const waitingLinkInMail =
        /https:\/\/vertaamo\.example\/sv\/registrations\/[A-Za-z0-9_-]{43}\/cancel/.exec(waitingMail)![0];
      await cancelThrough(waitingLinkInMail);
      assert.equal(await status(waiting.id), 'cancelled');
    });

    it('keeps a waiting secret openable through key rotation', async () => {
      const groupId = await publishedGroup(5);
      const person = await join(groupId, 'Kierto');
      useKeyring(parseKeyring(`${K2},${K1}`));
      await rotateKeys(db);
      useKeyring(parseKeyring(K2));
      await deliver();
      assert.ok(mailTo('kierto@example.fi').includes(`/fi/registrations/${person.secret}/cancel`));
    });

    it('erases the secret of a mail that is given up, and cuts old clear secrets from sent bodies', async () => {
      const groupId = await publishedGroup(5);
      const refusing: MailTransport = {
        async send() {
          throw new Error('550 mailbox unavailable');
        },
      };
      // Eight refusals, each after its back-off.
      const hylatty = await join(groupId, 'Hylatty');
      assert.equal(await sealedTokens('hylatty@example.fi'), 1);
      let now = Date.now() + 1000;
      for (let attempt = 0; attempt < 8; attempt++) {
        await deliverDue(db, refusing, new Date(now), 100);
        now += 2 * 3_600_000;
      }
      const given = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ attempts: number; failed: boolean }>(
              `SELECT attempts, failed_at IS NOT NULL AS failed FROM outbox WHERE recipient = 'hylatty@example.fi'`,
            )
          ).rows[0]!,
      );
      assert.deepEqual(given, { attempts: 8, failed: true });
      assert.equal(await sealedTokens('hylatty@example.fi'), 0);
      assert.ok(!(await rawDatabase(db)).text.includes(hylatty.secret));

      // A message queued before encryption of secrets, with the secret written into its body.
      const legacy = await join(groupId, 'Vanha');
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE outbox SET body = replace(body, '{link-secret}', $2) WHERE recipient = $1`, [
          'vanha@example.fi',
          legacy.secret,
        ]),
      );
      await db.ownerTransaction((tx) =>
        tx.query(
          `DELETE FROM sealed_values WHERE outbox_id IN (SELECT id FROM outbox WHERE recipient = $1)`,
          ['vanha@example.fi'],
        ),
      );
      await deliver(new Date(now));
      assert.ok(mailTo('vanha@example.fi').includes(`/fi/registrations/${legacy.secret}/cancel`));
      assert.ok(!(await rawDatabase(db)).text.includes(legacy.secret), 'cut from the body once sent');
    });

    it('shows the link on the development mailbox, where the mail stays in this database', async () => {
      const groupId = await publishedGroup(5);
      const person = await join(groupId, 'Kehittaja', 'en');
      assert.equal((await deliverDue(db, 'mailbox', new Date(), 100)).failed, 0);
      assert.equal(await sealedTokens('kehittaja@example.fi'), 1, 'kept sealed for the mailbox');
      assert.ok(!(await rawDatabase(db)).text.includes(person.secret));
      const dev = await buildApp({ db, devMailbox: true, publicUrl: 'https://vertaamo.example' });
      try {
        const page = await readMailbox(dev, db);
        assert.ok(page.includes(`https://vertaamo.example/en/registrations/${person.secret}/cancel`));
      } finally {
        await dev.close();
      }
    });
  });
}
