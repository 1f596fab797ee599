/**
 * Anonymous feedback: the form by an emailed single-use link or a drop-in group's code, the
 * answers (stored with nothing that leads back to a person), the results for coordinators and
 * the group's facilitators (nothing under five responses), and the rounds of emailed links.
 * docs/privacy.md ("Anonymous feedback") says why each step is as it is.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database, Tx } from '../db/database.ts';
import { can, type Actor } from '../accounts/permissions.ts';
import { AppError, forbidden, unauthenticated } from '../shared/errors.ts';
import { helsinkiToday, ZONE } from '../shared/time.ts';
import { clientKey } from '../shared/client-address.ts';
import type { Lang } from '../shared/lang.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { getGroup } from '../groups/service.ts';
import { facilitatedBy, type GroupRow } from '../groups/repository.ts';
import { getOrganisation } from '../organisations/service.ts';
import { queueMail, SECRET_SLOT } from '../notifications/outbox.ts';
import { renderMessage } from '../notifications/messages.ts';
import {
  checkAnswer,
  dueRound,
  isCode,
  MAX_OWN_QUESTIONS,
  newCode,
  normaliseCode,
  ownKey,
  STATEMENT_KEYS,
  summary,
  variantOf,
  type AnswerInput,
  type FieldProblem,
  type OwnQuestion,
  type Summary,
  type Variant,
} from './policy.ts';
import * as repo from './repository.ts';

/** How long an emailed link works. */
export const LINK_DAYS = 60;
/** Drop-in answers per client and code, and per code from everybody, within the window. */
export const CODE_WINDOW_MS = 60 * 60 * 1000;
export const MAX_CODE_ANSWERS_PER_CLIENT = 5;
export const MAX_CODE_ANSWERS_PER_CODE = 100;
/** Codes typed on /{lang}/feedback per client within the window, right or wrong. */
export const MAX_CODE_LOOKUPS_PER_CLIENT = 30;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest();
const attemptKey = (...parts: string[]) =>
  createHash('sha256')
    .update(`vertaamo-feedback:${parts.join(':')}`)
    .digest('base64url');

/** What the form needs: the group, the variant and the organisation's own questions. */
export interface FeedbackForm {
  group: { id: string; slug: string; name: LocalizedText };
  variant: Variant;
  questions: OwnQuestion[];
}

async function formOf(tx: Tx, group: GroupRow): Promise<FeedbackForm> {
  return {
    group: { id: group.id, slug: group.slug, name: group.name },
    variant: variantOf(group),
    questions: await repo.ownQuestions(tx, group.org_id),
  };
}

export type LinkState = { state: 'open'; form: FeedbackForm } | { state: 'answered' | 'expired' | 'unknown' };

const orgContext = (orgId: string) => ({ userId: null, orgIds: [orgId] });

/** The form of an emailed link, or why there is none (answered already, expired, unknown). */
export async function linkForm(db: Database, token: string, now: Date): Promise<LinkState> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const link = await db.ownerTransaction((tx) => repo.findLink(tx, hashToken(token)));
  if (!link) return { state: 'unknown' };
  if (link.used) return { state: 'answered' };
  if (link.expires_on < helsinkiToday(now)) return { state: 'expired' };
  return db.transaction(orgContext(link.org_id), async (tx) => ({
    state: 'open',
    form: await formOf(tx, await getGroup(tx, link.group_id)),
  }));
}

