import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import {
  bearer,
  IdOrSlug,
  IsoDateTime,
  IsoDate,
  localized,
  nullable,
  PageQuery,
  problemResponses,
  Slug,
  Uuid,
} from '../http/schemas.ts';
import { authorize, ROLES } from '../accounts/permissions.ts';
import {
  createApiToken,
  DEFAULT_TOKEN_DAYS,
  findOrCreateUser,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeApiToken,
} from '../accounts/service.ts';
import { AppError, notFound } from '../shared/errors.ts';
import * as repo from './repository.ts';
import { invitationRoutes } from './invitations.ts';
import {
  createOrganisation,
  getOrganisation,
  ORGANISATION_KINDS,
  PARTNER_KINDS,
  presentOrganisation,
  updateOrganisation,
} from './service.ts';

const Kind = Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)));
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Target = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9_]+$', maxLength: 60 }),
    label: localized,
    target_value: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    unit: Type.Union(
      ['people', 'families', 'groups', 'sessions', 'professionals', 'other'].map((u) => Type.Literal(u)),
    ),
  },
  { additionalProperties: false },
);

const editable = {
  name: localized,
  description: Type.Optional(nullable(localized)),
  municipality: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
  website: Type.Optional(nullable(Type.String({ format: 'uri', maxLength: 500 }))),
  email: Type.Optional(nullable(Type.String({ format: 'email', maxLength: 320 }))),
  phone: Type.Optional(nullable(Type.String({ pattern: '^[+0-9 ()-]{5,30}$' }))),
  requires_board_approval: Type.Optional(Type.Boolean()),
  starts_on: Type.Optional(nullable(IsoDate)),
  ends_on: Type.Optional(nullable(IsoDate)),
  low_attendance_min_present: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  low_attendance_consecutive: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 20 }))),
  retention_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  stale_after_days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 3650,
      description: 'a listing not confirmed for this many days is stale',
    }),
  ),
  targets: Type.Optional(Type.Array(Target, { maxItems: 50 })),
};

const OrganisationCreate = Type.Object(
  { slug: Slug, kind: Kind, parent_id: Type.Optional(nullable(Uuid)), ...editable },
  { additionalProperties: false },
);
const OrganisationPatch = Type.Object(
  { ...editable, name: Type.Optional(localized), parent_id: Type.Optional(nullable(Uuid)) },
  { additionalProperties: false, minProperties: 1 },
);

const Organisation = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    kind: Type.String(),
    parent_id: nullable(Type.String()),
    name: localized,
    description: nullable(localized),
    municipality: nullable(Type.String()),
    website: nullable(Type.String()),
    email: nullable(Type.String()),
    phone: nullable(Type.String()),
    requires_board_approval: Type.Boolean(),
    starts_on: nullable(Type.String()),
    ends_on: nullable(Type.String()),
    url: Type.String(),
    settings: Type.Optional(
      Type.Object({
        low_attendance_min_present: nullable(Type.Integer()),
        low_attendance_consecutive: nullable(Type.Integer()),
        retention_days: Type.Integer(),
        stale_after_days: Type.Integer(),
      }),
    ),
    targets: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.String(),
          key: Type.String(),
          label: localized,
          target_value: Type.Integer(),
          unit: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Organization' },
);
const OrganisationRef = Type.Unsafe<unknown>({ $ref: 'Organization#' });

const Member = Type.Object({
  id: Type.String(),
  user_id: Type.String(),
  email: Type.String(),
  display_name: Type.String(),
  role: Type.String(),
  created_at: Type.String(),
});

const Partner = Type.Object({
  id: Type.String(),
  name: localized,
  kind: Type.String(),
  website: nullable(Type.String()),
});

const OrgParams = Type.Object({ org: IdOrSlug });

