import type { Tx } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { AppError, invalid, notFound } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { helsinkiWallToInstant, instantToHelsinkiWall, parseInstant, toHelsinkiIso } from '../shared/time.ts';
import { getGroup } from '../groups/service.ts';
import type { GroupRow } from '../groups/repository.ts';
import { venueOrg } from '../groups/repository.ts';
import * as repo from './repository.ts';
import { enqueue, groupInfo, groupRecipients } from '../notifications/outbox.ts';
import { authorizeParticipants } from '../enrolment/service.ts';
import { audit } from '../privacy/audit.ts';
import { readSealed, sealSessionNotes, type SessionNotesValue } from '../privacy/crypto.ts';
import { expand, isFinite, normaliseLocal, rruleProblem } from './recurrence.ts';

/** Ongoing schedules are materialised this far ahead; the rest comes as time passes. */
export const HORIZON_DAYS = 400;
const FAR_FUTURE = '9999-12-31T00:00:00';

export interface ScheduleInput {
  rrule: string;
  starts_local: string;
  duration_minutes: number;
  exdates?: string[];
  venue_id?: string | null;
}

export interface MaterialiseResult {
  created: number;
  updated: number;
  removed: number;
}

/**
 * Who may change a group's sessions (move, cancel, restore, re-theme, add an extra one, a
 * holiday break, notes, guest experts): the organisation's coordinators and admins, and the
 * group's own facilitators — not every facilitator of the organisation, nor a facilitator
 * token, which stands for no one in particular. The same rule as recording attendance and
 * the workspace's session pages: one check, `authorizeParticipants`.
 */
export async function authorizeSessionChange(
  tx: Tx,
  actor: Actor,
  group: { id: string; org_id: string },
): Promise<void> {
  await authorizeParticipants(tx, actor, group);
}

function recurrenceProblem(input: ScheduleInput): AppError | null {
  const problem = rruleProblem(input.rrule);
  if (problem) return invalid('rrule', `The recurrence rule is not valid: ${problem}.`, 'invalid-rrule');
  return null;
}

/** A programme's meetings last what the programme says (e.g. Vahvistin 2–3 hours). */
async function checkDuration(tx: Tx, group: GroupRow, minutes: number): Promise<void> {
  if (!group.template_id) return;
  const { rows } = await tx.query<{ min: number | null; max: number | null }>(
    'SELECT session_minutes_min AS min, session_minutes_max AS max FROM programme_templates WHERE id = $1',
    [group.template_id],
  );
  const limits = rows[0];
  if (!limits) return;
  if ((limits.min !== null && minutes < limits.min) || (limits.max !== null && minutes > limits.max)) {
    const range = limits.min === limits.max ? `${limits.min}` : `${limits.min ?? '…'}–${limits.max ?? '…'}`;
    throw invalid(
      'duration_minutes',
      `The programme's meetings last ${range} minutes.`,
      'duration-outside-programme',
    );
  }
}

async function checkVenue(tx: Tx, group: GroupRow, venueId: string | null | undefined): Promise<void> {
  if (venueId && (await venueOrg(tx, venueId)) !== group.org_id) {
    throw invalid('venue_id', 'The venue must be one of the organisation’s own venues.', 'unknown-venue');
  }
}

/**
 * Brings a schedule's sessions in line with its rule: adds missing occurrences, moves
 * untouched future ones, removes untouched future ones the rule no longer has. Sessions
 * someone changed by hand, and everything in the past, stay as they are.
 */