export type AnswerResult =
  | { ok: true }
  | { ok: false; reason: 'answered' | 'expired' | 'unknown' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] }
  | { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * Saves the answer of an emailed link, once. The link is marked used and the response is
 * written in the same transaction, with no reference to the link: only the group, the day
 * and the answers. A second answer (or a concurrent one) is refused and the first kept.
 */
export async function answerByLink(
  db: Database,
  token: string,
  input: AnswerInput,
  now: Date,
): Promise<AnswerResult> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
  const link = await db.ownerTransaction((tx) => repo.findLink(tx, hashToken(token)));
  if (!link) return { ok: false, reason: 'unknown' };
  if (link.used) return { ok: false, reason: 'answered' };
  if (link.expires_on < helsinkiToday(now)) return { ok: false, reason: 'expired' };
  return db.transaction(orgContext(link.org_id), async (tx) => {
    const group = await getGroup(tx, link.group_id);
    const questions = await repo.ownQuestions(tx, group.org_id);
    const checked = checkAnswer(
      input,
      questions.map((q) => q.id),
    );
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
    if (!(await repo.useLink(tx, link.id))) return { ok: false, reason: 'answered' };
    await save(tx, group, checked.value, now);
    return { ok: true };
  });
}

async function save(tx: Tx, group: GroupRow, answer: AnswerInput, now: Date): Promise<void> {
  await repo.insertResponse(tx, {
    orgId: group.org_id,
    groupId: group.id,
    on: helsinkiToday(now),
    variant: variantOf(group),
    overall: answer.overall,
    answers: answer.answers,
    freeText: answer.free_text,
  });
}

/**
 * Counts one attempt under each key, or refuses with the seconds until the oldest counted
 * attempt leaves the window. Check and count are one step under a lock per key.
 */
