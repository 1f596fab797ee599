import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, problem, problemResponses } from '../http/schemas.ts';
import { AppError } from '../shared/errors.ts';
import {
  answerByCode,
  answerByLink,
  currentYear,
  dropInCode,
  getSettings,
  groupFeedback,
  organisationFeedback,
  setSettings,
  yearPeriod,
  type AnswerResult,
} from './service.ts';
import {
  AnswerBody,
  GroupFeedbackSchema,
  OrganisationFeedbackSchema,
  SettingsBody,
  SettingsSchema,
  YearQuery,
} from './schemas.ts';

const Saved = Type.Object({ status: Type.Literal('saved') });

/** An answer's outcome as the API gives it: 201, or a problem naming the field. */
function answered(result: AnswerResult) {
  if (result.ok) return { status: 'saved' as const };
  switch (result.reason) {
    case 'invalid':
      throw new AppError(
        422,
        'invalid-answer',
        'The answer does not fit the form.',
        result.problems.map((p) => ({ in: 'body' as const, ...p })),
      );
    case 'answered':
      throw new AppError(
        409,
        'already-answered',
        'This link has been answered already; the first answer is kept.',
      );
    case 'expired':
      throw new AppError(410, 'link-expired', 'This feedback link has expired.');
    case 'throttled':
      throw new AppError(429, 'too-many-answers', 'Too many answers from here. Try again later.', [], {
        retryAfter: result.retryAfter,
      });
    default:
      throw new AppError(404, 'not-found', 'No feedback form has this link or code.');
  }
}

const input = (body: {
  answers: Record<string, number | null>;
  overall?: number | null;
  free_text?: string | null;
}) => ({
  answers: body.answers,
  overall: body.overall ?? null,
  free_text: body.free_text ?? null,
});

export async function feedbackRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/groups/:group/feedback',
    {
      schema: {
        operationId: 'getGroupFeedback',
        tags: ['feedback'],
        summary:
          "A group's anonymous feedback: per statement the distribution and mean, count, response rate",
        description:
          'For the organisation’s coordinators and admins and the group’s own facilitators. With fewer than five ' +
          'responses no figure is given (`summary.shown` false). Without `year`, all of the group’s feedback.',
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        querystring: YearQuery,
        response: { 200: GroupFeedbackSchema, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        groupFeedback(
          tx,
          request.actor,
          request.params.group,
          request.query.year ? yearPeriod(request.query.year) : undefined,
        ),
      ),
  );

  app.get(
    '/groups/:group/feedback-code',
    {
      schema: {
        operationId: 'getFeedbackCode',
        tags: ['feedback'],
        summary: "A drop-in group's feedback code and the form's address (made on first use)",
        security: bearer,
        params: Type.Object({ group: IdOrSlug }),
        response: {
          200: Type.Object({
            code: Type.String(),
            url: Type.String({ description: 'the form, for a QR code' }),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { code } = await inTx(deps, request.actor, (tx) =>
        dropInCode(tx, request.actor, request.params.group, deps.clock()),
      );
      return { code, url: `${deps.publicUrl}/fi/feedback/c/${code}` };
    },
  );

  app.get(
    '/organizations/:org/feedback',
    {
      schema: {
        operationId: 'getOrganisationFeedback',
        tags: ['feedback'],
        summary: "An organisation's feedback for a year: in total, per programme and per group",
        description: 'Coordinators and admins. Every summary under five responses gives no figure.',
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        querystring: YearQuery,
        response: { 200: OrganisationFeedbackSchema, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) =>
        organisationFeedback(
          tx,
          request.actor,
          request.params.org,
          yearPeriod(request.query.year ?? currentYear(deps.clock())),
        ),
      ),
  );

  app.get(
    '/organizations/:org/feedback-settings',
    {
      schema: {
        operationId: 'getFeedbackSettings',
        tags: ['feedback'],
        summary: "An organisation's own feedback questions and how often ongoing groups are asked",
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        response: { 200: SettingsSchema, ...problemResponses },
      },
    },
    async (request) => inTx(deps, request.actor, (tx) => getSettings(tx, request.actor, request.params.org)),
  );

  app.put(
    '/organizations/:org/feedback-settings',
    {
      schema: {
        operationId: 'putFeedbackSettings',
        tags: ['feedback'],
        summary: 'Set the own questions (at most five, asked after the statements) and every_sessions',
        description: 'Coordinators and admins. A question kept by its `id` keeps its answers.',
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        body: SettingsBody,
        response: { 200: SettingsSchema, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) => setSettings(tx, request.actor, request.params.org, request.body)),
  );

  app.post(
    '/feedback/:token',
    {
      schema: {
        operationId: 'answerFeedbackLink',
        tags: ['feedback'],
        summary: 'Answer the feedback form of an emailed single-use link (anonymous)',
        description:
          'No sign-in: the link’s secret is the permission. The answer is stored without any reference to the link ' +
          'or the person; a second answer gets 409 and the first is kept.',
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: AnswerBody,
        response: { 201: Saved, 410: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const saved = answered(
        await answerByLink(deps.db, request.params.token, input(request.body), deps.clock()),
      );
      return reply.code(201).send(saved);
    },
  );

  app.post(
    '/feedback/codes/:code',
    {
      schema: {
        operationId: 'answerFeedbackCode',
        tags: ['feedback'],
        summary: "Answer a drop-in group's feedback form by its code (anonymous, throttled)",
        description: 'Many answers per code; limited per client and per code an hour (429 with Retry-After).',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }),
        body: AnswerBody,
        response: { 201: Saved, 429: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const saved = answered(
        await answerByCode(deps.db, request.params.code, input(request.body), {
          client: request.actor.kind === 'public' ? request.ip : null,
          now: deps.clock(),
        }),
      );
      return reply.code(201).send(saved);
    },
  );
}
