import type { I18n } from '@adonisjs/i18n'
import { formatMoney } from '#shared/format'
import { numberFormat, signed } from '#analytics/figure_format'
import type { AskedResults } from '#analytics/results/results_query'
import type { ResultsSubject } from '#analytics/results/results_sources'
import type { SourceResults } from '#analytics/results/source_results'
import { effectRows, funnelRows, groupRows, type FigureKind } from '#analytics/results/results_table'
import type { Interval } from '#analytics/results/uplift'

const CHART = { width: 480, barHeight: 22, gap: 8, labelWidth: 150 }

/** What the results page shows: the window form, the funnel, the two groups, the effect with its interval, a chart. */
export function resultsView(subject: ResultsSubject, asked: AskedResults, results: SourceResults | null, i18n: I18n) {
  const format = pageFormat(i18n.locale)
  return {
    section: subject.source.type === 'animation' ? 'animations' : 'campaigns',
    subject: { name: subject.name, kind: subject.source.type, pagePath: subject.pagePath, resultsPath: subject.resultsPath, holdoutPercent: subject.holdoutPercent },
    form: { days: asked.ok ? String(asked.days) : asked.days },
    errors: asked.ok ? {} : asked.errors,
    figures: results && {
      days: results.days,
      funnel: funnelRows(results, i18n).map((row) => ({ ...row, text: format(row.kind, row.value) })),
      groups: groupRows(results, i18n).map((row) => ({ ...row, treatedText: format(row.kind, row.treated), holdoutText: format(row.kind, row.holdout) })),
      effect: effectRows(results, i18n).map((row) => ({ ...row, ...intervalTexts(row.interval, row.kind, format) })),
      enoughData: results.uplift.enoughData,
      shortOf: results.uplift.shortOf.map((reason) => i18n.t(`results.short_of.${reason}`, { min: 30, days: results.days })),
      chart: chartOf(results, i18n, format),
    },
  }
}

type Format = (kind: FigureKind, value: number | null) => string

/** Figures as the reader's language writes them; "—" where there is none. */
export function pageFormat(locale: string): Format {
  const number = (value: number, digits: number, sign = false) => (sign ? signed(value, digits, locale) : numberFormat(locale, { maximumFractionDigits: digits }).format(value).replace('-', '−'))
  return (kind, value) => {
    if (value === null) return '—'
    if (kind === 'count') return number(value, 0)
    if (kind === 'money') return formatMoney(Math.round(value), 'EUR', locale).replace('-', '−')
    if (kind === 'percent') return `${number(value * 100, 1)} %`
    if (kind === 'points') return `${number(value * 100, 1, true)} pts`
    return `${number(value * 100, 0, true)} %`
  }
}

function intervalTexts(interval: Interval | null, kind: FigureKind, format: Format) {
  return { estimateText: format(kind, interval?.estimate ?? null), lowText: format(kind, interval?.low ?? null), highText: format(kind, interval?.high ?? null) }
}

/** Conversion rate and revenue per unit of both groups as horizontal bars, each measure scaled to its larger bar. */
function chartOf(results: SourceResults, i18n: I18n, format: Format) {
  const { treated, holdout } = results.uplift
  const measures = [
    { key: 'conversion_rate', kind: 'percent' as const, values: [treated.conversionRate, holdout.conversionRate] },
    { key: 'revenue_per_unit', kind: 'money' as const, values: [treated.revenuePerUnitCents, holdout.revenuePerUnitCents] },
  ]
  const room = CHART.width - CHART.labelWidth - 90
  const bars = measures.flatMap((measure, position) => {
    const best = Math.max(1e-9, ...measure.values.map((value) => value ?? 0))
    return measure.values.map((value, index) => ({
      label: `${i18n.t(`results.groups.${measure.key}`)} — ${i18n.t(`results.groups.${index === 0 ? 'treated' : 'holdout'}`)}`,
      group: index === 0 ? 'treated' : 'holdout',
      y: position * (2 * CHART.barHeight + 3 * CHART.gap) + index * (CHART.barHeight + CHART.gap),
      width: Math.round(((value ?? 0) / best) * room),
      text: format(measure.kind, value),
    }))
  })
  const [rate, mean] = measures.map((measure) => measure.values.map((value) => format(measure.kind, value)))
  const desc = i18n.t('results.chart.desc', { treatedRate: rate[0], holdoutRate: rate[1], treatedMean: mean[0], holdoutMean: mean[1] })
  return { ...CHART, height: 4 * CHART.barHeight + 4 * CHART.gap, bars, desc }
}