async function limit(db: Database, limits: [string, number][], now: Date): Promise<number> {
  const since = new Date(now.getTime() - CODE_WINDOW_MS);
  return db.ownerTransaction(async (tx) => {
    await repo.lockAttemptKeys(
      tx,
      limits.map(([k]) => k),
    );
    let waitMs = 0;
    for (const [k, max] of limits) {
      const { n, oldest } = await repo.recentAttempts(tx, k, since, max);
      if (n >= max && oldest)
        waitMs = Math.max(waitMs, new Date(oldest).getTime() + CODE_WINDOW_MS - now.getTime());
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    await repo.recordAttempts(
      tx,
      limits.map(([k]) => k),
      now,
      since,
    );
    return 0;
  });
}

export type CodeState = { state: 'open'; code: string; form: FeedbackForm } | { state: 'unknown' };

/** The form of a drop-in group's code. */
export async function codeForm(db: Database, typed: string): Promise<CodeState> {
  const code = normaliseCode(typed);
  if (!isCode(code)) return { state: 'unknown' };
  const found = await db.ownerTransaction((tx) => repo.findCode(tx, code));
  if (!found) return { state: 'unknown' };
  return db.transaction(orgContext(found.org_id), async (tx) => ({
    state: 'open',
    code,
    form: await formOf(tx, await getGroup(tx, found.group_id)),
  }));
}

/**
 * A code typed on the public page or opened from a QR code: the group's form when the code
 * belongs to one. Wrong codes count against the client (`MAX_CODE_LOOKUPS_PER_CLIENT` an
 * hour), and past that every code is refused for a while, so codes cannot be found by trying.
 */
export async function lookUpCode(
  db: Database,
  typed: string,
  opts: { client: string | null; now: Date },
): Promise<CodeState | { state: 'throttled'; retryAfter: number }> {
  const key = clientKey(opts.client);
  const misses = key ? attemptKey('miss', key) : null;
  const since = new Date(opts.now.getTime() - CODE_WINDOW_MS);
  if (misses) {
    const { n, oldest } = await db.ownerTransaction((tx) =>
      repo.recentAttempts(tx, misses, since, MAX_CODE_LOOKUPS_PER_CLIENT),
    );
    if (n >= MAX_CODE_LOOKUPS_PER_CLIENT && oldest) {
      const wait = new Date(oldest).getTime() + CODE_WINDOW_MS - opts.now.getTime();
      return { state: 'throttled', retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
    }
  }
  const found = await codeForm(db, typed);
  if (found.state === 'unknown' && misses)
    await db.ownerTransaction((tx) => repo.recordAttempts(tx, [misses], opts.now, since));
  return found;
}

/**
 * Saves an answer given through a drop-in group's code: many answers per code, throttled per
 * client (`MAX_CODE_ANSWERS_PER_CLIENT`) and per code (`MAX_CODE_ANSWERS_PER_CODE`) an hour.
 * The address is only hashed into the throttle's key; the response never holds it.
 */
export async function answerByCode(
  db: Database,
  typed: string,
  input: AnswerInput,
  opts: { client: string | null; now: Date },
): Promise<AnswerResult> {
  const looked = await lookUpCode(db, typed, opts);
  if (looked.state === 'throttled') return { ok: false, reason: 'throttled', retryAfter: looked.retryAfter };
  if (looked.state !== 'open') return { ok: false, reason: 'unknown' };
  const code = looked.code;
  const found = await db.ownerTransaction((tx) => repo.findCode(tx, code));
  if (!found) return { ok: false, reason: 'unknown' };
  const checked = await db.transaction(orgContext(found.org_id), async (tx) => {
    const group = await getGroup(tx, found.group_id);
    const questions = await repo.ownQuestions(tx, group.org_id);
    return checkAnswer(
      input,
      questions.map((q) => q.id),
    );
  });
  if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
  const key = clientKey(opts.client);
  const limits: [string, number][] = [[attemptKey('code', code), MAX_CODE_ANSWERS_PER_CODE]];
  if (key) limits.unshift([attemptKey('client-code', key, code), MAX_CODE_ANSWERS_PER_CLIENT]);
  const wait = await limit(db, limits, opts.now);
  if (wait) return { ok: false, reason: 'throttled', retryAfter: wait };
  await db.transaction(orgContext(found.org_id), async (tx) =>
    save(tx, await getGroup(tx, found.group_id), checked.value, opts.now),
  );
  return { ok: true };
}

// ---------------------------------------------------------------- staff

/** Coordinators and admins of the organisation, and the group's own facilitators. */
async function authorizeGroupFeedback(tx: Tx, actor: Actor, group: GroupRow): Promise<void> {
  if (can(actor, 'organisation.read_internal', group.org_id)) return;
  if (actor.userId && can(actor, 'session.manage', group.org_id)) {
    if ((await facilitatedBy(tx, actor.userId, [group.id])).has(group.id)) return;
  }
  if (actor.kind === 'public') throw unauthenticated();
  throw forbidden();
}

/** The drop-in code of a group (made on first use), for the printable QR page. */
export async function dropInCode(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  now: Date,
): Promise<{ group: GroupRow; code: string }> {
  const group = await getGroup(tx, groupIdOrSlug);
  await authorizeGroupFeedback(tx, actor, group);
  if (group.how_to_join !== 'drop_in')
    throw new AppError(
      409,
      'not-drop-in',
      'Only drop-in groups answer by code; the others get emailed links.',
    );
  let code = await repo.codeOfGroup(tx, group.id);
  while (!code) {
    const candidate = newCode((n) => randomBytes(n));
    if (
      await repo.insertCode(tx, {
        code: candidate,
        orgId: group.org_id,
        groupId: group.id,
        on: helsinkiToday(now),
      })
    )
      code = candidate;
  }
  return { group, code };
}

export interface Period {
  from: string;
  to: string;
}

/** All of time, as days: for a group's results without a period. */
const ALL_TIME: Period = { from: '2000-01-01', to: '2999-12-31' };

/** The question keys a summary lists: the six statements, then the organisation's own. */
const keysOf = (questions: readonly OwnQuestion[]) => [
  ...STATEMENT_KEYS,
  ...questions.map((q) => ownKey(q.id)),
];

export interface GroupFeedback {
  group: { id: string; slug: string; name: LocalizedText; how_to_join: string; organization_id: string };
  variant: Variant;
  questions: OwnQuestion[];
  period: Period;
  summary: Summary;
}

/** A group's results: per question distribution and mean, count, response rate, free texts. */
export async function groupFeedback(
  tx: Tx,
  actor: Actor,
  groupIdOrSlug: string,
  period: Period = ALL_TIME,
): Promise<GroupFeedback> {
  const group = await getGroup(tx, groupIdOrSlug);
  await authorizeGroupFeedback(tx, actor, group);
  const questions = await repo.ownQuestions(tx, group.org_id);
  const rows = await repo.responsesOf(tx, [group.id], period.from, period.to);
  const links =
    group.how_to_join === 'drop_in' ? null : await repo.linkCounts(tx, [group.id], period.from, period.to);
  return {
    group: {
      id: group.id,
      slug: group.slug,
      name: group.name,
      how_to_join: group.how_to_join,
      organization_id: group.org_id,
    },
    variant: variantOf(group),
    questions,
    period,
    summary: summary(rows, keysOf(questions), links),
  };
}

/** A calendar year as a period. */
export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export const currentYear = (now: Date) => DateTime.fromJSDate(now, { zone: ZONE }).year;

export interface OrganisationFeedback {
  organisation: { id: string; slug: string; name: LocalizedText };
  period: Period;
  questions: OwnQuestion[];
  total: Summary;
  programmes: { name: LocalizedText | null; summary: Summary }[];
  groups: { id: string; slug: string; name: LocalizedText; summary: Summary }[];
}

/** An organisation's feedback for a period: in total, per programme and per group. */
export async function organisationFeedback(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  period: Period,
): Promise<OrganisationFeedback> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  if (!can(actor, 'organisation.read_internal', org.id)) {
    if (actor.kind === 'public') throw unauthenticated();
    throw forbidden();
  }
  const questions = await repo.ownQuestions(tx, org.id);
  const keys = keysOf(questions);
  const groups = await repo.groupsWithFeedback(tx, org.id, period.from, period.to);
  const ids = groups.map((g) => g.id);
  const rows = await repo.responsesOf(tx, ids, period.from, period.to);
  const links = await repo.linkCounts(tx, ids, period.from, period.to);
  const byGroup = new Map<string, typeof rows>();
  for (const r of rows) byGroup.set(r.group_id, [...(byGroup.get(r.group_id) ?? []), r]);
  const programmes = new Map<string, { name: LocalizedText | null; ids: string[] }>();
  for (const g of groups) {
    const k = g.template ? JSON.stringify(g.template) : '';
    programmes.set(k, { name: g.template, ids: [...(programmes.get(k)?.ids ?? []), g.id] });
  }
  const groupRows = await Promise.all(
    groups.map(async (g) => ({
      id: g.id,
      slug: g.slug,
      name: g.name,
      summary: summary(
        byGroup.get(g.id) ?? [],
        keys,
        await repo.linkCounts(tx, [g.id], period.from, period.to),
      ),
    })),
  );
  const programmeRows = [];
  for (const p of programmes.values()) {
    programmeRows.push({
      name: p.name,
      summary: summary(
        p.ids.flatMap((id) => byGroup.get(id) ?? []),
        keys,
        await repo.linkCounts(tx, p.ids, period.from, period.to),
      ),
    });
  }
  return {
    organisation: { id: org.id, slug: org.slug, name: org.name },
    period,
    questions,
    total: summary(rows, keys, links),
    programmes: programmeRows,
    groups: groupRows,
  };
}

export interface FeedbackSettings {
  every_sessions: number;
  questions: OwnQuestion[];
}

export async function getSettings(tx: Tx, actor: Actor, orgIdOrSlug: string): Promise<FeedbackSettings> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  if (!can(actor, 'organisation.read_internal', org.id)) {
    if (actor.kind === 'public') throw unauthenticated();
    throw forbidden();
  }
  return {
    every_sessions: await repo.everySessions(tx, org.id),
    questions: await repo.ownQuestions(tx, org.id),
  };
}

