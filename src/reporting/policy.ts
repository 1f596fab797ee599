/**
 * Pure rules of reporting: which period a request asks for, and how a target's share is
 * read. No database, no clock of its own; tested alone.
 */
import { isCalendarDay } from '../shared/time.ts';

export interface Period {
  from: string;
  to: string;
}

export type PeriodResult =
  | { ok: true; period: Period }
  | { ok: false; field: 'from' | 'to'; reason: 'invalid' | 'before-start' | 'too-long' };

/** The longest period one request may ask for (ten years). */
export const MAX_PERIOD_DAYS = 3660;

/**
 * The period of a statistics request: a calendar year by default (the year of `today`, or of
 * the one day given), any `from`–`to` days otherwise. `to` before `from` names `to`.
 */
export function readPeriod(from: string | undefined, to: string | undefined, today: string): PeriodResult {
  const f = from?.trim() || undefined;
  const t = to?.trim() || undefined;
  if (f !== undefined && !isCalendarDay(f)) return { ok: false, field: 'from', reason: 'invalid' };
  if (t !== undefined && !isCalendarDay(t)) return { ok: false, field: 'to', reason: 'invalid' };
  const year = (f ?? t ?? today).slice(0, 4);
  const period = { from: f ?? `${year}-01-01`, to: t ?? `${(f ?? t ?? today).slice(0, 4)}-12-31` };
  if (!f && t) period.from = `${t.slice(0, 4)}-01-01`;
  if (period.to < period.from) return { ok: false, field: 'to', reason: 'before-start' };
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) return { ok: false, field: 'to', reason: 'too-long' };
  return { ok: true, period };
}

/** The same period a year earlier (29 February becomes 28 February). */
export function yearBefore(period: Period): Period {
  const back = (day: string) => {
    const y = Number(day.slice(0, 4)) - 1;
    const md = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
    return `${String(y).padStart(4, '0')}-${md}`;
  };
  return { from: back(period.from), to: back(period.to) };
}

/** Share of a target reached, in whole per cent (may pass 100); null for a target of 0. */
export function shareReached(value: number, target: number): number | null {
  if (target <= 0) return null;
  return Math.round((value / target) * 100);
}

/** The last day of each month from `from` to `to`, `to` itself last (progress over time). */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let guard = 0; guard < 240; guard++) {
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (last >= to) break;
    out.push(last);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  out.push(to);
  return out;
}
