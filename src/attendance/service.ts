import type { Tx } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { authorizeParticipants } from '../enrolment/service.ts';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../shared/errors.ts';
import { toHelsinkiIso } from '../shared/time.ts';
import { getGroup, getVisibleGroup } from '../groups/service.ts';
import { recordEvent, type GroupRow } from '../groups/repository.ts';
import { findOrganisation } from '../organisations/repository.ts';
import { findSession, type SessionRow } from '../schedules/repository.ts';
import * as repo from './repository.ts';
import { audit } from '../privacy/audit.ts';

/** Groups people join by name keep named attendance; drop-in groups count heads. */
export function attendanceKindOf(group: Pick<GroupRow, 'how_to_join'>): repo.AttendanceKind {
  return group.how_to_join === 'drop_in' ? 'head_count' : 'named';
}

export interface AttendanceInput {
  participants?: { registration_id: string; present: boolean }[];
  head_count?: number;
  children_count?: number;
}

async function sessionAndGroup(tx: Tx, sessionId: string): Promise<{ session: SessionRow; group: GroupRow }> {
  const session = await findSession(tx, sessionId);
  if (!session) throw notFound('session');
  const group = await getGroup(tx, session.group_id);
  return { session, group };
}

/**
 * Records who came to a session: names for groups people join by registration, referral
 * or application; a head count (and the children who came along) for drop-in groups.
 * Saving again replaces the earlier record. The low-attendance rule runs afterwards.
 * Only coordinators (and admins) and the group's own facilitators record attendance.
 */
export async function recordAttendance(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: AttendanceInput,
  now: Date,
) {
  const { session, group } = await sessionAndGroup(tx, sessionId);
  // The organisation's coordinators and the group's own facilitators, not every facilitator
  // of the organisation (nor a facilitator token, which stands for no one in particular).
  await authorizeParticipants(tx, actor, group);
  // One save per group at a time, so the low-attendance rule always sees the others' sessions.
  await tx.query('SELECT id FROM groups WHERE id = $1 FOR UPDATE', [group.id]);
  if (session.status === 'cancelled') {
    throw conflict('session-cancelled', 'A cancelled session has no attendance.', [
      { in: 'path', field: 'id', message: 'the session is cancelled' },
    ]);
  }
  if (session.starts_at > now) {
    throw conflict('session-not-started', 'Attendance is recorded once the session has started.', [
      { in: 'path', field: 'id', message: 'the session has not started yet' },
    ]);
  }
  const kind = attendanceKindOf(group);
  const childrenCount = input.children_count ?? 0;
  let presentCount: number;
  let participants: { registration_id: string; present: boolean }[] = [];
  if (kind === 'named') {
    if (input.head_count !== undefined) {
      throw invalid(
        'head_count',
        'People join this group by name: mark each participant present or absent instead of a head count.',
        'named-attendance-required',
      );
    }
    if (!input.participants) {
      throw invalid('participants', 'Mark each participant present or absent.', 'participants-missing');
    }
    participants = input.participants;
    const ids = participants.map((p) => p.registration_id);
    const seen = new Set<string>();
    participants.forEach((p, i) => {
      if (seen.has(p.registration_id)) {
        throw invalid(
          `participants.${i}.registration_id`,
          'This person is listed twice.',
          'duplicate-participant',
        );
      }
      seen.add(p.registration_id);
    });
    const confirmed = await repo.confirmedAmong(tx, group.id, ids);
    const unknown = participants.findIndex((p) => !confirmed.has(p.registration_id));
    if (unknown >= 0) {
      throw invalid(
        `participants.${unknown}.registration_id`,
        'Not a confirmed participant of this group.',
        'unknown-participant',
      );
    }
    presentCount = participants.filter((p) => p.present).length;
  } else {
    if (input.participants !== undefined) {
      throw invalid(
        'participants',
        'People come to this drop-in group without registering: give a head count instead of names.',
        'head-count-required',
      );
    }
    if (input.head_count === undefined) {
      throw invalid('head_count', 'Say how many people came.', 'head-count-missing');
    }
    presentCount = input.head_count;
  }
  await repo.saveAttendance(tx, {
    sessionId: session.id,
    orgId: group.org_id,
    groupId: group.id,
    kind,
    presentCount,
    childrenCount,
    recordedBy: actor.userId,
    recordedByLabel: actor.label,
    at: now,
    participants,
  });
  if (kind === 'named') {
    // Who came to a peer support group is special-category data.
    await audit(tx, {
      orgId: group.org_id,
      actor,
      action: 'attendance.record',
      operation: 'update',
      purpose: 'attendance',
      groupId: group.id,
      subject: { type: 'session', id: session.id },
      records: participants.length,
    });
  }
  const warning = await evaluateLowAttendance(tx, actor, group, now);
  return {
    session_id: session.id,
    group_id: group.id,
    kind,
    present_count: presentCount,
    children_count: childrenCount,
    recorded_at: toHelsinkiIso(now),
    low_attendance_warning: warning,
  };
}