/** An organisation's own questions (at most five) and how often ongoing groups are asked. */
export async function setSettings(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  input: { every_sessions?: number; questions?: { id?: string; text: LocalizedText }[] },
): Promise<FeedbackSettings> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  if (!can(actor, 'catalogue.manage', org.id)) {
    if (actor.kind === 'public') throw unauthenticated();
    throw forbidden();
  }
  if (input.questions) {
    if (input.questions.length > MAX_OWN_QUESTIONS)
      throw new AppError(422, 'too-many-questions', `At most ${MAX_OWN_QUESTIONS} own questions.`, [
        { in: 'body', field: 'questions', message: `at most ${MAX_OWN_QUESTIONS}` },
      ]);
    const existing = new Set((await repo.ownQuestions(tx, org.id)).map((q) => q.id));
    const unknown = input.questions.findIndex((q) => q.id !== undefined && !existing.has(q.id));
    if (unknown >= 0)
      throw new AppError(422, 'unknown-question', 'Not a question of this organisation.', [
        { in: 'body', field: `questions.${unknown}.id`, message: 'not a question of this organisation' },
      ]);
    await repo.replaceOwnQuestions(tx, org.id, input.questions);
  }
  if (input.every_sessions !== undefined) await repo.setEverySessions(tx, org.id, input.every_sessions);
  return {
    every_sessions: await repo.everySessions(tx, org.id),
    questions: await repo.ownQuestions(tx, org.id),
  };
}

