import type { Lang } from '../shared/lang.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { LocalizedText } from '../shared/localized.ts';
import type { Database, Tx } from '../db/database.ts';
import { PUBLIC_CONTEXT } from '../db/database.ts';
import { AppError, conflict, forbidden, invalid, unauthenticated } from '../shared/errors.ts';
import { authorize, can, type Actor } from '../accounts/permissions.ts';
import { getGroup } from '../groups/lookup.ts';
import type { GroupRow } from '../groups/repository.ts';
import * as repo from './repository.ts';
import { clientKey } from '../shared/client-address.ts';
import { checkAnswers } from './questions.ts';
import { cancelLink, enqueue, groupInfo, groupRecipients } from '../notifications/outbox.ts';
import { readSealed } from '../privacy/crypto.ts';
import { audit, PARTICIPANT, SYSTEM } from '../privacy/audit.ts';

export interface RegistrationInput {
  display_name: string;
  email?: string | null;
  phone?: string | null;
  language: Lang;
  answers?: Record<string, unknown>;
  consent: boolean;
}

export interface RegistrationResult {
  id: string;
  /** pending: a referral waiting for the coordinator's decision */
  status: 'pending' | 'confirmed' | 'waitlisted';
  waitlist_position: number | null;
  cancel_url: string;
}

export interface RegisterOptions {
  publicUrl: string;
  now: Date;
  idempotencyKey?: string | null;
  /**
   * Tests only: skip the row lock, to prove that without it concurrent registrations
   * would overbook. The application never turns it off.
   */
  unsafeSkipLock?: boolean;
  /**
   * The address of an anonymous client (the connection's, or a trusted proxy's word for it,
   * TRUST_PROXY), for the limits per client; null or absent for staff and system callers.
   */
  client?: string | null;
}

/**
 * Public registrations per client within `REGISTRATION_WINDOW_MS` (IPv6 clients counted by
 * their /64, src/shared/client-address.ts): one client may register at most
 * `MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP` times at one group (a household registering a few
 * people) and `MAX_REGISTRATIONS_PER_CLIENT` times in all. There is deliberately no limit
 * on a group across clients: a popular group opening gets a rush of many different people,
 * and such a limit would refuse them; a group's seats and waiting list bound what one group
 * can take, and one person holds at most one active place in it (`activeDuplicate`).
 */
export const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;
export const MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP = 5;
export const MAX_REGISTRATIONS_PER_CLIENT = 20;

const attemptKey = (...parts: string[]) =>
  createHash('sha256')
    .update(`vertaamo-registration:${parts.join(':')}`)
    .digest('base64url');

/**
 * Counts a registration attempt of an anonymous client, or refuses it with 429 and the
 * seconds until the oldest counted attempt leaves the window. Check and count are one step
 * under a lock per key, so concurrent attempts cannot all pass.
 */
async function limitRegistrations(db: Database, client: string, groupId: string, now: Date): Promise<void> {
  const key = clientKey(client)!;
  const limits: [string, number][] = [
    [attemptKey('client', key), MAX_REGISTRATIONS_PER_CLIENT],
    [attemptKey('client-group', key, groupId), MAX_REGISTRATIONS_PER_CLIENT_AND_GROUP],
  ];
  const since = new Date(now.getTime() - REGISTRATION_WINDOW_MS);
  await db.ownerTransaction(async (tx) => {
    await repo.lockAttemptKeys(
      tx,
      limits.map(([k]) => k),
    );
    let waitMs = 0;
    for (const [k, max] of limits) {
      const { n, oldest } = await repo.recentAttempts(tx, k, since, max);
      if (n >= max && oldest)
        waitMs = Math.max(waitMs, new Date(oldest).getTime() + REGISTRATION_WINDOW_MS - now.getTime());
    }
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError(
        429,
        'too-many-registrations',
        `Too many registrations from this address. Try again in ${Math.ceil(seconds / 60)} minutes.`,
        [],
        { retryAfter: seconds },
      );
    }
    await repo.recordAttempts(
      tx,
      limits.map(([k]) => k),
      now,
      since,
    );
  });
}

/** At most one mail with the cancel link again per registration and clock hour. */
const resendKey = (registrationId: string, now: Date) =>
  `registration-resend:${registrationId}:${Math.floor(now.getTime() / REGISTRATION_WINDOW_MS)}`;

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

