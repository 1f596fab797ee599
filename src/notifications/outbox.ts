import nodemailer from 'nodemailer';
import type { Database, Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { formatSessionTime } from '../web/i18n.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { eraseSealed, readSealed, writeSealed } from '../privacy/crypto.ts';
import { renderMessage, type MessageKind, type MessageLang } from './messages.ts';

/**
 * Where the secret of a cancel link stands in a stored message. The outbox never holds the
 * secret itself: it is sealed apart (src/privacy/crypto.ts) and put in place only as the
 * message leaves, then erased once the mail server has taken the message.
 */
export const CANCEL_TOKEN_SLOT = '{cancel-token}';

/** The cancel link of a registration, with its secret or with the slot for it. */
export const cancelLink = (publicUrl: string, lang: string, token: string) =>
  `${publicUrl}/${lang}/registrations/${token}/cancel`;

/** Cancel-link secrets written in clear into bodies before migration 025. */
const CLEAR_CANCEL_TOKEN = "'/registrations/[A-Za-z0-9_-]{43}/cancel'";

/** Where the people a message is for are. */
export interface Recipient {
  registrationId: string;
  name: string;
  email: string | null;
  language: MessageLang;
}

export interface GroupInfo {
  id: string;
  org_id: string;
  slug: string;
  name: LocalizedText;
  /** readable only inside the organisation's transaction (row-level security) */
  remote_url: string | null;
}

export async function groupInfo(tx: Tx, groupId: string): Promise<GroupInfo> {
  const { rows } = await tx.query<GroupInfo>(
    `SELECT g.id, g.org_id, g.slug, g.name, d.url AS remote_url
     FROM groups g LEFT JOIN group_remote_details d ON d.group_id = g.id WHERE g.id = $1`,
    [groupId],
  );
  return rows[0]!;
}

/**
 * Queues one message in the caller's transaction: it is sent only if that transaction
 * commits. People who gave only a phone number get no email (text messages are not sent yet).
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
): Promise<void> {
  if (!m.to.email) return;
  const lang = m.to.language;
  const { subject, body } = renderMessage(m.kind, lang, {
    name: m.to.name,
    group: m.group.name[lang] || m.group.name.fi,
    groupUrl: `${m.publicUrl}/${lang}/groups/${m.group.slug}`,
    cancelUrl: m.cancelToken ? cancelLink(m.publicUrl, lang, CANCEL_TOKEN_SLOT) : undefined,
    position: m.position,
    session: m.session
      ? formatSessionTime(toHelsinkiIso(m.session.starts_at), toHelsinkiIso(m.session.ends_at), lang)
      : undefined,
    reason: m.reason,
    remoteUrl: m.remoteUrl,
    subject: m.subject,
    text: m.text,
  });
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO outbox (org_id, kind, registration_id, recipient, language, subject, body, dedupe_key, send_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()))
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
    [
      m.group.org_id,
      m.kind,
      m.to.registrationId,
      m.to.email,
      lang,
      subject,
      body,
      m.dedupeKey ?? null,
      m.sendAfter ?? null,
    ],
  );
  const queued = rows[0];
  if (queued && m.cancelToken)
    await writeSealed(
      tx,
      { table: 'outbox', id: queued.id, orgId: m.group.org_id, field: 'cancel_token' },
      m.cancelToken,
    );
}

/** A stored body as it is mailed: the sealed cancel-link secret put into its slot. */
export const filledBody = (body: string, token: string | undefined) =>
  token ? body.replaceAll(CANCEL_TOKEN_SLOT, token) : body;

/** The registered people of a group a message about the whole group goes to. */
export async function groupRecipients(
  tx: Tx,
  groupId: string,
  statuses: readonly ('confirmed' | 'waitlisted')[],
): Promise<Recipient[]> {
  const { rows } = await tx.query<{
    id: string;
    display_name: string;
    email: string | null;
    language: MessageLang;
  }>(
    `SELECT id, display_name, email, language FROM registrations
     WHERE group_id = $1 AND status = ANY ($2::text[]) ORDER BY arrival`,
    [groupId, statuses],
  );
  return rows.map((r) => ({
    registrationId: r.id,
    name: r.display_name,
    email: r.email,
    language: r.language,
  }));
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** How mail leaves: SMTP in production; none in development, where the mailbox page shows it. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

export function smtpTransport(
  url: string,
  from = 'Vertaamo <no-reply@vertaamo.invalid>',
): MailTransport & { close(): void } {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}

const MAX_ATTEMPTS = 8;
/** 1, 2, 4 … minutes between attempts, at most an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;

/**
 * Sends the messages that are due. Rows are locked with SKIP LOCKED, so several workers
 * (several app instances) never send the same message at once. A message that fails is
 * tried again later, and given up after eight attempts. Delivery is at least once.
 */
export async function deliverDue(
  db: Database,
  transport: MailTransport | null,
  now: Date,
  batch = 20,
): Promise<{ sent: number; failed: number }> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      recipient: string;
      subject: string;
      body: string;
      attempts: number;
    }>(
      `SELECT id::text AS id, recipient, subject, body, attempts FROM outbox
       WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $1
       ORDER BY send_after, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batch],
    );
    const tokens = await readSealed<string>(
      tx,
      'outbox',
      'cancel_token',
      rows.map((m) => m.id),
    );
    // Once the message has left (or will never leave), no cancel secret stays with it: the
    // sealed one is erased, and one written in clear before migration 025 is cut from the body.
    const forget = async (id: string) => {
      await eraseSealed(tx, 'outbox', [id]);
      await tx.query(
        `UPDATE outbox SET body = regexp_replace(body, ${CLEAR_CANCEL_TOKEN}, $2, 'g') WHERE id = $1`,
        [id, `/registrations/${CANCEL_TOKEN_SLOT}/cancel`],
      );
    };
    let sent = 0;
    let failed = 0;
    for (const m of rows) {
      if (!transport) {
        // The development mailbox is this database: the sealed secret stays, and the mailbox
        // page opens it to show the message as it would have been sent.
        await tx.query(`UPDATE outbox SET sent_at = $2, delivered_via = 'mailbox' WHERE id = $1`, [
          m.id,
          now,
        ]);
        sent++;
        continue;
      }
      try {
        await transport.send({
          to: m.recipient,
          subject: m.subject,
          text: filledBody(m.body, tokens.get(m.id)),
        });
        await tx.query(
          `UPDATE outbox SET sent_at = $2, delivered_via = 'smtp', attempts = attempts + 1 WHERE id = $1`,
          [m.id, now],
        );
        await forget(m.id);
        sent++;
      } catch (error) {
        const attempts = m.attempts + 1;
        await tx.query(
          `UPDATE outbox SET attempts = $2, last_error = $3, send_after = $4,
             failed_at = CASE WHEN $2 >= ${MAX_ATTEMPTS} THEN $5::timestamptz END
           WHERE id = $1`,
          [
            m.id,
            attempts,
            String((error as Error).message).slice(0, 500),
            new Date(now.getTime() + backoffMs(attempts)),
            now,
          ],
        );
        if (attempts >= MAX_ATTEMPTS) await forget(m.id);
        failed++;
      }
    }
    return { sent, failed };
  });
}

/** Reminders for sessions that start tomorrow (20–28 hours ahead), one per session and person. */
export async function queueReminders(db: Database, now: Date, publicUrl: string): Promise<number> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{
      session_id: string;
      starts_at: Date;
      ends_at: Date;
      group_id: string;
      registration_id: string;
      display_name: string;
      email: string | null;
      language: MessageLang;
    }>(
      `SELECT s.id AS session_id, s.starts_at, s.ends_at, s.group_id, r.id AS registration_id, r.display_name, r.email, r.language
       FROM sessions s JOIN registrations r ON r.group_id = s.group_id AND r.status = 'confirmed'
       WHERE s.status = 'scheduled' AND s.starts_at BETWEEN $1::timestamptz + interval '20 hours' AND $1::timestamptz + interval '28 hours'
         AND r.email IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = 'reminder:' || s.id || ':' || r.id)`,
      [now],
    );
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
  transport: MailTransport | null;
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
      while ((await deliverDue(opts.db, opts.transport, opts.clock())).sent === 20);
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