/**
 * A session's attendance. Named attendance shows people's names: only the group's
 * coordinators and facilitators see it, and every look is written to the access log.
 */
export async function readAttendance(tx: Tx, actor: Actor, sessionId: string) {
  const { session, group } = await sessionAndGroup(tx, sessionId);
  const kind = attendanceKindOf(group);
  if (kind === 'named') await authorizeParticipants(tx, actor, group);
  else authorize(actor, 'session.manage', group.org_id);
  const saved = await repo.findAttendance(tx, session.id);
  let participants: repo.NamedRow[] | undefined;
  if (kind === 'named') {
    participants = await repo.namedAttendance(tx, group.id, session.id);
    await audit(tx, {
      orgId: group.org_id,
      actor,
      action: 'attendance.read',
      operation: 'read',
      purpose: 'attendance',
      groupId: group.id,
      subject: { type: 'session', id: session.id },
      records: participants.length,
    });
  }
  return {
    session_id: session.id,
    group_id: group.id,
    starts_at: toHelsinkiIso(session.starts_at),
    kind,
    recorded: saved !== null,
    present_count: saved?.present_count ?? null,
    head_count: kind === 'head_count' ? (saved?.present_count ?? null) : null,
    children_count: saved?.children_count ?? null,
    recorded_at: saved ? toHelsinkiIso(saved.recorded_at) : null,
    recorded_by: saved?.recorded_by_label ?? null,
    ...(participants ? { participants } : {}),
  };
}

/** Attendance per session of a group, with the totals reports need. No names. */
export async function groupAttendance(tx: Tx, actor: Actor, groupIdOrSlug: string, now: Date) {
  const group = await getGroup(tx, groupIdOrSlug);
  authorize(actor, 'session.manage', group.org_id);
  const kind = attendanceKindOf(group);
  const rows = await repo.groupSessionsAttendance(tx, group.id, now);
  const recorded = rows.filter((r) => r.kind !== null);
  const visits = recorded.reduce((sum, r) => sum + (r.present_count ?? 0), 0);
  const children = recorded.reduce((sum, r) => sum + (r.children_count ?? 0), 0);
  return {
    group_id: group.id,
    kind,
    sessions: rows.map((r) => ({
      session_id: r.session_id,
      starts_at: toHelsinkiIso(r.starts_at),
      status: r.status,
      recorded: r.kind !== null,
      present_count: kind === 'named' ? r.present_count : null,
      head_count: kind === 'head_count' ? r.present_count : null,
      children_count: r.children_count,
    })),
    totals: {
      sessions_held: rows.filter((r) => r.status === 'scheduled').length,
      sessions_recorded: recorded.length,
      visits,
      children,
      average_present: recorded.length ? Math.round((visits / recorded.length) * 10) / 10 : null,
      unique_participants: kind === 'named' ? await repo.uniqueParticipants(tx, group.id) : null,
    },
    low_attendance_warning: presentWarning(await repo.findWarning(tx, group.id)),
  };
}

export interface LowAttendanceRule {
  min_present: number;
  consecutive_sessions: number;
}

/** The rule that applies to a group: its own, or its organisation's; null when off. */
export async function effectiveRule(tx: Tx, group: GroupRow): Promise<LowAttendanceRule | null> {
  if (group.low_attendance_rule === 'off') return null;
  if (group.low_attendance_rule === 'custom') {
    return {
      min_present: group.low_attendance_min_present!,
      consecutive_sessions: group.low_attendance_consecutive!,
    };
  }
  const org = await findOrganisation(tx, group.org_id, true);
  if (!org?.low_attendance_min_present || !org.low_attendance_consecutive) return null;
  return {
    min_present: org.low_attendance_min_present,
    consecutive_sessions: org.low_attendance_consecutive,
  };
}

/**
 * The streak of low sessions, newest first: how many of the latest recorded sessions
 * each had fewer than `minPresent` people, and when the earliest of them started.
 * Pure; tested alone.
 */
