/**
 * Recurrence in Helsinki wall-clock time. The RRULE is expanded in "floating" time (the
 * wall clock written as if it were UTC) and only then each occurrence is placed in
 * Europe/Helsinki, so a 15:30 group stays at 15:30 when daylight saving time ends.
 */
import rrulePackage, { type Options } from 'rrule';
import { DateTime } from 'luxon';
import { ZONE } from '../shared/time.ts';

// rrule ships CommonJS; its named exports are reached through the default export under Node ESM.
const { RRule } = rrulePackage;

export const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
/** At most this many sessions come from one schedule. */
export const MAX_OCCURRENCES = 400;

export interface Recurrence {
  rrule: string;
  /** the first session's local start, `YYYY-MM-DDTHH:mm` */
  startsLocal: string;
  durationMinutes: number;
  /** local starts of occurrences left out (holidays, breaks) */
  exdates: readonly string[];
}

export interface Occurrence {
  /** local wall-clock start, `YYYY-MM-DDTHH:mm:ss`: the occurrence's identity */
  local: string;
  startsAt: Date;
  endsAt: Date;
}

function floating(local: string): Date {
  const m = LOCAL_DATETIME.exec(local);
  if (!m) throw new RangeError(`not a local date-time: ${local}`);
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)));
}

/** Normalises `2019-10-30T15:30` to `2019-10-30T15:30:00`. */
export function normaliseLocal(local: string): string {
  return floating(local).toISOString().slice(0, 19);
}

const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);

/** Why an RRULE is not acceptable, or null when it is. Accepts the RRULE value without DTSTART. */
export function rruleProblem(rrule: string): string | null {
  const text = rrule.replace(/^RRULE:/i, '').trim();
  const parts = text.split(';').filter(Boolean);
  const seen = new Set<string>();
  for (const part of parts) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || value === '') return `"${part}" is not a KEY=VALUE part`;
    const upper = key.toUpperCase();
    if (!ALLOWED_PARTS.has(upper))
      return `${upper} is not supported here (the start time and time zone are given separately)`;
    if (seen.has(upper)) return `${upper} is given twice`;
    seen.add(upper);
  }
  if (!seen.has('FREQ')) return 'FREQ is required';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'COUNT and UNTIL cannot both be given';
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
  } catch (err) {
    return (err as Error).message;
  }
  if (
    options.freq === undefined ||
    ![RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY].includes(options.freq)
  ) {
    return 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY';
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 52))
    return 'INTERVAL must be 1–52';
  if (
    options.count !== undefined &&
    options.count !== null &&
    (options.count < 1 || options.count > MAX_OCCURRENCES)
  ) {
    return `COUNT must be 1–${MAX_OCCURRENCES}`;
  }
  return null;
}

/** Whether the rule ends by itself (a fixed number of sessions or an end date). */
export function isFinite(rrule: string): boolean {
  return /(^|;)(COUNT|UNTIL)=/i.test(rrule.replace(/^RRULE:/i, ''));
}

/** Places a local wall-clock time in Helsinki. A time inside the spring-forward gap moves forward. */
export function localToInstant(local: string): Date {
  return DateTime.fromISO(local, { zone: ZONE }).toJSDate();
}

/**
 * The occurrences of a recurrence up to `horizonLocal` (inclusive), exdates left out.
 * Ongoing rules are cut at the horizon; finite ones end by themselves.
 */
export function expand(rec: Recurrence, horizonLocal: string): Occurrence[] {
  const problem = rruleProblem(rec.rrule);
  if (problem) throw new RangeError(problem);
  const options = RRule.parseString(rec.rrule.replace(/^RRULE:/i, '').trim());
  const rule = new RRule({ ...options, dtstart: floating(rec.startsLocal), tzid: null });
  const horizon = floating(horizonLocal);
  const excluded = new Set(rec.exdates.map(normaliseLocal));
  const occurrences: Occurrence[] = [];
  rule.all((date, i) => {
    if (i >= MAX_OCCURRENCES || date > horizon) return false;
    const local = date.toISOString().slice(0, 19);
    if (!excluded.has(local)) {
      const startsAt = localToInstant(local);
      occurrences.push({
        local,
        startsAt,
        endsAt: new Date(startsAt.getTime() + rec.durationMinutes * 60_000),
      });
    }
    return true;
  });
  return occurrences;
}
