/**
 * A group's own questions at registration (e.g. the due date, the child's age, needs): the
 * organiser configures them per group, the form shows them, and every answer is checked
 * against them so organisers get exactly what they asked for and nothing else.
 */
import { Type } from 'typebox';
import { AppError, type FieldError } from '../shared/errors.ts';
import { localized } from '../http/schemas.ts';
import type { LocalizedText } from '../shared/localized.ts';

export const QUESTION_KINDS = ['text', 'long_text', 'number', 'date', 'choice', 'yes_no'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const RegistrationQuestion = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'the answer’s name, e.g. due_date' }),
    label: localized,
    help: Type.Optional(Type.Union([localized, Type.Null()])),
    kind: Type.Union(
      QUESTION_KINDS.map((k) => Type.Literal(k)),
      { description: 'text, long_text, number (whole), date (YYYY-MM-DD), choice or yes_no' },
    ),
    required: Type.Boolean(),
    min: Type.Optional(Type.Integer({ description: 'number: the smallest answer' })),
    max: Type.Optional(Type.Integer({ description: 'number: the largest answer' })),
    options: Type.Optional(
      Type.Array(
        Type.Object(
          { value: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }), label: localized },
          { additionalProperties: false },
        ),
        { minItems: 2, maxItems: 20, description: 'choice: the options' },
      ),
    ),
  },
  { additionalProperties: false },
);
export interface Question {
  key: string;
  label: LocalizedText;
  help?: LocalizedText | null;
  kind: QuestionKind;
  required: boolean;
  min?: number;
  max?: number;
  options?: { value: string; label: LocalizedText }[];
}

export const RegistrationQuestions = Type.Array(RegistrationQuestion, {
  maxItems: 10,
  description: 'the group’s own questions at registration; answers go to its organisers only',
});

export type Answer = string | number | boolean;

/** Problems in a group's question list: keys must be unique, choices need options. */
export function questionProblems(questions: readonly Question[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    const field = `registration_questions.${i}`;
    if (seen.has(q.key)) problems.push({ in: 'body', field, message: `The key "${q.key}" is used twice.` });
    seen.add(q.key);
    if (q.kind === 'choice' && !q.options?.length)
      problems.push({ in: 'body', field, message: 'A choice needs its options.' });
    if (q.kind !== 'choice' && q.options)
      problems.push({ in: 'body', field, message: 'Only a choice has options.' });
    if ((q.min !== undefined || q.max !== undefined) && q.kind !== 'number')
      problems.push({ in: 'body', field, message: 'Only a number has a smallest or largest answer.' });
    if (q.min !== undefined && q.max !== undefined && q.max < q.min)
      problems.push({ in: 'body', field, message: 'The largest answer is below the smallest.' });
  });
  return problems;
}

const MAX_LENGTH: Record<QuestionKind, number> = {
  text: 200,
  long_text: 2000,
  number: 20,
  date: 10,
  choice: 40,
  yes_no: 5,
};

/**
 * The answers as they are stored: only the group's questions, each of the right kind, the
 * required ones present. Anything else is a 422 naming each answer that is wrong.
 */
export function checkAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>> | undefined,
): Record<string, Answer> {
  const given = answers ?? {};
  const problems: FieldError[] = [];
  const out: Record<string, Answer> = {};
  const problem = (key: string, message: string) =>
    problems.push({ in: 'body', field: `answers.${key}`, message });
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problem(key, 'This group does not ask this.');
  }
  for (const q of questions) {
    const raw = given[q.key];
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (q.required) problem(q.key, 'This answer is required.');
      continue;
    }
    if (typeof raw === 'string' && raw.length > MAX_LENGTH[q.kind]) {
      problem(q.key, `At most ${MAX_LENGTH[q.kind]} characters.`);
      continue;
    }
    switch (q.kind) {
      case 'text':
      case 'long_text':
        if (typeof raw !== 'string') problem(q.key, 'The answer must be text.');
        else out[q.key] = raw.trim();
        break;
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
        if (!Number.isInteger(n)) problem(q.key, 'The answer must be a whole number.');
        else if (q.min !== undefined && n < q.min) problem(q.key, `The answer must be at least ${q.min}.`);
        else if (q.max !== undefined && n > q.max) problem(q.key, `The answer must be at most ${q.max}.`);
        else out[q.key] = n;
        break;
      }
      case 'date':
        if (typeof raw !== 'string' || !isDate(raw.trim()))
          problem(q.key, 'The answer must be a date, YYYY-MM-DD.');
        else out[q.key] = raw.trim();
        break;
      case 'choice':
        if (typeof raw !== 'string' || !q.options?.some((o) => o.value === raw))
          problem(q.key, `Choose one of: ${(q.options ?? []).map((o) => o.value).join(', ')}.`);
        else out[q.key] = raw;
        break;
      case 'yes_no':
        if (raw === true || raw === 'yes' || raw === 'true') out[q.key] = true;
        else if (raw === false || raw === 'no' || raw === 'false') out[q.key] = false;
        else problem(q.key, 'The answer must be yes or no.');
        break;
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      422,
      'invalid-answers',
      'Some answers to the group’s questions are missing or wrong.',
      problems,
    );
  }
  return out;
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
