/**
 * Inviting people to an organisation by email with a role. The invitation email carries a
 * single-use link; only the SHA-256 of its token is stored. Who may invite whom:
 *
 * - an admin may invite to any role (admin, coordinator, board_member, facilitator, referrer);
 * - a coordinator may invite facilitators and referrers only: admins and coordinators
 *   can run the organisation, and board members decide on the coordinators' own proposals,
 *   so those are appointed by an admin;
 * - the other roles invite nobody.
 *
 * The same rule decides who may list and revoke: a person sees the invitations and may
 * revoke those of the roles they may invite to.
 */
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import type { App, Deps } from '../http/context.ts';
import { inTx } from '../http/context.ts';
import type { Database, Tx } from '../db/database.ts';
import { bearer, IdOrSlug, nullable, problemResponses, Uuid } from '../http/schemas.ts';
import { can, ROLES, type Actor, type Role } from '../accounts/permissions.ts';
import { normaliseEmail, sha256 } from '../accounts/service.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../accounts/passwords.ts';
import { AppError, conflict, forbidden, notFound, unauthenticated } from '../shared/errors.ts';
import type { LocalizedText } from '../shared/localized.ts';
import { LANGS, type Lang } from '../shared/lang.ts';
import { formatLongDate } from '../shared/time.ts';
import { getOrganisation } from './service.ts';
import {
  activeUserWithEmail,
  closeExpiredInvitation,
  createInvitedUser,
  giveUpInvitationMail,
  holdsRole,
  insertInvitation,
  insertMembership,
  invitationWithAccount,
  listInvitationRows,
  lockInvitation,
  lockInvitationByToken,
  setInvitationAccepted,
  setInvitationRevoked,
  userDisplayName,
  type InvitationRow,
} from './repository.ts';
import { forgetSecrets, queueMail, SECRET_SLOT } from '../notifications/outbox.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
/** Invitations are written in any of the languages (the one `Lang`). */
export const INVITATION_LANGS = LANGS;
export type InvitationLang = Lang;

/** The roles this actor may invite people to in this organisation (empty: may not invite). */
export function invitableRoles(actor: Actor, orgId: string): Role[] {
  if (can(actor, 'members.manage', orgId)) return [...ROLES];
  if (can(actor, 'catalogue.manage', orgId)) return ['facilitator', 'referrer'];
  return [];
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export type { InvitationRow };

export function statusOf(row: InvitationRow, now: Date): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  return 'pending';
}

