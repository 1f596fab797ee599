import { randomBytes } from 'node:crypto';
import type { Database, Tx } from '../db/database.ts';
import { PUBLIC_CONTEXT } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { AppError, conflict, invalid } from '../shared/errors.ts';
import { getGroup } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import { enqueue, groupInfo } from '../notifications/outbox.ts';
import * as repo from './repository.ts';
import { checkAnswers } from './questions.ts';
import { audit, PARTICIPANT } from '../privacy/audit.ts';
import { hashToken, personOf, present, type RegistrationInput, type RegistrationResult } from './service.ts';

const CODE_DAYS = 60;
// Letters and digits a person can read aloud and type without mixing up (no 0/O, 1/I/L).
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function referralGroup(group: GroupRow): void {
  if (group.how_to_join !== 'referral') {
    throw conflict('not-a-referral-group', 'This group is not joined through a referrer.');
  }
  if (!['published', 'running'].includes(group.status)) {
    throw conflict('not-open', 'This group does not take new members now.');
  }
}

function checkContact(input: RegistrationInput) {
  if (input.consent !== true) {
    throw invalid('consent', 'The client’s consent is needed to pass on their details.', 'consent-required');
  }
  return personOf(input, 'Give the client’s email address or phone number.');
}

/** A referrer registers a client, with the client's consent; the coordinator decides later. */
export async function referClient(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: RegistrationInput,
  opts: { now: Date; publicUrl: string },
): Promise<RegistrationResult> {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'referral.create', group.org_id);
  referralGroup(group);
  const { displayName, email, phone } = checkContact(input);
  const token = randomBytes(32).toString('base64url');
  const registration = await repo.insertRegistration(tx, {
    groupId: group.id,
    orgId: group.org_id,
    status: 'pending',
    displayName,
    email,
    phone,
    language: input.language,
    answers: checkAnswers(group.registration_questions, input.answers),
    consentAt: opts.now,
    cancelTokenHash: hashToken(token),
    idempotencyKey: null,
    via: 'referrer',
    referredBy: actor.userId,
    referrerLabel: actor.label,
  });
  await audit(tx, {
    orgId: group.org_id,
    actor,
    action: 'referral.create',
    operation: 'create',
    purpose: 'referral handling',
    groupId: group.id,
    subject: { type: 'registration', id: registration.id },
  });
  return present(tx, registration, token, opts.publicUrl);
}

/** A single-use code the referrer hands to a client, who then registers with it. */
export async function createReferralCode(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  now: Date,
): Promise<{ code: string; expires_at: Date }> {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'referral.create', group.org_id);
  referralGroup(group);
  const bytes = randomBytes(10);
  const code = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  const expiresAt = new Date(now.getTime() + CODE_DAYS * 86_400_000);
  await tx.query(
    `INSERT INTO referral_codes (group_id, org_id, code_hash, created_by, created_label, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [group.id, group.org_id, hashToken(normaliseCode(code)), actor.userId, actor.label, expiresAt],
  );
  return { code: `${code.slice(0, 5)}-${code.slice(5)}`, expires_at: expiresAt };
}

const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** A client registers with a referral code: the registration waits for the coordinator. */
export async function registerWithCode(
  db: Database,
  groupIdOrSlug: string,
  code: string,
  input: RegistrationInput,
  opts: { now: Date; publicUrl: string },
): Promise<RegistrationResult> {
  const { displayName, email, phone } = checkContact(input);
  const group = await db.transaction(PUBLIC_CONTEXT, (tx) => getGroup(tx, groupIdOrSlug));
  referralGroup(group);
  return db.transaction({ userId: null, orgIds: [group.org_id] }, async (tx) => {
    // Claimed in the same statement that checks it, so a code works exactly once.
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE referral_codes SET used_at = $3
       WHERE code_hash = $1 AND group_id = $2 AND used_at IS NULL AND expires_at > $3
       RETURNING id`,
      [hashToken(normaliseCode(code)), group.id, opts.now],
    );
    if (!rows[0])
      throw invalid(
        'referral_code',
        'The referral code is unknown, used or expired.',
        'invalid-referral-code',
      );
    const token = randomBytes(32).toString('base64url');
    const registration = await repo.insertRegistration(tx, {
      groupId: group.id,
      orgId: group.org_id,
      status: 'pending',
      displayName,
      email,
      phone,
      language: input.language,
      answers: checkAnswers(group.registration_questions, input.answers),
      consentAt: opts.now,
      cancelTokenHash: hashToken(token),
      idempotencyKey: null,
      via: 'referral_code',
    });
    await tx.query('UPDATE referral_codes SET registration_id = $2 WHERE id = $1', [
      rows[0].id,
      registration.id,
    ]);
    await audit(tx, {
      orgId: group.org_id,
      actor: PARTICIPANT,
      action: 'referral.create',
      operation: 'create',
      purpose: 'referral handling',
      groupId: group.id,
      subject: { type: 'registration', id: registration.id },
    });
    return present(tx, registration, token, opts.publicUrl);
  });
}

