import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../../src/db/database.ts';
import { deliverDue, smtpTransport } from '../../src/notifications/outbox.ts';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free local port that keeps what it receives. */
export async function startSmtp(): Promise<{
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
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
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(resolve)),
  };
}

/** Subject and body as a person reads them: MIME encoded-words (RFC 2047) and quoted-printable undone. */
export function readable(raw: string): string {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const bytes = (qp: string) =>
    Buffer.from(
      qp.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const headers = head
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?UTF-8\?Q\?/gi, '')
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, text: string) => bytes(text.replace(/_/g, ' ')));
  const body = bytes(rest.join('\r\n\r\n').replace(/=\r\n/g, ''));
  return `${headers}\r\n\r\n${body}`;
}

/**
 * Delivers the mail that is due at `now` from the outbox to this SMTP server, as the delivery
 * worker does, and returns the newest mail the server received for `address`, readable.
 * Links with secrets are read from here, as the person gets them: the database never holds them.
 */
export async function mailedTo(
  smtp: { url: string; received: ReceivedMail[] },
  db: Database,
  address: string,
  now = new Date(),
): Promise<string> {
  const transport = smtpTransport(smtp.url);
  try {
    while ((await deliverDue(db, transport, now, 100)).sent === 100);
  } finally {
    transport.close();
  }
  const mail = [...smtp.received]
    .reverse()
    .find((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  assert.ok(mail, `the SMTP server received mail for ${address}`);
  return readable(mail.raw);
}
