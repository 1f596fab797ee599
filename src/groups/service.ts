import type { Tx } from '../db/database.ts';
import { authorize, groupAccess, type Actor, type GroupAccess } from '../accounts/permissions.ts';
import { AppError, conflict, forbidden, invalid, notFound, unauthenticated } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import { slugify } from '../shared/slug.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { helsinkiToday, helsinkiWallToInstant, toHelsinkiIso } from '../shared/time.ts';
import { findOrganisation } from '../organisations/repository.ts';
import { presentVenue } from '../venues/service.ts';
import { findVenues } from '../venues/repository.ts';
import { missingTrainings } from '../facilitation/service.ts';
import * as repo from './repository.ts';
import { checkCapacityChange, fillFreeSeats } from '../enrolment/service.ts';
import { seatsOf } from '../enrolment/repository.ts';
import { questionProblems } from '../enrolment/questions.ts';
import { enqueue, groupInfo, groupRecipients } from '../notifications/outbox.ts';
import type { JOIN_WAYS, MODES } from './schemas.ts';
import { availableActions, checkTransition, PUBLIC_STATUSES, type LifecycleAction } from './lifecycle.ts';
import { warningsOf } from '../attendance/repository.ts';
import { freshnessOf } from './freshness.ts';
import { getGroup } from './lookup.ts';

export { getGroup };

/** What the actor may read of a group (`groupAccess`, docs/security.md). */
export async function accessToGroup(
  tx: Tx,
  actor: Actor,
  group: { id: string; org_id: string; status: string },
): Promise<GroupAccess> {
  const own = (await repo.facilitatedBy(tx, actor.userId, [group.id])).has(group.id);
  return groupAccess(actor, group, own);
}

/**
 * A group the actor may read, for reading: 404 for one they may not see at all (an
 * unpublished group of another team's work), as if it did not exist.
 */
export async function getVisibleGroup(tx: Tx, actor: Actor, idOrSlug: string) {
  const group = await getGroup(tx, idOrSlug);
  const access = await accessToGroup(tx, actor, group);
  if (!access.see) throw notFound('group');
  return { group, access };
}

export interface GroupInput extends repo.GroupWrite {
  template?: string | null; // id or slug
  replaces_group_id?: string | null;
  partner_ids?: string[];
}

export interface Warning {
  code: string;
  field: string;
  message: string;
}

interface Resolved {
  data: repo.GroupWrite;
  warnings: Warning[];
}

/**
 * Checks a group's attributes against each other and against its programme template,
 * filling in what the template decides. `current` is the saved group when changing one.
 */
