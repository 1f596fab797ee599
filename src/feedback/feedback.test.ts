import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor, unique } from '../../test/support/fixtures.ts';
import { queuedSecrets } from '../notifications/outbox.ts';
import { checkAnswer, dueRound, MIN_RESPONSES, STATEMENT_KEYS, summary, variantOf } from './policy.ts';
import {
  lookUpCode,
  MAX_CODE_ANSWERS_PER_CLIENT,
  MAX_CODE_ANSWERS_PER_CODE,
  MAX_CODE_LOOKUPS_PER_CLIENT,
  sendFeedbackLinks,
} from './service.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

interface Problem {
  code: string;
  errors?: { in: string; field: string; message: string }[];
}

const full = (n: number) => ({
  answers: Object.fromEntries(STATEMENT_KEYS.map((k, i) => [k, i === 5 ? null : n])),
  overall: n,
  free_text: null,
});

describe('feedback rules', () => {
  it('shows no figure under five responses, and the distribution and mean from five on', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => full((i % 5) + 1));
    const four = summary(rows(4), STATEMENT_KEYS, { sent: 10, used: 4 });
    assert.equal(four.shown, false);
    assert.equal(four.responses, null);
    const five = summary(rows(MIN_RESPONSES), STATEMENT_KEYS, { sent: 10, used: 5 });
    assert.ok(five.shown);
    assert.equal(five.responses, 5);
    assert.equal(five.response_rate, 0.5);
    assert.deepEqual(five.questions[0]!.distribution, [1, 1, 1, 1, 1]);
    assert.equal(five.questions[0]!.mean, 3);
    assert.equal(five.questions[5]!.not_applicable, 5, '"does not apply" is counted apart');
    assert.equal(five.questions[5]!.mean, null);
  });

  it('gives children’s groups the child-friendly form, and family groups the ordinary one', () => {
    assert.equal(variantOf({ audience: ['children'] }), 'child');
    assert.equal(variantOf({ audience: ['children', 'parents'] }), 'adult');
    assert.equal(variantOf({ audience: ['youth'] }), 'adult');
  });

  it('asks a fixed-term group once at its end, an ongoing group after every N sessions', () => {
    const base = { status: 'running', every: 6 };
    assert.deepEqual(dueRound({ ...base, ends_on: '2026-12-01', held: 7, upcoming: 0 }), {
      kind: 'end',
      after_sessions: 7,
    });
    assert.equal(dueRound({ ...base, ends_on: '2026-12-01', held: 5, upcoming: 2 }), null);
    assert.equal(dueRound({ ...base, ends_on: null, held: 5, upcoming: 9 }), null);
    assert.deepEqual(dueRound({ ...base, ends_on: null, held: 13, upcoming: 9 }), {
      kind: 'every',
      after_sessions: 12,
    });
  });

  it('refuses unknown questions and values off the scale, naming the field', () => {
    const bad = checkAnswer({ answers: { accepted: 6, unknown: 3 }, overall: 0, free_text: null }, []);
    assert.equal(bad.ok, false);
    if (!bad.ok)
      assert.deepEqual(
        bad.problems.map((p) => p.field),
        ['answers.accepted', 'answers.unknown', 'overall'],
      );
    const empty = checkAnswer({ answers: {}, overall: null, free_text: '  ' }, []);
    assert.equal(empty.ok, false);
  });
});