// ---------------------------------------------------------------- emailed links

/** A copy in random order (Fisher–Yates with the system's random numbers). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The link an email carries, with its secret or with the slot for it. */
export const feedbackLink = (publicUrl: string, lang: Lang, token: string) =>
  `${publicUrl}/${lang}/feedback/l/${token}`;

/**
 * Creates the rounds of emailed links that are due (a fixed-term group after its last held
 * session, an ongoing group after every N held sessions) and queues one single-use link for
 * each confirmed participant with an email address, in their language. Each round happens
 * once; run hourly by `vertaamo serve` and by `vertaamo feedback send`. Returns the links queued.
 */
export async function sendFeedbackLinks(
  db: Database,
  now: Date,
  publicUrl: string,
  groupId: string | null = null,
): Promise<number> {
  const candidates = await db.ownerTransaction((tx) => repo.roundCandidates(tx, now, groupId));
  let queued = 0;
  for (const c of candidates) {
    const due = dueRound(c);
    if (!due) continue;
    queued += await db.transaction(orgContext(c.org_id), async (tx) => {
      const today = helsinkiToday(now);
      const roundId = await repo.insertRound(tx, {
        orgId: c.org_id,
        groupId: c.group_id,
        kind: due.kind,
        afterSessions: due.after_sessions,
        on: today,
      });
      if (!roundId) return 0;
      const group = await getGroup(tx, c.group_id);
      const expires = DateTime.fromJSDate(now, { zone: ZONE }).plus({ days: LINK_DAYS });
      const people = await repo.participantsWithEmail(tx, c.group_id);
      const tokens = people.map(() => randomBytes(32).toString('base64url'));
      // The links are written in an order of their own, so that neither the rows' physical
      // order nor their ids line a link up with the mail (and so the person) it went to.
      for (const token of shuffled(tokens))
        await repo.insertLink(tx, {
          orgId: c.org_id,
          groupId: c.group_id,
          roundId,
          tokenHash: hashToken(token),
          expiresOn: expires.toISODate()!,
        });
      let n = 0;
      for (const [i, p] of people.entries()) {
        const { subject, body } = renderMessage('feedback_request', p.language, {
          name: p.display_name,
          group: group.name[p.language] || group.name.fi,
          groupUrl: `${publicUrl}/${p.language}/groups/${group.slug}`,
          feedbackUrl: feedbackLink(publicUrl, p.language, SECRET_SLOT),
        });
        if (
          await queueMail(tx, {
            orgId: c.org_id,
            kind: 'feedback_request',
            registrationId: p.registration_id,
            recipient: p.email,
            language: p.language,
            subject,
            body,
            secret: tokens[i]!,
            dedupeKey: `feedback:${roundId}:${p.registration_id}`,
            linkExpiresAt: expires.toJSDate(),
          })
        )
          n++;
      }
      await repo.setRoundLinks(tx, roundId, n);
      return n;
    });
  }
  return queued;
}