// What the database holds of a person's contact details (migration 005 checks the same).
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/**
 * A person's name and contact details as they are stored: trimmed, each still valid once
 * trimmed, and at least one way to reach them. Anything else is a 422 naming the field (the
 * request schema sees the text before trimming, so "  " or " (6)76" pass it).
 */
export function personOf(
  input: { display_name: string; email?: string | null; phone?: string | null },
  noContact: string,
): { displayName: string; email: string | null; phone: string | null } {
  const displayName = input.display_name.trim();
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  if (!displayName) throw invalid('display_name', 'Give a name or a nickname.', 'name-required');
  if (email && !EMAIL.test(email)) throw invalid('email', 'This is not an email address.', 'invalid-email');
  if (phone && !PHONE.test(phone))
    throw invalid(
      'phone',
      'A phone number has 6–20 digits, spaces, brackets or dashes, and may start with +.',
      'invalid-phone',
    );
  if (!email && !phone) throw invalid('email', noContact, 'contact-required');
  return { displayName, email, phone };
}

/** Whether a newcomer may register now, or the reason why not (a clear 409). */
function joinProblem(g: GroupRow, now: Date): AppError | null {
  if (g.how_to_join === 'drop_in') {
    return conflict('no-registration', 'This group needs no registration: just come.');
  }
  if (g.how_to_join === 'referral') {
    return conflict(
      'referral-only',
      'This group is joined through a referrer, such as your own social worker.',
    );
  }
  if (g.how_to_join === 'application') {
    return conflict(
      'application-only',
      'This group is joined by applying; the organiser assembles the groups.',
    );
  }
  if (g.status === 'published') return null;
  if (g.status === 'running') {
    const started = g.starts_on !== null && new Date(`${g.starts_on}T00:00:00+02:00`) <= now;
    if (g.openness === 'closed' && !g.allow_late_joiners && started) {
      return conflict('group-started', 'This closed group has already started and takes no new members.');
    }
    return null;
  }
  return conflict('not-open', 'This group does not take registrations now.');
}

/**
 * Registers a person for a group: a seat when one is free, otherwise a place on the waiting
 * list in arrival order, otherwise a 409 when the list is full. The seat decision is made
 * under the group's seat row lock, and the group_seats constraint backs it.
 */
export async function register(
  db: Database,
  groupIdOrSlug: string,
  input: RegistrationInput,
  opts: RegisterOptions,
): Promise<{ result: RegistrationResult; created: boolean }> {
  if (input.consent !== true)
    throw invalid('consent', 'Registering needs your consent to the privacy notice.', 'consent-required');
  const { displayName, email, phone } = personOf(
    input,
    'Give an email address or a phone number so the organiser can reach you.',
  );

  // The group as the public sees it: a hidden group cannot be joined, and says so as 404.
  const group = await db.transaction(PUBLIC_CONTEXT, (tx) => getGroup(tx, groupIdOrSlug));
  const problem = joinProblem(group, opts.now);
  if (problem) throw problem;
  const answers = checkAnswers(group.registration_questions, input.answers);
  if (clientKey(opts.client)) await limitRegistrations(db, opts.client!, group.id, opts.now);

  // The rest runs for the group's organisation only: row-level security keeps even this
  // system step inside it.
  const outcome = await db.transaction({ userId: null, orgIds: [group.org_id] }, async (tx) => {
    const seats = await repo.seats(tx, group.id, !opts.unsafeSkipLock);
    if (!seats) throw new Error(`group ${group.id} has no seat counters`);
    if (opts.idempotencyKey) {
      // Checked under the lock, so the same key sent many times at once finds the first one.
      const earlier = await repo.byIdempotencyKey(tx, group.id, opts.idempotencyKey);
      if (earlier && earlier.status !== 'cancelled') {
        return { result: await present(tx, earlier, null, opts.publicUrl), created: false };
      }
      if (earlier) throw conflict('registration-cancelled', 'This registration has been cancelled.');
    }
    // One active registration per person and group, checked under the seat lock.
    const duplicate = await repo.activeDuplicate(tx, group.id, email, phone);
    if (duplicate) {
      await resendCancelLink(tx, duplicate, opts);
      return { duplicate: duplicate.field, result: undefined, created: undefined };
    }
    const result = await admit(
      tx,
      group,
      seats,
      { ...input, display_name: displayName, answers, email, phone },
      {
        ...opts,
        via: 'self',
      },
    );
    return { result, created: true };
  });
  if (outcome.duplicate) {
    const field = outcome.duplicate;
    const message =
      field === 'email'
        ? 'This email address is already registered for this group. Its cancel link is sent to it again (at most once an hour).'
        : 'This phone number is already registered for this group.';
    throw conflict('already-registered', message, [{ in: 'body', field, message }]);
  }
  return { result: outcome.result, created: outcome.created };
}

