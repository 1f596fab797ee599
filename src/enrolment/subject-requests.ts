/**
 * Data subject requests without an account (GDPR arts. 15, 17 and 20). A person gives their
 * email address; if anything is held about it, a single-use link valid for an hour goes out
 * through the outbox. The answer is the same either way, and requests are throttled per
 * address asked about and per client. Opening the link exchanges it for a short session
 * (a cookie), in which the person sees everything held about the address across all
 * organisations, downloads it as JSON, cancels their registrations, or erases it all.
 *
 * Their SQL is in src/enrolment/repository.ts; it runs as the schema owner: the person
 * belongs to no organisation, and their data may be in several. Every export and erasure is
 * written to the access log of each organisation involved.
 */
import type { Lang } from '../shared/lang.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { AppError } from '../shared/errors.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { anonymiseRows } from './retention.ts';
import { cancelRegistration } from './service.ts';
import {
  deleteSentSubjectLinkMails,
  deleteSubjectMailsAndLinks,
  findOwnOpenRegistration,
  insertSubjectLink,
  isEmailKnown,
  purgeExpiredSubjectLinks,
  recentSubjectAttempts,
  recordSubjectAttempt,
  seats as lockSeats,
  subjectApplications,
  subjectMessages,
  subjectRegistrations,
  subjectSessionEmail,
  useSubjectLink,
  waitlistedGroupIds,
  withdrawOpenRequests,
} from './repository.ts';
import { audit } from '../privacy/audit.ts';
import { readSealed } from '../privacy/crypto.ts';
import { clientKey } from '../shared/client-address.ts';
import { filledBody, queueMail, SECRET_SLOT } from '../notifications/outbox.ts';

export type { Lang };

/** How long an emailed link can be opened, and how long the session it opens lasts. */
export const LINK_TTL_MS = 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * 60 * 1000;
/** Link requests per hour, for one address asked about and from one client address. */
export const MAX_REQUESTS_PER_EMAIL = 3;
export const MAX_REQUESTS_PER_CLIENT = 20;
const THROTTLE_WINDOW_MS = 60 * 60 * 1000;

/** Who the access log names for these requests: the person, identified by the link. */
export const SUBJECT_ACTOR = { userId: null, label: 'data subject (verified email link)' } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const throttleKey = (kind: string, value: string) =>
  createHash('sha256').update(`vertaamo-subject:${kind}:${value}`).digest('base64url');

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const isTokenLike = (value: string) => TOKEN.test(value);

const LINK_MAIL: Record<Lang, (url: string) => { subject: string; body: string }> = {
  fi: (url) => ({
    subject: 'Tietosi Vertaamossa',
    body:
      `Hei,\n\npyysit nähdä tiedot, joita Vertaamossa on tästä sähköpostiosoitteesta. ` +
      `Avaa linkki tunnin kuluessa; se toimii kerran:\n${url}\n\n` +
      `Jos et pyytänyt tätä, voit jättää viestin huomiotta.`,
  }),
  sv: (url) => ({
    subject: 'Dina uppgifter i Vertaamo',
    body:
      `Hej,\n\ndu bad att få se de uppgifter som Vertaamo har om den här e-postadressen. ` +
      `Öppna länken inom en timme; den fungerar en gång:\n${url}\n\n` +
      `Om du inte bad om detta kan du strunta i meddelandet.`,
  }),
  en: (url) => ({
    subject: 'Your data in Vertaamo',
    body:
      `Hello,\n\nyou asked to see the data Vertaamo holds about this email address. ` +
      `Open the link within an hour; it works once:\n${url}\n\n` +
      `If you did not ask for this, you can ignore this message.`,
  }),
};

async function throttle(tx: Tx, keys: string[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const limits = [MAX_REQUESTS_PER_EMAIL, MAX_REQUESTS_PER_CLIENT];
  let waitMs = 0;
  for (const [i, key] of keys.entries()) {
    const max = limits[i]!;
    const { n, oldest } = await recentSubjectAttempts(tx, key, since, max);
    if (n >= max && oldest)
      waitMs = Math.max(waitMs, new Date(oldest).getTime() + THROTTLE_WINDOW_MS - now.getTime());
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      429,
      'too-many-requests',
      `Too many requests. Try again in ${Math.ceil(seconds / 60)} minutes.`,
      [],
      { retryAfter: seconds },
    );
  }
  for (const key of keys) await recordSubjectAttempt(tx, key, now);
}

/**
 * Sends a link if the address is known. Returns nothing either way, so a caller cannot tell;
 * 429 (throttled) comes alike for known and unknown addresses.
 */
