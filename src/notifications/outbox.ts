import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Database, Tx } from '../db/database.ts';
import { formatSessionTime, toHelsinkiIso } from '../shared/time.ts';
import { eraseSealed, readSealed, writeSealed } from '../privacy/crypto.ts';
import { renderMessage, type MessageKind, type MessageLang } from './messages.ts';
import {
  claimNextDue,
  countQueued,
  dueReminders,
  giveUpExpired,
  groupInfo,
  insertOutbox,
  markDueInMailbox,
  markSent,
  recordFailedAttempt,
  registrationsToMessage,
  replaceInBodies,
  setBody,
  waitingWithBodyMatching,
  type GroupInfo,
} from './repository.ts';

export { groupInfo, type GroupInfo };

/**
 * Where the secret of a link stands in a stored message: a cancel link, an invitation's
 * accept link, a my-data link. The outbox never holds such a bearer secret itself: it is
 * sealed apart (src/privacy/crypto.ts, field `link_secret` of the outbox row), put in place
 * only as the message leaves, and erased once the mail server has taken the message or
 * delivery is given up. Write links with this slot and pass the secret to `queueMail`.
 */
export const SECRET_SLOT = '{link-secret}';
/** The slot of cancel links queued before migration 027 (sealed as field `cancel_token`). */
const OLD_SECRET_SLOT = '{cancel-token}';

/** The cancel link of a registration, with its secret or with the slot for it. */
export const cancelLink = (publicUrl: string, lang: string, token: string) =>
  `${publicUrl}/${lang}/registrations/${token}/cancel`;

/**
 * A link with its secret written in clear, as bodies held them before migrations 025 and 027
 * (every secret is 32 random bytes in base64url, 43 characters); the part before the secret
 * is the first group. The same text is a regular expression in JavaScript and in SQL.
 */
const CLEAR_SECRET = String.raw`(/registrations/|/staff/invitation\?token=|/my-data/link/)([A-Za-z0-9_-]{43})`;

/** Where the people a message is for are. */
export interface Recipient {
  registrationId: string;
  name: string;
  email: string | null;
  language: MessageLang;
}

/**
 * Queues one message in the caller's transaction: it is sent only if that transaction
 * commits. People who gave only a phone number get no email (text messages are not sent yet).
 * False when nothing was queued (no email, or a message with the same dedupe key exists).
 */
export async function enqueue(
  tx: Tx,
  m: {
    kind: MessageKind;
    group: GroupInfo;
    to: Recipient;
    publicUrl: string;
    /** the secret of the registration's cancel link: sealed, never stored in the body */
    cancelToken?: string;
    position?: number;
    session?: { starts_at: Date; ends_at: Date };
    reason?: string;
    remoteUrl?: string;
    subject?: string;
    text?: string;
    dedupeKey?: string;
    sendAfter?: Date;
  },
): Promise<boolean> {
  if (!m.to.email) return false;
  const lang = m.to.language;
  const { subject, body } = renderMessage(m.kind, lang, {
    name: m.to.name,
    group: m.group.name[lang] || m.group.name.fi,
    groupUrl: `${m.publicUrl}/${lang}/groups/${m.group.slug}`,
    cancelUrl: m.cancelToken ? cancelLink(m.publicUrl, lang, SECRET_SLOT) : undefined,
    position: m.position,
    session: m.session
      ? formatSessionTime(toHelsinkiIso(m.session.starts_at), toHelsinkiIso(m.session.ends_at), lang)
      : undefined,
    reason: m.reason,
    remoteUrl: m.remoteUrl,
    subject: m.subject,
    text: m.text,
  });
  return queueMail(tx, {
    orgId: m.group.org_id,
    kind: m.kind,
    registrationId: m.to.registrationId,
    recipient: m.to.email,
    language: lang,
    subject,
    body,
    dedupeKey: m.dedupeKey,
    sendAfter: m.sendAfter,
    secret: m.cancelToken,
  });
}

/** Every kind of message the outbox holds. */
export type OutboxKind = MessageKind | 'staff_invitation' | 'data_request_link' | 'password_reset';

/**
 * Writes one message into the outbox in the caller's transaction; every message is queued
 * here. A link's secret never goes into the body: the body holds `SECRET_SLOT` where it
 * belongs and the secret is passed as `secret`, to be sealed apart until delivery. Returns
 * false when a message with the same dedupe key was queued already.
 */