/**
 * Mails the existing registration's cancel link again, to the address it was registered
 * with (never to one typed now): a new secret replaces the old one, as only its hash is
 * kept. At most once per registration and hour (the outbox's dedupe key), so a repeated
 * registration cannot be used to mail someone over and over.
 */
async function resendCancelLink(
  tx: Tx,
  existing: repo.RegistrationRow,
  opts: { now: Date; publicUrl: string },
): Promise<void> {
  if (!existing.email) return;
  const token = randomBytes(32).toString('base64url');
  const info = await groupInfo(tx, existing.group_id);
  const confirmed = existing.status === 'confirmed';
  const queued = await enqueue(tx, {
    kind: confirmed ? 'registration_confirmed' : 'registration_waitlisted',
    group: info,
    to: {
      registrationId: existing.id,
      name: existing.display_name,
      email: existing.email,
      language: existing.language,
    },
    publicUrl: opts.publicUrl,
    cancelToken: token,
    position: (await repo.waitlistPosition(tx, existing)) ?? undefined,
    remoteUrl: confirmed ? (info.remote_url ?? undefined) : undefined,
    dedupeKey: resendKey(existing.id, opts.now),
  });
  if (queued) await repo.setCancelTokenHash(tx, existing.id, hashToken(token));
}

/**
 * Gives a newcomer a seat when one is free, else a place in line, else refuses; writes the
 * registration and its message in the caller's transaction, under the seat lock it holds.
 */
async function admit(
  tx: Tx,
  group: GroupRow,
  seats: { capacity: number | null; confirmed: number; waitlisted: number; waitlist_capacity: number | null },
  input: {
    display_name: string;
    email: string | null;
    phone: string | null;
    language: Lang;
    answers: Record<string, unknown>;
  },
  opts: {
    now: Date;
    publicUrl: string;
    idempotencyKey?: string | null;
    via: 'self' | 'staff';
    referredBy?: string | null;
    referrerLabel?: string | null;
    /** the coordinator adding someone by hand; absent when people register themselves */
    actor?: Actor;
  },
): Promise<RegistrationResult> {
  const { email, phone, answers } = input;
  let status: 'confirmed' | 'waitlisted';
  if (seats.capacity === null || seats.confirmed < seats.capacity) status = 'confirmed';
  else if (seats.waitlist_capacity === null || seats.waitlisted < seats.waitlist_capacity)
    status = 'waitlisted';
  else throw conflict('group-full', 'The group and its waiting list are full.');

  const token = randomBytes(32).toString('base64url');
  const registration = await repo.insertRegistration(tx, {
    groupId: group.id,
    orgId: group.org_id,
    status,
    displayName: input.display_name.trim(),
    email,
    phone,
    language: input.language,
    answers,
    consentAt: opts.now,
    cancelTokenHash: hashToken(token),
    idempotencyKey: opts.idempotencyKey ?? null,
    via: opts.via,
    referredBy: opts.referredBy ?? null,
    referrerLabel: opts.referrerLabel ?? null,
  });
  await audit(tx, {
    orgId: group.org_id,
    actor: opts.actor ?? PARTICIPANT,
    action: opts.actor ? 'registration.add' : 'registration.create',
    operation: 'create',
    purpose: 'group administration',
    groupId: group.id,
    subject: { type: 'registration', id: registration.id },
  });
  const result = await present(tx, registration, token, opts.publicUrl);
  const info = await groupInfo(tx, group.id);
  await enqueue(tx, {
    kind: status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted',
    group: info,
    to: {
      registrationId: registration.id,
      name: registration.display_name,
      email,
      language: input.language,
    },
    publicUrl: opts.publicUrl,
    cancelToken: token,
    position: result.waitlist_position ?? undefined,
    remoteUrl: status === 'confirmed' ? (info.remote_url ?? undefined) : undefined,
  });
  return result;
}

