import { DateTime } from 'luxon';
import { INTL_LOCALES, type Lang } from './lang.ts';

/** Every date and time a person sees or sends is in Finnish local time. */
export const ZONE = 'Europe/Helsinki';

/** An instant as ISO 8601 with the Helsinki offset, e.g. `2019-10-30T15:30:00+02:00`. */
export function toHelsinkiIso(instant: Date): string {
  const iso = DateTime.fromJSDate(instant, { zone: ZONE }).toISO({ suppressMilliseconds: true });
  if (!iso) throw new Error('invalid instant');
  return iso;
}

/** The instant of a Helsinki wall-clock time given as `YYYY-MM-DDTHH:mm[:ss]`. */
export function helsinkiWallToInstant(local: string): Date {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new Error(`invalid local time "${local}"`);
  return dt.toJSDate();
}

/** The Helsinki wall-clock time of an instant, as `YYYY-MM-DDTHH:mm:ss`. */
export function instantToHelsinkiWall(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** Today's date in Helsinki as `YYYY-MM-DD`. */
export function helsinkiToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).toISODate() ?? '';
}

/** Parses an ISO 8601 date-time (with offset, or Helsinki local when it has none). */
export function parseInstant(value: string): Date | null {
  const dt = DateTime.fromISO(value, { zone: ZONE, setZone: false });
  return dt.isValid ? dt.toJSDate() : null;
}

/**
 * The instants between which Helsinki days `from` … `to` (both `YYYY-MM-DD`, both included)
 * fall: the start of `from` and the start of the day after `to`. Either may be absent.
 */
export function helsinkiDays(from?: string, to?: string): { from?: Date; to?: Date } {
  const start = (day: string) => {
    const dt = DateTime.fromISO(day, { zone: ZONE });
    if (!dt.isValid) throw new Error(`invalid date "${day}"`);
    return dt.startOf('day');
  };
  return {
    from: from ? start(from).toJSDate() : undefined,
    to: to ? start(to).plus({ days: 1 }).toJSDate() : undefined,
  };
}

/** Is this `YYYY-MM-DD` a day of the calendar (not 2026-02-30)? */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && DateTime.fromISO(day, { zone: ZONE }).isValid;
}

// Formatting for people: Finland's conventions in each language (INTL_LOCALES), Helsinki time.
// Every date, time and sum shown on a page or written in a mail goes through these.

const dateTimeFormat = (lang: Lang, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(INTL_LOCALES[lang], { timeZone: ZONE, ...options });

/** A day as digits, e.g. `3.12.2026` (fi, sv) or `03/12/2026` (en). */
export function formatDate(iso: string | Date, lang: Lang): string {
  return dateTimeFormat(lang, { day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(iso));
}

/** A day with the month's name, for running text: `3. joulukuuta 2026`, `3 december 2026`, `3 December 2026`. */
export function formatLongDate(iso: string | Date, lang: Lang): string {
  return dateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(iso));
}

/** A moment as digits: date and time of day, e.g. `3.12.2026 klo 16.00`. */
export function formatDateTime(iso: string | Date, lang: Lang): string {
  return dateTimeFormat(lang, {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** A moment in a list of events (sign-ins, tokens, passkeys): `3 Dec 2026, 16:00`. */
export function formatMediumDateTime(iso: string | Date, lang: Lang): string {
  return dateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A session's day and times, e.g. `to 3.12.2026 16.00–17.30`. */
export function formatSessionTime(startIso: string | Date, endIso: string | Date, lang: Lang): string {
  const day = dateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric' });
  const time = dateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  return `${day.format(new Date(startIso))} ${time.format(new Date(startIso))}–${time.format(new Date(endIso))}`;
}

/** A sum of money given in cents, e.g. `12,50 €`. */
export function formatEuros(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(INTL_LOCALES[lang], { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}

/** A number with the language's decimal separator, e.g. `2,5`. */
export function formatNumber(n: number, lang: Lang): string {
  return n.toLocaleString(INTL_LOCALES[lang]);
}