async function materialise(
  tx: Tx,
  group: GroupRow,
  schedule: repo.ScheduleRow,
  now: Date,
): Promise<MaterialiseResult> {
  const horizon = isFinite(schedule.rrule)
    ? FAR_FUTURE
    : instantToHelsinkiWall(new Date(now.getTime() + HORIZON_DAYS * 86_400_000));
  const occurrences = expand(
    {
      rrule: schedule.rrule,
      startsLocal: schedule.starts_local,
      durationMinutes: schedule.duration_minutes,
      exdates: schedule.exdates,
    },
    horizon,
  );
  const existing = new Map(
    (await repo.sessionsOfSchedule(tx, schedule.id)).map((s) => [s.occurrence_local!, s]),
  );
  const result: MaterialiseResult = { created: 0, updated: 0, removed: 0 };
  for (const occ of occurrences) {
    const current = existing.get(occ.local);
    existing.delete(occ.local);
    if (!current) {
      await repo.insertSession(tx, {
        group_id: group.id,
        org_id: group.org_id,
        schedule_id: schedule.id,
        occurrence_local: occ.local,
        starts_at: occ.startsAt,
        ends_at: occ.endsAt,
        plan_kind: 'regular',
        theme: null,
        theme_key: null,
        venue_id: schedule.venue_id,
      });
      result.created++;
    } else if (
      !current.customised &&
      current.starts_at >= now &&
      (current.ends_at.getTime() !== occ.endsAt.getTime() || current.venue_id !== schedule.venue_id)
    ) {
      await repo.updateSession(tx, current.id, { ends_at: occ.endsAt, venue_id: schedule.venue_id });
      result.updated++;
    }
  }
  const stale = [...existing.values()].filter((s) => !s.customised && s.starts_at >= now).map((s) => s.id);
  await repo.deleteSessions(tx, stale);
  result.removed = stale.length;
  await applyPlan(tx, group);
  return result;
}

/**
 * Gives the group's sessions their place in the programme's plan: kickoff first,
 * closing last, theme sessions between (Vahvistin), or numbered regular sessions.
 */
export async function applyPlan(tx: Tx, group: GroupRow): Promise<void> {
  if (!group.template_id) return;
  const plan = await repo.templatePlan(tx, group.template_id);
  if (plan.length === 0) return;
  const sessions = (await repo.listSessions(tx, group.id, null, null, 10_000)).filter(
    (s) => s.plan_kind !== 'extra' && s.status === 'scheduled',
  );
  const closing = plan.at(-1)?.kind === 'closing' ? plan.at(-1)! : null;
  const body = closing ? plan.slice(0, -1) : plan;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i]!;
    const item = closing && i === sessions.length - 1 && i > 0 ? closing : (body[i] ?? body.at(-1)!);
    const wantTheme = s.theme_key ? s.theme : item.title;
    if (s.plan_kind !== item.kind || JSON.stringify(s.theme) !== JSON.stringify(wantTheme)) {
      await repo.updateSession(tx, s.id, { plan_kind: item.kind, theme: wantTheme });
    }
  }
}

function scheduleFields(input: ScheduleInput) {
  return {
    rrule: input.rrule
      .replace(/^RRULE:/i, '')
      .trim()
      .toUpperCase(),
    starts_local: normaliseLocal(input.starts_local),
    duration_minutes: input.duration_minutes,
    exdates: (input.exdates ?? []).map(normaliseLocal),
    venue_id: input.venue_id ?? null,
  };
}

export async function createSchedule(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: ScheduleInput,
  now: Date,
) {
  const group = await getGroup(tx, groupIdOrSlug, true);
  authorize(actor, 'catalogue.manage', group.org_id);
  const problem = recurrenceProblem(input);
  if (problem) throw problem;
  await checkVenue(tx, group, input.venue_id);
  await checkDuration(tx, group, input.duration_minutes);
  const schedule = await repo.insertSchedule(tx, {
    group_id: group.id,
    org_id: group.org_id,
    ...scheduleFields(input),
  });
  const sessions = await materialise(tx, group, schedule, now);
  return { schedule, sessions };
}

