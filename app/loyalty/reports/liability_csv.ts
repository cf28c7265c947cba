import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { stringify } from 'csv-stringify/sync'
import { safeCsvCell } from '#customers/export/safe_csv_cell'
import type { LiabilityReport, ProgramLiability } from '#loyalty/liability_report'
import { basisText } from '#loyalty/reports/liability_view'

/**
 * The liability report as a French accountant's spreadsheet expects it:
 * UTF-8 with a BOM, `;` between cells, CRLF, days as DD/MM/YYYY, euros with
 * a decimal comma and no thousands separator. One row per programme × unit
 * × line; `code` (e.g. `points.closing`) names the line whatever the
 * language, and the lines of a unit add up: opening + movements = closing.
 */
export const LIABILITY_COLUMNS = ['from', 'to', 'program', 'program_id', 'unit', 'line', 'code', 'quantity', 'value_eur', 'unvalued', 'valuation'] as const

type Cell = string | { number: string }

export function liabilityCsv(report: LiabilityReport, i18n: I18n) {
  const header = LIABILITY_COLUMNS.map((column) => i18n.t(`liability.csv.columns.${column}`))
  const programs = [...report.programs, ...(report.otherVouchers ? [report.otherVouchers] : [])]
  const rows = programs.flatMap((program) => programRows(report, program, i18n))
  const text = stringify([header, ...rows.map((row) => row.map(cellText))], { delimiter: ';', record_delimiter: 'windows', bom: true })
  return { text, rowCount: rows.length }
}

export function liabilityFileName(report: LiabilityReport, i18n: I18n) {
  return `${i18n.t('liability.csv.file_name')}_${report.period.fromOn}_${report.period.toOn}.csv`
}

function programRows(report: LiabilityReport, program: ProgramLiability, i18n: I18n): Cell[][] {
  const day = (on: string) => DateTime.fromISO(on, { zone: 'utc' }).toFormat('dd/LL/yyyy')
  const name = program.name ?? i18n.t('liability.other_vouchers')
  const start = [day(report.period.fromOn), day(report.period.toOn), name, program.publicId ?? '']
  const units = program.units.flatMap((figures) =>
    figures.lines.map((line): Cell[] => [
      ...start,
      i18n.t(`liability.csv.units.${figures.unit}`),
      i18n.t(`liability.lines.${line.line}`),
      `${figures.unit}.${line.line}`,
      { number: String(line.units) },
      line.valueCents === null ? '' : { number: euros(line.valueCents) },
      '',
      basisText(figures.valuation, i18n, (cents) => `${euros(cents)} €`),
    ])
  )
  const vouchers = program.vouchers.map((line): Cell[] => [
    ...start,
    i18n.t('liability.csv.units.vouchers'),
    i18n.t(`liability.voucher_lines.${line.line}`),
    `vouchers.${line.line}`,
    { number: String(line.count) },
    { number: euros(line.valueCents) },
    { number: String(line.unvalued) },
    i18n.t('liability.basis.voucher'),
  ])
  return [...units, ...vouchers]
}

/** Integer cents as euros with a decimal comma: -1234 → "-12,34" (no float on the way). */
export function euros(cents: number) {
  const sign = cents < 0 ? '-' : ''
  const whole = Math.abs(cents)
  return `${sign}${Math.trunc(whole / 100)},${String(whole % 100).padStart(2, '0')}`
}

/**
 * Text goes through safeCsvCell (a programme's name is typed by staff:
 * R57). Numbers are written here from integers and match /^-?\d+(,\d\d)?$/:
 * no formula can start that way, and quoting "-12,34" would turn the
 * accountant's negative amounts into text.
 */
function cellText(cell: Cell) {
  if (typeof cell === 'string') return safeCsvCell(cell)
  if (!/^-?\d+(,\d\d)?$/.test(cell.number)) return safeCsvCell(cell.number)
  return cell.number
}