/** The coordinator accepts a referral (a seat, or the waiting list) or declines it. */
export async function decideReferral(
  tx: Tx,
  actor: Actor,
  registrationId: string,
  decision: 'accept' | 'decline',
  opts: { now: Date; publicUrl: string },
): Promise<{ id: string; status: string; waitlist_position: number | null }> {
  const registration = await repo.findRegistration(tx, registrationId);
  if (!registration) throw new AppError(404, 'not-found', 'The registration was not found.');
  authorize(actor, 'participants.manage', registration.org_id);
  const seats = await repo.seats(tx, registration.group_id, true);
  const current = (await repo.findRegistration(tx, registrationId))!;
  if (current.status !== 'pending') {
    throw conflict('already-decided', `This registration is already ${current.status}.`, [
      { in: 'body', field: 'decision', message: `already ${current.status}` },
    ]);
  }
  let status: 'confirmed' | 'waitlisted' | 'declined' = 'declined';
  if (decision === 'accept') {
    if (!seats || seats.capacity === null || seats.confirmed < seats.capacity) status = 'confirmed';
    else if (seats.waitlist_capacity === null || seats.waitlisted < seats.waitlist_capacity)
      status = 'waitlisted';
    else throw conflict('group-full', 'The group and its waiting list are full.');
  }
  await tx.query('UPDATE registrations SET status = $2, decided_at = $3, updated_at = $3 WHERE id = $1', [
    registrationId,
    status,
    opts.now,
  ]);
  const updated = (await repo.findRegistration(tx, registrationId))!;
  await audit(tx, {
    orgId: updated.org_id,
    actor,
    action: decision === 'accept' ? 'referral.accept' : 'referral.decline',
    operation: 'update',
    purpose: 'referral handling',
    groupId: updated.group_id,
    subject: { type: 'registration', id: updated.id },
  });
  const position = await repo.waitlistPosition(tx, updated);
  if (status !== 'declined') {
    const info = await groupInfo(tx, updated.group_id);
    await enqueue(tx, {
      kind: status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted',
      group: info,
      to: {
        registrationId: updated.id,
        name: updated.display_name,
        email: updated.email,
        language: updated.language,
      },
      publicUrl: opts.publicUrl,
      position: position ?? undefined,
      remoteUrl: status === 'confirmed' ? (info.remote_url ?? undefined) : undefined,
    });
  }
  return { id: updated.id, status, waitlist_position: position };
}

/** What a referrer sees of the people they referred: the group and the status, nothing else. */
export async function myReferrals(tx: Tx, actor: Actor) {
  const { rows } = await tx.query<{
    id: string;
    group_id: string;
    group_slug: string;
    status: string;
    created_at: Date;
    decided_at: Date | null;
  }>(
    `SELECT r.id, r.group_id, g.slug AS group_slug, r.status, r.created_at, r.decided_at
     FROM registrations r JOIN groups g ON g.id = r.group_id
     WHERE r.via = 'referrer' AND (r.referred_by = $1 OR ($1::uuid IS NULL AND r.referrer_label = $2))
     ORDER BY r.created_at DESC LIMIT 200`,
    [actor.userId, actor.label],
  );
  return rows;
}
