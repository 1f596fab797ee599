import type { Lang } from '../shared/lang.ts';
import { randomBytes } from 'node:crypto';
import type { Database, Tx } from '../db/database.ts';
import { PUBLIC_CONTEXT } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { AppError, conflict, invalid } from '../shared/errors.ts';
import { getGroup } from '../groups/service.ts';
import { enqueue, groupInfo } from '../notifications/outbox.ts';
import * as repo from './repository.ts';
import { authorizeParticipants, hashToken, personOf } from './service.ts';
import { readSealed, writeSealed } from '../privacy/crypto.ts';
import { audit, PARTICIPANT } from '../privacy/audit.ts';

export interface ApplicationFacts {
  area?: string;
  child_age_months?: number;
  due_date?: string;
  languages?: string[];
  availability?: string;
  background?: string;
}

export interface ApplicationInput {
  display_name: string;
  email?: string | null;
  phone?: string | null;
  language: Lang;
  consent: boolean;
  facts: ApplicationFacts;
}

/** Someone applies to a programme whose groups the organiser assembles. */
export async function apply(
  db: Database,
  groupIdOrSlug: string,
  input: ApplicationInput,
  now: Date,
): Promise<{ id: string; status: 'pending' }> {
  if (input.consent !== true)
    throw invalid('consent', 'Applying needs your consent to the privacy notice.', 'consent-required');
  const { displayName, email, phone } = personOf(input, 'Give an email address or a phone number.');
  const group = await db.transaction(PUBLIC_CONTEXT, (tx) => getGroup(tx, groupIdOrSlug));
  if (group.how_to_join !== 'application')
    throw conflict('not-an-application-group', 'This group is not joined by applying.');
  if (!['published', 'running'].includes(group.status))
    throw conflict('not-open', 'This group does not take applications now.');
  return db.transaction({ userId: null, orgIds: [group.org_id] }, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO applications (group_id, org_id, display_name, email, phone, language, facts, consent_at)
       VALUES ($1, $2, $3, $4, $5, $6, '{}', $7) RETURNING id`,
      [group.id, group.org_id, displayName, email, phone, input.language, now],
    );
    const id = rows[0]!.id;
    // The facts are special-category data: sealed apart (src/privacy/crypto.ts), never in the row.
    await writeSealed(tx, { table: 'applications', id, orgId: group.org_id, field: 'facts' }, input.facts);
    await audit(tx, {
      orgId: group.org_id,
      actor: PARTICIPANT,
      action: 'application.create',
      operation: 'create',
      purpose: 'group administration',
      groupId: group.id,
      subject: { type: 'application', id },
    });
    return { id, status: 'pending' as const };
  });
}

export interface ApplicationRow {
  id: string;
  status: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  language: string;
  facts: ApplicationFacts;
  created_at: Date;
  placed_group_id: string | null;
}

/** The applications to a group, for its coordinators and facilitators; the look is logged. */
export async function listApplications(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
): Promise<ApplicationRow[]> {
  const group = await getGroup(tx, groupIdOrSlug);
  await authorizeParticipants(tx, actor, group);
  const { rows } = await tx.query<ApplicationRow>(
    `SELECT a.id, a.status, a.display_name, a.email, a.phone, a.language, a.facts, a.created_at, r.group_id AS placed_group_id
     FROM applications a LEFT JOIN registrations r ON r.id = a.placed_registration_id
     WHERE a.group_id = $1 ORDER BY a.created_at, a.id`,
    [group.id],
  );
  const facts = await readSealed<ApplicationFacts>(
    tx,
    'applications',
    'facts',
    rows.map((r) => r.id),
  );
  for (const r of rows) r.facts = facts.get(r.id) ?? {};
  await audit(tx, {
    orgId: group.org_id,
    actor,
    action: 'applications.list',
    operation: 'read',
    purpose: 'group administration',
    groupId: group.id,
    records: rows.length,
  });
  return rows;
}

async function pendingApplication(tx: Tx, actor: Actor, id: string) {
  const { rows } = await tx.query<{
    id: string;
    org_id: string;
    group_id: string;
    status: string;
    display_name: string;
    email: string | null;
    phone: string | null;
    language: Lang;
    consent_at: Date;
  }>(
    'SELECT id, org_id, group_id, status, display_name, email, phone, language, consent_at FROM applications WHERE id = $1 FOR UPDATE',
    [id],
  );
  const application = rows[0];
  if (!application) throw new AppError(404, 'not-found', 'The application was not found.');
  authorize(actor, 'participants.manage', application.org_id);
  if (application.status !== 'pending') {
    throw conflict('already-decided', `This application is already ${application.status}.`);
  }
  return application;
}

/**
 * The coordinator places an applicant into a group of the organisation: a seat when one is
 * free, otherwise the waiting list, under the same seat lock as every registration.
 */
export async function placeApplication(
  tx: Tx,
  actor: Actor,
  applicationId: string,
  targetGroupIdOrSlug: string,
  opts: { now: Date; publicUrl: string },
): Promise<{ registration_id: string; group_id: string; status: 'confirmed' | 'waitlisted' }> {
  const application = await pendingApplication(tx, actor, applicationId);
  const target = await getGroup(tx, targetGroupIdOrSlug);
  if (target.org_id !== application.org_id) {
    throw invalid('group', 'Place applicants only into the organisation’s own groups.', 'other-organisation');
  }
  const seats = await repo.seats(tx, target.id, true);
  let status: 'confirmed' | 'waitlisted';
  if (!seats || seats.capacity === null || seats.confirmed < seats.capacity) status = 'confirmed';
  else if (seats.waitlist_capacity === null || seats.waitlisted < seats.waitlist_capacity)
    status = 'waitlisted';
  else
    throw conflict('group-full', 'The group and its waiting list are full.', [
      { in: 'body', field: 'group', message: 'full' },
    ]);
  const token = randomBytes(32).toString('base64url');
  const registration = await repo.insertRegistration(tx, {
    groupId: target.id,
    orgId: target.org_id,
    status,
    displayName: application.display_name,
    email: application.email,
    phone: application.phone,
    language: application.language,
    answers: {},
    consentAt: application.consent_at,
    cancelTokenHash: hashToken(token),
    idempotencyKey: null,
    via: 'application',
  });
  await tx.query(
    `UPDATE applications SET status = 'placed', placed_registration_id = $2, decided_at = $3 WHERE id = $1`,
    [application.id, registration.id, opts.now],
  );
  await audit(tx, {
    orgId: application.org_id,
    actor,
    action: 'application.place',
    operation: 'update',
    purpose: 'group administration',
    groupId: target.id,
    subject: { type: 'application', id: application.id },
  });
  const info = await groupInfo(tx, target.id);
  await enqueue(tx, {
    kind: status === 'confirmed' ? 'registration_confirmed' : 'registration_waitlisted',
    group: info,
    to: {
      registrationId: registration.id,
      name: registration.display_name,
      email: registration.email,
      language: registration.language,
    },
    publicUrl: opts.publicUrl,
    cancelToken: token,
    position: (await repo.waitlistPosition(tx, registration)) ?? undefined,
    remoteUrl: status === 'confirmed' ? (info.remote_url ?? undefined) : undefined,
  });
  return { registration_id: registration.id, group_id: target.id, status };
}

export async function declineApplication(
  tx: Tx,
  actor: Actor,
  applicationId: string,
  now: Date,
): Promise<void> {
  const application = await pendingApplication(tx, actor, applicationId);
  await tx.query(`UPDATE applications SET status = 'declined', decided_at = $2 WHERE id = $1`, [
    application.id,
    now,
  ]);
  await audit(tx, {
    orgId: application.org_id,
    actor,
    action: 'application.decline',
    operation: 'update',
    purpose: 'group administration',
    groupId: application.group_id,
    subject: { type: 'application', id: application.id },
  });
}
