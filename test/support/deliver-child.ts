/**
 * A delivery worker in a process of its own, for tests that kill it with SIGKILL in the middle
 * of a batch: delivers what is due at NOW from DATABASE_URL to SMTP_URL until nothing is left.
 */
import { openDatabase } from '../../src/db/database.ts';
import { deliverDue, smtpTransport } from '../../src/notifications/outbox.ts';
import { parseKeyring, useKeyring } from '../../src/privacy/crypto.ts';

useKeyring(parseKeyring(process.env.VERTAAMO_DATA_KEYS!));
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL! });
const transport = smtpTransport(process.env.SMTP_URL!);
const now = new Date(process.env.NOW!);
for (;;) {
  const { sent, failed } = await deliverDue(db, transport, now, 100);
  if (sent + failed === 0) break;
}
transport.close();
await db.close();
