import { DateTime } from 'luxon'

/** One row of analytics_hourly: a store's visits in one local hour of one local day. */
export interface HourlyRow {
  day: string
  weekday: number
  hour: number
  purchases: number
}

export interface QuietSlot {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number
  /** Local hour the slot starts at (0–23); it lasts one hour. */
  hour: number
  /** Visits in that slot per week, over the weeks looked at. */
  average: number
  /** The average slot of that weekday's trading hours. */
  weekdayAverage: number
}

export type QuietHours = { enoughHistory: false } | { enoughHistory: true; slots: QuietSlot[] }

/**
 * The rule, in numbers: over the 90 days before today, a weekday × hour
 * slot trades when it had a visit in more than half of the weeks looked
 * at; it is quiet when its average is under half (QUIET_SHARE) of the
 * average of that weekday's trading slots. The quietest first (lowest
 * share; ties: earlier in the week, then earlier in the day), at most 3.
 * Under 4 weeks between the first visit and yesterday: no answer.
 */
export const QUIET_HOURS = { windowDays: 90, minHistoryDays: 28, quietShare: 0.5, top: 3 }

/** The quiet slots of a store from its hourly rows; `today` is its local day (not looked at: it is not over). */
export function quietHours(rows: HourlyRow[], today: string): QuietHours {
  const lastDay = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 1 })
  const windowStart = lastDay.minus({ days: QUIET_HOURS.windowDays - 1 }).toISODate()!
  const inWindow = rows.filter((row) => row.purchases > 0 && row.day >= windowStart && row.day <= lastDay.toISODate()!)
  if (inWindow.length === 0) return { enoughHistory: false }
  // A store that opened within the window is judged from its first visit on.
  const firstDay = DateTime.fromISO(inWindow.reduce((first, row) => (row.day < first ? row.day : first), inWindow[0].day), { zone: 'utc' })
  if (lastDay.diff(firstDay, 'days').days + 1 < QUIET_HOURS.minHistoryDays) return { enoughHistory: false }
  const weeks = weekdaysBetween(firstDay, lastDay)
  const slots = [...slotTotals(inWindow).entries()].map(([key, totals]) => ({ weekday: Math.floor(key / 24), hour: key % 24, ...totals }))
  const trading = slots.filter((slot) => slot.daysWithVisits * 2 > weeks[slot.weekday])
  return { enoughHistory: true, slots: quietAmong(trading.map((slot) => ({ weekday: slot.weekday, hour: slot.hour, average: slot.visits / weeks[slot.weekday] }))) }
}

function quietAmong(trading: Array<{ weekday: number; hour: number; average: number }>): QuietSlot[] {
  const weekdayAverage = new Map<number, number>()
  for (let weekday = 1; weekday <= 7; weekday++) {
    const ofDay = trading.filter((slot) => slot.weekday === weekday)
    if (ofDay.length > 0) weekdayAverage.set(weekday, ofDay.reduce((sum, slot) => sum + slot.average, 0) / ofDay.length)
  }
  return trading
    .map((slot) => ({ ...slot, weekdayAverage: weekdayAverage.get(slot.weekday)! }))
    .filter((slot) => slot.average < QUIET_HOURS.quietShare * slot.weekdayAverage)
    .sort((a, b) => a.average / a.weekdayAverage - b.average / b.weekdayAverage || a.weekday - b.weekday || a.hour - b.hour)
    .slice(0, QUIET_HOURS.top)
}

/** Visits and days with a visit per slot, keyed weekday × 24 + hour. */
function slotTotals(rows: HourlyRow[]) {
  const totals = new Map<number, { visits: number; daysWithVisits: number }>()
  for (const row of rows) {
    const key = row.weekday * 24 + row.hour
    const slot = totals.get(key) ?? { visits: 0, daysWithVisits: 0 }
    totals.set(key, { visits: slot.visits + row.purchases, daysWithVisits: slot.daysWithVisits + 1 })
  }
  return totals
}

/** How many Mondays, Tuesdays… between two days, both included (index = ISO weekday). */
function weekdaysBetween(first: DateTime, last: DateTime) {
  const counts = [0, 0, 0, 0, 0, 0, 0, 0]
  for (let day = first; day <= last; day = day.plus({ days: 1 })) counts[day.weekday] += 1
  return counts
}
