import { parse } from 'csv-parse/sync'

export type Delimiter = ',' | ';' | '\t'

/** What an uploaded CSV looks like once read. */
export interface CsvFileFacts {
  text: string
  encoding: 'utf-8' | 'windows-1252'
  delimiter: Delimiter
  header: string[]
  preview: string[][]
  dataRows: number
}

export class CsvFileError extends Error {
  constructor(public code: 'binary' | 'empty' | 'malformed' | 'no_data' | 'too_many_rows') {
    super(`CSV refused: ${code}`)
  }
}

export const MAX_DATA_ROWS = 100_000

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise
 * Windows-1252 (what Excel for Windows saves as "CSV"). Binary files are
 * refused: a NUL byte, or more than 1% of control characters.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvFileFacts['encoding'] } {
  if (bytes.length === 0) throw new CsvFileError('empty')
  if (bytes.includes(0)) throw new CsvFileError('binary')
  let text: string
  let encoding: CsvFileFacts['encoding'] = 'utf-8'
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    text = decodeWindows1252(bytes)
    encoding = 'windows-1252'
  }
  const sample = text.slice(0, 65536)
  const controls = sample.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g)?.length ?? 0
  if (controls > sample.length / 100) throw new CsvFileError('binary')
  return { text, encoding }
}

// 0x80–0x9F of Windows-1252 (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ). Node 20's
// TextDecoder('windows-1252') decodes them as Latin-1 control characters, so they are mapped here.
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

export function decodeWindows1252(bytes: Uint8Array) {
  const latin1 = new TextDecoder('windows-1252').decode(bytes)
  return latin1.replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80])
}

/** The separator used most on the first line, outside quotes (comma by default). */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const char of text.slice(0, 65536)) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) break
    else if (!quoted && char in counts) counts[char as Delimiter]++
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0]
  return counts[best] > 0 ? best : ','
}

export const parseOptions = (delimiter: Delimiter) => ({
  delimiter,
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  trim: false,
})

/** Reads the whole upload once: encoding, separator, header, preview, row count. */
export function readCsvFile(bytes: Uint8Array): CsvFileFacts {
  const { text, encoding } = decodeCsv(bytes)
  const delimiter = detectDelimiter(text)
  let records: string[][]
  try {
    records = parse(text, parseOptions(delimiter)) as string[][]
  } catch {
    throw new CsvFileError('malformed')
  }
  const [header, ...rows] = records
  if (!header || header.every((cell) => cell.trim() === '')) throw new CsvFileError('empty')
  if (rows.length === 0) throw new CsvFileError('no_data')
  if (rows.length > MAX_DATA_ROWS) throw new CsvFileError('too_many_rows')
  return { text: text.replace(/^\ufeff/, ''), encoding, delimiter, header, preview: rows.slice(0, 5), dataRows: rows.length }
}
