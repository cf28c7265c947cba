import { DateTime } from 'luxon'

/** From when, each week, the summary of the week before goes out: Monday 08:00 business time (an hour that exists on every DST change day). */
export const SEND_FROM_HOUR = 8

export interface SummaryWeek {
  /** The ISO week reported on ("2026-W49"), and the one before, compared with. */
  isoWeek: string
  previousIsoWeek: string
  /** Monday and Sunday of the week reported on, both included. */
  fromOn: string
  toOn: string
}

const isoWeekOf = (day: DateTime) => day.toFormat("kkkk-'W'WW")

/**
 * The week a pass at `now` reports on: last week (Monday–Sunday), from this
 * week's Monday 08:00 in `zone` on; null before. A machine that was off on
 * Monday catches up later in the week; a summary not sent by Sunday night
 * is dropped, the next Monday's replacing it.
 */
export function dueSummaryWeek(now: DateTime, zone: string): SummaryWeek | null {
  const local = now.setZone(zone)
  const monday = local.startOf('week')
  if (local < monday.set({ hour: SEND_FROM_HOUR })) return null
  const reported = monday.minus({ weeks: 1 })
  return {
    isoWeek: isoWeekOf(reported),
    previousIsoWeek: isoWeekOf(reported.minus({ weeks: 1 })),
    fromOn: reported.toISODate()!,
    toOn: reported.plus({ days: 6 }).toISODate()!,
  }
}