async function scheduleWithGroup(tx: Tx, actor: Actor, scheduleId: string) {
  const schedule = await repo.findSchedule(tx, scheduleId, true);
  if (!schedule) throw notFound('schedule');
  const group = await getGroup(tx, schedule.group_id, true);
  authorize(actor, 'catalogue.manage', group.org_id);
  return { schedule, group };
}

export async function updateSchedule(
  tx: Tx,
  actor: Actor,
  scheduleId: string,
  input: Partial<ScheduleInput>,
  now: Date,
) {
  const { schedule, group } = await scheduleWithGroup(tx, actor, scheduleId);
  const merged: ScheduleInput = {
    rrule: input.rrule ?? schedule.rrule,
    starts_local: input.starts_local ?? schedule.starts_local,
    duration_minutes: input.duration_minutes ?? schedule.duration_minutes,
    exdates: input.exdates ?? schedule.exdates,
    venue_id: input.venue_id === undefined ? schedule.venue_id : input.venue_id,
  };
  const problem = recurrenceProblem(merged);
  if (problem) throw problem;
  await checkVenue(tx, group, merged.venue_id);
  if (input.duration_minutes !== undefined) await checkDuration(tx, group, merged.duration_minutes);
  const updated = await repo.updateSchedule(tx, schedule.id, scheduleFields(merged));
  const sessions = await materialise(tx, group, updated, now);
  return { schedule: updated, sessions };
}

/** Removes a schedule and its untouched future sessions; past and hand-changed sessions stay. */
export async function deleteSchedule(tx: Tx, actor: Actor, scheduleId: string, now: Date): Promise<void> {
  const { schedule, group } = await scheduleWithGroup(tx, actor, scheduleId);
  const future = (await repo.sessionsOfSchedule(tx, schedule.id)).filter(
    (s) => !s.customised && s.starts_at >= now,
  );
  await repo.deleteSessions(
    tx,
    future.map((s) => s.id),
  );
  await repo.deleteSchedule(tx, schedule.id);
  await applyPlan(tx, group);
}

/** Extends every ongoing schedule's sessions to the horizon: run daily by the worker or CLI. */
export async function extendOngoingSchedules(tx: Tx, now: Date): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM schedules WHERE rrule !~ '(COUNT|UNTIL)='`);
  let created = 0;
  for (const { id } of rows) {
    const schedule = (await repo.findSchedule(tx, id))!;
    const group = await getGroup(tx, schedule.group_id);
    created += (await materialise(tx, group, schedule, now)).created;
  }
  return created;
}

export function presentSchedule(s: repo.ScheduleRow) {
  return {
    id: s.id,
    group_id: s.group_id,
    rrule: s.rrule,
    starts_local: s.starts_local,
    duration_minutes: s.duration_minutes,
    timezone: s.timezone,
    exdates: s.exdates,
    venue_id: s.venue_id,
    ongoing: !isFinite(s.rrule),
  };
}

/**
 * A session as the API shows it. `guests` is the public view of its guest experts: the topic,
 * and the name and background only where the organiser made them public (the organisation's
 * full list is `GET /sessions/{id}/guests`).
 */
export function presentSession(s: repo.SessionRow, guests: repo.PublicGuest[] = []) {
  return {
    id: s.id,
    group_id: s.group_id,
    starts_at: toHelsinkiIso(s.starts_at),
    ends_at: toHelsinkiIso(s.ends_at),
    status: s.status,
    cancel_reason_code: s.cancel_reason_code,
    cancel_reason: s.cancel_reason,
    plan_kind: s.plan_kind,
    theme_key: s.theme_key,
    theme: s.theme,
    venue_id: s.venue_id,
    schedule_id: s.schedule_id,
    coming_count: s.coming_count,
    guests,
  };
}

/** Sessions as the API shows them, each with the public view of its guests. */
export async function presentSessions(tx: Tx, rows: readonly repo.SessionRow[]) {
  const guests = await repo.publicGuests(
    tx,
    rows.map((s) => s.id),
  );
  return rows.map((s) => presentSession(s, guests.get(s.id)));
}

function parseTime(value: string, field: string): Date {
  const instant = parseInstant(value);
  if (!instant)
    throw new AppError(400, 'malformed-value', `${field} must be an ISO 8601 date-time.`, [
      { in: 'body', field, message: 'is not an ISO 8601 date-time' },
    ]);
  return instant;
}

export async function listGroupSessions(
  tx: Tx,
  groupIdOrSlug: string,
  from: string | undefined,
  to: string | undefined,
) {
  const group = await getGroup(tx, groupIdOrSlug);
  const parse = (v: string | undefined, field: string) => {
    if (v === undefined) return null;
    const instant = parseInstant(v);
    if (!instant)
      throw new AppError(400, 'malformed-value', `${field} must be an ISO 8601 date or date-time.`, [
        { in: 'query', field, message: 'is not an ISO 8601 date or date-time' },
      ]);
    return instant;
  };
  const fromAt = parse(from, 'from');
  const toAt = parse(to, 'to');
  if (fromAt && toAt && toAt < fromAt) {
    throw new AppError(400, 'invalid-range', '`to` is before `from`.', [
      { in: 'query', field: 'to', message: 'is before from' },
    ]);
  }
  return presentSessions(tx, await repo.listSessions(tx, group.id, fromAt, toAt));
}

async function resolveTheme(tx: Tx, group: GroupRow, themeKey: string): Promise<LocalizedText> {
  const options = group.template_id ? await repo.templateThemes(tx, group.template_id) : [];
  const option = options.find((o) => o.key === themeKey);
  if (!option) {
    throw invalid(
      'theme_key',
      `Choose one of the programme's themes: ${options.map((o) => o.key).join(', ') || 'this group has none'}.`,
      'unknown-theme',
    );
  }
  return option.label;
}