/**
 * A coordinator adds someone by hand (who asked by phone, say), with their consent: a seat
 * or a place in line like any registration, and the same confirmation message.
 */
export async function addByHand(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: RegistrationInput,
  opts: { now: Date; publicUrl: string },
): Promise<RegistrationResult> {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'participants.manage', group.org_id);
  if (input.consent !== true)
    throw invalid('consent', 'Adding someone needs their consent to the privacy notice.', 'consent-required');
  const { displayName, email, phone } = personOf(input, 'Give an email address or a phone number.');
  const answers = checkAnswers(group.registration_questions, input.answers);
  const seats = await repo.seats(tx, group.id, true);
  if (!seats) throw conflict('no-seats', 'This group does not take registrations.');
  return admit(
    tx,
    group,
    seats,
    { ...input, display_name: displayName, email, phone, answers },
    {
      ...opts,
      via: 'staff',
      referredBy: actor.userId,
      referrerLabel: actor.label,
      actor,
    },
  );
}

export async function present(
  tx: Tx,
  r: repo.RegistrationRow,
  token: string | null,
  publicUrl: string,
): Promise<RegistrationResult> {
  return {
    id: r.id,
    status: r.status === 'waitlisted' || r.status === 'pending' ? r.status : 'confirmed',
    waitlist_position: await repo.waitlistPosition(tx, r),
    // A repeated request gets the same registration; the secret exists only in the first answer.
    cancel_url: token ? cancelLink(publicUrl, r.language, token) : '',
  };
}

/** Cancels through the secret link; frees the seat for the first in line in the same transaction. */
export async function cancelByToken(
  db: Database,
  token: string,
  now: Date,
  publicUrl = 'http://localhost:3000',
): Promise<{ status: 'cancelled'; promoted: number }> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token))
    throw new AppError(404, 'not-found', 'No registration has this cancel link.');
  const found = await db.ownerTransaction((tx) => repo.findByCancelToken(tx, hashToken(token)));
  if (!found) throw new AppError(404, 'not-found', 'No registration has this cancel link.');
  return cancelRegistration(db, found, now, publicUrl);
}

/** What a cancel link leads to, for its page: the group's name and whether it was used already. */
export async function describeCancelLink(
  db: Database,
  token: string,
): Promise<{ groupName: LocalizedText; cancelled: boolean } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const found = await db.ownerTransaction((tx) => repo.cancelLinkTarget(tx, hashToken(token)));
  return found ? { groupName: found.group_name, cancelled: found.status === 'cancelled' } : null;
}

/**
 * Cancels a registration the person has shown to be theirs (by its cancel link, or by a
 * verified email link of a data request), tells them, and gives the seat to the first in line.
 */
export async function cancelRegistration(
  db: Database,
  found: { id: string; group_id: string; org_id: string },
  now: Date,
  publicUrl: string,
): Promise<{ status: 'cancelled'; promoted: number }> {
  return db.transaction({ userId: null, orgIds: [found.org_id] }, async (tx) => {
    await repo.seats(tx, found.group_id, true);
    const before = await repo.findRegistration(tx, found.id);
    await repo.setCancelled(tx, found.id, now);
    if (before && before.status !== 'cancelled') {
      await audit(tx, {
        orgId: found.org_id,
        actor: PARTICIPANT,
        action: 'registration.cancel',
        operation: 'update',
        purpose: 'group administration',
        groupId: found.group_id,
        subject: { type: 'registration', id: found.id },
      });
      await enqueue(tx, {
        kind: 'registration_cancelled',
        group: await groupInfo(tx, found.group_id),
        to: {
          registrationId: before.id,
          name: before.display_name,
          email: before.email,
          language: before.language,
        },
        publicUrl,
      });
    }
    const promoted = await fillFreeSeats(tx, found.group_id, now, publicUrl);
    return { status: 'cancelled' as const, promoted: promoted.length };
  });
}

