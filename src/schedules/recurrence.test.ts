import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expand, isFinite, rruleProblem } from './recurrence.ts';
import { toHelsinkiIso } from '../shared/time.ts';

const FAR = '2100-01-01T00:00:00';
const starts = (
  rrule: string,
  startsLocal: string,
  exdates: string[] = [],
  horizon = FAR,
  durationMinutes = 90,
) => expand({ rrule, startsLocal, durationMinutes, exdates }, horizon).map((o) => toHelsinkiIso(o.startsAt));

describe('recurrence in Helsinki time', () => {
  it('gives the Hervanta group seven weekly 1.5 h sessions from Wed 30.10.2019 15:30', () => {
    const occ = expand(
      { rrule: 'FREQ=WEEKLY;COUNT=7', startsLocal: '2019-10-30T15:30', durationMinutes: 90, exdates: [] },
      FAR,
    );
    assert.equal(occ.length, 7);
    assert.equal(toHelsinkiIso(occ[0]!.startsAt), '2019-10-30T15:30:00+02:00');
    assert.equal(toHelsinkiIso(occ[0]!.endsAt), '2019-10-30T17:00:00+02:00');
    assert.equal(toHelsinkiIso(occ[6]!.startsAt), '2019-12-11T15:30:00+02:00');
  });

  it('keeps the local time when daylight saving time ends (last Sunday of October)', () => {
    assert.deepEqual(starts('FREQ=WEEKLY;COUNT=3', '2024-10-16T18:00'), [
      '2024-10-16T18:00:00+03:00',
      '2024-10-23T18:00:00+03:00',
      '2024-10-30T18:00:00+02:00',
    ]);
  });

  it('keeps the local time when daylight saving time starts (last Sunday of March)', () => {
    assert.deepEqual(starts('FREQ=WEEKLY;COUNT=2', '2026-03-24T17:00'), [
      '2026-03-24T17:00:00+02:00',
      '2026-03-31T17:00:00+03:00',
    ]);
  });

  it('supports every other week, monthly by weekday, and a season with an end date', () => {
    assert.deepEqual(starts('FREQ=WEEKLY;INTERVAL=2;COUNT=3', '2019-01-15T18:00'), [
      '2019-01-15T18:00:00+02:00',
      '2019-01-29T18:00:00+02:00',
      '2019-02-12T18:00:00+02:00',
    ]);
    assert.deepEqual(starts('FREQ=MONTHLY;BYDAY=1TU;COUNT=3', '2026-01-06T18:00'), [
      '2026-01-06T18:00:00+02:00',
      '2026-02-03T18:00:00+02:00',
      '2026-03-03T18:00:00+02:00',
    ]);
    const season = starts('FREQ=WEEKLY;UNTIL=20190531T235959', '2019-05-08T17:00');
    assert.deepEqual(season, [
      '2019-05-08T17:00:00+03:00',
      '2019-05-15T17:00:00+03:00',
      '2019-05-22T17:00:00+03:00',
      '2019-05-29T17:00:00+03:00',
    ]);
  });

  it('leaves out exception dates such as a holiday break', () => {
    assert.deepEqual(starts('FREQ=WEEKLY;COUNT=3', '2025-12-16T18:00', ['2025-12-23T18:00']), [
      '2025-12-16T18:00:00+02:00',
      '2025-12-30T18:00:00+02:00',
    ]);
  });

  it('cuts an ongoing group at the horizon', () => {
    const ongoing = starts('FREQ=WEEKLY;BYDAY=TU', '2026-01-06T10:00', [], '2026-02-01T00:00:00');
    assert.equal(ongoing.length, 4);
    assert.equal(isFinite('FREQ=WEEKLY;BYDAY=TU'), false);
    assert.equal(isFinite('FREQ=WEEKLY;COUNT=7'), true);
  });

  it('is independent of the process time zone', () => {
    // The test runner runs in Asia/Kathmandu on purpose; Helsinki times must not move.
    assert.equal(starts('FREQ=DAILY;COUNT=1', '2026-07-01T09:00')[0], '2026-07-01T09:00:00+03:00');
  });

  it('explains what is wrong with a rule', () => {
    assert.equal(rruleProblem('FREQ=WEEKLY;COUNT=7'), null);
    assert.match(rruleProblem('COUNT=7')!, /FREQ is required/);
    assert.match(rruleProblem('FREQ=HOURLY')!, /FREQ must be/);
    assert.match(rruleProblem('FREQ=WEEKLY;DTSTART=20190101T000000')!, /DTSTART is not supported/);
    assert.match(rruleProblem('FREQ=WEEKLY;COUNT=2;UNTIL=20200101T000000Z')!, /cannot both/);
    assert.match(rruleProblem('FREQ=WEEKLY;COUNT=100000')!, /COUNT must be/);
    assert.match(rruleProblem('nonsense')!, /KEY=VALUE/);
  });
});
