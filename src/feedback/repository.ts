/** The SQL of anonymous feedback: links, codes, own questions, rounds and responses. */
import type { Tx } from '../db/database.ts';
import type { LocalizedText } from '../shared/localized.ts';
import type { OwnQuestion, ResponseRow, Variant } from './policy.ts';

export async function ownQuestions(tx: Tx, orgId: string): Promise<OwnQuestion[]> {
  const { rows } = await tx.query<OwnQuestion>(
    'SELECT id, position, text FROM feedback_questions WHERE org_id = $1 ORDER BY position',
    [orgId],
  );
  return rows;
}

/** Replaces the organisation's own questions; answers given keep their keys. */
export async function replaceOwnQuestions(
  tx: Tx,
  orgId: string,
  questions: { id?: string; text: LocalizedText }[],
): Promise<void> {
  const keep = questions.flatMap((q) => (q.id ? [q.id] : []));
  await tx.query('DELETE FROM feedback_questions WHERE org_id = $1 AND NOT (id = ANY ($2::uuid[]))', [
    orgId,
    keep,
  ]);
  // Positions move in two steps so that the unique (org, position) never collides midway.
  await tx.query('UPDATE feedback_questions SET position = position + 10 WHERE org_id = $1', [orgId]);
  for (const [i, q] of questions.entries()) {
    if (q.id)
      await tx.query('UPDATE feedback_questions SET position = $3, text = $4 WHERE id = $1 AND org_id = $2', [
        q.id,
        orgId,
        i + 1,
        q.text,
      ]);
    else
      await tx.query('INSERT INTO feedback_questions (org_id, position, text) VALUES ($1, $2, $3)', [
        orgId,
        i + 1,
        q.text,
      ]);
  }
}

export async function everySessions(tx: Tx, orgId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT feedback_every_sessions AS n FROM organisations WHERE id = $1',
    [orgId],
  );
  return rows[0]?.n ?? 6;
}

export async function setEverySessions(tx: Tx, orgId: string, n: number): Promise<void> {
  await tx.query('UPDATE organisations SET feedback_every_sessions = $2 WHERE id = $1', [orgId, n]);
}

// ---------------------------------------------------------------- links

export interface LinkRow {
  id: string;
  org_id: string;
  group_id: string;
  used: boolean;
  expires_on: string;
}

/** A link by the hash of its secret (schema owner: the org is not known yet). */
export async function findLink(tx: Tx, tokenHash: Buffer): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(
    `SELECT id, org_id, group_id, used, to_char(expires_on, 'YYYY-MM-DD') AS expires_on
     FROM feedback_links WHERE token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Marks a link used, once: false when it was used already (a second, concurrent answer). */
export async function useLink(tx: Tx, linkId: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE feedback_links SET used = true WHERE id = $1 AND NOT used', [
    linkId,
  ]);
  return rowCount === 1;
}

export async function insertLink(
  tx: Tx,
  l: { orgId: string; groupId: string; roundId: string; tokenHash: Buffer; expiresOn: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO feedback_links (org_id, group_id, round_id, token_hash, expires_on) VALUES ($1, $2, $3, $4, $5)`,
    [l.orgId, l.groupId, l.roundId, l.tokenHash, l.expiresOn],
  );
}

/** Links sent and used for some groups, by the day of their rounds, for the response rate. */
export async function linkCounts(
  tx: Tx,
  groupIds: readonly string[],
  from: string,
  to: string,
): Promise<{ sent: number; used: number }> {
  const { rows } = await tx.query<{ sent: number; used: number }>(
    `SELECT count(*)::int AS sent, count(*) FILTER (WHERE l.used)::int AS used
     FROM feedback_links l JOIN feedback_rounds r ON r.id = l.round_id
     WHERE l.group_id = ANY ($1::uuid[]) AND r.created_on BETWEEN $2 AND $3`,
    [groupIds, from, to],
  );
  return rows[0]!;
}

// ---------------------------------------------------------------- rounds

