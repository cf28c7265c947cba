import type { I18n } from '@adonisjs/i18n'
import type { Interval } from '#analytics/results/uplift'
import type { SourceResults } from '#analytics/results/source_results'

/**
 * The results as rows of figures, labelled in the reader's language: the
 * page and the CSV are the same table, each formats the figures its way.
 * `percent` is a share (0.125 → 12.5 %), `points` a difference of shares
 * in percentage points, `ratio` the ROI (1.5 → 150 %).
 */
export type FigureKind = 'count' | 'money' | 'percent' | 'points' | 'ratio'

export interface FigureRow {
  key: string
  label: string
  kind: FigureKind
  value: number | null
}

export interface GroupRow {
  key: string
  label: string
  kind: FigureKind
  treated: number | null
  holdout: number | null
}

export interface EffectRow {
  key: string
  label: string
  kind: FigureKind
  interval: Interval | null
}

/** The funnel: audience, held out, messages and where they are, conversions, revenue and what the rewards cost. */
export function funnelRows(results: SourceResults, i18n: I18n): FigureRow[] {
  const { treated, holdout, messages, cost } = results
  const row = (key: string, kind: FigureKind, value: number | null, label = i18n.t(`results.funnel.${key}`)): FigureRow => ({ key, label, kind, value })
  const reasonRows = (prefix: 'skipped' | 'held', counts: Record<string, number>) =>
    Object.entries(counts).map(([reason, count]) => row(`${prefix}_${reason}`, 'count', count, i18n.t(`results.funnel.${prefix}_reason`, { reason: i18n.t(`messaging.reasons.${reason}`, {}, reason) })))
  return [
    row('audience', 'count', treated.units + holdout.units),
    row('held_out', 'count', holdout.units),
    row('treated', 'count', treated.units),
    row('messages', 'count', messages.messages),
    ...reasonRows('skipped', messages.skippedByReason),
    row('waiting', 'count', messages.waiting),
    ...reasonRows('held', messages.heldByReason),
    row('failed', 'count', messages.failed),
    row('delivered', 'count', messages.delivered),
    row('reached', 'count', messages.reachedUnits),
    row('converted', 'count', treated.converted),
    row('revenue', 'money', treated.revenueCents),
    row('voucher_cost', 'money', cost.voucherDiscountCents),
    row('points_cost', 'money', cost.pointsCents, i18n.t('results.funnel.points_cost', { points: cost.pointsAwarded })),
    row('cost', 'money', cost.totalCents),
  ]
}

/** Treated and holdout side by side. */
export function groupRows(results: SourceResults, i18n: I18n): GroupRow[] {
  const { treated, holdout } = results.uplift
  const row = (key: string, kind: FigureKind, pick: (group: typeof treated) => number | null): GroupRow => ({ key, label: i18n.t(`results.groups.${key}`), kind, treated: pick(treated), holdout: pick(holdout) })
  return [
    row('units', 'count', (group) => group.units),
    row('converted', 'count', (group) => group.converted),
    row('conversion_rate', 'percent', (group) => group.conversionRate),
    row('revenue', 'money', (group) => group.revenueCents),
    row('revenue_per_unit', 'money', (group) => group.revenuePerUnitCents),
  ]
}

/** The effect with its 95 % interval; the ROI has none when nothing was spent. */
export function effectRows(results: SourceResults, i18n: I18n): EffectRow[] {
  const { uplift } = results
  const row = (key: string, kind: FigureKind, interval: Interval | null): EffectRow => ({ key, label: i18n.t(`results.effect.${key}`), kind, interval })
  return [
    row('incremental_revenue', 'money', uplift.incrementalRevenueCents),
    row('revenue_per_unit', 'money', uplift.revenuePerUnitUpliftCents),
    row('conversion', 'points', uplift.conversionUplift),
    row('roi', 'ratio', uplift.roi),
  ]
}
