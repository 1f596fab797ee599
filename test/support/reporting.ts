/** The hand-computed reporting fixture shared by the statistics tests (docs/reporting.md). */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../src/db/database.ts';
import { unique } from './fixtures.ts';

/**
 * The hand-computed fixture (docs/reporting.md): a district D with two associations A1 and
 * A2, in 2019.
 * - G1 (A1, registration, ended 31.3.2019): held 1.2. and 8.2. (1.5 h each), cancelled 15.2.;
 *   Pia confirmed, Ola cancelled and never came; 1 present each time, 2 children on 1.2.;
 *   facilitators F1 (peer volunteer) and F2 (nurse, paid); on 8.2. only F1 ran it.
 * - G2 (A2, registration, running): held 1.5. (2 h); Pia (same address in capitals) and Kai
 *   (phone) confirmed, both present; the group's facilitator F3, but F3 and F4 (volunteers) ran it.
 * - G3 (D, drop-in): held 1.6. (1 h), a head count of 7 with 3 children; another in 2020.
 * - G4 (A1): held 1.12.2018 with Pia confirmed, so Pia is not new in 2019.
 * - Costs: G1 room rent 100 € (2019), G2 refreshments 25 € (2019) and room rent 50 € (2018).
 */
export async function reportingFixture(tx: Tx, orgs: { d: string; a1: string; a2: string }) {
  const template = (
    await tx.query<{ id: string }>(`SELECT id FROM programme_templates WHERE slug = 'seven-week-course'`)
  ).rows[0]!.id;
  const group = async (org: string, how: string, status: string, extra: Record<string, unknown> = {}) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO groups (org_id, slug, name, how_to_join, status, template_id, ended_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        org,
        unique('g'),
        { fi: `Ryhmä ${status}`, sv: `Grupp ${status}`, en: `Group ${status}` },
        how,
        status,
        extra.template ? template : null,
        extra.ended_on ?? null,
      ],
    );
    return rows[0]!.id;
  };
  const session = async (
    groupId: string,
    org: string,
    start: string,
    hours: number,
    status = 'scheduled',
  ) => {
    const starts = new Date(start);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO sessions (group_id, org_id, starts_at, ends_at, status, cancel_reason_code)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        groupId,
        org,
        starts,
        new Date(starts.getTime() + hours * 3_600_000),
        status,
        status === 'cancelled' ? 'other' : null,
      ],
    );
    return rows[0]!.id;
  };
  const registration = async (
    groupId: string,
    org: string,
    name: string,
    contact: { email?: string; phone?: string },
    status = 'confirmed',
  ) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO registrations (group_id, org_id, status, display_name, email, phone, language, consent_at,
         cancel_token_hash, cancelled_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'fi', now(), $7, $8) RETURNING id`,
      [
        groupId,
        org,
        status,
        name,
        contact.email ?? null,
        contact.phone ?? null,
        randomBytes(16),
        status === 'cancelled' ? new Date() : null,
      ],
    );
    return rows[0]!.id;
  };
  const attendance = async (
    sessionId: string,
    groupId: string,
    org: string,
    present: number,
    children: number,
    who: [string, boolean][] = [],
  ) => {
    await tx.query(
      `INSERT INTO session_attendance (session_id, org_id, group_id, kind, present_count, children_count, recorded_by_label)
       VALUES ($1, $2, $3, $4, $5, $6, 'test')`,
      [sessionId, org, groupId, who.length ? 'named' : 'head_count', present, children],
    );
    for (const [reg, here] of who)
      await tx.query(
        'INSERT INTO session_participants (session_id, registration_id, org_id, present) VALUES ($1, $2, $3, $4)',
        [sessionId, reg, org, here],
      );
  };
  const facilitator = async (
    org: string,
    name: string,
    kind: string,
    engagement: string,
    profession?: string,
  ) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO facilitators (org_id, display_name, kind, engagement, profession) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [org, name, kind, engagement, profession ?? null],
    );
    return rows[0]!.id;
  };
  const { d, a1, a2 } = orgs;

  const g1 = await group(a1, 'registration', 'ended', { template: true, ended_on: '2019-03-31' });
  const s1 = await session(g1, a1, '2019-02-01T10:00:00+02:00', 1.5);
  const s2 = await session(g1, a1, '2019-02-08T10:00:00+02:00', 1.5);
  await session(g1, a1, '2019-02-15T10:00:00+02:00', 1.5, 'cancelled');
  const pia1 = await registration(g1, a1, 'Pia', { email: 'pia@example.fi' });
  const ola = await registration(g1, a1, 'Ola', { email: 'ola@example.fi' }, 'cancelled');
  await attendance(s1, g1, a1, 1, 2, [
    [pia1, true],
    [ola, false],
  ]);
  await attendance(s2, g1, a1, 1, 0, [[pia1, true]]);
  const f1 = await facilitator(a1, 'F1', 'peer', 'volunteer');
  const f2 = await facilitator(a1, 'F2', 'professional', 'paid', 'public_health_nurse');
  await tx.query(
    `INSERT INTO group_facilitators (group_id, facilitator_id, org_id, role) VALUES ($1, $2, $4, 'lead'), ($1, $3, $4, 'co_facilitator')`,
    [g1, f1, f2, a1],
  );
  await tx.query(
    'INSERT INTO session_facilitators (session_id, facilitator_id, org_id) VALUES ($1, $2, $3)',
    [s2, f1, a1],
  );

  const g2 = await group(a2, 'registration', 'running');
  const s4 = await session(g2, a2, '2019-05-01T18:00:00+03:00', 2);
  const pia2 = await registration(g2, a2, 'Pia', { email: 'PIA@example.fi' });
  const kai = await registration(g2, a2, 'Kai', { phone: '+358 40 123 4567' });
  await attendance(s4, g2, a2, 2, 0, [
    [pia2, true],
    [kai, true],
  ]);
  const f3 = await facilitator(a2, 'F3', 'peer', 'volunteer');
  const f4 = await facilitator(a2, 'F4', 'peer', 'volunteer');
  await tx.query(
    `INSERT INTO group_facilitators (group_id, facilitator_id, org_id, role) VALUES ($1, $2, $3, 'lead')`,
    [g2, f3, a2],
  );
  await tx.query(
    'INSERT INTO session_facilitators (session_id, facilitator_id, org_id) VALUES ($1, $2, $4), ($1, $3, $4)',
    [s4, f3, f4, a2],
  );

  const g3 = await group(d, 'drop_in', 'running');
  const s5 = await session(g3, d, '2019-06-01T12:00:00+03:00', 1);
  await attendance(s5, g3, d, 7, 3);
  await session(g3, d, '2020-01-10T12:00:00+02:00', 1);

  const g4 = await group(a1, 'registration', 'ended', { ended_on: '2018-12-31' });
  await session(g4, a1, '2018-12-01T10:00:00+02:00', 1);
  await registration(g4, a1, 'Pia', { email: 'pia@example.fi' });

  await tx.query(
    `INSERT INTO group_costs (group_id, org_id, category, amount_cents, incurred_on) VALUES
       ($1, $3, 'room_rent', 10000, '2019-02-01'), ($2, $4, 'refreshments', 2500, '2019-05-01'),
       ($2, $4, 'room_rent', 5000, '2018-12-31')`,
    [g1, g2, a1, a2],
  );
  return { s1, f1, f2 };
}
