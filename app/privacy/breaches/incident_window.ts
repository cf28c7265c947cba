import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import { safeCsvCell } from '#customers/export/safe_csv_cell'
import type { IncidentReport, IncidentWindow } from '#privacy/breaches/incident_report'
import { localInputValue, parseLocalDateTime } from '#privacy/breaches/business_time'

/** The audit log is kept 36 months at most: a longer window has nothing more to show. */
const MAX_SPAN = { months: 36 }

export interface WindowForm {
  from: string
  to: string
}

export type AskedWindow = { ok: true; window: IncidentWindow; form: WindowForm } | { ok: false; form: WindowForm; errors: Record<string, string[]> }

/** `?from=&to=` as the datetime-local inputs send them, in the business's clock; missing: the last 7 days. */
export function askedWindow(query: Record<string, unknown>, zone: string, i18n: I18n, now = DateTime.utc()): AskedWindow {
  const typed = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 40) : '')
  const form = { from: typed(query.from), to: typed(query.to) }
  // Absent means the default; anything else (an array, a bad date) is an error, not the default.
  const moment = (value: unknown, text: string, fallback: DateTime) => (value === undefined || value === null || value === '' ? fallback : parseLocalDateTime(text, zone))
  const from = moment(query.from, form.from, now.minus({ days: 7 }))
  const to = moment(query.to, form.to, now)
  const error = (field: string, rule = field) => ({ ok: false as const, form, errors: { [field]: [i18n.t(`privacy_notice.report.errors.${rule}`)] } })
  if (!from) return error('from')
  if (!to || to <= from) return error('to')
  if (to > from.plus(MAX_SPAN)) return error('from', 'span')
  return { ok: true, window: { from, to }, form: { from: localInputValue(from, zone), to: localInputValue(to, zone) } }
}

/**
 * The report as one CSV (UTF-8 with a BOM, `;`, CRLF): a `section` column
 * tells the action counts, the staff accounts and the customers apart.
 */
export function incidentCsv(report: IncidentReport, i18n: I18n) {
  const t = (key: string) => i18n.t(`privacy_notice.report.${key}`)
  const header = ['section', 'action', 'subject_type', 'public_id', 'role', 'entries', 'distinct_subjects'].map((column) => t(`columns.${column}`))
  const rows = [
    ...report.byAction.map((row) => ['action', row.action, row.subjectType ?? '', '', '', row.entries, row.distinctSubjects]),
    ...report.staff.map((row) => ['staff', '', '', row.publicId ?? t('system'), row.role ?? '', row.entries, '']),
    ...report.customers.ids.map((id) => ['customer', '', 'customer', id, '', '', '']),
  ]
  return { text: stringify([header, ...rows].map((row) => row.map(safeCsvCell)), { delimiter: ';', record_delimiter: 'windows', bom: true }), rowCount: rows.length }
}

export function incidentFileName(window: IncidentWindow, zone: string, i18n: I18n) {
  const stamp = (moment: DateTime) => moment.setZone(zone).toFormat("yyyyLLdd'T'HHmm")
  return `${i18n.t('privacy_notice.report.file_name')}_${stamp(window.from)}_${stamp(window.to)}.csv`
}
