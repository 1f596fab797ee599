import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';
import { readMailbox } from '../../test/support/staff.ts';
import { deliverDue, enqueue, groupInfo, queueReminders, smtpTransport } from './outbox.ts';

interface Received {
  to: string[];
  raw: string;
}

/** Subject and body as a person reads them: MIME encoded-words (RFC 2047) and quoted-printable undone. */
function readable(raw: string): string {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const bytes = (qp: string) =>
    Buffer.from(
      qp.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const headers = head
    .replace(/\r\n[ \t]/g, ' ') // unfold
    .replace(/\?=\s+=\?UTF-8\?Q\?/gi, '') // adjacent encoded-words join without the space between them
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, text: string) => bytes(text.replace(/_/g, ' ')));
  const body = bytes(rest.join('\r\n\r\n').replace(/=\r\n/g, ''));
  return `${headers}\r\n\r\n${body}`;
}

for (const target of testDatabases()) {
  describe(`notifications on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let smtp: SMTPServer;
    let smtpUrl: string;
    const received: Received[] = [];
    let refuseNext = 0;
    let orgId: string;
    let token: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        onRcptTo(_address, _session, callback) {
          if (refuseNext > 0) {
            refuseNext--;
            return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          }
          callback();
        },
        onData(stream, session, callback) {
          let raw = '';
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
          stream.on('end', () => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await app.close();
      await new Promise<void>((resolve) => smtp.close(resolve));
      await dispose();
    });

    async function publishedGroup(overrides: Record<string, unknown> = {}) {
      const group = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/groups',
          headers: bearer(token),
          payload: groupBody(orgId, {
            how_to_join: 'registration',
            capacity: 1,
            name: { fi: 'Omaisten ilta', sv: 'Anhörigkväll', en: 'Relatives’ evening' },
            ...overrides,
          }),
        })
      ).json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/ilta' },
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

    const join = (groupId: string, name: string, language: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/registrations`,
        payload: { display_name: name, email: `${name.toLowerCase()}@example.fi`, language, consent: true },
      });

    const outbox = (where = 'true', params: unknown[] = []) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{
              kind: string;
              recipient: string;
              language: string;
              subject: string;
              sent_at: Date | null;
              attempts: number;
            }>(
              `SELECT kind, recipient, language, subject, sent_at, attempts FROM outbox WHERE ${where} ORDER BY id`,
              params,
            )
          ).rows,
      );

    const deliver = async (now = new Date()) => {
      const transport = smtpTransport(smtpUrl);
      try {
        return await deliverDue(db, transport, now);
      } finally {
        transport.close();
      }
    };

    it('mails the confirmation over SMTP in the person’s language, with the cancel link', async () => {
      const group = await publishedGroup();
      const res = await join(group.id, 'Sara', 'sv');
      assert.equal(res.statusCode, 201);
      const queued = await outbox('recipient = $1', ['sara@example.fi']);
      assert.deepEqual(
        queued.map((m) => [m.kind, m.language, m.subject]),
        [['registration_confirmed', 'sv', 'Anmälan bekräftad: Anhörigkväll']],
      );
      assert.deepEqual(await deliver(), { sent: 1, failed: 0 });
      const mail = received.find((r) => r.to.includes('sara@example.fi'));
      assert.ok(mail, 'the SMTP server received the mail');
      const text = readable(mail.raw);
      assert.match(text, /Subject: Anmälan bekräftad: Anhörigkväll/);
      assert.ok(
        text.includes(res.json<{ cancel_url: string }>().cancel_url),
        'the cancel link is in the mail',
      );
      assert.match(
        text,
        /Länk till träffarna: https:\/\/meet\.example\.fi\/ilta/,
        'a confirmed participant gets the remote link',
      );
      assert.deepEqual(await deliver(), { sent: 0, failed: 0 }, 'a message is sent once');
    });

    it('sends nothing for a change that did not happen', async () => {
      const group = await publishedGroup({ capacity: 1, waitlist_capacity: 0 });
      await join(group.id, 'Eka', 'fi');
      const full = await join(group.id, 'Toka', 'fi');
      assert.equal(full.statusCode, 409);
      assert.deepEqual(await outbox('recipient = $1', ['toka@example.fi']), []);
      await assert.rejects(
        db.transaction({ userId: null, orgIds: [orgId] }, async (tx) => {
          await enqueue(tx, {
            kind: 'registration_confirmed',
            group: await groupInfo(tx, group.id),
            to: {
              registrationId: (await tx.query<{ id: string }>('SELECT id FROM registrations LIMIT 1'))
                .rows[0]!.id,
              name: 'X',
              email: 'rolled@example.fi',
              language: 'fi',
            },
            publicUrl: 'http://x',
          });
          throw new Error('the change fails after the message was queued');
        }),
      );
      assert.deepEqual(await outbox('recipient = $1', ['rolled@example.fi']), []);
    });

    it('tries again later when the mail server refuses, then delivers', async () => {
      const group = await publishedGroup();
      await join(group.id, 'Retry', 'en');
      await deliver(); // whatever else is due
      refuseNext = 0;
      const other = await publishedGroup();
      await join(other.id, 'Later', 'en');
      refuseNext = 1;
      const now = new Date();
      assert.deepEqual(await deliver(now), { sent: 0, failed: 1 });
      const [waiting] = await outbox('recipient = $1', ['later@example.fi']);
      assert.equal(waiting!.attempts, 1);
      assert.equal(waiting!.sent_at, null);
      assert.deepEqual(await deliver(now), { sent: 0, failed: 0 }, 'not before the back-off');
      assert.deepEqual(await deliver(new Date(now.getTime() + 61_000)), { sent: 1, failed: 0 });
      assert.ok(received.some((r) => r.to.includes('later@example.fi')));
    });

    it('tells the first in line of a freed seat, and everyone of a cancelled meeting and a suspension', async () => {
      const group = await publishedGroup({ capacity: 1 });
      const first = await join(group.id, 'Ensimmainen', 'fi');
      await join(group.id, 'Jonottaja', 'en');
      const cancelToken = /registrations\/([^/]+)\/cancel/.exec(
        first.json<{ cancel_url: string }>().cancel_url,
      )![1]!;
      await app.inject({
        method: 'POST',
        url: '/api/v1/registrations/cancel',
        payload: { token: cancelToken },
      });
      assert.deepEqual(
        (await outbox('recipient = $1', ['jonottaja@example.fi'])).map((m) => m.kind),
        ['registration_waitlisted', 'registration_promoted'],
      );
      const bodies = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ kind: string; body: string }>(
              'SELECT kind, body FROM outbox WHERE recipient = $1 ORDER BY id',
              ['jonottaja@example.fi'],
            )
          ).rows,
      );
      assert.doesNotMatch(bodies[0]!.body, /meet\.example\.fi/, 'no remote link while on the waiting list');
      assert.match(bodies[1]!.body, /Link to the meetings: https:\/\/meet\.example\.fi\/ilta/);
      assert.deepEqual(
        (await outbox('recipient = $1', ['ensimmainen@example.fi'])).map((m) => m.kind),
        ['registration_confirmed', 'registration_cancelled'],
      );

      const start = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=3', starts_local: `${start}T18:00`, duration_minutes: 90 },
      });
      const sessions = (await app.inject({ url: `/api/v1/groups/${group.id}/sessions` })).json<{
        items: { id: string }[];
      }>().items;
      const cancelled = await app.inject({
        method: 'PATCH',
        url: `/api/v1/sessions/${sessions[0]!.id}`,
        headers: bearer(token),
        payload: { status: 'cancelled', cancel_reason_code: 'holiday', cancel_reason: 'Bank holiday' },
      });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      const [notice] = await outbox("recipient = $1 AND kind = 'session_cancelled'", [
        'jonottaja@example.fi',
      ]);
      assert.equal(notice!.subject, 'Meeting cancelled: Relatives’ evening');

      const suspended = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'suspend', reason_code: 'low_attendance', reason: 'Too few participants' },
      });
      assert.equal(suspended.statusCode, 200, suspended.body);
      assert.deepEqual(
        (await outbox("kind = 'group_suspended' AND subject LIKE '%evening%'")).map((m) => m.recipient),
        ['jonottaja@example.fi'],
      );
    });

    it('lets a coordinator write to everyone with a seat, each in the frame of their own language', async () => {
      const group = await publishedGroup({ capacity: 1 });
      await join(group.id, 'Istuja', 'sv');
      await join(group.id, 'Jonossa', 'fi');
      const facilitator = await tokenFor(db, orgId, 'facilitator');
      const send = (t: string, body: object) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/groups/${group.id}/messages`,
          headers: bearer(t),
          payload: body,
        });
      assert.equal((await send(facilitator, { subject: 'Hei', text: 'Tervetuloa' })).statusCode, 403);
      const res = await send(token, { subject: 'Ensi kerralla', text: 'Tuokaa sisäkengät.' });
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), { recipients: 1 });
      const [mail] = await outbox("kind = 'organiser_message' AND recipient = $1", ['istuja@example.fi']);
      assert.equal(mail!.subject, 'Anhörigkväll: Ensi kerralla');
      assert.deepEqual(
        await outbox("kind = 'organiser_message' AND recipient = $1", ['jonossa@example.fi']),
        [],
      );
      const all = await send(token, {
        subject: 'Kaikille',
        text: 'Myös jonossa oleville.',
        include_waitlist: true,
      });
      assert.deepEqual(all.json(), { recipients: 2 });
    });

    it('queues one reminder per person the day before a session', async () => {
      const group = await publishedGroup({ capacity: 5 });
      await join(group.id, 'Muistettava', 'fi');
      const tomorrow = new Date(Date.now() + 24 * 3_600_000);
      const local = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Helsinki',
        dateStyle: 'short',
        timeStyle: 'short',
      })
        .format(tomorrow)
        .replace(' ', 'T');
      const scheduled = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/schedules`,
        headers: bearer(token),
        payload: { rrule: 'FREQ=WEEKLY;COUNT=1', starts_local: local, duration_minutes: 60 },
      });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      const now = new Date();
      assert.ok((await queueReminders(db, now, 'http://localhost')) >= 1);
      assert.equal(await queueReminders(db, now, 'http://localhost'), 0, 'never twice');
      const reminders = await outbox("recipient = $1 AND kind = 'session_reminder'", [
        'muistettava@example.fi',
      ]);
      assert.equal(reminders.length, 1);
      assert.match(reminders[0]!.subject, /^Muistutus: Omaisten ilta huomenna$/);
    });

    it('shows queued mail on the development mailbox only when the server has no SMTP', async () => {
      const dev = await buildApp({ db, devMailbox: true });
      assert.match(await readMailbox(dev, db), /Anmälan bekräftad: Anhörigkväll/);
      await dev.close();
      assert.equal((await app.inject({ url: '/dev/mailbox' })).statusCode, 404);
    });
  });
}
