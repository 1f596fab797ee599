/**
 * The pure rules of anonymous feedback: the statements (from the benefits participants name in
 * seed 004), which groups get the child-friendly form, what a valid answer is, and the summary
 * with its suppression: no figure for fewer than `MIN_RESPONSES` answers, so that one person's
 * answer cannot be singled out.
 */
import type { Lang } from '../shared/lang.ts';
import type { LocalizedText } from '../shared/localized.ts';

/** Below this many responses no figure is shown (pages, API, exports). */
export const MIN_RESPONSES = 5;
export const MAX_OWN_QUESTIONS = 5;
export const MAX_FREE_TEXT = 2000;

export const STATEMENT_KEYS = ['accepted', 'coping', 'hope', 'confidence', 'proportion', 'helping'] as const;
export type StatementKey = (typeof STATEMENT_KEYS)[number];

type Texts = Record<Lang, string>;

/** The six statements, for adults and in short words for children. */
export const STATEMENTS: Record<StatementKey, { adult: Texts; child: Texts }> = {
  accepted: {
    adult: {
      fi: 'Tulin ryhmässä hyväksytyksi ja kuulluksi.',
      sv: 'Jag blev accepterad och hörd i gruppen.',
      en: 'I felt accepted and heard in the group.',
    },
    child: {
      fi: 'Minua kuunneltiin.',
      sv: 'Man lyssnade på mig.',
      en: 'People listened to me.',
    },
  },
  coping: {
    adult: {
      fi: 'Sain käytännön keinoja arkeen ja ihmissuhteisiin.',
      sv: 'Jag fick praktiska sätt att klara vardagen och relationerna.',
      en: 'I got practical means of coping with everyday life and relationships.',
    },
    child: {
      fi: 'Opin uusia juttuja.',
      sv: 'Jag lärde mig nya saker.',
      en: 'I learned new things.',
    },
  },
  hope: {
    adult: {
      fi: 'Ryhmä antoi minulle toivoa ja iloa.',
      sv: 'Gruppen gav mig hopp och glädje.',
      en: 'The group gave me hope and joy.',
    },
    child: {
      fi: 'Minulla oli kivaa.',
      sv: 'Jag hade roligt.',
      en: 'I had fun.',
    },
  },
  confidence: {
    adult: {
      fi: 'Minulla on enemmän varmuutta vaikuttaa omiin asioihini.',
      sv: 'Jag har mer tilltro till att påverka mina egna saker.',
      en: 'I have more confidence to influence my own matters.',
    },
    child: {
      fi: 'Uskallan sanoa, mitä haluan.',
      sv: 'Jag vågar säga vad jag vill.',
      en: 'I dare to say what I want.',
    },
  },
  proportion: {
    adult: {
      fi: 'Omat vaikeuteni saivat suhteellisuutta.',
      sv: 'Mina svårigheter fick perspektiv.',
      en: 'My difficulties were put into proportion.',
    },
    child: {
      fi: 'Huolet tuntuvat pienemmiltä.',
      sv: 'Mina bekymmer känns mindre.',
      en: 'My worries feel smaller.',
    },
  },
  helping: {
    adult: {
      fi: 'Muiden auttaminen antoi minulle voimia.',
      sv: 'Att hjälpa andra gav mig kraft.',
      en: 'Helping others gave me strength.',
    },
    child: {
      fi: 'Autoin muita.',
      sv: 'Jag hjälpte andra.',
      en: 'I helped others.',
    },
  },
};

export type Variant = 'adult' | 'child';

/** Who is an adult in a group's audience: a group with any of them gets the ordinary form. */
const ADULT_AUDIENCES = [
  'parents',
  'expecting_parents',
  'families',
  'relatives',
  'carers',
  'men',
  'women',
  'workers',
  'everyone',
];

/**
 * A children's group (seed 004: "children's groups work through play") gets the child-friendly
 * form: its audience names children and no adults. Youth groups and family groups answer the
 * ordinary form.
 */
export function variantOf(group: { audience: readonly string[] }): Variant {
  return group.audience.includes('children') && !group.audience.some((a) => ADULT_AUDIENCES.includes(a))
    ? 'child'
    : 'adult';
}

/** A question's key in `answers`: a statement's key, or `q:` and an own question's id. */
export const ownKey = (questionId: string) => `q:${questionId}`;