/** Promotes the first in line while seats are free. The caller holds the seat row lock. */
export async function fillFreeSeats(
  tx: Tx,
  groupId: string,
  now: Date,
  publicUrl = 'http://localhost:3000',
): Promise<repo.RegistrationRow[]> {
  const promoted: repo.RegistrationRow[] = [];
  for (;;) {
    const seats = await repo.seats(tx, groupId, true);
    if (!seats || seats.waitlisted === 0) break;
    if (seats.capacity !== null && seats.confirmed >= seats.capacity) break;
    const next = await repo.promoteFirst(tx, groupId, now);
    if (!next) break;
    promoted.push(next);
    await audit(tx, {
      orgId: next.org_id,
      actor: SYSTEM,
      action: 'registration.promote',
      operation: 'update',
      purpose: 'group administration',
      groupId,
      subject: { type: 'registration', id: next.id },
    });
    const info = await groupInfo(tx, groupId);
    await enqueue(tx, {
      kind: 'registration_promoted',
      group: info,
      to: { registrationId: next.id, name: next.display_name, email: next.email, language: next.language },
      publicUrl,
      remoteUrl: info.remote_url ?? undefined,
    });
  }
  return promoted;
}

/**
 * Before a group's capacity changes: refuses a capacity below the confirmed count with a
 * message that says how many are confirmed. Takes the seat row lock for the change.
 */
export async function checkCapacityChange(tx: Tx, groupId: string, capacity: number | null): Promise<void> {
  const seats = await repo.seats(tx, groupId, true);
  if (seats && capacity !== null && capacity < seats.confirmed) {
    throw conflict(
      'capacity-below-confirmed',
      `${seats.confirmed} people already have a seat; the capacity cannot be lower than that.`,
      [{ in: 'body', field: 'capacity', message: `must be at least ${seats.confirmed}` }],
    );
  }
}

export interface ParticipantRow {
  id: string;
  /** pending: a referral waiting for the coordinator's decision */
  status: 'confirmed' | 'waitlisted' | 'pending';
  waitlist_position: number | null;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  answers: Record<string, string | number | boolean>;
  registered_at: Date;
}

/**
 * The people registered for a group, for its coordinators and facilitators only. Every
 * look is written to the access log.
 */
export async function listParticipants(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  purpose: 'registrations.list' | 'registrations.export',
): Promise<{ group: GroupRow; participants: ParticipantRow[] }> {
  const group = await getGroup(tx, groupIdOrSlug);
  await authorizeParticipants(tx, actor, group);
  const { rows } = await tx.query<ParticipantRow>(
    `SELECT id, status, display_name, email, phone, language, answers, created_at AS registered_at,
            CASE WHEN status = 'waitlisted'
              THEN row_number() OVER (PARTITION BY status ORDER BY arrival)::int END AS waitlist_position
     FROM registrations WHERE group_id = $1 AND status IN ('confirmed', 'waitlisted', 'pending')
     ORDER BY status, arrival`,
    [group.id],
  );
  const answers = await readSealed<ParticipantRow['answers']>(
    tx,
    'registrations',
    'answers',
    rows.map((r) => r.id),
  );
  for (const r of rows) r.answers = answers.get(r.id) ?? {};
  await audit(tx, {
    orgId: group.org_id,
    actor,
    action: purpose,
    operation: purpose === 'registrations.export' ? 'export' : 'read',
    purpose: 'group administration',
    groupId: group.id,
    records: rows.length,
  });
  return { group, participants: rows };
}

/**
 * Participants' names and contacts are for the organisation's coordinators and the group's
 * own facilitators: a facilitator of another group in the same organisation sees nothing,
 * and neither does a facilitator token, which stands for no one in particular.
 */
export async function authorizeParticipants(
  tx: Tx,
  actor: Actor,
  group: { id: string; org_id: string },
): Promise<void> {
  if (can(actor, 'participants.manage', group.org_id)) return;
  if (actor.userId && can(actor, 'participants.read', group.org_id)) {
    const { rows } = await tx.query(
      `SELECT 1 FROM group_facilitators gf JOIN facilitators f ON f.id = gf.facilitator_id
       WHERE gf.group_id = $1 AND f.user_id = $2`,
      [group.id, actor.userId],
    );
    if (rows.length > 0) return;
  }
  if (actor.kind === 'public') throw unauthenticated();
  throw forbidden();
}

/** A coordinator removes someone; the first in line gets the seat in the same transaction. */
export async function removeParticipant(
  tx: Tx,
  actor: Actor,
  registrationId: string,
  now: Date,
  publicUrl: string,
): Promise<void> {
  const registration = await repo.findRegistration(tx, registrationId);
  if (!registration) throw new AppError(404, 'not-found', 'The registration was not found.');
  authorize(actor, 'participants.manage', registration.org_id);
  await repo.seats(tx, registration.group_id, true);
  await repo.setCancelled(tx, registration.id, now);
  await audit(tx, {
    orgId: registration.org_id,
    actor,
    action: 'registration.remove',
    operation: 'delete',
    purpose: 'group administration',
    groupId: registration.group_id,
    subject: { type: 'registration', id: registration.id },
  });
  await fillFreeSeats(tx, registration.group_id, now, publicUrl);
}

