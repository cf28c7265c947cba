import { DateTime } from 'luxon'
import { formatMoney } from '#shared/format'
import { figureFormats, intlLocale, percentChange, signed } from '#analytics/figure_format'
import type { WeekFigures, WeeklySummaryFigures } from '#analytics/weekly_summary/weekly_summary_figures'

/** One headline figure as the mail shows it: this week, the week before, the change ("+25 %", "+20 pt"). */
export interface SummaryLine {
  key: 'revenue' | 'purchases' | 'average_basket' | 'new_members' | 'member_share' | 'active_members'
  value: string
  before: string
  change: string | null
}

export function summaryLines({ current, previous }: WeeklySummaryFigures, locale: string): SummaryLine[] {
  const { money, count, share } = figureFormats(locale)
  const line = (key: SummaryLine['key'], pick: (figures: WeekFigures) => number | null, format: (value: number | null) => string, change = percentText): SummaryLine => ({
    key,
    value: format(pick(current)),
    before: format(pick(previous)),
    change: change(pick(current), pick(previous), locale),
  })
  return [
    line('revenue', (f) => f.revenueCents, money),
    line('purchases', (f) => f.purchases, count),
    line('average_basket', (f) => f.averageBasketCents, money),
    line('new_members', (f) => f.newMembers, count),
    line('member_share', (f) => f.memberShareBp, share, pointsChange),
    line('active_members', (f) => f.activeMembers, count),
  ]
}

/** The reported week's days, for the table under the chart. */
export function dayLines({ series }: WeeklySummaryFigures, locale: string) {
  return series.map((day) => ({
    day: weekdayText(day.day, locale),
    revenue: formatMoney(day.revenueCents, 'EUR', locale),
    purchases: new Intl.NumberFormat(intlLocale(locale)).format(day.purchases),
    newMembers: new Intl.NumberFormat(intlLocale(locale)).format(day.newMembers),
  }))
}

/** "lun. 9 sept." / "Mon 9 Sept". */
export function weekdayText(day: string, locale: string) {
  return DateTime.fromISO(day, { zone: 'utc' }).setLocale(intlLocale(locale)).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' })
}

/** "+25 %", "−56 %", "0 %"; nothing when the week before had nothing to compare with. */
function percentText(now: number | null, before: number | null, locale: string) {
  return percentChange(now, before, locale)?.text ?? null
}

/** A share's change in percentage points: 40 % → 60 % is "+20 pt", not "+50 %". */
function pointsChange(now: number | null, before: number | null, locale: string) {
  if (now === null || before === null) return null
  return `${signed((now - before) / 100, 1, locale)} pt`
}