for (const target of testDatabases()) {
  describe(`anonymous feedback on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let coordinator: string;
    let otherCoordinator: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgId = org.id;
      coordinator = await tokenFor(db, orgId, 'coordinator');
      const other = await makeOrganisation(db);
      otherCoordinator = await tokenFor(db, other.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    const api = async (method: 'POST' | 'PUT', url: string, payload: unknown, token = coordinator) => {
      const res = await app.inject({ method, url, headers: bearer(token), payload: payload as object });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
      return res.json<{ id: string; slug: string }>();
    };

    /** A fixed-term registration group whose sessions are all behind it, with participants. */
    async function heldGroup(
      people: { email: string; language: string }[],
      overrides: Record<string, unknown> = {},
    ) {
      const g = await api(
        'POST',
        '/api/v1/groups',
        groupBody(orgId, {
          how_to_join: 'registration',
          capacity: 20,
          starts_on: '2026-10-01',
          ends_on: '2026-11-20',
          ...overrides,
        }),
      );
      await api('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      for (const p of people) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/groups/${g.id}/participants`,
          headers: bearer(coordinator),
          payload: { display_name: 'Osallistuja', email: p.email, language: p.language, consent: true },
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      for (const daysAgo of [14, 7])
        await api('POST', `/api/v1/groups/${g.id}/sessions`, {
          starts_at: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
          duration_minutes: 90,
        });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'start' });
      return g;
    }

    /** The feedback mails of a group: recipient, language, subject and the link's secret. */
    async function feedbackMails(groupId: string) {
      return db.ownerTransaction(async (tx) => {
        const { rows } = await tx.query<{
          id: string;
          recipient: string;
          language: string;
          subject: string;
          body: string;
        }>(
          `SELECT id::text AS id, recipient, language, subject, body FROM outbox
           WHERE kind = 'feedback_request' AND org_id = (SELECT org_id FROM groups WHERE id = $1)
             AND registration_id IN (SELECT id FROM registrations WHERE group_id = $1) ORDER BY recipient`,
          [groupId],
        );
        const secrets = await queuedSecrets(
          tx,
          rows.map((r) => r.id),
        );
        return rows.map((r) => ({ ...r, token: secrets.get(r.id)! }));
      });
    }

    const answerLink = (token: string, payload: unknown) =>
      app.inject({ method: 'POST', url: `/api/v1/feedback/${token}`, payload: payload as object });

    it('emails each participant one link in their language after the last session, once', async () => {
      const a = `${unique('a')}@example.fi`;
      const b = `${unique('b')}@example.fi`;
      const g = await heldGroup([
        { email: a, language: 'fi' },
        { email: b, language: 'sv' },
      ]);
      assert.equal(await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id), 2);
      assert.equal(
        await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id),
        0,
        'a round happens once',
      );
      const mails = await feedbackMails(g.id);
      assert.equal(mails.length, 2);
      const sv = mails.find((m) => m.recipient === b)!;
      assert.equal(sv.language, 'sv');
      assert.match(sv.subject, /^Berätta vad du tycker/);
      assert.match(sv.body, /\/sv\/feedback\/l\/\{link-secret\}/, 'the body holds a slot, never the secret');
      assert.match(sv.token, /^[A-Za-z0-9_-]{43}$/);
    });

    it('asks an ongoing group after every N held sessions, N the organisation’s choice', async () => {
      const other = await makeOrganisation(db);
      const token = await tokenFor(db, other.id, 'coordinator');
      const call = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
        const res = await app.inject({ method, url, headers: bearer(token), payload: payload as object });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
        return res.json<{ id: string }>();
      };
      await call('PUT', `/api/v1/organizations/${other.id}/feedback-settings`, { every_sessions: 2 });
      const g = await call(
        'POST',
        '/api/v1/groups',
        groupBody(other.id, { how_to_join: 'registration', capacity: 5 }),
      );
      await call('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await call('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      await call('POST', `/api/v1/groups/${g.id}/participants`, {
        display_name: 'Jatkuva',
        email: `${unique('jatkuva')}@example.fi`,
        language: 'en',
        consent: true,
      });
      for (const daysAgo of [10, 5, 1, -1])
        await call('POST', `/api/v1/groups/${g.id}/sessions`, {
          starts_at: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
          duration_minutes: 60,
        });
      await call('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'start' });
      assert.equal(await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id), 1, 'after 2 of 3 held');
      assert.equal(await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id), 0);
      const later = new Date(NOW.getTime() + 2 * DAY);
      assert.equal(await sendFeedbackLinks(db, later, 'http://localhost:3000', g.id), 1, 'after 4 held');
      assert.match((await feedbackMails(g.id))[0]!.subject, /^Tell us what you think/);
    });

    it('takes one answer per link: a second is refused and the first kept; nothing joins it to the person', async () => {
      const email = `${unique('c')}@example.fi`;
      const g = await heldGroup([{ email, language: 'fi' }]);
      await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id);
      const [mail] = await feedbackMails(g.id);
      const token = mail!.token;
      const first = await answerLink(token, { ...full(5), free_text: 'Hyvä ryhmä, kiitos.' });
      assert.equal(first.statusCode, 201, first.body);
      const second = await answerLink(token, full(1));
      assert.equal(second.statusCode, 409);
      assert.equal(second.json<Problem>().code, 'already-answered');

      const stored = await db.ownerTransaction(async (tx) => {
        const responses = await tx.query<Record<string, unknown>>(
          'SELECT * FROM feedback_responses WHERE group_id = $1',
          [g.id],
        );
        const link = await tx.query<{ id: string; used: boolean }>(
          'SELECT id, used FROM feedback_links WHERE group_id = $1',
          [g.id],
        );
        const registration = await tx.query<{ id: string }>(
          'SELECT id FROM registrations WHERE group_id = $1',
          [g.id],
        );
        const columns = await tx.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback_responses' ORDER BY ordinal_position`,
        );
        const references = await tx.query<{ target: string }>(
          `SELECT confrelid::regclass::text AS target FROM pg_constraint
           WHERE conrelid = 'feedback_responses'::regclass AND contype = 'f'`,
        );
        return {
          responses: responses.rows,
          link: link.rows[0]!,
          registrationId: registration.rows[0]!.id,
          columns: columns.rows.map((c) => c.column_name),
          references: references.rows.map((r) => r.target),
        };
      });
      assert.equal(stored.responses.length, 1, 'the first answer is kept, the second not stored');
      assert.equal(stored.responses[0]!.overall, 5);
      assert.equal(stored.link.used, true);
      // The response row holds the group, the day and the answers: no person, no link, no time of day.
      assert.deepEqual(stored.columns, [
        'id',
        'org_id',
        'group_id',
        'answered_on',
        'variant',
        'overall',
        'answers',
        'free_text',
      ]);
      assert.deepEqual(stored.references, ['groups']);
      const row = JSON.stringify(stored.responses[0]);
      for (const secret of [stored.registrationId, email, token, stored.link.id])
        assert.ok(!row.includes(secret), `the response holds ${secret}`);
      // The link row holds no person either.
      const linkColumns = await db.ownerTransaction(async (tx) =>
        (
          await tx.query<{ column_name: string }>(
            `SELECT column_name FROM information_schema.columns WHERE table_name = 'feedback_links'`,
          )
        ).rows.map((c) => c.column_name),
      );
      for (const c of linkColumns) assert.doesNotMatch(c, /registration|email|phone|user|_at$/);
    });

    it('refuses a malformed answer with problem details naming the field, and saves nothing', async () => {
      const g = await heldGroup([{ email: `${unique('d')}@example.fi`, language: 'en' }]);
      await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id);
      const [mail] = await feedbackMails(g.id);
      const unknownKey = await answerLink(mail!.token, { answers: { accepted: 4, nonsense: 2 } });
      assert.equal(unknownKey.statusCode, 422);
      assert.equal(unknownKey.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(unknownKey.json<Problem>().errors![0]!.field, 'answers.nonsense');
      const offScale = await answerLink(mail!.token, { answers: { accepted: 9 } });
      assert.equal(offScale.statusCode, 400);
      assert.match(JSON.stringify(offScale.json<Problem>().errors), /answers/);
      // The link still works: nothing was used up.
      assert.equal((await answerLink(mail!.token, full(4))).statusCode, 201);
      assert.equal(
        (await app.inject({ method: 'POST', url: `/api/v1/feedback/${'x'.repeat(43)}`, payload: full(3) }))
          .statusCode,
        404,
      );
    });

    it('takes many answers by a drop-in code, throttled per client and per code', async () => {
      const g = await api('POST', '/api/v1/groups', groupBody(orgId, { how_to_join: 'drop_in' }));
      await api('PUT', `/api/v1/groups/${g.id}/remote-details`, { url: 'https://meet.example.fi/x' });
      await api('POST', `/api/v1/groups/${g.id}/lifecycle`, { action: 'publish' });
      const codeRes = await app.inject({
        url: `/api/v1/groups/${g.id}/feedback-code`,
        headers: bearer(coordinator),
      });
      assert.equal(codeRes.statusCode, 200, codeRes.body);
      const { code } = codeRes.json<{ code: string }>();
      assert.match(code, /^[A-Z2-9]{6}$/);
      const again = await app.inject({
        url: `/api/v1/groups/${g.id}/feedback-code`,
        headers: bearer(coordinator),
      });
      assert.equal(again.json<{ code: string }>().code, code, 'one code per group');

      const answer = (ip: string, n = 4) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/feedback/codes/${code.toLowerCase()}`,
          remoteAddress: ip,
          payload: full(n),
        });
      for (let i = 0; i < MAX_CODE_ANSWERS_PER_CLIENT; i++)
        assert.equal((await answer('192.0.2.10')).statusCode, 201);
      const throttled = await answer('192.0.2.10');
      assert.equal(throttled.statusCode, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      // Others still answer, up to the code's own limit.
      for (let i = MAX_CODE_ANSWERS_PER_CLIENT; i < MAX_CODE_ANSWERS_PER_CODE; i++)
        assert.equal((await answer(`198.51.100.${i % 250}`, (i % 5) + 1)).statusCode, 201, `answer ${i}`);
      assert.equal((await answer('203.0.113.99')).statusCode, 429, 'the code takes no more this hour');

      const results = await app.inject({
        url: `/api/v1/groups/${g.id}/feedback`,
        headers: bearer(coordinator),
      });
      assert.equal(results.statusCode, 200, results.body);
      const s = results.json<{
        summary: { shown: boolean; responses: number; response_rate: number | null };
      }>().summary;
      assert.equal(s.shown, true);
      assert.equal(s.responses, MAX_CODE_ANSWERS_PER_CODE);
      assert.equal(s.response_rate, null, 'drop-in groups send no links');

      // Wrong codes count against the client: past the limit even the right one waits.
      for (let i = 0; i < MAX_CODE_LOOKUPS_PER_CLIENT; i++)
        assert.equal((await lookUpCode(db, 'AAAAAA', { client: '192.0.2.77', now: NOW })).state, 'unknown');
      assert.equal((await lookUpCode(db, code, { client: '192.0.2.77', now: NOW })).state, 'throttled');
      assert.equal((await lookUpCode(db, code, { client: '192.0.2.78', now: NOW })).state, 'open');
      const page = await app.inject({ url: `/fi/feedback?code=${code}`, remoteAddress: '192.0.2.77' });
      assert.equal(page.statusCode, 429);
    });

    it('gives no figure for fewer than five responses, and figures from five on', async () => {
      const people = Array.from({ length: 6 }, () => ({
        email: `${unique('e')}@example.fi`,
        language: 'fi',
      }));
      const g = await heldGroup(people);
      await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id);
      const mails = await feedbackMails(g.id);
      for (const m of mails.slice(0, 4)) assert.equal((await answerLink(m.token, full(5))).statusCode, 201);
      const four = await app.inject({ url: `/api/v1/groups/${g.id}/feedback`, headers: bearer(coordinator) });
      assert.equal(four.statusCode, 200);
      assert.deepEqual(four.json().summary, {
        shown: false,
        responses: null,
        response_rate: null,
        links_sent: null,
        reason: 'fewer-than-5',
      });
      assert.equal((await answerLink(mails[4]!.token, full(3))).statusCode, 201);
      const five = await app.inject({ url: `/api/v1/groups/${g.id}/feedback`, headers: bearer(coordinator) });
      const s = five.json().summary;
      assert.equal(s.responses, 5);
      assert.equal(s.links_sent, 6);
      assert.equal(s.response_rate, 0.83);
      assert.equal(s.overall.mean, 4.6);

      const year = await app.inject({
        url: `/api/v1/organizations/${orgId}/feedback?year=2026`,
        headers: bearer(coordinator),
      });
      assert.equal(year.statusCode, 200, year.body);
      assert.ok(year.json().groups.some((row: { id: string }) => row.id === g.id));
    });

    it('shows results to the organisation only: another organisation gets 403, the public 401', async () => {
      const g = await heldGroup([{ email: `${unique('f')}@example.fi`, language: 'fi' }]);
      const other = await app.inject({
        url: `/api/v1/groups/${g.id}/feedback`,
        headers: bearer(otherCoordinator),
      });
      assert.ok([403, 404].includes(other.statusCode), other.body);
      assert.equal((await app.inject({ url: `/api/v1/groups/${g.id}/feedback` })).statusCode, 401);
      const otherOrg = await app.inject({
        url: `/api/v1/organizations/${orgId}/feedback`,
        headers: bearer(otherCoordinator),
      });
      assert.ok([403, 404].includes(otherOrg.statusCode));
    });

    it('keeps an organisation’s own questions, asked after the standard ones', async () => {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${orgId}/feedback-settings`,
        headers: bearer(coordinator),
        payload: {
          every_sessions: 4,
          questions: [
            {
              text: {
                fi: 'Suosittelisin ryhmää muille.',
                sv: 'Jag skulle rekommendera gruppen.',
                en: 'I would recommend the group.',
              },
            },
          ],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const settings = res.json<{ every_sessions: number; questions: { id: string }[] }>();
      assert.equal(settings.every_sessions, 4);
      const g = await heldGroup([{ email: `${unique('g')}@example.fi`, language: 'fi' }]);
      await sendFeedbackLinks(db, NOW, 'http://localhost:3000', g.id);
      const [mail] = await feedbackMails(g.id);
      const ok = await answerLink(mail!.token, { answers: { [`q:${settings.questions[0]!.id}`]: 5 } });
      assert.equal(ok.statusCode, 201, ok.body);
      const tooMany = await app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${orgId}/feedback-settings`,
        headers: bearer(coordinator),
        payload: { every_sessions: 0 },
      });
      assert.equal(tooMany.statusCode, 400);
      await app.inject({
        method: 'PUT',
        url: `/api/v1/organizations/${orgId}/feedback-settings`,
        headers: bearer(coordinator),
        payload: { questions: [] },
      });
    });
  });
}
