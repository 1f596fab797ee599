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

/** One sheet of a workbook: a header row and typed rows. */
export interface Sheet {
  name: string;
  header: readonly string[];
  rows: readonly (readonly CellValue[])[];
}

/**
 * An XLSX workbook (exceljs), a sheet per table: numbers stay numbers, dates are dates
 * (shown as d.m.yyyy), text goes through `safeCell` so nothing starts a formula. Sheets of
 * the same name are written one below the other, a blank row apart.
 */
export async function xlsxDocument(sheets: readonly Sheet[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Vertaamo';
  const byName = new Map<string, ReturnType<typeof book.addWorksheet>>();
  for (const s of sheets) {
    const name = s.name.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31) || 'Sheet';
    let ws = byName.get(name);
    if (ws) ws.addRow([]);
    else byName.set(name, (ws = book.addWorksheet(name)));
    const head = ws.addRow(s.header.map((h) => neutraliseCell(h)));
    head.font = { bold: true };
    for (const row of s.rows) {
      const added = ws.addRow(row.map((v) => (v === null || v === undefined ? null : safeCell(v))));
      row.forEach((v, i) => {
        if (v instanceof Date) added.getCell(i + 1).numFmt = 'd.m.yyyy';
      });
    }
    ws.columns.forEach((c, i) => {
      c.width = Math.min(
        60,
        Math.max(
          12,
          ...[s.header[i] ?? '', ...s.rows.map((r) => String(r[i] ?? ''))].map((x) => x.length + 2),
        ),
      );
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
