/**
 * A small RFC 4180 writer for the reports' CSV: CRLF line ends, a field quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled), and a UTF-8 byte-order mark first so Excel opens
 * Japanese and Chinese names correctly. Columns are dotted paths into the JSON rows, so the CSV has
 * exactly the JSON's columns (`routed.field` is `row.routed.field`).
 */

export const UTF8_BOM = '\uFEFF';

/** The value at a dotted path of a row; undefined when a step is missing. */
export function valueAt(row: unknown, path: string): unknown {
  let value: unknown = row;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * One field. A text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe; numbers are written as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = value.map((v) => String(v)).join(';');
  else if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole document: BOM, a header line of the column paths, one line per row. */
export function toCsv(columns: readonly string[], rows: readonly unknown[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(valueAt(row, c))).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