export function presentInvitation(row: InvitationRow, now: Date) {
  return {
    id: row.id,
    organization_id: row.org_id,
    email: row.email,
    role: row.role,
    language: row.language,
    status: statusOf(row, now),
    invited_by: row.invited_by_label,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    accepted_at: row.accepted_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

/**
 * The link in the email. The token is in the query string, which the request log redacts;
 * the queued email holds `SECRET_SLOT` in its place, the token sealed apart until delivery.
 */
export const acceptUrl = (publicUrl: string, lang: InvitationLang, token: string) =>
  `${publicUrl}/${lang}/staff/invitation?token=${token}`;

const ROLE_NAMES: Record<InvitationLang, Record<Role, string>> = {
  fi: {
    admin: 'pääkäyttäjä',
    coordinator: 'koordinaattori',
    board_member: 'hallituksen jäsen',
    facilitator: 'ohjaaja',
    referrer: 'lähettäjä',
  },
  sv: {
    admin: 'huvudanvändare',
    coordinator: 'koordinator',
    board_member: 'styrelsemedlem',
    facilitator: 'handledare',
    referrer: 'remittent',
  },
  en: {
    admin: 'admin',
    coordinator: 'coordinator',
    board_member: 'board member',
    facilitator: 'facilitator',
    referrer: 'referrer',
  },
};

/** The invitation email in the invitee's language. */
export function invitationMessage(
  lang: InvitationLang,
  p: { organisation: string; role: Role; inviter: string; url: string; expires: Date },
): { subject: string; body: string } {
  const role = ROLE_NAMES[lang][p.role];
  const date = formatLongDate(p.expires, lang);
  switch (lang) {
    case 'sv':
      return {
        subject: `Inbjudan till Vertaamo: ${p.organisation}`,
        body: `Hej,\n\n${p.inviter} har bjudit in dig till organisationen ${p.organisation} i Vertaamo som ${role}.\n\nTa emot inbjudan via den här länken senast ${date}:\n${p.url}\n\nLänken fungerar en gång. Om du inte väntade dig inbjudan kan du lämna meddelandet obesvarat.`,
      };
    case 'en':
      return {
        subject: `Invitation to Vertaamo: ${p.organisation}`,
        body: `Hello,\n\n${p.inviter} has invited you to ${p.organisation} on Vertaamo as ${role}.\n\nAccept the invitation with this link by ${date}:\n${p.url}\n\nThe link works once. If you did not expect this invitation, you can ignore this message.`,
      };
    default:
      return {
        subject: `Kutsu Vertaamoon: ${p.organisation}`,
        body: `Hei,\n\n${p.inviter} on kutsunut sinut Vertaamossa organisaatioon ${p.organisation} rooliin ${role}.\n\nOta kutsu vastaan tästä linkistä viimeistään ${date}:\n${p.url}\n\nLinkki toimii kerran. Jos et odottanut kutsua, voit jättää viestin huomiotta.`,
      };
  }
}

/** Refuses unless the actor may manage invitations to this role (or at all, without a role). */
function authorizeInvite(actor: Actor, orgId: string, role?: Role): void {
  const roles = invitableRoles(actor, orgId);
  if (roles.length > 0 && (!role || roles.includes(role))) return;
  if (actor.kind === 'public') throw unauthenticated();
  if (roles.length > 0 && role)
    throw new AppError(403, 'role-not-invitable', `You may not invite people to the role ${role}.`, [
      { in: 'body', field: 'role', message: `may be one of: ${roles.join(', ')}` },
    ]);
  throw forbidden();
}

export async function listInvitations(tx: Tx, actor: Actor, orgIdOrSlug: string): Promise<InvitationRow[]> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  authorizeInvite(actor, org.id);
  return listInvitationRows(tx, org.id);
}

export interface InvitationInput {
  email: string;
  role: Role;
  language: InvitationLang;
}

/**
 * Creates an invitation and queues its email in the same transaction. A person who already
 * holds the role, or has an open invitation to it, is not invited again (409); an expired
 * invitation to the same role is closed so that a new one can be sent.
 */
export async function createInvitation(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  input: InvitationInput,
  ctx: { now: Date; publicUrl: string },
): Promise<InvitationRow> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  authorizeInvite(actor, org.id, input.role);
  const email = normaliseEmail(input.email);
  if (await holdsRole(tx, org.id, email, input.role))
    throw conflict('already-member', 'This person already has this role in the organisation.', [
      { in: 'body', field: 'email', message: 'already has this role' },
    ]);
  await closeExpiredInvitation(tx, org.id, email, input.role, ctx.now);
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(ctx.now.getTime() + INVITATION_DAYS * 86_400_000);
  const row = await insertInvitation(tx, {
    orgId: org.id,
    email,
    role: input.role,
    language: input.language,
    tokenHash: sha256(token),
    invitedBy: actor.userId,
    invitedByLabel: actor.label,
    createdAt: ctx.now,
    expiresAt: expires,
  });
  if (!row)
    throw conflict(
      'invitation-pending',
      'This person already has an open invitation to this role; revoke it to send a new one.',
      [{ in: 'body', field: 'email', message: 'already invited to this role' }],
    );
  const name = org.name[input.language] || org.name.fi;
  const inviter = await inviterName(tx, actor);
  const { subject, body } = invitationMessage(input.language, {
    organisation: name,
    role: input.role,
    inviter,
    url: acceptUrl(ctx.publicUrl, input.language, SECRET_SLOT),
    expires,
  });
  await queueMail(tx, {
    orgId: org.id,
    kind: 'staff_invitation',
    recipient: email,
    language: input.language,
    subject,
    body,
    secret: token,
    dedupeKey: `invitation:${row.id}`,
    sendAfter: ctx.now,
    linkExpiresAt: expires,
  });
  return row;
}

