import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { DAILY_FIGURES, type Figures } from '#analytics/daily_figures'
import { memberCounts } from '#analytics/member_counts'
import { liabilitySnapshot } from '#analytics/points_liability'
import { cohortGrid, monthlyFrequency } from '#analytics/cohort_figures'
import { visitHeatMap } from '#analytics/visit_hours'

export interface DashboardPeriod {
  /** Calendar days, both included. */
  fromOn: string
  toOn: string
  /** null: every store. */
  storeId: number | null
  /** Today in the store's calendar (the business's for every store), for "active in the last N days" (the current state, whatever the period); UTC's when absent. */
  today?: string
}

export interface PeriodFigures extends Figures {
  averageBasketCents: number | null
  memberBasketCents: number | null
  otherBasketCents: number | null
  /** Share of revenue from members, in basis points (10000 = all of it). */
  memberShareBp: number | null
  /** Vouchers redeemed per voucher issued in the period, in basis points. */
  redemptionRateBp: number | null
}

/**
 * The dashboard's headline figures for a period and the one just before it
 * (as many days), the daily series for the trend, today's members, the
 * cohorts, visits by hour, and the points' worth: all read from the
 * figures kept from the events (rows per store and day, hour or month,
 * never the customers or the purchases), and the accounts' balances.
 */
export async function dashboardFigures(period: DashboardPeriod) {
  const today = period.today ?? DateTime.utc().toISODate()!
  const days = DateTime.fromISO(period.toOn, { zone: 'utc' }).diff(DateTime.fromISO(period.fromOn, { zone: 'utc' }), 'days').days + 1
  const previous = {
    ...period,
    fromOn: DateTime.fromISO(period.fromOn, { zone: 'utc' }).minus({ days }).toISODate()!,
    toOn: DateTime.fromISO(period.fromOn, { zone: 'utc' }).minus({ days: 1 }).toISODate()!,
  }
  const [current, before, series, members, cohorts, frequency, hours, liability] = await Promise.all([
    totals(period),
    totals(previous),
    dailySeries(period),
    memberCounts(period.storeId, today),
    cohortGrid(period.storeId, period.toOn),
    monthlyFrequency(period.storeId, period.fromOn, period.toOn),
    visitHeatMap(period.storeId, period.fromOn, period.toOn),
    liabilitySnapshot(),
  ])
  return { days, current, previous: before, previousPeriod: { fromOn: previous.fromOn, toOn: previous.toOn }, series, members, cohorts, frequency, hours, liability }
}

function inPeriod(period: DashboardPeriod) {
  const query = db.from('analytics_daily').whereBetween('day', [period.fromOn, period.toOn])
  if (period.storeId !== null) query.where('store_id', period.storeId)
  return query
}

async function totals(period: DashboardPeriod): Promise<PeriodFigures> {
  const row = (await inPeriod(period).select(DAILY_FIGURES.map((figure) => db.raw(`COALESCE(SUM(${figure}), 0) AS ${figure}`))).first()) ?? {}
  return periodFigures(Object.fromEntries(DAILY_FIGURES.map((figure) => [figure, Number(row[figure] ?? 0)])) as Figures)
}

/** The ratios of a period's sums: null where there is nothing to divide by (an empty period). */
export function periodFigures(figures: Figures): PeriodFigures {
  const otherPurchases = figures.purchases - figures.member_purchases
  const otherRevenue = figures.revenue_cents - figures.member_revenue_cents
  return {
    ...figures,
    averageBasketCents: ratio(figures.revenue_cents, figures.purchases),
    memberBasketCents: ratio(figures.member_revenue_cents, figures.member_purchases),
    otherBasketCents: ratio(otherRevenue, otherPurchases),
    memberShareBp: figures.revenue_cents > 0 ? Math.round((figures.member_revenue_cents * 10_000) / figures.revenue_cents) : null,
    redemptionRateBp: figures.rewards_issued > 0 ? Math.round((figures.rewards_redeemed * 10_000) / figures.rewards_issued) : null,
  }
}

/** Each day of the period, days without a sale included (at zero), for the trend line and its table. */
async function dailySeries(period: DashboardPeriod) {
  const rows = await inPeriod(period).groupBy('day').orderBy('day').select('day', db.raw('SUM(purchases) AS purchases'), db.raw('SUM(revenue_cents) AS revenue_cents'), db.raw('SUM(new_members) AS new_members'))
  const byDay = new Map(rows.map((row) => [String(row.day), row]))
  const series = []
  for (let day = DateTime.fromISO(period.fromOn, { zone: 'utc' }); day.toISODate()! <= period.toOn; day = day.plus({ days: 1 })) {
    const row = byDay.get(day.toISODate()!)
    series.push({ day: day.toISODate()!, purchases: Number(row?.purchases ?? 0), revenueCents: Number(row?.revenue_cents ?? 0), newMembers: Number(row?.new_members ?? 0) })
  }
  return series
}

function ratio(cents: number, count: number) {
  return count > 0 ? Math.round(cents / count) : null
}
