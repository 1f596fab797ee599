import { DateTime } from 'luxon';

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