async function inviterName(tx: Tx, actor: Actor): Promise<string> {
  if (!actor.userId) return actor.label;
  return (await userDisplayName(tx, actor.userId)) ?? actor.label;
}

/** Revokes an open invitation of the organisation; its link stops working at once. */
export async function revokeInvitation(
  tx: Tx,
  actor: Actor,
  orgIdOrSlug: string,
  invitationId: string,
  now: Date,
): Promise<InvitationRow> {
  const org = await getOrganisation(tx, orgIdOrSlug);
  authorizeInvite(actor, org.id);
  const row = await lockInvitation(tx, org.id, invitationId);
  if (!row) throw notFound('invitation');
  authorizeInvite(actor, org.id, row.role);
  if (row.accepted_at) throw conflict('invitation-accepted', 'The invitation has already been accepted.');
  if (row.revoked_at) return row;
  return setInvitationRevoked(tx, row.id, now);
}

/**
 * Forgets the secret of an invitation email once the link can no longer be used (also the
 * one kept for the development mailbox), and keeps an unsent email from going out. Runs as
 * the system: the outbox is written by the delivery worker only.
 */
export async function forgetInvitationMail(db: Database, invitationId: string, now: Date): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await forgetSecrets(tx, await giveUpInvitationMail(tx, invitationId, now));
  });
}

// ---------------------------------------------------------------- accepting (no sign-in yet)

export interface InvitationByToken {
  id: string;
  org_id: string;
  org_name: LocalizedText;
  email: string;
  role: Role;
  language: InvitationLang;
  status: InvitationStatus;
  /** whether an account with this email exists and has a password to sign in with */
  account: 'none' | 'without-password' | 'with-password';
}

/** The invitation behind a link, or null when the token is unknown. Runs as the system. */
export async function invitationByToken(
  db: Database,
  token: string,
  now: Date,
): Promise<InvitationByToken | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return db.ownerTransaction(async (tx) => {
    const row = await invitationWithAccount(tx, sha256(token));
    if (!row) return null;
    return {
      id: row.id,
      org_id: row.org_id,
      org_name: row.org_name,
      email: row.email,
      role: row.role,
      language: row.language,
      status: statusOf(row, now),
      account: row.has_password ? 'with-password' : row.has_user ? 'without-password' : 'none',
    };
  });
}

/** An invitation that cannot be used: code `invitation-unknown` (404), `-expired`, `-revoked`, `-accepted` (410). */
export const invitationClosed = (status: InvitationStatus | 'unknown') =>
  new AppError(status === 'unknown' ? 404 : 410, `invitation-${status}`, `The invitation is ${status}.`);

/**
 * Uses the invitation: the membership is created exactly once, in the same transaction that
 * marks the invitation accepted, under a row lock, so a second submit finds it used.
 * `account` says how the person proved who they are: a new password for an account without
 * one, or an account already verified by the caller (signed in, or its password checked).
 */
