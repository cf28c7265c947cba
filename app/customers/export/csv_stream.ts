import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import { safeCsvRow } from '#customers/export/safe_csv_cell'

/**
 * A CSV download built batch by batch: UTF-8 BOM (Excel), RFC 4180 quoting
 * and CRLF, every cell made formula-safe. Nothing is held beyond one batch.
 */
export function csvStream(header: string[], batches: AsyncIterable<unknown[][]>) {
  const options = { record_delimiter: 'windows' as const, quoted_match: /^\s|\s$/ }
  async function* lines() {
    yield '\ufeff' + stringify([safeCsvRow(header)], options)
    for await (const rows of batches) {
      if (rows.length > 0) yield stringify(rows.map(safeCsvRow), options)
    }
  }
  return Readable.from(lines())
}

export function csvHeaders(fileName: string) {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  }
}