export interface ExtraSessionInput {
  starts_at: string;
  duration_minutes?: number;
  ends_at?: string;
  theme?: LocalizedText | null;
  venue_id?: string | null;
}

/** Adds a session outside the schedule, e.g. an extra meeting with a guest expert. */
export async function addExtraSession(tx: Tx, actor: Actor, groupIdOrSlug: string, input: ExtraSessionInput) {
  const group = await getGroup(tx, groupIdOrSlug, true);
  await authorizeSessionChange(tx, actor, group);
  await checkVenue(tx, group, input.venue_id);
  const startsAt = parseTime(input.starts_at, 'starts_at');
  const endsAt = input.ends_at
    ? parseTime(input.ends_at, 'ends_at')
    : new Date(startsAt.getTime() + (input.duration_minutes ?? 90) * 60_000);
  if (endsAt <= startsAt)
    throw invalid('ends_at', 'A session must end after it starts.', 'ends-before-start');
  const id = await repo.insertSession(tx, {
    group_id: group.id,
    org_id: group.org_id,
    schedule_id: null,
    occurrence_local: null,
    starts_at: startsAt,
    ends_at: endsAt,
    plan_kind: 'extra',
    theme: input.theme ?? null,
    theme_key: input.theme ? 'custom' : null,
    venue_id: input.venue_id ?? null,
  });
  await tx.query('UPDATE sessions SET customised = true WHERE id = $1', [id]);
  return presentSession((await repo.findSession(tx, id))!);
}

export interface SessionChange {
  starts_at?: string;
  ends_at?: string;
  status?: 'scheduled' | 'cancelled';
  cancel_reason_code?:
    'holiday' | 'facilitator_unavailable' | 'venue_unavailable' | 'low_attendance' | 'other';
  cancel_reason?: string | null;
  theme_key?: string | null;
  theme?: LocalizedText | null;
  venue_id?: string | null;
}