export async function requestLink(
  db: Database,
  input: { email: string; language: Lang; client: string | null },
  opts: { now: Date; publicUrl: string },
): Promise<void> {
  const email = normaliseEmail(input.email);
  await db.ownerTransaction(async (tx) => {
    await purgeExpiredSubjectLinks(tx, opts.now, new Date(opts.now.getTime() - THROTTLE_WINDOW_MS));
    await throttle(
      tx,
      [throttleKey('email', email), throttleKey('client', clientKey(input.client) ?? 'unknown')],
      opts.now,
    );
  });
  // Throttle entries stay even when sending fails; the link is written in its own transaction.
  await db.ownerTransaction(async (tx) => {
    if (!(await isEmailKnown(tx, email))) return;
    const token = randomBytes(32).toString('base64url');
    await insertSubjectLink(tx, {
      email,
      language: input.language,
      tokenHash: sha256(token),
      createdAt: opts.now,
      expiresAt: new Date(opts.now.getTime() + LINK_TTL_MS),
    });
    // The queued mail holds a slot for the token; the token waits sealed until delivery.
    const { subject, body } = LINK_MAIL[input.language](
      `${opts.publicUrl}/${input.language}/my-data/link/${SECRET_SLOT}`,
    );
    await queueMail(tx, {
      orgId: null,
      kind: 'data_request_link',
      recipient: email,
      language: input.language,
      subject,
      body,
      secret: token,
      sendAfter: opts.now,
      linkExpiresAt: new Date(opts.now.getTime() + LINK_TTL_MS),
    });
  });
}

/**
 * Exchanges an emailed link, once and within its hour, for a session secret (for a cookie).
 * The mail that carried the link is deleted once it has been sent: the link is spent.
 */