async function resolveInput(
  tx: Tx,
  orgId: string,
  input: GroupInput,
  current: repo.GroupRow | null,
): Promise<Resolved> {
  const data: repo.GroupWrite = {};
  for (const key of repo.WRITABLE_COLUMNS) {
    if (input[key] !== undefined) (data as Record<string, unknown>)[key] = input[key];
  }
  const warnings: Warning[] = [];
  const merged = { ...(current ?? {}), ...data } as Partial<repo.GroupRow>;

  let template: repo.TemplateRuleRow | null = null;
  if (input.template !== undefined) {
    if (input.template === null) {
      data.template_id = null;
    } else {
      template = await repo.findTemplate(tx, input.template, isUuid(input.template));
      if (!template) throw invalid('template', 'No such programme template.', 'unknown-template');
      data.template_id = template.id;
      // What the programme decides, unless the organiser said otherwise.
      if (input.crisis_notice === undefined && template.crisis_notice)
        data.crisis_notice = merged.crisis_notice = true;
      if (input.capacity === undefined && merged.capacity == null && template.max_participants) {
        data.capacity = merged.capacity = template.max_participants;
      }
    }
  } else if (current?.template_id) {
    template = await repo.findTemplate(tx, current.template_id, true);
  }

  if (data.registration_questions) {
    const problems = questionProblems(data.registration_questions);
    if (problems.length > 0)
      throw new AppError(
        422,
        'invalid-questions',
        'The registration questions do not fit together.',
        problems,
      );
  }
  if (merged.cost_kind === 'co_payment' && merged.co_payment_cents == null) {
    throw invalid(
      'co_payment_cents',
      'A co-payment needs its amount, announced in advance.',
      'co-payment-amount-missing',
    );
  }
  if (merged.cost_kind !== 'co_payment' && merged.co_payment_cents != null) {
    if (input.cost_kind === 'free') data.co_payment_cents = null;
    else
      throw invalid('co_payment_cents', 'A free group has no co-payment amount.', 'free-group-with-amount');
  }
  if (merged.waitlist_capacity != null && merged.capacity == null) {
    throw invalid('waitlist_capacity', 'A waiting list needs a capacity.', 'waitlist-without-capacity');
  }
  if (merged.starts_on && merged.ends_on && merged.ends_on < merged.starts_on) {
    throw invalid('ends_on', 'The end date is before the start date.', 'invalid-dates');
  }
  if (
    merged.child_age_min_months != null &&
    merged.child_age_max_months != null &&
    merged.child_age_max_months < merged.child_age_min_months
  ) {
    throw invalid('child_age_max_months', 'The upper age is below the lower age.', 'invalid-age-range');
  }
  if (merged.how_to_join === 'drop_in' && merged.openness === 'closed') {
    throw invalid('how_to_join', 'A closed group cannot be joined by just coming.', 'closed-drop-in');
  }
  if (merged.self_directed && merged.facilitation === 'professional') {
    warnings.push({
      code: 'self-directed-professional',
      field: 'facilitation',
      message: 'A self-directed group is usually led by nobody in particular or by a peer.',
    });
  }
  if (data.venue_id) {
    const venueOrg = await repo.venueOrg(tx, data.venue_id);
    if (venueOrg !== orgId)
      throw invalid('venue_id', 'The venue must be one of the organisation’s own venues.', 'unknown-venue');
  }
  if (template) {
    if (template.max_participants && merged.capacity != null && merged.capacity > template.max_participants) {
      throw invalid(
        'capacity',
        `The programme allows at most ${template.max_participants} participants.`,
        'capacity-above-programme-limit',
      );
    }
    if (merged.mode && !template.allowed_modes.includes(merged.mode)) {
      throw invalid(
        'mode',
        `The programme meets ${template.allowed_modes.join(' or ')}.`,
        'mode-not-allowed',
      );
    }
    if (merged.mode === 'hybrid' && template.hybrid_discouraged) {
      warnings.push({
        code: 'hybrid-discouraged',
        field: 'mode',
        message: 'The programme does not recommend hybrid meetings: meet either remotely or in person.',
      });
    }
  }
  return { data, warnings };
}

