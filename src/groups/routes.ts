import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import { bearer, IdOrSlug, IsoDate, localized, nullable, problemResponses, Uuid } from '../http/schemas.ts';
import { unauthenticated } from '../shared/errors.ts';
import { findOrganisation } from '../organisations/repository.ts';
import { isUuid } from '../http/schemas.ts';
import { notFound } from '../shared/errors.ts';
import { Group, GroupCreate, GroupPatch, GroupRef, LifecycleBody } from './schemas.ts';
import { parseSearch, parseStatuses, SearchQuery } from '../search/query.ts';
import { findGroups } from '../search/find.ts';
import {
  createGroup,
  getVisibleGroup,
  listGroupEvents,
  presentGroup,
  setFacilitators,
  setGroupPartners,
  setRemoteDetails,
  transitionGroup,
  updateGroup,
} from './service.ts';

import { addCost, COST_CATEGORIES, listCosts, removeCost } from './costs.ts';
import { confirmListing } from './freshness.ts';

const GroupParams = Type.Object({ group: IdOrSlug });

const CostCategory = Type.Union(COST_CATEGORIES.map((c) => Type.Literal(c)));
const Cost = Type.Object({
  id: Type.String({ format: 'uuid' }),
  group_id: Type.String(),
  category: CostCategory,
  amount_cents: Type.Integer({ description: 'euro cents' }),
  currency: Type.Literal('EUR'),
  incurred_on: Type.String(),
  note: nullable(Type.String()),
  created_at: Type.String(),
});