export async function exchangeLink(
  db: Database,
  token: string,
  now: Date,
): Promise<{ session: string; language: Lang } | null> {
  if (!isTokenLike(token)) return null;
  const session = randomBytes(32).toString('base64url');
  return db.ownerTransaction(async (tx) => {
    const link = await useSubjectLink(tx, sha256(token), now, {
      hash: sha256(session),
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    if (!link) return null;
    await deleteSentSubjectLinkMails(tx, link.email);
    return { session, language: link.language };
  });
}

/** The address a session stands for, while it lasts. */
export async function sessionEmail(db: Database, session: string, now: Date): Promise<string | null> {
  if (!isTokenLike(session)) return null;
  return db.ownerTransaction((tx) => subjectSessionEmail(tx, sha256(session), now));
}

export interface Named {
  slug: string;
  name: LocalizedText;
}

export interface SubjectRegistration {
  id: string;
  organisation: Named;
  group: Named & { status: string; starts_on: string | null; next_session: string | null };
  status: string;
  /** how the registration was made: self, by a referrer, with a referral code, by staff, from an application */
  via: string;
  /** who referred or added the person, as the organisation recorded it */
  referred_by: string | null;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  answers: Record<string, unknown>;
  registered_at: string;
  cancelled_at: string | null;
}

export interface SubjectApplication {
  organisation: Named;
  group: Named;
  status: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  facts: Record<string, unknown>;
  applied_at: string;
  decided_at: string | null;
}

export interface SubjectMessage {
  organisation: Named | null;
  group: Named | null;
  kind: string;
  subject: string;
  body: string;
  queued_at: string;
  sent_at: string | null;
}

export interface SubjectData {
  email: string;
  generated_at: string;
  registrations: SubjectRegistration[];
  applications: SubjectApplication[];
  messages: SubjectMessage[];
}

const iso = (d: Date | null) => (d ? toHelsinkiIso(new Date(d)) : null);
/**
 * Secrets of links inside messages are not part of the person's data: a clear one (old
 * messages) is cut out, and so is the slot a sealed one waits for.
 */
const withoutSecrets = (text: string) => filledBody(text.replace(/[A-Za-z0-9_-]{43}/g, '…'), '…');

async function collect(
  tx: Tx,
  email: string,
  now: Date,
): Promise<SubjectData & { orgs: Map<string, number> }> {
  const regs = await subjectRegistrations(tx, email, now);
  const apps = await subjectApplications(tx, email);
  const answers = await readSealed<Record<string, unknown>>(
    tx,
    'registrations',
    'answers',
    regs.map((r) => r.id),
  );
  const facts = await readSealed<Record<string, unknown>>(
    tx,
    'applications',
    'facts',
    apps.map((a) => a.id),
  );
  const mails = await subjectMessages(tx, email);
  const orgs = new Map<string, number>();
  const count = (org: string | null) => org && orgs.set(org, (orgs.get(org) ?? 0) + 1);
  regs.forEach((r) => count(r.org_id));
  apps.forEach((a) => count(a.org_id));
  mails.forEach((m) => count(m.org_id));
  return {
    orgs,
    email,
    generated_at: toHelsinkiIso(now),
    registrations: regs.map((r) => ({
      id: r.id,
      organisation: { slug: r.org_slug, name: r.org_name },
      group: {
        slug: r.group_slug,
        name: r.group_name,
        status: r.group_status,
        starts_on: r.starts_on,
        next_session: iso(r.next_session),
      },
      status: r.status,
      via: r.via,
      referred_by: r.referrer_label,
      display_name: r.display_name,
      email: r.email,
      phone: r.phone,
      language: r.language,
      // Answers and facts are sealed apart (src/privacy/crypto.ts); a row's own column is a leftover.
      answers: answers.get(r.id) ?? r.answers,
      registered_at: iso(r.created_at)!,
      cancelled_at: iso(r.cancelled_at),
    })),
    applications: apps.map((a) => ({
      organisation: { slug: a.org_slug, name: a.org_name },
      group: { slug: a.group_slug, name: a.group_name },
      status: a.status,
      display_name: a.display_name,
      email: a.email,
      phone: a.phone,
      language: a.language,
      facts: facts.get(a.id) ?? a.facts,
      applied_at: iso(a.created_at)!,
      decided_at: iso(a.decided_at),
    })),
    messages: mails.map((m) => ({
      organisation: m.org_slug && m.org_name ? { slug: m.org_slug, name: m.org_name } : null,
      group: m.group_slug && m.group_name ? { slug: m.group_slug, name: m.group_name } : null,
      kind: m.kind,
      subject: m.subject,
      body: withoutSecrets(m.body),
      queued_at: iso(m.created_at)!,
      sent_at: iso(m.sent_at),
    })),
  };
}

/** What is held about the address, to show on the page (not logged: the person's own look). */
export async function subjectData(db: Database, email: string, now: Date): Promise<SubjectData> {
  const { orgs: _orgs, ...data } = await db.ownerTransaction((tx) => collect(tx, email, now));
  return data;
}

/** Everything about the address, for download; logged in each organisation involved. */
export async function exportSubject(db: Database, email: string, now: Date): Promise<SubjectData> {
  return db.ownerTransaction(async (tx) => {
    const { orgs, ...data } = await collect(tx, email, now);
    for (const [orgId, records] of orgs)
      await audit(tx, {
        orgId,
        actor: SUBJECT_ACTOR,
        action: 'subject.export',
        operation: 'export',
        purpose: 'data subject request',
        records,
      });
    return data;
  });
}

/**
 * A seat the person holds in a group that has not ended: erasure waits until they cancel it,
 * since the organiser needs to know who is coming.
 */
export const holdsSeat = (r: SubjectRegistration) => r.status === 'confirmed' && r.group.status !== 'ended';

export type ErasureResult =
  | { erased: true; registrations: number; applications: number; messages: number }
  | { erased: false; seats: SubjectRegistration[] };

/**
 * Erases everything about the address: registrations and applications are anonymised (the
 * rows and their status stay for anonymous counts), places in line and pending referrals and
 * applications are withdrawn, messages and request links are deleted. Refused, erasing
 * nothing, while the person holds a seat in a group that has not ended.
 */
export async function eraseSubject(db: Database, email: string, now: Date): Promise<ErasureResult> {
  return db.ownerTransaction(async (tx) => {
    const { orgs, registrations } = await collect(tx, email, now);
    const seats = registrations.filter(holdsSeat);
    if (seats.length > 0) return { erased: false, seats };
    // Leaving a waiting list or a pending referral frees no seat, so no one is promoted. The
    // waiting lists' seat rows change, so they are locked first as everywhere (group row, then
    // seat row: src/enrolment/repository.ts), one group after another in id order.
    for (const groupId of await waitlistedGroupIds(tx, email)) await lockSeats(tx, groupId, true);
    await withdrawOpenRequests(tx, email, now);
    const { touched: _touched, ...done } = await anonymiseRows(
      tx,
      { registrations: 'lower(email) = $1', applications: 'lower(email) = $1', arg: email },
      now,
    );
    const messages = await deleteSubjectMailsAndLinks(tx, email);
    for (const [orgId, records] of orgs)
      await audit(tx, {
        orgId,
        actor: SUBJECT_ACTOR,
        action: 'subject.erase',
        operation: 'erase',
        purpose: 'data subject request',
        records,
      });
    return { erased: true, ...done, messages: done.messages + messages };
  });
}

/** Cancels one of the person's own registrations (a seat or a place in line) from the session. */
export async function cancelOwnRegistration(
  db: Database,
  email: string,
  registrationId: string,
  now: Date,
  publicUrl: string,
): Promise<boolean> {
  const found = await db.ownerTransaction((tx) => findOwnOpenRegistration(tx, registrationId, email));
  if (!found) return false;
  await cancelRegistration(db, found, now, publicUrl);
  return true;
}