export async function acceptInvitation(
  db: Database,
  token: string,
  account:
    | { kind: 'new'; displayName: string; password: string; locale: InvitationLang }
    | { kind: 'verified'; userId: string },
  now: Date,
): Promise<{ userId: string; email: string; orgId: string; role: Role; membershipId: string }> {
  if (account.kind === 'new' && account.password.length < MIN_PASSWORD_LENGTH)
    throw new AppError(422, 'weak-password', `At least ${MIN_PASSWORD_LENGTH} characters.`, [
      { in: 'body', field: 'password', message: `At least ${MIN_PASSWORD_LENGTH} characters.` },
    ]);
  const passwordHash = account.kind === 'new' ? await hashPassword(account.password) : null;
  const result = await db.ownerTransaction(async (tx) => {
    const inv = await lockInvitationByToken(tx, sha256(token));
    if (!inv) throw invitationClosed('unknown');
    const status = statusOf(inv, now);
    if (status !== 'pending') throw invitationClosed(status);
    let userId: string;
    if (account.kind === 'new') {
      // A new account, or one created earlier without a password (e.g. added by an admin).
      const created = await createInvitedUser(tx, {
        email: inv.email,
        displayName: account.displayName,
        passwordHash,
        locale: account.locale,
      });
      if (!created) throw conflict('account-exists', 'An account with this email exists; sign in to accept.');
      userId = created;
    } else {
      const verified = await activeUserWithEmail(tx, account.userId, inv.email);
      if (!verified) throw forbidden('This invitation is for another email address.');
      userId = verified;
    }
    const membership = await insertMembership(tx, inv.org_id, userId, inv.role);
    await setInvitationAccepted(tx, inv.id, now, userId);
    return {
      userId,
      email: inv.email,
      orgId: inv.org_id,
      role: inv.role,
      membershipId: membership.id,
      id: inv.id,
    };
  });
  await forgetInvitationMail(db, result.id, now);
  const { id: _id, ...rest } = result;
  return rest;
}

// ---------------------------------------------------------------- API

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Invitation = Type.Object({
  id: Type.String(),
  organization_id: Type.String(),
  email: Type.String(),
  role: Type.String(),
  language: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ]),
  invited_by: Type.String(),
  created_at: Type.String(),
  expires_at: Type.String(),
  accepted_at: nullable(Type.String()),
  revoked_at: nullable(Type.String()),
});

export async function invitationRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/organizations/:org/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Invitations of the organisation, newest first (admin, coordinator)',
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        response: { 200: Type.Object({ items: Type.Array(Invitation) }), ...problemResponses },
      },
    },
    async (request) => {
      const now = deps.clock();
      const rows = await inTx(deps, request.actor, (tx) =>
        listInvitations(tx, request.actor, request.params.org),
      );
      return { items: rows.map((r) => presentInvitation(r, now)) };
    },
  );

  app.post(
    '/organizations/:org/invitations',
    {
      schema: {
        tags: ['organisations'],
        summary:
          'Invite a person by email to a role; the link is emailed and never returned (admins invite to any role, coordinators facilitators and referrers)',
        security: bearer,
        params: Type.Object({ org: IdOrSlug }),
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 320 }),
            role: RoleSchema,
            language: Type.Optional(
              Type.Union(
                INVITATION_LANGS.map((l) => Type.Literal(l)),
                {
                  description: 'language of the email and the accept page (default fi)',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Invitation, ...problemResponses },
      },
    },
    async (request, reply) => {
      const now = deps.clock();
      const row = await inTx(deps, request.actor, (tx) =>
        createInvitation(
          tx,
          request.actor,
          request.params.org,
          { ...request.body, language: request.body.language ?? 'fi' },
          { now, publicUrl: deps.publicUrl },
        ),
      );
      return reply.code(201).send(presentInvitation(row, now));
    },
  );

  app.delete(
    '/organizations/:org/invitations/:invitation',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Revoke an invitation; its link stops working',
        security: bearer,
        params: Type.Object({ org: IdOrSlug, invitation: Uuid }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const now = deps.clock();
      const row = await inTx(deps, request.actor, (tx) =>
        revokeInvitation(tx, request.actor, request.params.org, request.params.invitation, now),
      );
      await forgetInvitationMail(deps.db, row.id, now);
      return reply.code(204).send(null);
    },
  );
}