export async function groupRoutes(app: App, deps: Deps): Promise<void> {
  app.addSchema(Group);

  app.get(
    '/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'Find groups',
        description:
          'Published and running groups, searched and filtered as in the finder. List parameters take comma-separated values. ' +
          'With a staff token and status=all, also your own organisation’s unpublished groups.',
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(GroupRef),
            total: Type.Integer(),
            page: Type.Integer(),
            per_page: Type.Integer(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      const { page = 1, per_page = 20, status, organization } = query;
      const { statuses, staffOnly } = parseStatuses(status);
      if (staffOnly && request.actor.kind === 'public') throw unauthenticated();
      const search = parseSearch(query, deps.clock());
      return inTx(deps, request.actor, async (tx) => {
        let orgIds: string[] | undefined;
        if (organization) {
          const org = await findOrganisation(tx, organization, isUuid(organization));
          if (!org) throw notFound('organisation');
          orgIds = [org.id];
        }
        const { items, total } = await findGroups(
          tx,
          { actor: request.actor, publicUrl: deps.publicUrl, cache: deps.searchCache },
          { ...search, statuses, orgIds, limit: per_page, offset: (page - 1) * per_page },
        );
        return { items, total, page, per_page };
      });
    },
  );

  app.get(
    '/groups/:group',
    {
      schema: {
        tags: ['groups'],
        summary: 'One group by id or slug',
        description:
          'An unpublished group only to those who may see it (404 to everyone else, as if it did not exist): ' +
          'coordinators and admins of its organisation, its own facilitators, and the board while it is proposed ' +
          "or approved. They alone get `internal`; `internal.remote_details` only coordinators, admins and the group's " +
          'own facilitators. Names of facilitators who did not make them public are null for everyone else ' +
          '(docs/security.md, finding 8).',
        params: GroupParams,
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) =>
        presentGroup(
          tx,
          request.actor,
          (await getVisibleGroup(tx, request.actor, request.params.group)).group,
          deps.publicUrl,
          deps.clock(),
        ),
      ),
  );

  app.post(
    '/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'Create a group (as a draft)',
        security: bearer,
        body: GroupCreate,
        response: { 201: GroupRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { organization_id, ...input } = request.body;
      const result = await inTx(deps, request.actor, async (tx) => {
        const { group, warnings } = await createGroup(tx, request.actor, organization_id, input);
        return { ...(await presentGroup(tx, request.actor, group, deps.publicUrl)), warnings };
      });
      return reply.code(201).header('location', `/api/v1/groups/${result.id}`).send(result);
    },
  );

  app.patch(
    '/groups/:group',
    {
      schema: {
        tags: ['groups'],
        summary: "Change a group's details",
        security: bearer,
        params: GroupParams,
        body: GroupPatch,
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const { group, warnings } = await updateGroup(
          tx,
          request.actor,
          request.params.group,
          request.body,
          deps.publicUrl,
          deps.clock(),
        );
        return { ...(await presentGroup(tx, request.actor, group, deps.publicUrl)), warnings };
      }),
  );

  app.post(
    '/groups/:group/lifecycle',
    {
      schema: {
        tags: ['groups'],
        summary:
          'Move a group through its lifecycle: propose, withdraw, approve/reject (board), publish, start, suspend, resume, end',
        security: bearer,
        params: GroupParams,
        body: LifecycleBody,
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const group = await transitionGroup(
          tx,
          request.actor,
          request.params.group,
          request.body,
          deps.clock(),
          deps.publicUrl,
        );
        return presentGroup(tx, request.actor, group, deps.publicUrl);
      }),
  );

  app.put(
    '/groups/:group/facilitators',
    {
      schema: {
        tags: ['groups'],
        summary: 'Set who facilitates the group (co-facilitation: several)',
        security: bearer,
        params: GroupParams,
        body: Type.Object(
          {
            facilitators: Type.Array(
              Type.Object(
                {
                  facilitator_id: Uuid,
                  role: Type.Union([
                    Type.Literal('lead'),
                    Type.Literal('co_facilitator'),
                    Type.Literal('convener'),
                  ]),
                },
                { additionalProperties: false },
              ),
              { maxItems: 20 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const group = await setFacilitators(
          tx,
          request.actor,
          request.params.group,
          request.body.facilitators,
        );
        return presentGroup(tx, request.actor, group, deps.publicUrl);
      }),
  );

  app.put(
    '/groups/:group/remote-details',
    {
      schema: {
        tags: ['groups'],
        summary:
          'Set the remote meeting link (shown only to confirmed participants, never publicly); null removes it',
        security: bearer,
        params: GroupParams,
        body: nullable(
          Type.Object(
            {
              url: Type.String({ pattern: '^https://', maxLength: 1000 }),
              instructions: Type.Optional(nullable(localized)),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const body = request.body;
        const group = await setRemoteDetails(
          tx,
          request.actor,
          request.params.group,
          body ? { url: body.url, instructions: body.instructions ?? null } : null,
        );
        return presentGroup(tx, request.actor, group, deps.publicUrl);
      }),
  );

  app.get(
    '/groups/:group/events',
    {
      schema: {
        tags: ['groups'],
        summary: "The group's change history: who did what and when",
        description:
          'For coordinators and admins of its organisation, its own facilitators, and the board while it is proposed or approved; 403 for other staff, 404 where the group is not visible at all.',
        security: bearer,
        params: GroupParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                actor_label: Type.String(),
                action: Type.String(),
                from_status: nullable(Type.String()),
                to_status: nullable(Type.String()),
                details: Type.Record(Type.String(), Type.Unknown()),
                created_at: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => ({
        items: await listGroupEvents(tx, request.actor, request.params.group),
      })),
  );

  app.put(
    '/groups/:group/partners',
    {
      schema: {
        tags: ['groups'],
        summary: "Set the partners the group works with, from the organisation's partners",
        security: bearer,
        params: GroupParams,
        body: Type.Object(
          { partner_ids: Type.Array(Uuid, { maxItems: 50, description: 'an empty list removes them all' }) },
          { additionalProperties: false },
        ),
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const group = await setGroupPartners(
          tx,
          request.actor,
          request.params.group,
          request.body.partner_ids,
        );
        return presentGroup(tx, request.actor, group, deps.publicUrl, deps.clock());
      }),
  );

  app.post(
    '/groups/:group/confirm',
    {
      schema: {
        tags: ['groups'],
        summary:
          "Confirm that a listed group's details are still current (coordinators); a stale listing is fresh again",
        security: bearer,
        params: GroupParams,
        response: { 200: GroupRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const now = deps.clock();
        const group = await confirmListing(tx, request.actor, request.params.group, now);
        return presentGroup(tx, request.actor, group, deps.publicUrl, now);
      }),
  );

  app.get(
    '/groups/:group/costs',
    {
      schema: {
        tags: ['groups'],
        summary: "The group's costs (room rent, facilitator fees, refreshments, marketing…) with totals",
        description:
          'For coordinators and admins of its organisation, its own facilitators, and the board while it is proposed or approved; 403 for other staff, 404 where the group is not visible at all.',
        security: bearer,
        params: GroupParams,
        response: {
          200: Type.Object({
            items: Type.Array(Cost),
            total_cents: Type.Integer(),
            by_category: Type.Record(Type.String(), Type.Integer()),
            currency: Type.Literal('EUR'),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => inTx(deps, request.actor, (tx) => listCosts(tx, request.actor, request.params.group)),
  );

  app.post(
    '/groups/:group/costs',
    {
      schema: {
        tags: ['groups'],
        summary: 'Add a cost of running the group (amounts in euro cents)',
        security: bearer,
        params: GroupParams,
        body: Type.Object(
          {
            category: CostCategory,
            amount_cents: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'euro cents' }),
            incurred_on: Type.Optional(IsoDate),
            note: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Cost, ...problemResponses },
      },
    },
    async (request, reply) => {
      const cost = await inTx(deps, request.actor, (tx) =>
        addCost(tx, request.actor, request.params.group, request.body, deps.clock()),
      );
      return reply.code(201).header('location', `/api/v1/costs/${cost.id}`).send(cost);
    },
  );

  app.delete(
    '/costs/:id',
    {
      schema: {
        tags: ['groups'],
        summary: 'Remove a cost entered by mistake',
        security: bearer,
        params: Type.Object({ id: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, (tx) => removeCost(tx, request.actor, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
