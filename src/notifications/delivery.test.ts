/**
 * How mail leaves the outbox: never marked delivered without a transport (it stays queued and
 * /healthz says so), given up with its secret erased once its link has expired, each message
 * recorded as sent right after the mail server accepted it, with a Message-ID made from its
 * outbox row, so that a worker killed mid-batch repeats at most the message in flight.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeOrganisation, unique } from '../../test/support/fixtures.ts';
import { readable } from '../../test/support/smtp.ts';
import { currentKeyring, newKeyEntry, parseKeyring, useKeyring } from '../privacy/crypto.ts';
import { CLAIM_LEASE_MS, deliverDue, queueMail, SECRET_SLOT, smtpTransport } from './outbox.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const KEYS = newKeyEntry('delivery');

interface Received {
  messageId: string;
  to: string;
  raw: string;
}

/** An SMTP server that keeps what it accepts; `onMail` runs as each message has arrived. */
async function smtpServer(onMail: (received: Received[]) => void = () => {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          messageId: /^Message-ID: *(\S+)/im.exec(raw)?.[1] ?? '',
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          raw,
        });
        onMail(received);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

for (const target of testDatabases()) {
  describe(`mail delivery on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let url: string | undefined;
    let orgId: string;
    const saved = currentKeyring();

    before(async () => {
      useKeyring(parseKeyring(KEYS));
      ({ db, dispose, url } = await target.create());
      orgId = (await makeOrganisation(db)).id;
    });
    after(async () => {
      useKeyring(saved);
      await dispose();
    });

    /** Queues `n` messages to fresh addresses, each with a link secret; returns their addresses. */
    async function queue(n: number, opts: { linkExpiresAt?: Date } = {}): Promise<string[]> {
      const to = Array.from({ length: n }, () => `${unique('vastaanottaja')}@example.fi`);
      await db.ownerTransaction(async (tx) => {
        for (const recipient of to)
          await queueMail(tx, {
            orgId,
            kind: 'staff_invitation',
            recipient,
            language: 'fi',
            subject: 'Kutsu',
            body: `Avaa https://vertaamo.example/fi/staff/invitation?token=${SECRET_SLOT}`,
            secret: `salaisuus-${recipient}`,
            sendAfter: NOW,
            ...opts,
          });
      });
      return to;
    }

    const rows = (to: string[]) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{
              id: string;
              recipient: string;
              sent: boolean;
              delivered_via: string | null;
              failed: boolean;
              sealed: number;
            }>(
              `SELECT o.id::text AS id, o.recipient, o.sent_at IS NOT NULL AS sent, o.delivered_via,
                 o.failed_at IS NOT NULL AS failed,
                 (SELECT count(*)::int FROM sealed_values s WHERE s.outbox_id = o.id) AS sealed
               FROM outbox o WHERE o.recipient = ANY ($1::text[]) ORDER BY o.id`,
              [to],
            )
          ).rows,
      );

    it('keeps mail queued without a transport, secrets sealed, and says so on /healthz', async () => {
      const to = await queue(3);
      assert.deepEqual(await deliverDue(db, null, new Date(NOW.getTime() + 60_000)), { sent: 0, failed: 0 });
      for (const r of await rows(to)) {
        assert.equal(r.sent, false, 'not marked delivered');
        assert.equal(r.delivered_via, null);
        assert.equal(r.failed, false);
        assert.equal(r.sealed, 1, 'the secret waits for the transport');
      }
      const queued = await db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL',
            )
          ).rows[0]!.n,
      );
      const app = await buildApp({ db });
      try {
        const health = await app.inject({ url: '/healthz' });
        assert.equal(health.statusCode, 200);
        assert.equal(health.json<{ mail: string }>().mail, `not configured, ${queued} queued`);
      } finally {
        await app.close();
      }
    });

    it('gives up waiting mail whose link has expired and erases its secret', async () => {
      const expires = new Date(NOW.getTime() + 3_600_000);
      const waiting = await queue(2, { linkExpiresAt: expires });
      const forMailbox = await queue(1, { linkExpiresAt: expires });
      await deliverDue(db, null, new Date(NOW.getTime() + 60_000));
      assert.ok(
        (await rows(waiting)).every((r) => !r.sent && !r.failed && r.sealed === 1),
        'still valid',
      );
      // The development mailbox keeps the secret so that its page shows a working link…
      await db.ownerTransaction((tx) =>
        tx.query(`UPDATE outbox SET sent_at = $2, delivered_via = 'mailbox' WHERE recipient = $1`, [
          forMailbox[0],
          NOW,
        ]),
      );
      await deliverDue(db, null, new Date(expires.getTime() + 1000));
      for (const r of await rows(waiting)) {
        assert.equal(r.failed, true, 'given up');
        assert.equal(r.sent, false);
        assert.equal(r.sealed, 0, 'its secret erased');
      }
      // …until the link has expired.
      assert.deepEqual(
        (await rows(forMailbox)).map((r) => ({ sent: r.sent, failed: r.failed, sealed: r.sealed })),
        [{ sent: true, failed: false, sealed: 0 }],
      );
    });

    it('delivers to the development mailbox when that is the transport, keeping the secret', async () => {
      const to = await queue(2);
      const { sent } = await deliverDue(db, 'mailbox', new Date(NOW.getTime() + 60_000), 100);
      assert.ok(sent >= 2);
      for (const r of await rows(to)) {
        assert.equal(r.delivered_via, 'mailbox');
        assert.equal(r.sealed, 1);
      }
    });

    it('sends each message with a Message-ID made from its outbox row, recorded once accepted', async () => {
      const smtp = await smtpServer();
      const transport = smtpTransport(smtp.url);
      try {
        const to = await queue(3);
        while ((await deliverDue(db, transport, new Date(NOW.getTime() + 60_000), 100)).sent > 0);
        for (const r of await rows(to)) {
          assert.equal(r.delivered_via, 'smtp');
          assert.equal(r.sealed, 0, 'the secret is erased once sent');
          const copies = smtp.received.filter((m) => m.to === r.recipient);
          assert.deepEqual(
            copies.map((m) => m.messageId),
            [`<outbox-${r.id}@vertaamo.invalid>`],
          );
          assert.ok(
            readable(copies[0]!.raw).includes(`salaisuus-${r.recipient}`),
            'the link carries its secret',
          );
        }
      } finally {
        transport.close();
        await smtp.close();
      }
    });

    if (target.name === 'postgres') {
      it('never sends one message twice from two workers at once', async () => {
        const smtp = await smtpServer();
        const a = smtpTransport(smtp.url);
        const b = smtpTransport(smtp.url);
        try {
          const to = await queue(40);
          const at = new Date(NOW.getTime() + 60_000);
          const drain = async (t: typeof a) => {
            while ((await deliverDue(db, t, at, 5)).sent > 0);
          };
          await Promise.all([drain(a), drain(b)]);
          const ids = smtp.received.filter((m) => to.includes(m.to)).map((m) => m.messageId);
          assert.equal(ids.length, 40, 'each message once');
          assert.equal(new Set(ids).size, 40);
        } finally {
          a.close();
          b.close();
          await smtp.close();
        }
      });

      it('repeats at most the message in flight after the worker is killed mid-batch', async () => {
        const to = await queue(30);
        let child: ReturnType<typeof spawn> | null = null;
        // The worker is killed as the 12th message reaches the server, before it hears "250 OK".
        const smtp = await smtpServer((received) => {
          if (child && received.length === 12) child.kill('SIGKILL');
        });
        const at = new Date(NOW.getTime() + 60_000);
        try {
          child = spawn(process.execPath, ['--import', 'tsx', 'test/support/deliver-child.ts'], {
            env: {
              ...process.env,
              DATABASE_URL: url,
              SMTP_URL: smtp.url,
              VERTAAMO_DATA_KEYS: KEYS,
              NOW: at.toISOString(),
            },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          const [, signal] = await new Promise<[number | null, string | null]>((resolve) =>
            child!.once('exit', (code, sig) => resolve([code, sig])),
          );
          assert.equal(signal, 'SIGKILL', 'the worker was killed during delivery');
          assert.equal(smtp.received.length, 12);

          const transport = smtpTransport(smtp.url);
          try {
            // A fresh run sends everything not yet sent but the message in flight, still claimed…
            while ((await deliverDue(db, transport, at, 100)).sent > 0);
            const left = (await rows(to)).filter((r) => !r.sent);
            assert.equal(left.length, 1, 'only the message in flight waits for its claim to run out');
            // …and that one once its lease has run out.
            // (the worker's clock had moved on by the seconds it ran)
            const later = new Date(at.getTime() + CLAIM_LEASE_MS + 60_000);
            while ((await deliverDue(db, transport, later, 100)).sent > 0);
          } finally {
            transport.close();
          }

          const stored = await rows(to);
          assert.deepEqual(
            stored.filter((r) => !(r.sent && r.delivered_via === 'smtp' && r.sealed === 0)),
            [],
            'every message sent, its secret erased',
          );
          const expected = stored.map((r) => `<outbox-${r.id}@vertaamo.invalid>`).sort();
          const ids = smtp.received.map((m) => m.messageId);
          assert.deepEqual([...new Set(ids)].sort(), expected, 'no message lost');
          const twice = expected.filter((id) => ids.filter((x) => x === id).length > 1);
          assert.ok(twice.length <= 1, `at most the message in flight came twice, got ${twice.length}`);
          for (const id of twice) {
            const copies = smtp.received.filter((m) => m.messageId === id);
            assert.equal(copies.length, 2);
            assert.equal(copies[0]!.to, copies[1]!.to, 'the same message, recognisable by its Message-ID');
          }
        } finally {
          if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await smtp.close();
        }
      });
    }
  });
}
