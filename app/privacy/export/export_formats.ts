import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import { safeCsvRow } from '#customers/export/safe_csv_cell'
import { formatDateTime, formatMoney } from '#shared/format'
import { renderPdf } from '#printing/pdf_renderer'
import type { CustomerExport } from '#privacy/export/customer_export'

export type ExportFormat = 'json' | 'csv' | 'pdf'
export const EXPORT_FORMATS: ExportFormat[] = ['json', 'csv', 'pdf']

export function exportJson(data: CustomerExport) {
  return `${JSON.stringify(data, null, 2)}\n`
}

export const CSV_HEADER = ['section', 'item', 'field', 'value']

/**
 * The same content as the JSON, as one spreadsheet in long form: a row per
 * value, `section` naming the part (`purchases.lines`), `item` the record
 * (its public id or code, under its parent's: `<purchase>/2`), `field`
 * the key (`unit_price_cents`). UTF-8 with a BOM, CRLF, formula-safe cells.
 */
export function exportCsv(data: CustomerExport) {
  const rows: unknown[][] = [CSV_HEADER]
  for (const [key, value] of Object.entries(data)) {
    if (value === null || typeof value !== 'object') rows.push(['export', '', key, value])
    else rows.push(...flatten(key, '', value))
  }
  return '\ufeff' + stringify(rows.map(safeCsvRow), { record_delimiter: 'windows', quoted_match: /^\s|\s$/ })
}

function flatten(section: string, item: string, value: unknown, field = ''): unknown[][] {
  if (Array.isArray(value)) {
    if (value.every((element) => element === null || typeof element !== 'object')) return value.map((element) => [section, item, field || 'value', element])
    const inner = field ? `${section}.${field}` : section
    return value.flatMap((element, index) => flatten(inner, item ? `${item}/${keyOf(element, index)}` : keyOf(element, index), element))
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => flatten(section, item, child, field ? `${field}.${key}` : key))
  }
  return [[section, item, field, value]]
}

/** How a record is named in its rows: its public id, else its code or position, else its rank. */
function keyOf(element: Record<string, unknown> | null, index: number) {
  for (const key of ['id', 'code', 'position']) if (element?.[key] !== undefined && element?.[key] !== null) return String(element[key])
  return String(index + 1)
}

/** The readable copy: an Edge page in the customer's language, times in their store's zone. */
export async function exportHtml(data: CustomerExport, timezone: string) {
  const locale = data.locale === 'en' ? 'en' : 'fr'
  const at = (value: string | null) => (value ? formatDateTime(DateTime.fromISO(value), timezone, locale) : '—')
  const euros = (cents: number | null, currency = 'EUR') => (cents === null ? '—' : formatMoney(cents, currency, locale))
  const i18n = i18nManager.locale(locale)
  // Codes the texts name (units, kinds, decisions…) read in words; any other code is shown as stored.
  const label = (group: string, code: string | null) => (code && i18n.hasMessage(`privacy_export.codes.${group}.${code}`) ? i18n.t(`privacy_export.codes.${group}.${code}`) : (code ?? '—'))
  return edge.render('privacy/export/document', { data, i18n, locale, at, euros, label, generatedAt: at(data.generated_at) })
}

export async function exportPdf(data: CustomerExport, timezone: string) {
  return renderPdf(await exportHtml(data, timezone), { format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } })
}
