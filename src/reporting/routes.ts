/** The reporting API: yearly statistics and project target progress (docs/reporting.md). */
import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, problemResponses, Uuid } from '../http/schemas.ts';
import { setSessionFacilitators } from './session-facilitators.ts';
import { addTargetFigure, periodOf, projectProgress, setTargetMeasure, statistics } from './statistics.ts';
import { FigureBody, MeasureBody, PeriodQuery, ProgressResponse, StatisticsResponse } from './schemas.ts';

const OrgParams = Type.Object({ org: IdOrSlug });
const TargetParams = Type.Object({
  org: IdOrSlug,
  key: Type.String({ pattern: '^[a-z0-9_]+$', maxLength: 60 }),
});
const WHO =
  'For the admins and coordinators of the organisation or of an organisation above it; others get 404.';

export async function reportingRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/organizations/:org/statistics',
    {
      schema: {
        operationId: 'getOrganisationStatistics',
        tags: ['reporting'],
        summary: 'Yearly statistics of an organisation and the organisations below it',
        description: `Every figure is defined in docs/reporting.md. Per organisation (its own groups) and in total (the whole tree; a person is counted once). ${WHO} A period ending before it starts is a 400 naming \`to\`.`,
        security: bearer,
        params: OrgParams,
        querystring: PeriodQuery,
        response: { 200: StatisticsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const now = deps.clock();
      const period = periodOf(request.query.from, request.query.to, now);
      return inTx(deps, request.actor, (tx) =>
        statistics(tx, request.actor, request.params.org, period, now),
      );
    },
  );

  app.get(
    '/organizations/:org/targets/progress',
    {
      schema: {
        operationId: 'getTargetProgress',
        tags: ['reporting'],
        summary: "A project's targets: current value, share reached and progress over the project's period",
        description: WHO,
        security: bearer,
        params: OrgParams,
        response: { 200: ProgressResponse, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, (tx) => projectProgress(tx, request.actor, request.params.org, deps.clock())),
  );

  app.put(
    '/organizations/:org/targets/:key/measure',
    {
      schema: {
        operationId: 'setTargetMeasure',
        tags: ['reporting'],
        summary: 'How a target is measured: counted from Vertaamo’s data, or manual figures',
        description: WHO,
        security: bearer,
        params: TargetParams,
        body: MeasureBody,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, (tx) =>
        setTargetMeasure(
          tx,
          request.actor,
          request.params.org,
          request.params.key,
          request.body,
          deps.clock(),
        ),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/organizations/:org/targets/:key/figures',
    {
      schema: {
        operationId: 'addTargetFigure',
        tags: ['reporting'],
        summary: 'A manual figure of a target: the value reached by a day, with a note',
        description: WHO,
        security: bearer,
        params: TargetParams,
        body: FigureBody,
        response: {
          201: Type.Object({
            id: Type.String(),
            target_key: Type.String(),
            value: Type.Integer(),
            recorded_on: Type.String(),
            note: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const row = await inTx(deps, request.actor, (tx) =>
        addTargetFigure(tx, request.actor, request.params.org, request.params.key, request.body),
      );
      return reply.code(201).send(row);
    },
  );

  app.put(
    '/sessions/:id/facilitators',
    {
      schema: {
        operationId: 'setSessionFacilitators',
        tags: ['reporting'],
        summary:
          'Who ran one session (for the volunteer hours); an empty list means the group’s facilitators',
        description:
          "The organisation's coordinators and admins and the group's own facilitators, as for every change of a group's sessions.",
        security: bearer,
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          { facilitator_ids: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, (tx) =>
        setSessionFacilitators(tx, request.actor, request.params.id, request.body.facilitator_ids),
      );
      return reply.code(204).send(null);
    },
  );
}
