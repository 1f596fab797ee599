import type { Lang } from '../shared/lang.ts';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { LocalizedText } from '../shared/localized.ts';

export type CalendarLang = Lang;

export interface CalendarGroup {
  id: string;
  slug: string;
  name: LocalizedText;
  description: LocalizedText | null;
  mode: string;
  venue: {
    name: string;
    street_address: string | null;
    postal_code: string | null;
    municipality: string;
  } | null;
}

export interface CalendarSession {
  id: string;
  group_id: string;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'cancelled';
  cancel_reason: string | null;
  theme: LocalizedText | null;
}

const ZONE = 'Europe/Helsinki';

const WORDS: Record<CalendarLang, { remote: string; cancelled: string; page: string }> = {
  fi: { remote: 'Etäryhmä', cancelled: 'Peruttu', page: 'Ryhmän sivu' },
  sv: { remote: 'Distansgrupp', cancelled: 'Inställd', page: 'Gruppens sida' },
  en: { remote: 'Online group', cancelled: 'Cancelled', page: 'Group page' },
};

// Finland's rule since 1996 (EU summer time): EEST from the last Sunday of March 03:00,
// EET from the last Sunday of October 04:00 local time. Calendar apps need it spelled out.
const HELSINKI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Helsinki',
  'X-LIC-LOCATION:Europe/Helsinki',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const pickText = (text: LocalizedText | null | undefined, lang: CalendarLang) =>
  text ? text[lang] || text.fi || text.sv || text.en || '' : '';

/** An RFC 5545 calendar of the sessions of one or more groups, in Helsinki time. */
export function buildCalendar(input: {
  name: string;
  lang: CalendarLang;
  publicUrl: string;
  groups: CalendarGroup[];
  sessions: CalendarSession[];
}): string {
  const words = WORDS[input.lang];
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Vertaamo', product: 'Vertaamo', language: input.lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: ZONE, generator: (zone) => (zone === ZONE ? HELSINKI_VTIMEZONE : null) },
    ttl: 60 * 60,
  });
  const groups = new Map(input.groups.map((g) => [g.id, g]));
  for (const s of input.sessions) {
    const g = groups.get(s.group_id);
    if (!g) continue;
    const url = `${input.publicUrl}/${input.lang}/groups/${g.slug}`;
    const theme = pickText(s.theme, input.lang);
    const venue = g.venue;
    const location =
      g.mode === 'remote' || !venue
        ? words.remote
        : [
            venue.name,
            venue.street_address,
            [venue.postal_code, venue.municipality].filter(Boolean).join(' '),
          ]
            .filter(Boolean)
            .join(', ');
    const description = [
      s.status === 'cancelled' ? `${words.cancelled}${s.cancel_reason ? `: ${s.cancel_reason}` : ''}` : '',
      pickText(g.description, input.lang),
      `${words.page}: ${url}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    calendar.createEvent({
      id: `session-${s.id}@vertaamo`,
      start: DateTime.fromJSDate(s.starts_at, { zone: ZONE }),
      end: DateTime.fromJSDate(s.ends_at, { zone: ZONE }),
      timezone: ZONE,
      summary: theme ? `${pickText(g.name, input.lang)}: ${theme}` : pickText(g.name, input.lang),
      location,
      description,
      url,
      status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
