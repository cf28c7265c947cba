/**
 * The effect of an animation or a campaign against its holdout (groupe
 * témoin): pure arithmetic on the two groups' sums, no database.
 *
 * A unit is one firing: the treated got the message (and the reward), the
 * holdout got nothing. For each group: n units, c converted (a purchase in
 * the window), S = Σ revenue and Q = Σ revenue² per unit, in cents.
 *
 *   conversion p = c / n, revenue per unit m = S / n,
 *   sample variance s² = (Q − S² / n) / (n − 1)
 *   incremental revenue  = (m_t − m_h) × n_t
 *   its 95 % interval    = ± z × n_t × √(s_t² / n_t + s_h² / n_h)   (Welch's standard error)
 *   conversion uplift    = p_t − p_h
 *   its 95 % interval    = ± z × √(p_t(1 − p_t) / n_t + p_h(1 − p_h) / n_h)   (two proportions, Wald)
 *   ROI                  = (incremental revenue − cost) / cost, its bounds from the revenue interval's
 *
 * z = 1.96 is the normal approximation of Student's t: fair once each
 * group has 30 units, which the "not enough data yet" rule demands anyway.
 */
export interface GroupFigures {
  units: number
  converted: number
  revenueCents: number
  /** Σ over units of (revenue in cents)². */
  revenueSquaresCents: number
  /** Units whose attribution window has fully elapsed. */
  maturedUnits: number
}

export interface Interval {
  estimate: number
  low: number
  high: number
}

/** Why an estimate would not be worth reading yet. */
export type ShortOfData = 'no_holdout' | 'few_treated' | 'few_holdout' | 'window_open'

export interface GroupRates {
  units: number
  converted: number
  revenueCents: number
  /** null: no unit. */
  conversionRate: number | null
  revenuePerUnitCents: number | null
}

export interface Uplift {
  treated: GroupRates
  holdout: GroupRates
  /** null where a group has fewer than two units (no variance). */
  conversionUplift: Interval | null
  revenuePerUnitUpliftCents: Interval | null
  incrementalRevenueCents: Interval | null
  /** null when nothing was spent (ROI has no meaning) or the revenue interval is unknown. */
  roi: Interval | null
  costCents: number
  enoughData: boolean
  shortOf: ShortOfData[]
}

export const Z_95 = 1.959964
/** Fewer units than this in either group: no reading yet. */
export const MIN_UNITS = 30
/** Most units must have had their whole window: an early reading misses the late purchases. */
export const MIN_MATURED_SHARE = 0.5

export function uplift(treated: GroupFigures, holdout: GroupFigures, costCents: number): Uplift {
  const comparable = treated.units >= 2 && holdout.units >= 2
  const incremental = comparable ? incrementalRevenue(treated, holdout) : null
  return {
    treated: ratesOf(treated),
    holdout: ratesOf(holdout),
    conversionUplift: comparable ? conversionUplift(treated, holdout) : null,
    revenuePerUnitUpliftCents: comparable ? meanUplift(treated, holdout) : null,
    incrementalRevenueCents: incremental && roundedInterval(incremental),
    roi: incremental && roiOf(incremental, costCents),
    costCents,
    ...shortOfData(treated, holdout),
  }
}

export function ratesOf(group: GroupFigures): GroupRates {
  const { units, converted, revenueCents } = group
  return { units, converted, revenueCents, conversionRate: units > 0 ? converted / units : null, revenuePerUnitCents: units > 0 ? revenueCents / units : null }
}

/** The unbiased sample variance of revenue per unit (cents²); never negative through rounding. */
export function sampleVariance(group: GroupFigures) {
  if (group.units < 2) return null
  return Math.max(0, (group.revenueSquaresCents - (group.revenueCents * group.revenueCents) / group.units) / (group.units - 1))
}

/** m_t − m_h with Welch's standard error √(s_t²/n_t + s_h²/n_h). */
export function meanUplift(treated: GroupFigures, holdout: GroupFigures): Interval {
  const estimate = treated.revenueCents / treated.units - holdout.revenueCents / holdout.units
  const error = Math.sqrt(sampleVariance(treated)! / treated.units + sampleVariance(holdout)! / holdout.units)
  return around(estimate, Z_95 * error)
}

/** What the treated spent beyond what they would have without the message: the mean difference scaled to n_t. */
export function incrementalRevenue(treated: GroupFigures, holdout: GroupFigures): Interval {
  const perUnit = meanUplift(treated, holdout)
  return { estimate: perUnit.estimate * treated.units, low: perUnit.low * treated.units, high: perUnit.high * treated.units }
}

export function conversionUplift(treated: GroupFigures, holdout: GroupFigures): Interval {
  const pt = treated.converted / treated.units
  const ph = holdout.converted / holdout.units
  return around(pt - ph, Z_95 * Math.sqrt((pt * (1 - pt)) / treated.units + (ph * (1 - ph)) / holdout.units))
}

/** (revenue − cost) / cost at the estimate and at both bounds of the revenue interval. */
export function roiOf(incrementalCents: Interval, costCents: number): Interval | null {
  if (costCents <= 0) return null
  const roi = (revenueCents: number) => (revenueCents - costCents) / costCents
  return { estimate: roi(incrementalCents.estimate), low: roi(incrementalCents.low), high: roi(incrementalCents.high) }
}

/**
 * "Not enough data yet": no holdout at all, fewer than MIN_UNITS units in
 * either group, or fewer than half of either group's units past their
 * whole attribution window.
 */
export function shortOfData(treated: GroupFigures, holdout: GroupFigures): { enoughData: boolean; shortOf: ShortOfData[] } {
  const shortOf: ShortOfData[] = []
  if (holdout.units === 0) shortOf.push('no_holdout')
  if (treated.units < MIN_UNITS) shortOf.push('few_treated')
  if (holdout.units > 0 && holdout.units < MIN_UNITS) shortOf.push('few_holdout')
  const young = (group: GroupFigures) => group.units > 0 && group.maturedUnits < group.units * MIN_MATURED_SHARE
  if (young(treated) || young(holdout)) shortOf.push('window_open')
  return { enoughData: shortOf.length === 0, shortOf }
}

function around(estimate: number, margin: number): Interval {
  return { estimate, low: estimate - margin, high: estimate + margin }
}

function roundedInterval(interval: Interval): Interval {
  return { estimate: Math.round(interval.estimate), low: Math.round(interval.low), high: Math.round(interval.high) }
}