async function uniqueSlug(tx: Tx, name: LocalizedText): Promise<string> {
  const base = slugify(name.fi);
  if (!(await repo.slugTaken(tx, base))) return base;
  for (let n = 2; n < 50; n++) {
    const candidate = `${base}-${n}`;
    if (!(await repo.slugTaken(tx, candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

/** Creates a group as a draft in an organisation where the actor manages the catalogue. */
export async function createGroup(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  input: GroupInput & { name: LocalizedText; how_to_join: string },
): Promise<{ group: repo.GroupRow; warnings: Warning[] }> {
  const org = await findOrganisation(tx, orgIdOrSlug, isUuid(orgIdOrSlug));
  if (!org) throw invalid('organization_id', 'No such organisation.', 'unknown-organisation');
  authorize(actor, 'catalogue.manage', org.id);
  const { data, warnings } = await resolveInput(tx, org.id, input, null);
  if (input.replaces_group_id) {
    const old = await repo.findGroup(tx, input.replaces_group_id, true, true);
    if (!old || old.org_id !== org.id)
      throw invalid('replaces_group_id', 'No such group in this organisation.', 'unknown-group');
    if (old.status !== 'suspended' && old.status !== 'ended') {
      throw invalid(
        'replaces_group_id',
        'Only a suspended or ended group can be replaced.',
        'not-replaceable',
      );
    }
    if (await repo.findLink(tx, 'replaces_group_id', old.id)) {
      throw conflict('already-replaced', 'This group already has a replacement.', [
        { in: 'body', field: 'replaces_group_id', message: 'already replaced' },
      ]);
    }
  }
  data.slug ??= await uniqueSlug(tx, input.name);
  const group = await repo.insertGroup(tx, {
    ...data,
    org_id: org.id,
    replaces_group_id: input.replaces_group_id ?? null,
    created_by: actor.userId,
  });
  if (input.partner_ids) await setPartners(tx, actor, group, input.partner_ids);
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: org.id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'created',
    toStatus: group.status,
    details: input.replaces_group_id ? { replaces_group_id: input.replaces_group_id } : {},
  });
  return { group, warnings };
}

/** Changes a group's attributes; the lifecycle has its own actions. */
export async function updateGroup(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  input: GroupInput,
  publicUrl = 'http://localhost:3000',
  now = new Date(),
): Promise<{ group: repo.GroupRow; warnings: Warning[] }> {
  const current = await getGroup(tx, idOrSlug, true);
  authorize(actor, 'catalogue.manage', current.org_id);
  if (input.replaces_group_id !== undefined) {
    throw invalid(
      'replaces_group_id',
      'The replaced group is set when the replacement is created.',
      'immutable-field',
    );
  }
  const { data, warnings } = await resolveInput(tx, current.org_id, input, current);
  const changed = Object.keys(data);
  const patch: Partial<repo.GroupRow> = { ...data };
  // Editing a published group's details also confirms them as current.
  if (PUBLIC_STATUSES.includes(current.status)) patch.last_confirmed_at = now;
  if (data.capacity !== undefined) await checkCapacityChange(tx, current.id, data.capacity);
  const group = await repo.updateGroup(tx, current.id, patch);
  // A larger (or no) capacity frees seats for the waiting list at once.
  if (data.capacity !== undefined || data.waitlist_capacity !== undefined)
    await fillFreeSeats(tx, group.id, now, publicUrl);
  if (input.partner_ids) await setPartners(tx, actor, group, input.partner_ids);
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'updated',
    details: { fields: input.partner_ids ? [...changed, 'partners'] : changed },
  });
  return { group, warnings };
}

async function setPartners(tx: Tx, actor: Actor, group: repo.GroupRow, partnerIds: string[]): Promise<void> {
  authorize(actor, 'catalogue.manage', group.org_id);
  const unique = [...new Set(partnerIds)];
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM partners WHERE id = ANY ($1::uuid[]) AND org_id = $2',
    [unique, group.org_id],
  );
  if (rows.length !== unique.length)
    throw invalid(
      'partner_ids',
      'Every partner must be one of the organisation’s partners.',
      'unknown-partner',
    );
  await repo.replacePartners(tx, group.id, unique);
}

/** Sets the partners a group works with, from its organisation's partners. */
export async function setGroupPartners(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  partnerIds: string[],
): Promise<repo.GroupRow> {
  const group = await getGroup(tx, idOrSlug, true);
  await setPartners(tx, actor, group, partnerIds);
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'partners_set',
    details: { partner_ids: [...new Set(partnerIds)] },
  });
  return group;
}

export interface FacilitatorAssignment {
  facilitator_id: string;
  role: 'lead' | 'co_facilitator' | 'convener';
}

/** Sets who facilitates a group: co-facilitation is two or more assignments. */
export async function setFacilitators(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  assignments: FacilitatorAssignment[],
) {
  const group = await getGroup(tx, idOrSlug, true);
  authorize(actor, 'catalogue.manage', group.org_id);
  const ids = assignments.map((a) => a.facilitator_id);
  if (new Set(ids).size !== ids.length)
    throw invalid('facilitators', 'A facilitator is listed twice.', 'duplicate-facilitator');
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM facilitators WHERE id = ANY ($1::uuid[]) AND org_id = $2',
    [ids, group.org_id],
  );
  if (rows.length !== ids.length)
    throw invalid(
      'facilitators',
      'Every facilitator must belong to the organisation.',
      'unknown-facilitator',
    );
  await repo.replaceFacilitators(tx, group.id, group.org_id, assignments);
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'facilitators_set',
    details: { facilitators: assignments },
  });
  return group;
}

export async function setRemoteDetails(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  details: { url: string; instructions: LocalizedText | null } | null,
) {
  const group = await getGroup(tx, idOrSlug, true);
  authorize(actor, 'catalogue.manage', group.org_id);
  await repo.upsertRemoteDetails(tx, group.id, group.org_id, details);
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'remote_details_set',
  });
  return group;
}

