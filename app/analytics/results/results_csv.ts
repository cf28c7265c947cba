import type { I18n } from '@adonisjs/i18n'
import type { SourceResults } from '#analytics/results/source_results'
import { effectRows, funnelRows, groupRows, type FigureKind } from '#analytics/results/results_table'

/**
 * The results table for a spreadsheet: one line per figure (label, value);
 * the two groups as two columns; each effect with its interval's bounds.
 * Euros and percentages with a decimal comma, no thousands separator.
 */
export function resultsCsvRows(results: SourceResults, i18n: I18n): string[][] {
  const t = (key: string) => i18n.t(`results.csv.${key}`)
  return [
    [t('figure'), t('value')],
    ...funnelRows(results, i18n).map((row) => [labelOf(row.label, row.kind, i18n), csvFigure(row.kind, row.value)]),
    [t('groups'), t('treated'), t('holdout')],
    ...groupRows(results, i18n).map((row) => [labelOf(row.label, row.kind, i18n), csvFigure(row.kind, row.treated), csvFigure(row.kind, row.holdout)]),
    [t('effect'), t('value'), t('low'), t('high')],
    ...effectRows(results, i18n).map((row) => [labelOf(row.label, row.kind, i18n), ...[row.interval?.estimate, row.interval?.low, row.interval?.high].map((value) => csvFigure(row.kind, value ?? null))]),
    [t('enough_data'), t(results.uplift.enoughData ? 'yes' : 'no')],
  ]
}

/** The unit goes in the label, the cell keeps a bare number. */
function labelOf(label: string, kind: FigureKind, i18n: I18n) {
  return kind === 'count' ? label : `${label} (${i18n.t(`results.csv.unit_${kind}`)})`
}

export function csvFigure(kind: FigureKind, value: number | null): string {
  if (value === null) return ''
  const comma = (text: string) => text.replace('.', ',')
  if (kind === 'count') return String(value)
  if (kind === 'money') return comma((Math.round(value) / 100).toFixed(2))
  // Shares, points and the ROI in per cent, one decimal.
  return comma((value * 100).toFixed(1))
}
