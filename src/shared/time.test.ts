import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDate,
  formatDateTime,
  formatEuros,
  formatLongDate,
  formatMediumDateTime,
  formatNumber,
  formatSessionTime,
} from './time.ts';

// 14:00 UTC is 16:00 in Helsinki in December; the tests run in Asia/Kathmandu on purpose.
const AT = new Date('2026-12-03T14:00:00Z');

describe('formatting for people', () => {
  it('writes dates and times in Helsinki time, the way each language writes them in Finland', () => {
    assert.equal(formatDate(AT, 'fi'), '3.12.2026');
    assert.equal(formatDate(AT, 'en'), '03/12/2026');
    assert.equal(formatLongDate(AT, 'fi'), '3. joulukuuta 2026');
    assert.equal(formatLongDate(AT, 'sv'), '3 december 2026');
    assert.equal(formatLongDate(AT, 'en'), '3 December 2026');
    assert.match(formatDateTime(AT, 'fi'), /^3\.12\.2026 (klo )?16\.00$/);
    assert.match(formatMediumDateTime(AT, 'en'), /^3 Dec 2026, 16:00$/);
  });

  it('writes a session as its day and its start and end times', () => {
    const end = new Date('2026-12-03T15:30:00Z');
    assert.match(formatSessionTime(AT, end, 'fi'), /^to 3\.12\.2026 16\.00–17\.30$/);
    assert.match(
      formatSessionTime(AT.toISOString(), end.toISOString(), 'en'),
      /^Thu, 03\/12\/2026 16:00–17:30$/,
    );
  });

  it('writes money and decimals with the language’s separators', () => {
    assert.equal(formatEuros(1250, 'fi').replace(/\s/g, ' '), '12,50 €');
    assert.equal(formatEuros(1250, 'en'), '€12.50');
    assert.equal(formatNumber(2.5, 'sv'), '2,5');
    assert.equal(formatNumber(2.5, 'en'), '2.5');
  });
});
