import nodemailer from 'nodemailer';
import type { Database, Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { formatSessionTime } from '../web/i18n.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { eraseSealed, readSealed, writeSealed } from '../privacy/crypto.ts';
import { renderMessage, type MessageKind, type MessageLang } from './messages.ts';

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
export type OutboxKind = MessageKind | 'staff_invitation' | 'data_request_link';

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
  },
): Promise<boolean> {
  if (m.secret !== undefined && !m.body.includes(SECRET_SLOT))
    throw new Error(`a ${m.kind} message was given a secret but has no slot for it`);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO outbox (org_id, kind, registration_id, recipient, language, subject, body, dedupe_key, send_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()))
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS id`,
    [
      m.orgId,
      m.kind,
      m.registrationId ?? null,
      m.recipient,
      m.language,
      m.subject,
      m.body,
      m.dedupeKey ?? null,
      m.sendAfter ?? null,
    ],
  );
  const queued = rows[0];
  if (queued && m.secret !== undefined)
    await writeSealed(tx, { table: 'outbox', id: queued.id, orgId: m.orgId, field: 'link_secret' }, m.secret);
  return queued !== undefined;
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
  await tx.query(
    `UPDATE outbox SET body = regexp_replace(body, $2, $3, 'g') WHERE id = ANY ($1::bigint[]) AND body ~ $2`,
    [ids, CLEAR_SECRET, `\\1${SECRET_SLOT}`],
  );
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
      const { rows } = await tx.query<{ id: string; org_id: string | null; body: string }>(
        `SELECT id::text AS id, org_id, body FROM outbox o
         WHERE (sent_at IS NULL OR delivered_via = 'mailbox') AND failed_at IS NULL AND body ~ $1
           AND NOT EXISTS (SELECT 1 FROM sealed_values s WHERE s.outbox_id = o.id)
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [CLEAR_SECRET, batchSize],
      );
      for (const r of rows) {
        const secret = new RegExp(CLEAR_SECRET).exec(r.body)![2]!;
        await writeSealed(tx, { table: 'outbox', id: r.id, orgId: r.org_id, field: 'link_secret' }, secret);
        await tx.query('UPDATE outbox SET body = $2 WHERE id = $1', [
          r.id,
          r.body.replace(new RegExp(CLEAR_SECRET, 'g'), `$1${SECRET_SLOT}`),
        ]);
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
    const secrets = await queuedSecrets(
      tx,
      rows.map((m) => m.id),
    );
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
          text: filledBody(m.body, secrets.get(m.id)),
        });
        await tx.query(
          `UPDATE outbox SET sent_at = $2, delivered_via = 'smtp', attempts = attempts + 1 WHERE id = $1`,
          [m.id, now],
        );
        await forgetSecrets(tx, [m.id]);
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
        if (attempts >= MAX_ATTEMPTS) await forgetSecrets(tx, [m.id]);
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
