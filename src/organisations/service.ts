import { enterNewOrganisation, type Tx } from '../db/database.ts';
import { authorize, can, type Actor } from '../accounts/permissions.ts';
import { AppError, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import * as repo from './repository.ts';

export const ORGANISATION_KINDS = [
  'federation',
  'district',
  'local_association',
  'association',
  'city_service',
  'wellbeing_services_county',
  'project',
  'institute',
  'self_organised',
] as const;

export const PARTNER_KINDS = [
  'municipality',
  'child_health_clinic',
  'parish',
  'patient_organisation',
  'martha_organisation',
  'adult_education_centre',
  'pensioners_organisation',
  'association',
  'wellbeing_services_county',
  'company',
  'other',
] as const;

/** An organisation by id or slug, or 404. Organisations themselves are public. */
export async function getOrganisation(tx: Tx, idOrSlug: string): Promise<repo.OrganisationRow> {
  const row = await repo.findOrganisation(tx, idOrSlug, isUuid(idOrSlug));
  if (!row) throw notFound('organisation');
  return row;
}

/** The organisation as the API shows it; internal settings only to its own staff. */
export async function presentOrganisation(
  tx: Tx,
  actor: Actor,
  row: repo.OrganisationRow,
  publicUrl: string,
) {
  const internal = can(actor, 'organisation.read_internal', row.id);
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    parent_id: row.parent_id,
    name: row.name,
    description: row.description,
    municipality: row.municipality,
    website: row.website,
    email: row.email,
    phone: row.phone,
    requires_board_approval: row.requires_board_approval,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    url: `${publicUrl}/fi/organisations/${row.slug}`,
    ...(internal
      ? {
          settings: {
            low_attendance_min_present: row.low_attendance_min_present,
            low_attendance_consecutive: row.low_attendance_consecutive,
            retention_days: row.retention_days,
            stale_after_days: row.stale_after_days,
          },
          targets: await repo.listTargets(tx, row.id),
        }
      : {}),
  };
}

export interface OrganisationInput extends repo.OrganisationWrite {
  targets?: Omit<repo.TargetRow, 'id'>[];
}

function checkProjectDates(input: repo.OrganisationWrite) {
  if (input.starts_on && input.ends_on && input.ends_on < input.starts_on) {
    throw new AppError(422, 'invalid-dates', 'The end date is before the start date.', [
      { in: 'body', field: 'ends_on', message: 'must not be before starts_on' },
    ]);
  }
}

/** A project's targets are told apart by their keys. */
function checkTargets(targets: OrganisationInput['targets']) {
  const keys = (targets ?? []).map((t) => t.key);
  const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (twice >= 0) {
    throw new AppError(422, 'duplicate-target', `The target key "${keys[twice]}" is used twice.`, [
      { in: 'body', field: `targets.${twice}.key`, message: 'is used by another target' },
    ]);
  }
}

/**
 * Creates an organisation under a parent the actor administers. Top-level organisations
 * are created from the command line (a system actor).
 */
export async function createOrganisation(
  tx: Tx,
  actor: Actor,
  input: OrganisationInput & Pick<repo.OrganisationRow, 'slug' | 'kind' | 'name'>,
): Promise<repo.OrganisationRow> {
  if (input.parent_id) {
    const parent = await repo.findOrganisation(tx, input.parent_id, true);
    if (!parent) {
      throw new AppError(422, 'unknown-parent', 'The parent organisation does not exist.', [
        { in: 'body', field: 'parent_id', message: 'no such organisation' },
      ]);
    }
    authorize(actor, 'organisation.create_child', parent.id);
  } else if (actor.kind !== 'system') {
    throw forbidden('Top-level organisations are created by the platform operator.');
  }
  checkProjectDates(input);
  checkTargets(input.targets);
  const { targets, ...data } = input;
  const row = await repo.insertOrganisation(tx, data);
  // Its targets are rows of its own, which the caller may write as the admin of its parent.
  if (input.parent_id) await enterNewOrganisation(tx, row.id);
  if (targets) await repo.replaceTargets(tx, row.id, targets);
  return row;
}

export async function updateOrganisation(tx: Tx, actor: Actor, id: string, input: OrganisationInput) {
  const current = await getOrganisation(tx, id);
  authorize(actor, 'organisation.update', current.id);
  if (input.parent_id !== undefined && input.parent_id !== current.parent_id) {
    throw new AppError(422, 'parent-immutable', 'An organisation cannot be moved to another parent here.', [
      { in: 'body', field: 'parent_id', message: 'cannot be changed' },
    ]);
  }
  // A date given as null clears it; one left out keeps what is stored.
  checkProjectDates({
    starts_on: input.starts_on !== undefined ? input.starts_on : current.starts_on,
    ends_on: input.ends_on !== undefined ? input.ends_on : current.ends_on,
  });
  checkTargets(input.targets);
  const { targets, ...data } = input;
  const row = await repo.updateOrganisation(tx, current.id, data);
  if (targets) await repo.replaceTargets(tx, current.id, targets);
  return row!;
}
