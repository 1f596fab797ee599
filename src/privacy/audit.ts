/**
 * The one audit log (`data_access_log`): every read or change of participants' personal
 * data and of referral or child-welfare information writes a row here, in the caller's
 * transaction, so a change that rolls back leaves no row and a change that commits always
 * has one. The application role may only add rows and read its own organisation's.
 */
import type { Tx } from '../db/database.ts';

export type AuditOperation = 'read' | 'create' | 'update' | 'delete' | 'export' | 'erase';

export type AuditPurpose =
  'group administration' | 'referral handling' | 'attendance' | 'retention' | 'data subject request';

export type AuditAction =
  | 'registrations.list'
  | 'registrations.export'
  | 'registration.remove'
  | 'applications.list'
  | 'applications.count'
  | 'attendance.read'
  | 'registration.create'
  | 'registration.add'
  | 'registration.cancel'
  | 'registration.promote'
  | 'referral.create'
  | 'referral.accept'
  | 'referral.decline'
  | 'application.create'
  | 'application.place'
  | 'application.decline'
  | 'attendance.record'
  | 'answers.update'
  | 'retention.anonymise'
  | 'subject.export'
  | 'subject.erase'
  | 'session_notes.read'
  | 'session_notes.update';

/** Every action, in the order the audit log page offers them as a filter. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'registrations.list',
  'registrations.export',
  'registration.create',
  'registration.add',
  'registration.cancel',
  'registration.promote',
  'registration.remove',
  'answers.update',
  'referral.create',
  'referral.accept',
  'referral.decline',
  'applications.list',
  'applications.count',
  'application.create',
  'application.place',
  'application.decline',
  'attendance.read',
  'attendance.record',
  'session_notes.read',
  'session_notes.update',
  'retention.anonymise',
  'subject.export',
  'subject.erase',
];

/** Who acted: a signed-in person or token, the participant themself, or the system. */
export type AuditActor = { userId: string | null; label: string };

/** The person registering, applying or cancelling through their own link (no account). */
export const PARTICIPANT: AuditActor = Object.freeze({ userId: null, label: 'participant' });
/** Jobs and automatic steps: waiting-list promotion, retention. */
export const SYSTEM: AuditActor = Object.freeze({ userId: null, label: 'system' });

export interface AuditEntry {
  orgId: string;
  actor: AuditActor;
  action: AuditAction;
  operation: AuditOperation;
  purpose: AuditPurpose;
  groupId?: string | null;
  subject?: { type: 'registration' | 'application' | 'session' | 'group'; id: string } | null;
  /** how many people's records the read or change touched */
  records?: number;
}

export async function audit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO data_access_log (org_id, actor_user_id, actor_label, action, operation, purpose, group_id,
       subject_type, subject_id, records)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.orgId,
      e.actor.userId,
      e.actor.label,
      e.action,
      e.operation,
      e.purpose,
      e.groupId ?? null,
      e.subject?.type ?? null,
      e.subject?.id ?? null,
      e.records ?? 1,
    ],
  );
}
