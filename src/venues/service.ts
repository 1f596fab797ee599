import type { Tx } from '../db/database.ts';
import { authorize, type Actor } from '../accounts/permissions.ts';
import { invalid, notFound } from '../shared/errors.ts';
import { isUuid } from '../http/schemas.ts';
import { findOrganisation } from '../organisations/repository.ts';
import * as repo from './repository.ts';

export function presentVenue(v: repo.VenueRow) {
  const coordinates =
    v.latitude !== null && v.longitude !== null
      ? { latitude: Number(v.latitude), longitude: Number(v.longitude) }
      : null;
  return {
    id: v.id,
    organization_id: v.org_id,
    name: v.name,
    street_address: v.street_address,
    postal_code: v.postal_code,
    municipality: v.municipality,
    neighbourhood: v.neighbourhood,
    coordinates,
    accessibility: v.accessibility,
    accessibility_notes: v.accessibility_notes,
    directions: v.directions,
    map_url: coordinates
      ? `https://www.openstreetmap.org/?mlat=${coordinates.latitude}&mlon=${coordinates.longitude}#map=17/${coordinates.latitude}/${coordinates.longitude}`
      : null,
  };
}
export type VenueJson = ReturnType<typeof presentVenue>;

/** A venue as the caller may see it (row-level security: public when a public group meets there). */
export async function getVenue(tx: Tx, id: string): Promise<repo.VenueRow> {
  const venue = isUuid(id) ? await repo.findVenue(tx, id) : null;
  if (!venue) throw notFound('venue');
  return venue;
}

export async function presentVenueById(tx: Tx, id: string): Promise<VenueJson | null> {
  const venue = await repo.findVenue(tx, id);
  return venue ? presentVenue(venue) : null;
}

function checkCoordinates(merged: { latitude?: unknown; longitude?: unknown }) {
  if ((merged.latitude == null) !== (merged.longitude == null)) {
    throw invalid(
      merged.latitude == null ? 'latitude' : 'longitude',
      'Give both latitude and longitude, or neither.',
      'coordinates-incomplete',
    );
  }
}

export async function createVenue(tx: Tx, actor: Actor, orgIdOrSlug: string, input: repo.VenueWrite) {
  const org = await findOrganisation(tx, orgIdOrSlug, isUuid(orgIdOrSlug));
  if (!org) throw invalid('organization_id', 'No such organisation.', 'unknown-organisation');
  authorize(actor, 'catalogue.manage', org.id);
  checkCoordinates(input);
  return repo.insertVenue(tx, org.id, input);
}

export async function updateVenue(tx: Tx, actor: Actor, id: string, input: repo.VenueWrite) {
  const current = await getVenue(tx, id);
  authorize(actor, 'catalogue.manage', current.org_id);
  checkCoordinates({
    latitude: input.latitude === undefined ? current.latitude : input.latitude,
    longitude: input.longitude === undefined ? current.longitude : input.longitude,
  });
  return repo.updateVenue(tx, current.id, input);
}
