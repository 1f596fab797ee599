import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import type { Role } from '../../src/accounts/permissions.ts';
import { createApiToken, systemActor } from '../../src/accounts/service.ts';
import { createOrganisation } from '../../src/organisations/service.ts';
import type { OrganisationRow } from '../../src/organisations/repository.ts';

/** A short random suffix, so tests sharing one database never collide. */
export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Creates an organisation of its own for one test (as the platform operator would). */
export async function makeOrganisation(
  db: Database,
  overrides: Partial<OrganisationRow> = {},
): Promise<OrganisationRow> {
  const slug = overrides.slug ?? unique('org');
  return db.ownerTransaction((tx) =>
    createOrganisation(tx, systemActor(overrides.parent_id ? [overrides.parent_id] : []), {
      slug,
      kind: 'association',
      name: { fi: `Yhdistys ${slug}`, sv: `Förening ${slug}`, en: `Association ${slug}` },
      ...overrides,
    }),
  );
}

/** A bearer token for a role in an organisation. */
export async function tokenFor(db: Database, orgId: string, role: Role): Promise<string> {
  const { token } = await db.ownerTransaction((tx) =>
    createApiToken(tx, { orgId, role, label: `test ${role}`, createdBy: null }),
  );
  return token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A minimal valid group body; tests add what they are about. */
export function groupBody(orgId: string, overrides: Record<string, unknown> = {}) {
  const name = unique('ryhma');
  return {
    organization_id: orgId,
    name: { fi: `Vertaisryhmä ${name}`, sv: `Kamratgrupp ${name}`, en: `Peer group ${name}` },
    description: { fi: 'Kuvaus', sv: 'Beskrivning', en: 'Description' },
    how_to_join: 'drop_in',
    mode: 'remote',
    ...overrides,
  };
}