export interface LifecycleInput {
  action: LifecycleAction;
  /** the board's decision date (approve, reject) */
  decided_on?: string;
  minutes_reference?: string | null;
  notes?: string | null;
  /** suspension date; today when absent */
  suspended_on?: string;
  reason_code?: 'low_attendance' | 'facilitator_unavailable' | 'venue_unavailable' | 'other';
  reason?: string | null;
  ended_on?: string;
}

/** What stands in the way of publishing: the attributes a newcomer would need. */
async function publishBlockers(
  tx: Tx,
  group: repo.GroupRow,
  today: string,
): Promise<{ field: string; message: string }[]> {
  const missing: { field: string; message: string }[] = [];
  if ((group.mode === 'in_person' || group.mode === 'hybrid') && !group.venue_id) {
    missing.push({ field: 'venue_id', message: 'An in-person group needs a venue.' });
  }
  if ((group.mode === 'remote' || group.mode === 'hybrid') && !(await repo.remoteDetails(tx, group.id))) {
    missing.push({ field: 'remote_details', message: 'A remote group needs its meeting link.' });
  }
  if (!group.description) {
    missing.push({ field: 'description', message: 'Say who the group is for and what happens there.' });
  }
  const template = group.template_id ? await repo.findTemplate(tx, group.template_id, true) : null;
  if (template?.required_training_id) {
    for (const f of await missingTrainings(tx, group.id, template.required_training_id, today)) {
      const training = f.training_name.en ?? f.training_name.fi;
      missing.push({
        field: 'facilitators',
        message: `${f.display_name} has no valid ${training} (${f.training_slug}).`,
      });
    }
  }
  return missing;
}

/** Moves a group through its lifecycle, recording who did it, when and why. */
export async function transitionGroup(
  tx: Tx,
  actor: Actor,
  idOrSlug: string,
  input: LifecycleInput,
  now: Date,
  publicUrl = 'http://localhost:3000',
): Promise<repo.GroupRow> {
  const group = await getGroup(tx, idOrSlug, true);
  const org = (await findOrganisation(tx, group.org_id, true))!;
  const check = checkTransition(group.status, input.action, org.requires_board_approval);
  if (!check.ok) {
    if (check.reason === 'BOARD_APPROVAL_REQUIRED') {
      throw conflict(
        'board-approval-required',
        'The board of this organisation must approve the group before it is published. Propose it first.',
      );
    }
    throw conflict(
      'invalid-transition',
      `A ${group.status} group cannot be ${input.action === 'end' ? 'ended' : `${input.action}d`}. Possible now: ${availableActions(group.status, org.requires_board_approval).join(', ') || 'nothing'}.`,
      [{ in: 'body', field: 'action', message: `not possible from ${group.status}` }],
    );
  }
  authorize(actor, check.permission, group.org_id);

  const today = helsinkiToday(now);
  const patch: Partial<repo.GroupRow> = { status: check.to };
  const details: Record<string, unknown> = {};
  switch (input.action) {
    case 'approve':
    case 'reject': {
      if (!input.decided_on)
        throw invalid('decided_on', 'The date of the board’s decision is required.', 'decision-date-missing');
      if (input.decided_on > today)
        throw invalid('decided_on', 'A decision date cannot be in the future.', 'decision-in-future');
      await repo.insertBoardDecision(tx, {
        groupId: group.id,
        orgId: group.org_id,
        decision: input.action === 'approve' ? 'approved' : 'rejected',
        decidedOn: input.decided_on,
        decidedBy: actor.userId,
        minutesReference: input.minutes_reference ?? null,
        notes: input.notes ?? null,
      });
      Object.assign(details, {
        decided_on: input.decided_on,
        minutes_reference: input.minutes_reference ?? null,
      });
      break;
    }
    case 'publish': {
      const blockers = await publishBlockers(tx, group, today);
      if (blockers.length > 0) {
        throw new AppError(
          409,
          'not-ready-to-publish',
          `The group cannot be published yet: ${blockers.map((b) => b.message).join(' ')}`,
          blockers.map((b) => ({ in: 'body', ...b })),
        );
      }
      patch.published_at = now;
      patch.last_confirmed_at = now;
      break;
    }
    case 'suspend': {
      const on = input.suspended_on ?? today;
      patch.suspended_on = on;
      patch.suspension_reason_code = input.reason_code ?? 'other';
      patch.suspension_reason = input.reason ?? null;
      const cancelled = await repo.cancelSessionsFrom(
        tx,
        group.id,
        helsinkiWallToInstant(`${on}T00:00:00`),
        'group_suspended',
      );
      Object.assign(details, {
        suspended_on: on,
        reason_code: patch.suspension_reason_code,
        reason: patch.suspension_reason,
        sessions_cancelled: cancelled,
      });
      break;
    }
    case 'resume': {
      patch.suspended_on = null;
      patch.suspension_reason_code = null;
      patch.suspension_reason = null;
      break;
    }
    case 'end': {
      patch.ended_on = input.ended_on ?? today;
      details.ended_on = patch.ended_on;
      break;
    }
    default:
      break;
  }
  if (input.notes && !details.notes) details.notes = input.notes;
  const updated = await repo.updateGroup(tx, group.id, patch);
  if (input.action === 'suspend') {
    // Everyone registered hears of it, in the same transaction as the suspension.
    const info = await groupInfo(tx, group.id);
    for (const to of await groupRecipients(tx, group.id, ['confirmed', 'waitlisted'])) {
      await enqueue(tx, {
        kind: 'group_suspended',
        group: info,
        to,
        publicUrl,
        reason: input.reason ?? undefined,
        dedupeKey: `suspended:${group.id}:${String(patch.suspended_on)}:${to.registrationId}`,
      });
    }
  }
  await repo.recordEvent(tx, {
    groupId: group.id,
    orgId: group.org_id,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: input.action,
    fromStatus: group.status,
    toStatus: check.to,
    details,
  });
  return updated;
}

