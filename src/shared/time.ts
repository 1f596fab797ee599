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