export async function queueMail(
  tx: Tx,
  m: {
    /** null for a message to a person rather than for an organisation (a my-data link) */
    orgId: string | null;
    kind: OutboxKind;
    registrationId?: string | null;
    recipient: string;
    language: MessageLang;
    subject: string;
    body: string;
    /** the secret of the body's link, for `SECRET_SLOT`: sealed, never stored in the body */
    secret?: string;
    dedupeKey?: string;
    sendAfter?: Date;
    /** when the body's link stops working: mail still waiting then is given up, its secret erased */
    linkExpiresAt?: Date;
  },
): Promise<boolean> {
  if (m.secret !== undefined && !m.body.includes(SECRET_SLOT))
    throw new Error(`a ${m.kind} message was given a secret but has no slot for it`);
  const queued = await insertOutbox(tx, {
    orgId: m.orgId,
    kind: m.kind,
    registrationId: m.registrationId ?? null,
    recipient: m.recipient,
    language: m.language,
    subject: m.subject,
    body: m.body,
    dedupeKey: m.dedupeKey ?? null,
    sendAfter: m.sendAfter ?? null,
    linkExpiresAt: m.linkExpiresAt ?? null,
  });
  if (queued !== null && m.secret !== undefined)
    await writeSealed(tx, { table: 'outbox', id: queued, orgId: m.orgId, field: 'link_secret' }, m.secret);
  return queued !== null;
}

/** The sealed secrets of some messages, opened: message id to secret (none: absent). */
export async function queuedSecrets(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const secrets = await readSealed<string>(tx, 'outbox', 'link_secret', ids);
  // Mail queued before migration 027 has its cancel secret under the field's old name.
  for (const [id, secret] of await readSealed<string>(tx, 'outbox', 'cancel_token', ids))
    if (!secrets.has(id)) secrets.set(id, secret);
  return secrets;
}

/** A stored body as it is mailed: the sealed secret put into its slot. */
export const filledBody = (body: string, secret: string | undefined) =>
  secret ? body.replaceAll(SECRET_SLOT, secret).replaceAll(OLD_SECRET_SLOT, secret) : body;

/**
 * Once a message has left (or will never leave), no secret stays with it: the sealed one is
 * erased, and one written in clear into its body before migration 027 is cut out.
 */
export async function forgetSecrets(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await eraseSealed(tx, 'outbox', ids);
  await replaceInBodies(tx, ids, CLEAR_SECRET, `\\1${SECRET_SLOT}`);
}

/**
 * Seals the secrets still written in clear into waiting messages, and into those kept for
 * the development mailbox (queued before migration 027, which could not seal them: SQL never
 * sees the key), putting the slot in their place. In batches, one transaction each; run at
 * start (`vertaamo serve`) and by `vertaamo rotate-keys`. Returns how many were sealed.
 */
export async function sealClearSecrets(db: Database, batchSize = 200): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.ownerTransaction(async (tx) => {
      const rows = await waitingWithBodyMatching(tx, CLEAR_SECRET, batchSize);
      for (const r of rows) {
        const secret = new RegExp(CLEAR_SECRET).exec(r.body)![2]!;
        await writeSealed(tx, { table: 'outbox', id: r.id, orgId: r.org_id, field: 'link_secret' }, secret);
        await setBody(tx, r.id, r.body.replace(new RegExp(CLEAR_SECRET, 'g'), `$1${SECRET_SLOT}`));
      }
      return rows.length;
    });
    sealed += n;
    if (n < batchSize) break;
  }
  return sealed;
}

/** The registered people of a group a message about the whole group goes to. */
export async function groupRecipients(
  tx: Tx,
  groupId: string,
  statuses: readonly ('confirmed' | 'waitlisted')[],
): Promise<Recipient[]> {
  const rows = await registrationsToMessage(tx, groupId, statuses);
  return rows.map((r) => ({
    registrationId: r.id,
    name: r.display_name,
    email: r.email,
    language: r.language,
  }));
}

export interface OutgoingMail {
  /** the outbox row: the message's Message-ID is made from it (`messageIdOf`) */
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** How mail leaves: SMTP. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Where delivery puts mail: an SMTP server; `'mailbox'`, the development mailbox (the mail
 * stays in this database, marked delivered there, and `/dev/mailbox` shows it); or `null`,
 * no transport configured: nothing is marked delivered, mail stays queued until there is one.
 */
export type Delivery = MailTransport | 'mailbox' | null;

/**
 * The Message-ID of an outbox message: the same every time the message is sent, so a copy
 * sent again after a crash is recognisable as the same message.
 */
export const messageIdOf = (outboxId: string, domain: string) => `<outbox-${outboxId}@${domain}>`;

export function smtpTransport(
  url: string,
  from = 'Vertaamo <no-reply@vertaamo.invalid>',
): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport(url);
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'vertaamo.invalid';
  return {
    async send(mail) {
      await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdOf(mail.id, domain),
      });
    },
    close: () => transporter.close(),
  };
}

const MAX_ATTEMPTS = 8;
/** 1, 2, 4 … minutes between attempts, at most an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;
/**
 * How long a worker holds a message it is sending before another may take it over: longer
 * than one SMTP conversation can take (nodemailer gives up on a silent server after 10 min).
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/**
 * Gives up mail still waiting whose link has stopped working, and erases the secrets of such
 * links kept for the development mailbox: no secret stays sealed for a link nobody can use.
 * Returns how many waiting messages were given up.
 */
