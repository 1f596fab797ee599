/** TypeBox schemas of the feedback API (they feed /api/v1/openapi.json). */
import { Type } from 'typebox';
import { localized, nullable, Uuid } from '../http/schemas.ts';
import { MAX_FREE_TEXT, MAX_OWN_QUESTIONS, MIN_RESPONSES, STATEMENT_KEYS } from './policy.ts';

const scale = Type.Integer({ minimum: 1, maximum: 5 });

export const AnswerBody = Type.Object(
  {
    answers: Type.Record(Type.String({ maxLength: 60 }), nullable(scale), {
      description:
        `Statement keys (${STATEMENT_KEYS.join(', ')}) or \`q:\` and an own question's id, each 1 (disagree) to 5 ` +
        '(agree), or null for "does not apply". Questions left out are unanswered.',
      maxProperties: 20,
    }),
    overall: Type.Optional(nullable(scale)),
    free_text: Type.Optional(nullable(Type.String({ maxLength: MAX_FREE_TEXT }))),
  },
  { additionalProperties: false },
);

const Question = Type.Object({
  key: Type.String({ description: 'a statement key, `overall`, or `q:` and an own question id' }),
  answered: Type.Integer({ description: 'answers from 1 to 5' }),
  not_applicable: Type.Integer(),
  distribution: Type.Array(Type.Integer(), {
    minItems: 5,
    maxItems: 5,
    description: 'how many chose 1, 2, 3, 4 and 5',
  }),
  mean: nullable(Type.Number()),
});

export const SummarySchema = Type.Union(
  [
    Type.Object({
      shown: Type.Literal(true),
      responses: Type.Integer(),
      response_rate: nullable(
        Type.Number({ description: 'emailed links answered per link sent; null for drop-in groups' }),
      ),
      links_sent: nullable(Type.Integer()),
      questions: Type.Array(Question),
      overall: Question,
      free_texts: Type.Array(Type.String()),
    }),
    Type.Object({
      shown: Type.Literal(false),
      responses: Type.Null(),
      response_rate: Type.Null(),
      links_sent: Type.Null(),
      reason: Type.Literal('fewer-than-5'),
    }),
  ],
  {
    description: `No figure is given for fewer than ${MIN_RESPONSES} responses (shown: false), so that one answer cannot be singled out.`,
  },
);

export const OwnQuestionSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  text: localized,
});

const Period = Type.Object({ from: Type.String(), to: Type.String() });

export const GroupFeedbackSchema = Type.Object({
  group: Type.Object({
    id: Type.String(),
    slug: Type.String(),
    name: localized,
    how_to_join: Type.String(),
    organization_id: Type.String(),
  }),
  variant: Type.Union([Type.Literal('adult'), Type.Literal('child')], {
    description: 'child: the child-friendly form (faces, short words) of a children’s group',
  }),
  questions: Type.Array(OwnQuestionSchema, { description: "the organisation's own questions" }),
  period: Period,
  summary: SummarySchema,
});

export const OrganisationFeedbackSchema = Type.Object({
  organisation: Type.Object({ id: Type.String(), slug: Type.String(), name: localized }),
  period: Period,
  questions: Type.Array(OwnQuestionSchema),
  total: SummarySchema,
  programmes: Type.Array(Type.Object({ name: nullable(localized), summary: SummarySchema })),
  groups: Type.Array(
    Type.Object({ id: Type.String(), slug: Type.String(), name: localized, summary: SummarySchema }),
  ),
});

export const SettingsSchema = Type.Object({
  every_sessions: Type.Integer({
    description: 'ongoing groups are asked after every this many held sessions',
  }),
  questions: Type.Array(OwnQuestionSchema),
});

export const SettingsBody = Type.Object(
  {
    every_sessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    questions: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Type.Optional(Uuid),
            text: localized,
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_OWN_QUESTIONS },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const YearQuery = Type.Object(
  {
    year: Type.Optional(
      Type.Integer({ minimum: 2000, maximum: 2999, description: 'a calendar year; default this year' }),
    ),
  },
  { additionalProperties: false },
);