export interface RoundCandidate {
  group_id: string;
  org_id: string;
  status: string;
  ends_on: string | null;
  every: number;
  held: number;
  upcoming: number;
}

/**
 * Groups people join by name that have held sessions, with how many they held and how many
 * are still to come (cancelled sessions left out). Schema owner: every organisation's groups.
 */
export async function roundCandidates(tx: Tx, now: Date, groupId: string | null): Promise<RoundCandidate[]> {
  const { rows } = await tx.query<RoundCandidate>(
    `SELECT g.id AS group_id, g.org_id, g.status, to_char(g.ends_on, 'YYYY-MM-DD') AS ends_on,
            o.feedback_every_sessions AS every,
            count(*) FILTER (WHERE s.ends_at <= $1)::int AS held,
            count(*) FILTER (WHERE s.ends_at > $1)::int AS upcoming
     FROM groups g
     JOIN organisations o ON o.id = g.org_id
     JOIN sessions s ON s.group_id = g.id AND s.status = 'scheduled'
     WHERE g.how_to_join <> 'drop_in' AND g.status IN ('running', 'suspended', 'ended')
       AND ($2::uuid IS NULL OR g.id = $2)
     GROUP BY g.id, o.feedback_every_sessions
     HAVING count(*) FILTER (WHERE s.ends_at <= $1) > 0`,
    [now, groupId],
  );
  return rows;
}

/** Creates a round once: null when it exists already. */
export async function insertRound(
  tx: Tx,
  r: { orgId: string; groupId: string; kind: 'end' | 'every'; afterSessions: number; on: string },
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO feedback_rounds (org_id, group_id, kind, after_sessions, created_on)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
    [r.orgId, r.groupId, r.kind, r.afterSessions, r.on],
  );
  return rows[0]?.id ?? null;
}

export async function setRoundLinks(tx: Tx, roundId: string, links: number): Promise<void> {
  await tx.query('UPDATE feedback_rounds SET links = $2 WHERE id = $1', [roundId, links]);
}

export interface Participant {
  registration_id: string;
  display_name: string;
  email: string;
  language: 'fi' | 'sv' | 'en';
}

/** The confirmed participants of a group who gave an email address. */
export async function participantsWithEmail(tx: Tx, groupId: string): Promise<Participant[]> {
  const { rows } = await tx.query<Participant>(
    `SELECT id AS registration_id, display_name, email, language FROM registrations
     WHERE group_id = $1 AND status = 'confirmed' AND email IS NOT NULL ORDER BY random()`,
    [groupId],
  );
  return rows;
}

// ---------------------------------------------------------------- codes

export async function codeOfGroup(tx: Tx, groupId: string): Promise<string | null> {
  const { rows } = await tx.query<{ code: string }>('SELECT code FROM feedback_codes WHERE group_id = $1', [
    groupId,
  ]);
  return rows[0]?.code ?? null;
}

/** Gives a group a code; false when that code is taken (the caller draws another). */
export async function insertCode(
  tx: Tx,
  c: { code: string; orgId: string; groupId: string; on: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO feedback_codes (code, org_id, group_id, created_on) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [c.code, c.orgId, c.groupId, c.on],
  );
  return rowCount === 1;
}