export async function giveUpExpiredLinks(db: Database, now: Date): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const rows = await giveUpExpired(tx, now);
    await forgetSecrets(
      tx,
      rows.map((r) => r.id),
    );
    return rows.filter((r) => r.waiting).length;
  });
}

/** How many messages wait to be sent (neither sent nor given up). */
export async function queuedCount(db: Database): Promise<number> {
  return db.ownerTransaction((tx) => countQueued(tx));
}

/**
 * Sends up to `batch` messages that are due, each on its own: it is claimed (a lease of
 * `CLAIM_LEASE_MS`, skipping rows another worker holds, so two instances never send the same
 * message), handed to the SMTP server, and marked sent in a short transaction right after
 * the server accepted it, its link's secret erased. A crash therefore repeats at most the one
 * message in flight, with the same Message-ID, once its lease has run out. A message that
 * fails is tried again later, and given up after eight attempts.
 *
 * Without a transport (`null`) nothing is marked delivered: mail stays queued, and only mail
 * whose link has expired is given up. With the development mailbox the due mail is marked
 * delivered there, its secret kept so that `/dev/mailbox` shows working links.
 */
export async function deliverDue(
  db: Database,
  delivery: Delivery,
  now: Date,
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  await giveUpExpiredLinks(db, now);
  if (delivery === null) return { sent: 0, failed: 0 };
  if (delivery === 'mailbox') {
    return db.ownerTransaction(async (tx) => ({ sent: await markDueInMailbox(tx, now, batch), failed: 0 }));
  }
  const worker = randomUUID();
  const started = performance.now();
  // The caller's clock, moved on by the time this run has taken.
  const clock = () => new Date(now.getTime() + (performance.now() - started));
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < batch; i++) {
    const at = clock();
    const claimed = await db.ownerTransaction(async (tx) => {
      const m = await claimNextDue(tx, at, worker, new Date(at.getTime() + CLAIM_LEASE_MS));
      return m ? { ...m, secret: (await queuedSecrets(tx, [m.id])).get(m.id) } : null;
    });
    if (!claimed) break;
    try {
      await delivery.send({
        id: claimed.id,
        to: claimed.recipient,
        subject: claimed.subject,
        text: filledBody(claimed.body, claimed.secret),
      });
    } catch (error) {
      const attempts = claimed.attempts + 1;
      const when = clock();
      await db.ownerTransaction(async (tx) => {
        await recordFailedAttempt(tx, {
          id: claimed.id,
          attempts,
          error: String((error as Error).message).slice(0, 500),
          retryAt: new Date(when.getTime() + backoffMs(attempts)),
          at: when,
          worker,
          maxAttempts: MAX_ATTEMPTS,
        });
        if (attempts >= MAX_ATTEMPTS) await forgetSecrets(tx, [claimed.id]);
      });
      failed++;
      continue;
    }
    // Accepted by the mail server: recorded at once, on its own.
    await db.ownerTransaction(async (tx) => {
      await markSent(tx, claimed.id, clock());
      await forgetSecrets(tx, [claimed.id]);
    });
    sent++;
  }
  return { sent, failed };
}

/** Reminders for sessions that start tomorrow (20–28 hours ahead), one per session and person. */
export async function queueReminders(db: Database, now: Date, publicUrl: string): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const rows = await dueReminders(tx, now);
    const groups = new Map<string, GroupInfo>();
    for (const r of rows) {
      const group = groups.get(r.group_id) ?? (await groupInfo(tx, r.group_id));
      groups.set(r.group_id, group);
      await enqueue(tx, {
        kind: 'session_reminder',
        group,
        to: { registrationId: r.registration_id, name: r.display_name, email: r.email, language: r.language },
        publicUrl,
        session: { starts_at: r.starts_at, ends_at: r.ends_at },
        dedupeKey: `reminder:${r.session_id}:${r.registration_id}`,
      });
    }
    return rows.length;
  });
}

/** Runs reminders and delivery every few seconds until stopped. */
export function startDeliveryWorker(opts: {
  db: Database;
  transport: Delivery;
  publicUrl: string;
  clock: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** slower jobs that queue messages too, e.g. staff reminders; each runs at most every `everyMs` */
  periodic?: { everyMs: number; run: (now: Date) => Promise<unknown> }[];
}): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const lastRun = new Map<number, number>();
  const tick = async () => {
    try {
      await queueReminders(opts.db, opts.clock(), opts.publicUrl);
      for (const [i, job] of (opts.periodic ?? []).entries()) {
        const now = opts.clock();
        if (now.getTime() - (lastRun.get(i) ?? -Infinity) < job.everyMs) continue;
        lastRun.set(i, now.getTime());
        await job.run(now);
      }
      for (;;) {
        const { sent, failed } = await deliverDue(opts.db, opts.transport, opts.clock());
        if (sent + failed < 20) break;
      }
    } catch (error) {
      opts.onError?.(error);
    }
  };
  const timer = setInterval(() => {
    running ??= tick().finally(() => (running = null));
  }, opts.intervalMs ?? 5000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
