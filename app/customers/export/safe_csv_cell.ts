/**
 * One spreadsheet cell as text that Excel, LibreOffice and Sheets will not
 * run as a formula (R57): a leading = + - @ TAB or CR gets a quote in front.
 * RFC 4180 quoting itself is csv-stringify's job.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = value instanceof Date ? value.toISOString() : String(value)
  return FORMULA_START.test(text) ? `'${text}` : text
}

export function safeCsvRow(values: unknown[]) {
  return values.map(safeCsvCell)
}