/** The group of a code (schema owner: the org is not known yet). */
export async function findCode(tx: Tx, code: string): Promise<{ org_id: string; group_id: string } | null> {
  const { rows } = await tx.query<{ org_id: string; group_id: string }>(
    'SELECT org_id, group_id FROM feedback_codes WHERE code = $1',
    [code],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------- responses

export async function insertResponse(
  tx: Tx,
  r: {
    orgId: string;
    groupId: string;
    on: string;
    variant: Variant;
    overall: number | null;
    answers: Record<string, number | null>;
    freeText: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO feedback_responses (org_id, group_id, answered_on, variant, overall, answers, free_text)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [r.orgId, r.groupId, r.on, r.variant, r.overall, JSON.stringify(r.answers), r.freeText],
  );
}

export async function responsesOf(
  tx: Tx,
  groupIds: readonly string[],
  from: string,
  to: string,
): Promise<(ResponseRow & { group_id: string })[]> {
  const { rows } = await tx.query<ResponseRow & { group_id: string }>(
    `SELECT group_id, overall, answers, free_text FROM feedback_responses
     WHERE group_id = ANY ($1::uuid[]) AND answered_on BETWEEN $2 AND $3
     ORDER BY answered_on, free_text`,
    [groupIds, from, to],
  );
  return rows;
}

export interface OrgGroupRow {
  id: string;
  slug: string;
  name: LocalizedText;
  template: LocalizedText | null;
}

/** An organisation's groups that have any feedback or feedback links in the period. */
export async function groupsWithFeedback(
  tx: Tx,
  orgId: string,
  from: string,
  to: string,
): Promise<OrgGroupRow[]> {
  const { rows } = await tx.query<OrgGroupRow>(
    `SELECT g.id, g.slug, g.name, t.name AS template
     FROM groups g LEFT JOIN programme_templates t ON t.id = g.template_id
     WHERE g.org_id = $1 AND (
       EXISTS (SELECT 1 FROM feedback_responses r WHERE r.group_id = g.id AND r.answered_on BETWEEN $2 AND $3)
       OR EXISTS (SELECT 1 FROM feedback_rounds f WHERE f.group_id = g.id AND f.created_on BETWEEN $2 AND $3))
     ORDER BY g.name->>'fi', g.id`,
    [orgId, from, to],
  );
  return rows;
}

// ---------------------------------------------------------------- throttle (schema owner only)

export async function lockAttemptKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  for (const key of keys) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

export async function recentAttempts(
  tx: Tx,
  key: string,
  since: Date,
  max: number,
): Promise<{ n: number; oldest: Date | null }> {
  const { rows } = await tx.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(at) AS oldest FROM (
       SELECT at FROM feedback_attempts WHERE key_hash = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent`,
    [key, since, max],
  );
  return rows[0]!;
}

export async function recordAttempts(tx: Tx, keys: readonly string[], now: Date, since: Date): Promise<void> {
  await tx.query('DELETE FROM feedback_attempts WHERE at <= $1', [since]);
  for (const key of keys)
    await tx.query('INSERT INTO feedback_attempts (key_hash, at) VALUES ($1, $2)', [key, now]);
}

// ---------------------------------------------------------------- demo data (src/demo/feedback.ts)

export interface HeldGroup {
  id: string;
  org_id: string;
  slug: string;
  audience: string[];
  how_to_join: string;
  last_held: Date;
  people: number;
}

/** Every running, suspended or ended group that has held sessions (schema owner). */
export async function heldGroups(tx: Tx, now: Date): Promise<HeldGroup[]> {
  const { rows } = await tx.query<HeldGroup>(
    `SELECT g.id, g.org_id, g.slug, g.audience, g.how_to_join, max(s.starts_at) AS last_held,
            (SELECT count(*)::int FROM registrations r WHERE r.group_id = g.id AND r.status = 'confirmed') AS people
     FROM groups g JOIN sessions s ON s.group_id = g.id AND s.status = 'scheduled' AND s.ends_at <= $1
     WHERE g.status IN ('running', 'suspended', 'ended')
     GROUP BY g.id ORDER BY g.slug`,
    [now],
  );
  return rows;
}

export async function allOwnQuestions(tx: Tx): Promise<{ id: string; org_id: string }[]> {
  return (await tx.query<{ id: string; org_id: string }>('SELECT id, org_id FROM feedback_questions')).rows;
}

/** Marks `n` of a round's links used. */
export async function useLinksOfRound(tx: Tx, roundId: string, n: number): Promise<void> {
  await tx.query(
    `UPDATE feedback_links SET used = true WHERE id IN (
       SELECT id FROM feedback_links WHERE round_id = $1 ORDER BY id LIMIT $2)`,
    [roundId, n],
  );
}
