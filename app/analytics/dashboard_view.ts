import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { formatMoney } from '#shared/format'
import { dayText, figureFormats, intlLocale, numberFormat, percentChange } from '#analytics/figure_format'
import type { AskedDashboard } from '#analytics/dashboard_query'
import type { dashboardFigures, PeriodFigures } from '#analytics/dashboard_figures'

type Figures = Awaited<ReturnType<typeof dashboardFigures>>

const CHART = { width: 720, height: 180, gap: 2 }

/** What the dashboard page shows: the form, the headline cards against the period before, the trend as bars and as a table. */
export function dashboardView(asked: AskedDashboard, figures: Figures | null, i18n: I18n) {
  const locale = i18n.locale
  const query = asked.ok ? { from: asked.period.fromOn, to: asked.period.toOn, store: asked.store?.slug ?? '' } : asked.values
  return {
    section: 'dashboard',
    form: query,
    errors: asked.ok ? {} : asked.errors,
    stores: asked.stores.map((store) => ({ slug: store.slug, name: store.name })),
    csvQuery: new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value ?? '')])).toString(),
    figures: figures ? cardsOf(figures, locale) : null,
    previous: figures ? i18n.t('analytics.previous', { from: dayText(figures.previousPeriod.fromOn, locale), to: dayText(figures.previousPeriod.toOn, locale) }) : null,
    members: figures ? membersOf(figures, locale, asked.timezone) : null,
    trend: figures ? trendOf(figures.series, locale) : null,
    cohorts: figures ? cohortsOf(figures.cohorts, locale) : null,
    frequency: figures ? frequencyOf(figures.frequency, locale) : null,
    hours: figures ? hoursOf(figures.hours, locale) : null,
  }
}

/** Shade 0–4 of a cell against the grid's best, for the colour; the figure itself is always written in the cell. */
function shade(value: number, best: number) {
  return best > 0 && value > 0 ? Math.min(4, 1 + Math.floor((value / best) * 4)) : 0
}

function membersOf({ members, liability }: Figures, locale: string, timezone: string) {
  const count = numberFormat(locale)
  return {
    liabilityAt: liability.takenAt.setZone(timezone).setLocale(intlLocale(locale)).toLocaleString(DateTime.DATETIME_MED),
    total: count.format(members.total),
    active30: count.format(members.active30),
    active90: count.format(members.active90),
    liability: formatMoney(liability.cents, 'EUR', locale),
    liabilityUnvalued: liability.unvalued,
  }
}

function monthText(month: string, locale: string) {
  return DateTime.fromFormat(month, 'yyyy-MM', { zone: 'utc' }).setLocale(intlLocale(locale)).toFormat('LLL yyyy')
}

/** The cohort grid: one row per month members joined, the share of them who bought in each month since. */
function cohortsOf(cohorts: Figures['cohorts'], locale: string) {
  const width = Math.max(0, ...cohorts.map((cohort) => cohort.cells.length))
  return {
    offsets: Array.from({ length: width }, (_, offset) => offset),
    rows: cohorts.map((cohort) => ({
      month: monthText(cohort.month, locale),
      size: numberFormat(locale).format(cohort.size),
      cells: cohort.cells.map((cell) => ({ text: figureFormats(locale).share(cell.retentionBp), members: cell.members, shade: shade(cell.retentionBp ?? 0, 10_000) })),
    })),
  }
}

function frequencyOf(frequency: Figures['frequency'], locale: string) {
  const decimal = numberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 1 })
  return {
    perMember: frequency.perMember === null ? '—' : decimal.format(frequency.perMember),
    rows: frequency.rows.map((row) => ({ month: monthText(row.month, locale), activeMembers: row.activeMembers, visits: row.visits, perMember: row.perMember === null ? '—' : decimal.format(row.perMember) })),
  }
}

/** Visits by weekday and hour: only the hours with a visit in the period, Monday first. */
function hoursOf({ grid, fromOn, toOn }: Figures['hours'], locale: string) {
  const open = Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => grid.some((day) => day[hour] > 0))
  const best = Math.max(0, ...grid.flat())
  // 1 January 2024 was a Monday.
  const weekday = (index: number) => DateTime.fromISO('2024-01-01', { zone: 'utc' }).plus({ days: index }).setLocale(intlLocale(locale)).toFormat('cccc')
  return {
    hours: open.map((hour) => `${String(hour).padStart(2, '0')}h`),
    rows: grid.map((day, index) => ({ weekday: weekday(index), cells: open.map((hour) => ({ visits: day[hour], shade: shade(day[hour], best) })) })),
    busiest: best,
    from: dayText(fromOn, locale),
    to: dayText(toOn, locale),
  }
}

function cardsOf({ current, previous }: Figures, locale: string) {
  const { money, count, share } = figureFormats(locale)
  const card = (key: string, pick: (figures: PeriodFigures) => number | null, format: (value: number | null) => string) => ({
    key,
    value: format(pick(current)),
    before: format(pick(previous)),
    change: percentChange(pick(current), pick(previous), locale),
  })
  return [
    card('revenue', (f) => f.revenue_cents, money),
    card('purchases', (f) => f.purchases, count),
    card('average_basket', (f) => f.averageBasketCents, money),
    card('member_basket', (f) => f.memberBasketCents, money),
    card('other_basket', (f) => f.otherBasketCents, money),
    card('member_share', (f) => f.memberShareBp, share),
    card('new_members', (f) => f.new_members, count),
    card('refunded', (f) => f.refunded_cents, money),
    card('rewards_issued', (f) => f.rewards_issued, count),
    card('rewards_redeemed', (f) => f.rewards_redeemed, count),
    card('redemption_rate', (f) => f.redemptionRateBp, share),
    card('reward_cost', (f) => f.reward_cost_cents, money),
  ]
}

/** One bar per day, scaled to the best day; the same figures go in the table under the chart. */
function trendOf(series: Figures['series'], locale: string) {
  const best = Math.max(1, ...series.map((day) => day.revenueCents))
  const width = (CHART.width - CHART.gap * series.length) / Math.max(1, series.length)
  return {
    chart: CHART,
    bars: series.map((day, index) => {
      const height = Math.round((day.revenueCents / best) * (CHART.height - 20))
      return { x: Math.round(index * (width + CHART.gap)), y: CHART.height - height, width: Math.max(1, Math.floor(width)), height, label: `${dayText(day.day, locale)} : ${formatMoney(day.revenueCents, 'EUR', locale)}` }
    }),
    rows: series.map((day) => ({ day: dayText(day.day, locale), purchases: day.purchases, revenue: formatMoney(day.revenueCents, 'EUR', locale), newMembers: day.newMembers })),
    best: formatMoney(best, 'EUR', locale),
  }
}