/** Moves, cancels, restores or re-themes one session; the rest of the schedule is untouched. */
export async function changeSession(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: SessionChange,
  publicUrl = 'http://localhost:3000',
) {
  const session = await repo.findSession(tx, sessionId, true);
  if (!session) throw notFound('session');
  const group = await getGroup(tx, session.group_id);
  await authorizeSessionChange(tx, actor, group);
  const patch: Partial<repo.SessionRow> = {};
  if (input.starts_at !== undefined || input.ends_at !== undefined) {
    const startsAt = input.starts_at ? parseTime(input.starts_at, 'starts_at') : session.starts_at;
    const endsAt = input.ends_at
      ? parseTime(input.ends_at, 'ends_at')
      : new Date(startsAt.getTime() + (session.ends_at.getTime() - session.starts_at.getTime()));
    if (endsAt <= startsAt)
      throw invalid('ends_at', 'A session must end after it starts.', 'ends-before-start');
    Object.assign(patch, { starts_at: startsAt, ends_at: endsAt, customised: true });
  }
  if (input.status === 'cancelled') {
    Object.assign(patch, {
      status: 'cancelled',
      cancel_reason_code: input.cancel_reason_code ?? 'other',
      cancel_reason: input.cancel_reason ?? null,
      customised: true,
    });
  } else if (input.status === 'scheduled') {
    if (group.status === 'suspended' || group.status === 'ended') {
      throw invalid('status', `Sessions of a ${group.status} group cannot be restored.`, 'group-not-active');
    }
    Object.assign(patch, {
      status: 'scheduled',
      cancel_reason_code: null,
      cancel_reason: null,
      customised: true,
    });
  } else if (input.cancel_reason_code !== undefined || input.cancel_reason !== undefined) {
    throw invalid('status', 'A reason is given together with status "cancelled".', 'reason-without-cancel');
  }
  if (input.theme_key !== undefined) {
    if (input.theme_key === null) Object.assign(patch, { theme_key: null, theme: null });
    else
      Object.assign(patch, {
        theme_key: input.theme_key,
        theme: await resolveTheme(tx, group, input.theme_key),
      });
  } else if (input.theme !== undefined) {
    Object.assign(patch, { theme_key: input.theme ? 'custom' : null, theme: input.theme });
  }
  if (input.venue_id !== undefined) {
    await checkVenue(tx, group, input.venue_id);
    patch.venue_id = input.venue_id;
  }
  const updated = await repo.updateSession(tx, session.id, patch);
  // Confirmed participants hear of a cancelled or moved meeting in the same transaction.
  const cancelledNow = patch.status === 'cancelled' && session.status !== 'cancelled';
  const moved = patch.starts_at !== undefined && patch.starts_at.getTime() !== session.starts_at.getTime();
  if ((cancelledNow || moved) && updated.starts_at > new Date()) {
    const info = await groupInfo(tx, group.id);
    for (const to of await groupRecipients(tx, group.id, ['confirmed'])) {
      await enqueue(tx, {
        kind: cancelledNow ? 'session_cancelled' : 'session_moved',
        group: info,
        to,
        publicUrl,
        session: cancelledNow ? session : updated,
        reason: cancelledNow ? (patch.cancel_reason ?? undefined) : undefined,
        dedupeKey: `${cancelledNow ? 'cancelled' : 'moved'}:${session.id}:${updated.starts_at.toISOString()}:${to.registrationId}`,
      });
    }
  }
  if (patch.status !== undefined || patch.starts_at !== undefined || patch.theme_key === null)
    await applyPlan(tx, group);
  return (await presentSessions(tx, [(await repo.findSession(tx, updated.id))!]))[0]!;
}

/**
 * Cancels every scheduled session that starts between two dates (Helsinki, both days
 * included) for a holiday break; each participant hears of each cancelled meeting, as when
 * one session is cancelled. Returns the sessions cancelled.
 */