export function lowStreak(
  newestFirst: readonly { starts_at: Date; present_count: number }[],
  minPresent: number,
): { sessions: number; since: Date | null } {
  let sessions = 0;
  let since: Date | null = null;
  for (const s of newestFirst) {
    if (s.present_count >= minPresent) break;
    sessions++;
    since = s.starts_at;
  }
  return { sessions, since };
}

export function presentWarning(w: repo.WarningRow | null) {
  return w ? { since: toHelsinkiIso(w.since), sessions: w.sessions, min_present: w.min_present } : null;
}

/**
 * Raises the group's low-attendance warning when its last N recorded sessions each had
 * fewer than the minimum present, and clears it when attendance recovers (or the rule is
 * switched off). Both are written to the group's change history.
 */
export async function evaluateLowAttendance(tx: Tx, actor: Actor, group: GroupRow, now: Date) {
  const rule = await effectiveRule(tx, group);
  const before = await repo.findWarning(tx, group.id);
  let streak = { sessions: 0, since: null as Date | null };
  if (rule) streak = lowStreak(await repo.recordedCounts(tx, group.id, 500), rule.min_present);
  if (rule && streak.sessions >= rule.consecutive_sessions) {
    await repo.upsertWarning(tx, {
      groupId: group.id,
      orgId: group.org_id,
      since: streak.since!,
      sessions: streak.sessions,
      minPresent: rule.min_present,
      at: now,
    });
    if (!before) {
      await recordEvent(tx, {
        groupId: group.id,
        orgId: group.org_id,
        actorUserId: actor.userId,
        actorLabel: actor.label,
        action: 'low_attendance_warning_raised',
        details: { sessions: streak.sessions, min_present: rule.min_present },
      });
    }
    return presentWarning(await repo.findWarning(tx, group.id));
  }
  if (before && (await repo.deleteWarning(tx, group.id))) {
    await recordEvent(tx, {
      groupId: group.id,
      orgId: group.org_id,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: 'low_attendance_warning_cleared',
      details: rule ? {} : { rule: 'off' },
    });
  }
  return null;
}

export interface RuleInput {
  rule: 'organisation' | 'off' | 'custom';
  min_present?: number;
  consecutive_sessions?: number;
}

/** Sets a group's own low-attendance rule, then re-evaluates its warning under it. */
export async function setLowAttendanceRule(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: RuleInput,
  now: Date,
) {
  const group = await getGroup(tx, groupIdOrSlug, true);
  authorize(actor, 'catalogue.manage', group.org_id);
  if (input.rule === 'custom') {
    if (input.min_present === undefined)
      throw invalid('min_present', 'A group’s own rule needs the minimum present.', 'rule-incomplete');
    if (input.consecutive_sessions === undefined)
      throw invalid(
        'consecutive_sessions',
        'A group’s own rule needs the number of consecutive sessions.',
        'rule-incomplete',
      );
  } else if (input.min_present !== undefined || input.consecutive_sessions !== undefined) {
    throw invalid(
      input.min_present !== undefined ? 'min_present' : 'consecutive_sessions',
      'Numbers are given only with rule "custom".',
      'rule-numbers-without-custom',
    );
  }
  const custom = input.rule === 'custom';
  await tx.query(
    `UPDATE groups SET low_attendance_rule = $2, low_attendance_min_present = $3, low_attendance_consecutive = $4,
       updated_at = now() WHERE id = $1`,
    [group.id, input.rule, custom ? input.min_present : null, custom ? input.consecutive_sessions : null],
  );
  const updated = await getGroup(tx, group.id);
  await recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'low_attendance_rule_set',
    details: { ...input },
  });
  await evaluateLowAttendance(tx, actor, updated, now);
  return lowAttendanceState(tx, updated);
}

/** The rule as set on the group, the rule in force, and the warning. */
export async function lowAttendanceState(tx: Tx, group: GroupRow) {
  const rule = await effectiveRule(tx, group);
  return {
    rule: group.low_attendance_rule,
    min_present: group.low_attendance_min_present,
    consecutive_sessions: group.low_attendance_consecutive,
    effective: rule,
    warning: presentWarning(await repo.findWarning(tx, group.id)),
  };
}

export async function getLowAttendance(tx: Tx, actor: Actor, groupIdOrSlug: string) {
  const { group, access } = await getVisibleGroup(tx, actor, groupIdOrSlug);
  if (!access.internal) throw actor.kind === 'public' ? unauthenticated() : forbidden();
  return lowAttendanceState(tx, group);
}