export interface AnswerInput {
  /** statement or own question key → 1–5, or null for "does not apply" */
  answers: Record<string, number | null>;
  overall: number | null;
  free_text: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const isScale = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;

/**
 * Checks an answer against the form's questions: every key known, every value 1–5 or null,
 * the overall rating 1–5 or absent, the free text at most `MAX_FREE_TEXT` characters and
 * at least one thing answered. Returns the first problems by field, or the cleaned answer.
 */
export function checkAnswer(
  input: AnswerInput,
  ownQuestionIds: readonly string[],
): { ok: true; value: AnswerInput } | { ok: false; problems: FieldProblem[] } {
  const known = new Set<string>([...STATEMENT_KEYS, ...ownQuestionIds.map(ownKey)]);
  const problems: FieldProblem[] = [];
  const answers: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(input.answers)) {
    if (!known.has(key)) problems.push({ field: `answers.${key}`, message: 'not a question of this form' });
    else if (value !== null && !isScale(value))
      problems.push({ field: `answers.${key}`, message: 'an answer is a whole number from 1 to 5, or null' });
    else answers[key] = value;
  }
  if (input.overall !== null && !isScale(input.overall))
    problems.push({ field: 'overall', message: 'the overall rating is a whole number from 1 to 5' });
  const text = input.free_text?.trim() ?? '';
  if (text.length > MAX_FREE_TEXT)
    problems.push({ field: 'free_text', message: `at most ${MAX_FREE_TEXT} characters` });
  if (problems.length) return { ok: false, problems };
  if (Object.keys(answers).length === 0 && input.overall === null && !text)
    return { ok: false, problems: [{ field: 'answers', message: 'answer at least one question' }] };
  return { ok: true, value: { answers, overall: input.overall, free_text: text || null } };
}

/** One stored response, as the summary reads it. */
export interface ResponseRow {
  overall: number | null;
  answers: Record<string, number | null>;
  free_text: string | null;
}

export interface QuestionSummary {
  key: string;
  /** answers 1–5 given (not "does not apply") */
  answered: number;
  not_applicable: number;
  /** how many chose 1, 2, 3, 4, 5 */
  distribution: [number, number, number, number, number];
  mean: number | null;
}

/** A summary, or the plain statement that there are too few responses to show any. */
export type Summary =
  | {
      shown: true;
      responses: number;
      /** emailed links answered per link sent; null when no links were sent (drop-in groups) */
      response_rate: number | null;
      links_sent: number | null;
      questions: QuestionSummary[];
      overall: QuestionSummary;
      free_texts: string[];
    }
  | { shown: false; responses: null; response_rate: null; links_sent: null; reason: 'fewer-than-5' };

function summarise(key: string, values: (number | null | undefined)[]): QuestionSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let notApplicable = 0;
  let sum = 0;
  for (const v of values) {
    if (v === undefined) continue;
    if (v === null) notApplicable++;
    else {
      distribution[v - 1]!++;
      sum += v;
    }
  }
  const answered = distribution.reduce((a, b) => a + b, 0);
  return {
    key,
    answered,
    not_applicable: notApplicable,
    distribution,
    mean: answered ? Math.round((sum / answered) * 100) / 100 : null,
  };
}

/**
 * The summary of some responses: per question the distribution and mean, the count and the
 * response rate, the free-text answers. Under `MIN_RESPONSES` responses nothing but that fact.
 */
export function summary(
  rows: readonly ResponseRow[],
  questionKeys: readonly string[],
  links: { sent: number; used: number } | null,
): Summary {
  if (rows.length < MIN_RESPONSES)
    return { shown: false, responses: null, response_rate: null, links_sent: null, reason: 'fewer-than-5' };
  return {
    shown: true,
    responses: rows.length,
    response_rate: links?.sent ? Math.round((links.used / links.sent) * 100) / 100 : null,
    links_sent: links?.sent || null,
    questions: questionKeys.map((key) =>
      summarise(
        key,
        rows.map((r) => r.answers[key]),
      ),
    ),
    overall: summarise(
      'overall',
      rows.map((r) => (r.overall === null ? undefined : r.overall)),
    ),
    free_texts: rows.flatMap((r) => (r.free_text ? [r.free_text] : [])),
  };
}

/** Drop-in codes: six characters without the ones easily mixed up (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newCode(random: (n: number) => Uint8Array): string {
  return [...random(6)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
/** What a person typed, as a code: capitals, without spaces or dashes. */
export const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '').slice(0, 20);
export const isCode = (code: string) => /^[A-Z2-9]{6}$/.test(code);

/**
 * When a group asks for feedback by email: a fixed-term group (with an end date) once, after
 * its last held session when none is left to come; an ongoing group after every `every` held
 * sessions. Returns the round due, or null.
 */
export function dueRound(g: {
  ends_on: string | null;
  status: string;
  held: number;
  upcoming: number;
  every: number;
}): { kind: 'end' | 'every'; after_sessions: number } | null {
  if (g.held === 0) return null;
  if (g.ends_on !== null || g.status === 'ended') {
    return g.upcoming === 0 || g.status === 'ended' ? { kind: 'end', after_sessions: g.held } : null;
  }
  if (g.held < g.every) return null;
  return { kind: 'every', after_sessions: Math.floor(g.held / g.every) * g.every };
}

/** Own questions as the form shows them. */
export interface OwnQuestion {
  id: string;
  position: number;
  text: LocalizedText;
}