export async function holidayBreak(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  input: { from: string; to: string; cancel_reason?: string | null },
  publicUrl = 'http://localhost:3000',
) {
  const group = await getGroup(tx, groupIdOrSlug, true);
  await authorizeSessionChange(tx, actor, group);
  if (input.to < input.from) throw invalid('to', 'The break ends before it starts.', 'invalid-range');
  const from = helsinkiWallToInstant(`${input.from}T00:00:00`);
  const nextDay = new Date(`${input.to}T12:00:00Z`);
  nextDay.setUTCDate(nextDay.getUTCDate() + 1);
  const to = helsinkiWallToInstant(`${nextDay.toISOString().slice(0, 10)}T00:00:00`);
  const inRange = (await repo.listSessions(tx, group.id, from, to, 1000)).filter(
    (s) => s.status === 'scheduled' && s.starts_at >= from && s.starts_at < to,
  );
  const cancelled = [];
  for (const s of inRange) {
    cancelled.push(
      await changeSession(
        tx,
        actor,
        s.id,
        { status: 'cancelled', cancel_reason_code: 'holiday', cancel_reason: input.cancel_reason ?? null },
        publicUrl,
      ),
    );
  }
  return cancelled;
}

/**
 * Notes for the facilitators and the materials of one session: internal to the
 * organisation, read and written by its coordinators and the group's own facilitators.
 * They are sealed (src/privacy/crypto.ts), and every read of notes that exist and every
 * write is written to the audit log: notes may say things about the participants.
 */
export async function sessionNotes(tx: Tx, actor: Actor, sessionId: string) {
  const session = await repo.findSession(tx, sessionId);
  if (!session) throw notFound('session');
  await authorizeSessionChange(tx, actor, { id: session.group_id, org_id: session.org_id });
  const notes = await readNotes(tx, session.id);
  if (notes.notes || notes.materials)
    await audit(tx, {
      orgId: session.org_id,
      actor,
      action: 'session_notes.read',
      operation: 'read',
      purpose: 'group administration',
      groupId: session.group_id,
      subject: { type: 'session', id: session.id },
    });
  return presentNotes(notes);
}

export async function saveSessionNotes(
  tx: Tx,
  actor: Actor,
  sessionId: string,
  input: { notes?: string; materials?: string },
  now: Date,
) {
  const session = await repo.findSession(tx, sessionId, true);
  if (!session) throw notFound('session');
  await authorizeSessionChange(tx, actor, { id: session.group_id, org_id: session.org_id });
  const before = await readNotes(tx, session.id);
  const value = {
    notes: (input.notes ?? before.notes).trim(),
    materials: (input.materials ?? before.materials).trim(),
  };
  await repo.saveSessionNotes(tx, { sessionId: session.id, orgId: session.org_id, at: now });
  await sealSessionNotes(tx, session.id, session.org_id, value);
  await audit(tx, {
    orgId: session.org_id,
    actor,
    action: 'session_notes.update',
    operation: 'update',
    purpose: 'group administration',
    groupId: session.group_id,
    subject: { type: 'session', id: session.id },
  });
  return presentNotes({ ...(await repo.findSessionNotes(tx, session.id)), ...value });
}

/**
 * A session's notes: the sealed value, else what the row itself still holds in plain text
 * from before migration 025 (sealed on the next save, at start-up or by `rotate-keys`).
 */
async function readNotes(tx: Tx, sessionId: string): Promise<repo.SessionNotesRow> {
  const row = await repo.findSessionNotes(tx, sessionId);
  const sealed = (await readSealed<SessionNotesValue>(tx, 'session_notes', 'notes', [sessionId])).get(
    sessionId,
  );
  return sealed ? { ...row, notes: sealed.notes, materials: sealed.materials } : row;
}

function presentNotes(n: repo.SessionNotesRow) {
  return {
    session_id: n.session_id,
    notes: n.notes,
    materials: n.materials,
    updated_at: n.updated_at ? toHelsinkiIso(n.updated_at) : null,
  };
}
