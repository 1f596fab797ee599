import type { GroupJson } from '../groups/service.ts';
import { pick, type Lang } from './i18n.ts';

interface SessionLd {
  starts_at: string;
  ends_at: string;
  status: string;
}

/** schema.org EventSeries for a group page, so search engines and assistants can read the sessions. */
export function groupJsonLd(g: GroupJson, sessions: SessionLd[], lang: Lang, publicUrl: string) {
  const venue = g.venue;
  const url = `${publicUrl}/${lang}/groups/${g.slug}`;
  const place = venue
    ? {
        '@type': 'Place',
        name: venue.name,
        address: {
          '@type': 'PostalAddress',
          streetAddress: venue.street_address ?? undefined,
          postalCode: venue.postal_code ?? undefined,
          addressLocality: venue.municipality,
          addressCountry: 'FI',
        },
        ...(venue.coordinates
          ? {
              geo: {
                '@type': 'GeoCoordinates',
                latitude: venue.coordinates.latitude,
                longitude: venue.coordinates.longitude,
              },
            }
          : {}),
      }
    : null;
  const location =
    g.mode === 'remote' || !place
      ? { '@type': 'VirtualLocation', url }
      : g.mode === 'hybrid'
        ? [place, { '@type': 'VirtualLocation', url }]
        : place;
  const attendanceMode = {
    in_person: 'https://schema.org/OfflineEventAttendanceMode',
    remote: 'https://schema.org/OnlineEventAttendanceMode',
    hybrid: 'https://schema.org/MixedEventAttendanceMode',
  }[g.mode];
  const offers = {
    '@type': 'Offer',
    price: g.cost.kind === 'free' ? 0 : (g.cost.amount_cents ?? 0) / 100,
    priceCurrency: 'EUR',
    url,
  };
  const organizer = {
    '@type': 'Organization',
    name: pick(g.organization.name, lang),
    url: `${publicUrl}/${lang}/organisations/${g.organization.slug}`,
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'EventSeries',
    name: pick(g.name, lang),
    description: pick(g.description, lang) || undefined,
    url,
    inLanguage: g.languages,
    eventAttendanceMode: attendanceMode,
    eventStatus:
      g.status === 'suspended' ? 'https://schema.org/EventPostponed' : 'https://schema.org/EventScheduled',
    isAccessibleForFree: g.cost.kind === 'free',
    location,
    organizer,
    offers,
    ...(g.capacity ? { maximumAttendeeCapacity: g.capacity } : {}),
    subEvent: sessions.map((s) => ({
      '@type': 'Event',
      name: pick(g.name, lang),
      startDate: s.starts_at,
      endDate: s.ends_at,
      eventStatus:
        s.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
      eventAttendanceMode: attendanceMode,
      location,
      organizer,
      offers,
      url,
    })),
  };
}
