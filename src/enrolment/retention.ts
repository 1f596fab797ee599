/**
 * The retention job: the organisation's `retention_days` after a group ended, its
 * participants' and applicants' personal data is anonymised and their messages deleted.
 * What reports need stays: the rows, their status and arrival, attendance counts.
 * The same anonymisation answers a person's own erasure request (subject-requests.ts).
 */
import type { Database, Tx } from '../db/database.ts';
import { helsinkiToday } from '../shared/time.ts';
import { eraseSealed } from '../privacy/crypto.ts';
import { audit, SYSTEM } from '../privacy/audit.ts';

export interface RetentionResult {
  groups: number;
  registrations: number;
  applications: number;
  messages: number;
}

/**
 * Anonymises registrations and applications chosen by `where` (an SQL condition on the
 * row, with $1 bound to `arg`), and deletes the messages of those registrations. The rows
 * stay with their status, so the counts reports need remain. Runs in the caller's
 * transaction (as the owner: the rows may belong to several organisations).
 */
export async function anonymiseRows(
  tx: Tx,
  where: { registrations: string; applications: string; arg: unknown },
  now: Date,
): Promise<Omit<RetentionResult, 'groups'> & { touched: { id: string; group_id: string }[] }> {
  const messages = await tx.query(
    `DELETE FROM outbox WHERE registration_id IN
       (SELECT id FROM registrations WHERE (${where.registrations}) AND anonymised_at IS NULL)`,
    [where.arg],
  );
  const registrations = await tx.query<{ id: string; group_id: string }>(
    `UPDATE registrations SET display_name = 'anonymised', email = NULL, phone = NULL, answers = '{}',
       idempotency_key = NULL, referred_by = NULL, referrer_label = NULL,
       cancel_token_hash = decode(md5(random()::text || id::text), 'hex'),
       anonymised_at = $2, updated_at = $2
     WHERE (${where.registrations}) AND anonymised_at IS NULL
     RETURNING id, group_id`,
    [where.arg, now],
  );
  const applications = await tx.query<{ id: string; group_id: string }>(
    `UPDATE applications SET display_name = 'anonymised', email = NULL, phone = NULL, facts = '{}',
       anonymised_at = $2
     WHERE (${where.applications}) AND anonymised_at IS NULL
     RETURNING id, group_id`,
    [where.arg, now],
  );
  // The sealed answers and facts go with the names (src/privacy/crypto.ts).
  await eraseSealed(
    tx,
    'registrations',
    registrations.rows.map((r) => r.id),
  );
  await eraseSealed(
    tx,
    'applications',
    applications.rows.map((a) => a.id),
  );
  return {
    registrations: registrations.rowCount,
    applications: applications.rowCount,
    messages: messages.rowCount,
    touched: [...registrations.rows, ...applications.rows],
  };
}

export async function anonymiseEndedGroups(db: Database, now: Date): Promise<RetentionResult> {
  const today = helsinkiToday(now);
  // Runs as the owner: a system job across organisations, each by its own setting.
  return db.ownerTransaction(async (tx) => {
    const { rows: groups } = await tx.query<{ id: string; org_id: string }>(
      `SELECT g.id, g.org_id FROM groups g JOIN organisations o ON o.id = g.org_id
       WHERE g.status = 'ended' AND g.ended_on IS NOT NULL
         AND g.ended_on + o.retention_days < $1::date
         AND (EXISTS (SELECT 1 FROM registrations r WHERE r.group_id = g.id AND r.anonymised_at IS NULL)
           OR EXISTS (SELECT 1 FROM applications a WHERE a.group_id = g.id AND a.anonymised_at IS NULL))`,
      [today],
    );
    const ids = groups.map((g) => g.id);
    if (ids.length === 0) return { groups: 0, registrations: 0, applications: 0, messages: 0 };
    const { touched, ...done } = await anonymiseRows(
      tx,
      { registrations: 'group_id = ANY ($1::uuid[])', applications: 'group_id = ANY ($1::uuid[])', arg: ids },
      now,
    );
    // One audit row per group, by the system, in the same transaction.
    for (const g of groups) {
      await audit(tx, {
        orgId: g.org_id,
        actor: SYSTEM,
        action: 'retention.anonymise',
        operation: 'erase',
        purpose: 'retention',
        groupId: g.id,
        subject: { type: 'group', id: g.id },
        records: touched.filter((r) => r.group_id === g.id).length,
      });
    }
    return { groups: ids.length, ...done };
  });
}
