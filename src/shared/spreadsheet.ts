/**
 * Cells for every CSV and spreadsheet Vertaamo writes. A text cell that a spreadsheet
 * program would read as a formula (CWE-1236: it starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return, or their full-width forms) gets a leading apostrophe, so that a
 * participant's name such as `=HYPERLINK(...)` or a question label is shown, never run.
 * Numbers, booleans and dates are values, not text, and pass as they are.
 */
import { stringify } from 'csv-stringify/sync';

export type CellValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell made safe to open in a spreadsheet program. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell's value as written: text neutralised, empty for null. */
export function safeCell(value: CellValue): string | number | boolean | Date {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

/**
 * A CSV document (RFC 4180, UTF-8 with a byte order mark so that spreadsheet programs read
 * ä and ö) with a header row; every header and cell goes through `safeCell`.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  return (
    '\ufeff' +
    stringify([header.map((h) => neutraliseCell(h)), ...rows.map((row) => row.map(safeCell))], {
      cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
    })
  );
}
