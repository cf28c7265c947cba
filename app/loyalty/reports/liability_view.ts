import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { MOVEMENTS, type LiabilityReport, type ProgramLiability, type Valuation } from '#loyalty/liability_report'
import { VOUCHER_LINES } from '#loyalty/liability_vouchers'
import { formatMoney } from '#shared/format'
import { periodPresets, periodQuery, type AskedPeriod } from '#loyalty/reports/liability_period'

/** What resources/views/loyalty/liability.edge shows: the form, and the report when the period is valid. */
export function liabilityView(asked: AskedPeriod, timezone: string, report: LiabilityReport | null, i18n: I18n) {
  const form = asked.ok ? { from: asked.period.fromOn, to: asked.period.toOn } : { from: textOf(asked.values.from), to: textOf(asked.values.to) }
  const presets = Object.entries(periodPresets(timezone)).map(([name, period]) => ({ name, href: `/admin/loyalty/liability?${periodQuery(period)}` }))
  return {
    form,
    errors: asked.ok ? {} : asked.errors,
    presets,
    timezone,
    unitColumns: ['opening', ...MOVEMENTS, 'closing'],
    voucherLines: VOUCHER_LINES,
    report: report ? reportView(report, i18n) : null,
  }
}

function reportView(report: LiabilityReport, i18n: I18n) {
  const day = (on: string) => DateTime.fromISO(on, { zone: 'utc' }).setLocale(i18n.locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_FULL)
  const programs = [...report.programs, ...(report.otherVouchers ? [report.otherVouchers] : [])]
  return {
    from: day(report.period.fromOn),
    to: day(report.period.toOn),
    csvHref: `/admin/loyalty/liability.csv?${periodQuery({ from: report.period.fromOn, to: report.period.toOn })}`,
    closingValueCents: report.closingValueCents,
    programs: programs.map((program) => programView(program, i18n)),
  }
}

function programView(program: ProgramLiability, i18n: I18n) {
  return {
    ...program,
    rows: program.units.map((figures) => ({
      unit: figures.unit,
      basis: basisText(figures.valuation, i18n, (cents) => formatMoney(cents, 'EUR', i18n.locale)),
      cells: Object.fromEntries(figures.lines.map((line) => [line.line, line])),
    })),
    voucherCells: Object.fromEntries(program.vouchers.map((line) => [line.line, line])),
  }
}

/** "1 point = 0,05 €", in words, for the page and the CSV. */
export function basisText(valuation: Valuation | null, i18n: I18n, money: (cents: number) => string) {
  if (!valuation) return i18n.t('liability.basis.none')
  if (valuation.basis === 'cents') return i18n.t('liability.basis.cents')
  if (valuation.basis === 'point') return i18n.t('liability.basis.point', { value: money(valuation.pointValueCents) })
  return i18n.t('liability.basis.stamp', { value: money(valuation.rewardValueCents), goal: valuation.goal })
}

function textOf(value: unknown) {
  return typeof value === 'string' ? value.slice(0, 40) : ''
}