/** The group as the API shows it. Internal parts (history, remote link) only to its organisation. */
export async function presentGroup(
  tx: Tx,
  actor: Actor,
  g: repo.GroupRow,
  publicUrl: string,
  now = new Date(),
) {
  return (await presentGroups(tx, actor, [g], publicUrl, now))[0]!;
}

/** Many groups as the API shows them, in a fixed number of queries. */
/** Free seats and the waiting list as a group shows them; unlimited groups say null. */
export function seatFields(
  capacity: number | null,
  seats: { confirmed: number; waitlisted: number } | undefined,
) {
  return {
    seats_available: capacity === null ? null : Math.max(0, capacity - (seats?.confirmed ?? 0)),
    waitlist_length: seats?.waitlisted ?? 0,
  };
}

export async function presentGroups(
  tx: Tx,
  actor: Actor,
  groups: readonly repo.GroupRow[],
  publicUrl: string,
  now = new Date(),
) {
  const related = await repo.relatedOf(tx, groups, now);
  const seats = new Map(
    (
      await seatsOf(
        tx,
        groups.map((g) => g.id),
      )
    ).map((s) => [s.group_id, s]),
  );
  const venues = new Map(
    (await findVenues(tx, [...new Set(groups.flatMap((g) => (g.venue_id ? [g.venue_id] : [])))])).map((v) => [
      v.id,
      presentVenue(v),
    ]),
  );
  const facilitated = await repo.facilitatedBy(
    tx,
    actor.userId,
    groups.map((g) => g.id),
  );
  const access = new Map(groups.map((g) => [g.id, groupAccess(actor, g, facilitated.has(g.id))]));
  const internalIds = groups.filter((g) => access.get(g.id)!.internal).map((g) => g.id);
  const warnings = new Map((await warningsOf(tx, internalIds)).map((w) => [w.group_id, w]));
  const link = (l: { id: string; slug: string; name: unknown; status: string } | null) =>
    l ? { ...l, url: `${publicUrl}/fi/groups/${l.slug}` } : null;
  const out = [];
  for (const g of groups) {
    const r = related.get(g.id)!;
    const { internal, remoteLink, facilitatorNames } = access.get(g.id)!;
    // A name the facilitator did not make public only to those the matrix allows.
    const facilitators = r.facilitators.map(({ name_public, ...f }) => ({
      ...f,
      name: name_public || facilitatorNames ? f.name : null,
    }));
    out.push({
      id: g.id,
      slug: g.slug,
      url: `${publicUrl}/fi/groups/${g.slug}`,
      organization: {
        id: r.org.id,
        slug: r.org.slug,
        name: r.org.name,
        kind: r.org.kind,
        // the organiser's public contact, for questions before and after joining
        contact: { email: r.org.email, phone: r.org.phone, website: r.org.website },
      },
      name: g.name,
      description: g.description,
      audience: g.audience,
      unifying_factor: g.unifying_factor,
      theme: g.theme,
      topics: g.topics,
      method: g.method,
      openness: g.openness,
      how_to_join: g.how_to_join as (typeof JOIN_WAYS)[number],
      capacity: g.capacity,
      ...seatFields(g.capacity, seats.get(g.id)),
      waitlist_capacity: g.waitlist_capacity,
      allow_late_joiners: g.allow_late_joiners,
      cost: {
        kind: g.cost_kind,
        amount_cents: g.co_payment_cents,
        currency: 'EUR',
        note: g.co_payment_note,
      },
      languages: g.languages,
      mode: g.mode as (typeof MODES)[number],
      children_along: g.children_along,
      child_age_months:
        g.child_age_min_months == null && g.child_age_max_months == null
          ? null
          : { min: g.child_age_min_months, max: g.child_age_max_months },
      crisis_notice: g.crisis_notice,
      facilitation: { style: g.facilitation, self_directed: g.self_directed, facilitators },
      programme: r.template ? { id: r.template.id, slug: r.template.slug, name: r.template.name } : null,
      venue: g.venue_id ? (venues.get(g.venue_id) ?? null) : null,
      partners: r.partners,
      season: g.season,
      registration_questions: g.registration_questions,
      starts_on: g.starts_on,
      ends_on: g.ends_on,
      next_session: r.nextSession
        ? { starts_at: toHelsinkiIso(r.nextSession.starts_at), ends_at: toHelsinkiIso(r.nextSession.ends_at) }
        : null,
      status: g.status,
      suspended_on: g.suspended_on,
      suspension_reason_code: g.suspension_reason_code,
      suspension_reason: g.suspension_reason,
      ended_on: g.ended_on,
      replaces: link(r.replaces),
      replaced_by: link(r.replacedBy),
      published_at: g.published_at ? toHelsinkiIso(g.published_at) : null,
      // The public sees the day the details were last confirmed as current; staff see more below.
      last_confirmed_at: g.last_confirmed_at ? helsinkiToday(g.last_confirmed_at) : null,
      ...(internal
        ? {
            internal: {
              available_actions: availableActions(g.status, r.org.requires_board_approval),
              board_decision: await repo.latestBoardDecision(tx, g.id),
              remote_details: remoteLink ? await repo.remoteDetails(tx, g.id) : null,
              listing: {
                last_confirmed_at: g.last_confirmed_at ? toHelsinkiIso(g.last_confirmed_at) : null,
                stale_after_days: r.org.stale_after_days,
                ...freshnessOf(g, r.org.stale_after_days, now),
              },
              low_attendance_warning: lowAttendanceWarning(warnings.get(g.id)),
            },
          }
        : {}),
    });
  }
  return out;
}
function lowAttendanceWarning(w: { since: Date; sessions: number; min_present: number } | undefined) {
  return w ? { since: toHelsinkiIso(w.since), sessions: w.sessions, min_present: w.min_present } : null;
}

/** A group as shown; search results add the distance from the point searched near. */
export type GroupJson = Awaited<ReturnType<typeof presentGroups>>[number] & { distance_km?: number };

export async function listGroupEvents(tx: Tx, actor: Actor, idOrSlug: string) {
  const { group, access } = await getVisibleGroup(tx, actor, idOrSlug);
  if (!access.history) throw actor.kind === 'public' ? unauthenticated() : forbidden();
  const events = await repo.listEvents(tx, group.id);
  return events.map((e) => ({ ...e, created_at: toHelsinkiIso(e.created_at) }));
}
