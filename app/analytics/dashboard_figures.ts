import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { DAILY_FIGURES, type Figures } from '#analytics/daily_figures'
import { dbTimestamp } from '#shared/db_time'

export interface DashboardPeriod {
  /** Calendar days, both included. */
  fromOn: string
  toOn: string
  /** null: every store. */
  storeId: number | null
}

export interface PeriodFigures extends Figures {
  averageBasketCents: number | null
  memberBasketCents: number | null
  otherBasketCents: number | null
  /** Share of revenue from members, in basis points (10000 = all of it). */
  memberShareBp: number | null
}

/**
 * The dashboard's headline figures for a period and the one just before it
 * (as many days), the daily series for the trend, and today's members:
 * read from the daily figures (a row per store and day, never the
 * purchases) and two indexed counts.
 */
export async function dashboardFigures(period: DashboardPeriod) {
  const days = DateTime.fromISO(period.toOn, { zone: 'utc' }).diff(DateTime.fromISO(period.fromOn, { zone: 'utc' }), 'days').days + 1
  const previous = {
    ...period,
    fromOn: DateTime.fromISO(period.fromOn, { zone: 'utc' }).minus({ days }).toISODate()!,
    toOn: DateTime.fromISO(period.fromOn, { zone: 'utc' }).minus({ days: 1 }).toISODate()!,
  }
  const [current, before, series, members] = await Promise.all([totals(period), totals(previous), dailySeries(period), memberCounts(period.storeId)])
  return { days, current, previous: before, previousPeriod: { fromOn: previous.fromOn, toOn: previous.toOn }, series, members }
}

function inPeriod(period: DashboardPeriod) {
  const query = db.from('analytics_daily').whereBetween('day', [period.fromOn, period.toOn])
  if (period.storeId !== null) query.where('store_id', period.storeId)
  return query
}

async function totals(period: DashboardPeriod): Promise<PeriodFigures> {
  const row = (await inPeriod(period).select(DAILY_FIGURES.map((figure) => db.raw(`COALESCE(SUM(${figure}), 0) AS ${figure}`))).first()) ?? {}
  const figures = Object.fromEntries(DAILY_FIGURES.map((figure) => [figure, Number(row[figure] ?? 0)])) as Figures
  const otherPurchases = figures.purchases - figures.member_purchases
  const otherRevenue = figures.revenue_cents - figures.member_revenue_cents
  return {
    ...figures,
    averageBasketCents: ratio(figures.revenue_cents, figures.purchases),
    memberBasketCents: ratio(figures.member_revenue_cents, figures.member_purchases),
    otherBasketCents: ratio(otherRevenue, otherPurchases),
    memberShareBp: figures.revenue_cents > 0 ? Math.round((figures.member_revenue_cents * 10_000) / figures.revenue_cents) : null,
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

/** Members today (not erased, not merged away), and those who bought in the last 30 and 90 days. */
export async function memberCounts(storeId: number | null) {
  const members = () => {
    const query = db.from('customers as c').whereNull('c.erased_at').whereNull('c.merged_into_id')
    if (storeId !== null) query.where('c.store_id', storeId)
    return query
  }
  const activeSince = (days: number) =>
    members()
      .join('customer_activity as a', 'a.customer_id', 'c.id')
      .where('a.last_purchase_at', '>=', dbTimestamp(DateTime.utc().minus({ days })))
      .count('* as count')
      .first()
  const [all, active30, active90] = await Promise.all([members().count('* as count').first(), activeSince(30), activeSince(90)])
  return { total: Number(all?.count ?? 0), active30: Number(active30?.count ?? 0), active90: Number(active90?.count ?? 0) }
}

function ratio(cents: number, count: number) {
  return count > 0 ? Math.round(cents / count) : null
}