/** An organiser writes to everyone with a seat (and, if asked, the waiting list). */
export async function messageParticipants(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  message: { subject: string; text: string; include_waitlist?: boolean },
  publicUrl: string,
): Promise<{ recipients: number }> {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'participants.manage', group.org_id);
  const info = await groupInfo(tx, group.id);
  const recipients = await groupRecipients(
    tx,
    group.id,
    message.include_waitlist ? ['confirmed', 'waitlisted'] : ['confirmed'],
  );
  const batch = randomBytes(8).toString('hex');
  let sent = 0;
  for (const to of recipients) {
    if (!to.email) continue;
    await enqueue(tx, {
      kind: 'organiser_message',
      group: info,
      to,
      publicUrl,
      subject: message.subject,
      text: message.text,
      dedupeKey: `message:${batch}:${to.registrationId}`,
    });
    sent++;
  }
  return { recipients: sent };
}

/**
 * An anonymous "I'm coming" for a drop-in group's upcoming session: a count for the
 * facilitator, nothing about the person.
 */
export async function markComing(
  db: Database,
  sessionId: string,
  now: Date,
): Promise<{ coming_count: number }> {
  const found = await db.transaction(PUBLIC_CONTEXT, async (tx) => {
    const { rows } = await tx.query<{ group_id: string; org_id: string; status: string; starts_at: Date }>(
      'SELECT group_id, org_id, status, starts_at FROM sessions WHERE id = $1',
      [sessionId],
    );
    if (!rows[0]) return null;
    const group = await getGroup(tx, rows[0].group_id);
    return { ...rows[0], group };
  });
  if (!found) throw new AppError(404, 'not-found', 'The session was not found.');
  if (found.group.how_to_join !== 'drop_in')
    throw conflict('not-drop-in', 'Only drop-in groups count who is coming.');
  if (found.status !== 'scheduled' || found.starts_at <= now) {
    throw conflict('session-not-upcoming', 'This session is not coming up.');
  }
  return db.transaction({ userId: null, orgIds: [found.org_id] }, async (tx) => {
    const { rows } = await tx.query<{ coming_count: number }>(
      'UPDATE sessions SET coming_count = coming_count + 1 WHERE id = $1 RETURNING coming_count',
      [sessionId],
    );
    return rows[0]!;
  });
}

export interface AccessLogEntry {
  id: string;
  at: Date;
  actor_label: string;
  action: string;
  operation: string;
  purpose: string;
  group_id: string | null;
  group_slug: string | null;
  group_name: LocalizedText | null;
  subject_type: string | null;
  subject_id: string | null;
  records: number;
}

/** The audit log: who read or changed whose data, newest first: for coordinators and admins. */
export async function accessLog(
  tx: Tx,
  actor: Actor,
  orgId: string,
  opts: {
    limit: number;
    /** an entry id: only older entries */
    before?: string;
    action?: string;
    /** entries at or after this instant */
    from?: Date;
    /** entries before this instant */
    to?: Date;
  },
): Promise<AccessLogEntry[]> {
  authorize(actor, 'participants.manage', orgId);
  const { rows } = await tx.query<AccessLogEntry>(
    `SELECT l.id::text AS id, l.at, l.actor_label, l.action, l.operation, l.purpose, l.group_id,
            g.slug AS group_slug, g.name AS group_name, l.subject_type, l.subject_id, l.records
     FROM data_access_log l LEFT JOIN groups g ON g.id = l.group_id
     WHERE l.org_id = $1 AND ($2::bigint IS NULL OR l.id < $2::bigint)
       AND ($4::text IS NULL OR l.action = $4) AND ($5::timestamptz IS NULL OR l.at >= $5)
       AND ($6::timestamptz IS NULL OR l.at < $6)
     ORDER BY l.id DESC LIMIT $3`,
    [orgId, opts.before ?? null, opts.limit, opts.action ?? null, opts.from ?? null, opts.to ?? null],
  );
  return rows;
}
