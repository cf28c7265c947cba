import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dashboardFigures } from '#analytics/dashboard_figures'
import { dbTimestamp } from '#shared/db_time'
import type { SummaryWeek } from '#analytics/weekly_summary/summary_week'

/** The figures a week's summary compares; null: nothing to compare with. */
export interface WeekFigures {
  revenueCents: number
  purchases: number
  averageBasketCents: number | null
  newMembers: number
  memberShareBp: number | null
  activeMembers: number | null
}

export interface WeeklySummaryFigures {
  week: SummaryWeek
  current: WeekFigures
  previous: WeekFigures
  /** The reported week's days, Monday to Sunday. */
  series: Array<{ day: string; purchases: number; revenueCents: number; newMembers: number }>
}

/** Every store's week against the week before, read from the dashboard's daily figures. */
export async function weeklySummaryFigures(week: SummaryWeek): Promise<WeeklySummaryFigures> {
  const figures = await dashboardFigures({ fromOn: week.fromOn, toOn: week.toOn, storeId: null })
  const active = await activeMembersOf(week, figures.members.active30)
  const pick = (period: typeof figures.current, activeMembers: number | null): WeekFigures => ({
    revenueCents: period.revenue_cents,
    purchases: period.purchases,
    averageBasketCents: period.averageBasketCents,
    newMembers: period.new_members,
    memberShareBp: period.memberShareBp,
    activeMembers,
  })
  return { week, current: pick(figures.current, active.current), previous: pick(figures.previous, active.previous), series: figures.series }
}

/**
 * Active members (a purchase in the last 30 days) are counted today only:
 * the first pass of a week keeps its count, so every owner gets the same
 * one and next week's summary has something to compare with.
 */
async function activeMembersOf(week: SummaryWeek, countedNow: number) {
  await db.rawQuery('INSERT INTO weekly_summary_snapshots (iso_week, members_active30, taken_at) VALUES (?, ?, ?) ON CONFLICT (iso_week) DO NOTHING', [
    week.isoWeek,
    countedNow,
    dbTimestamp(DateTime.utc()),
  ])
  const rows = await db.from('weekly_summary_snapshots').whereIn('iso_week', [week.isoWeek, week.previousIsoWeek]).select('iso_week', 'members_active30')
  const countOf = (isoWeek: string) => {
    const row = rows.find((candidate) => candidate.iso_week === isoWeek)
    return row ? Number(row.members_active30) : null
  }
  return { current: countOf(week.isoWeek) ?? countedNow, previous: countOf(week.previousIsoWeek) }
}