export async function organisationRoutes(app: App, deps: Deps): Promise<void> {
  app.addSchema(Organisation);
  await invitationRoutes(app, deps);

  app.get(
    '/organizations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'List organisations',
        querystring: Type.Object(
          { ...PageQuery, kind: Type.Optional(Kind), parent: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(OrganisationRef), total: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { page = 1, per_page = 20, kind, parent } = request.query;
      return inTx(deps, request.actor, async (tx) => {
        const { rows, total } = await repo.listOrganisations(tx, {
          kind,
          parentId: parent,
          limit: per_page,
          offset: (page - 1) * per_page,
        });
        const items = [];
        for (const row of rows) items.push(await presentOrganisation(tx, request.actor, row, deps.publicUrl));
        return { items, total };
      });
    },
  );

  app.get(
    '/organizations/:org',
    {
      schema: {
        tags: ['organisations'],
        summary: 'One organisation by id or slug',
        params: OrgParams,
        response: { 200: OrganisationRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) =>
        presentOrganisation(tx, request.actor, await getOrganisation(tx, request.params.org), deps.publicUrl),
      ),
  );

  app.post(
    '/organizations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation under one you administer',
        security: bearer,
        body: OrganisationCreate,
        response: { 201: OrganisationRef, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await inTx(deps, request.actor, async (tx) => {
        const row = await createOrganisation(tx, request.actor, {
          ...request.body,
          parent_id: request.body.parent_id ?? null,
        });
        return presentOrganisation(tx, request.actor, row, deps.publicUrl);
      });
      return reply.code(201).send(result);
    },
  );

  app.patch(
    '/organizations/:org',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Change an organisation (admin)',
        security: bearer,
        params: OrgParams,
        body: OrganisationPatch,
        response: { 200: OrganisationRef, ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const row = await updateOrganisation(tx, request.actor, request.params.org, request.body);
        return presentOrganisation(tx, request.actor, row, deps.publicUrl);
      }),
  );

  app.get(
    '/organizations/:org/members',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Members and their roles (admin)',
        security: bearer,
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(Member) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'members.manage', org.id);
        const rows = await repo.listMembers(tx, org.id);
        return { items: rows.map((m) => ({ ...m, created_at: m.created_at.toISOString() })) };
      }),
  );

  app.post(
    '/organizations/:org/members',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Give a person a role in the organisation (admin); creates the account if needed',
        security: bearer,
        params: OrgParams,
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 320 }),
            display_name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Role,
          },
          { additionalProperties: false },
        ),
        response: { 201: Member, 200: Member, ...problemResponses },
      },
    },
    async (request, reply) => {
      const org = await inTx(deps, request.actor, async (tx) => {
        const o = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'members.manage', o.id);
        return o;
      });
      const user = await findOrCreateUser(deps.db, request.body.email, request.body.display_name);
      const result = await inTx(deps, request.actor, async (tx) => {
        const m = await repo.insertMembership(tx, org.id, user.id, request.body.role);
        const member = (await repo.listMembers(tx, org.id)).find((x) => x.id === m.id)!;
        return { created: m.created, member: { ...member, created_at: member.created_at.toISOString() } };
      });
      return reply.code(result.created ? 201 : 200).send(result.member);
    },
  );

  app.delete(
    '/organizations/:org/members/:membership',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Take a role away (admin); the last admin cannot be removed',
        security: bearer,
        params: Type.Object({ org: IdOrSlug, membership: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'members.manage', org.id);
        const members = await repo.listMembers(tx, org.id);
        const target = members.find((m) => m.id === request.params.membership);
        if (!target) throw notFound('membership');
        if (target.role === 'admin' && (await repo.countAdmins(tx, org.id)) <= 1) {
          throw new AppError(409, 'last-admin', 'An organisation must keep at least one admin.');
        }
        await repo.deleteMembership(tx, org.id, target.id);
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/organizations/:org/tokens',
    {
      schema: {
        tags: ['organisations'],
        summary: `Create an API token for scripts (admin); the token is shown once. It expires after expires_in_days (default ${DEFAULT_TOKEN_DAYS}, at most ${MAX_TOKEN_DAYS}), and stops working at once when revoked or when the admin who made it is disabled or no longer an admin of the organisation`,
        security: bearer,
        params: OrgParams,
        body: Type.Object(
          {
            role: Role,
            label: Type.String({ minLength: 1, maxLength: 100 }),
            expires_in_days: Type.Optional(
              Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS, default: DEFAULT_TOKEN_DAYS }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), token: Type.String(), expires_at: IsoDateTime }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'tokens.manage', org.id);
        const days = request.body.expires_in_days ?? DEFAULT_TOKEN_DAYS;
        const now = deps.clock();
        return createApiToken(tx, {
          orgId: org.id,
          role: request.body.role,
          label: request.body.label,
          createdBy: request.actor.userId,
          now,
          expiresAt: new Date(now.getTime() + days * 86_400_000),
        });
      });
      return reply.code(201).send({ ...created, expires_at: created.expires_at.toISOString() });
    },
  );

  const TokenItem = Type.Object({
    id: Uuid,
    label: Type.String(),
    role: Role,
    created_by: Type.Union([
      Type.Object({ id: Uuid, name: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    created_at: IsoDateTime,
    expires_at: IsoDateTime,
    last_used_at: Type.Union([IsoDateTime, Type.Null()]),
    revoked_at: Type.Union([IsoDateTime, Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  });
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

  app.get(
    '/organizations/:org/tokens',
    {
      schema: {
        tags: ['organisations'],
        summary:
          "The organisation's API tokens (admin): label, role, creator, when made, when they expire and when last used; never the secret",
        security: bearer,
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(TokenItem) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        const items = await listApiTokens(tx, request.actor, org.id, deps.clock());
        return {
          items: items.map((t) => ({
            ...t,
            created_at: iso(t.created_at)!,
            expires_at: iso(t.expires_at)!,
            last_used_at: iso(t.last_used_at),
            revoked_at: iso(t.revoked_at),
          })),
        };
      }),
  );

  app.delete(
    '/organizations/:org/tokens/:token',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Revoke an API token (admin); it stops working at once',
        security: bearer,
        params: Type.Object({ org: IdOrSlug, token: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        await revokeApiToken(tx, request.actor, org.id, request.params.token, deps.clock());
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/organizations/:org/partners',
    {
      schema: {
        tags: ['organisations'],
        summary: "The organisation's partners",
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(Partner) }), ...problemResponses },
      },
    },
    async (request) =>
      inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        const rows = await repo.listPartners(tx, org.id);
        return { items: rows.map(({ org_id: _o, ...p }) => p) };
      }),
  );

  app.post(
    '/organizations/:org/partners',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Add a partner (child health clinic, parish, adult education centre…)',
        security: bearer,
        params: OrgParams,
        body: Type.Object(
          {
            name: localized,
            kind: Type.Union(PARTNER_KINDS.map((k) => Type.Literal(k))),
            website: Type.Optional(nullable(Type.String({ format: 'uri', maxLength: 500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Partner, ...problemResponses },
      },
    },
    async (request, reply) => {
      const partner = await inTx(deps, request.actor, async (tx) => {
        const org = await getOrganisation(tx, request.params.org);
        authorize(request.actor, 'catalogue.manage', org.id);
        return repo.insertPartner(tx, {
          org_id: org.id,
          name: request.body.name,
          kind: request.body.kind,
          website: request.body.website ?? null,
        });
      });
      const { org_id: _o, ...rest } = partner;
      return reply.code(201).send(rest);
    },
  );
}
