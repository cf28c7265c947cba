import { DateTime } from 'luxon'

/** The day a birthday is celebrated in that year, store time: 29 February falls on 28 February in common years. */
export function birthdayIn(year: number, month: number, day: number, timezone: string): DateTime {
  const leapDayInCommonYear = month === 2 && day === 29 && !DateTime.local(year, 1, 1).isInLeapYear
  return DateTime.fromObject({ year, month, day: leapDayInCommonYear ? 28 : day }, { zone: timezone })
}

/**
 * The birthday whose booster window [birthday − before, birthday + after]
 * holds this local day, if any: the window may straddle New Year, so the
 * birthdays of the day's year and of the years around it are tried.
 */
export function boosterBirthdayAround(localDay: DateTime, month: number, day: number, before: number, after: number): DateTime | null {
  const today = localDay.startOf('day')
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const birthday = birthdayIn(year, month, day, today.zoneName!)
    if (today >= birthday.minus({ days: before }) && today <= birthday.plus({ days: after })) return birthday
  }
  return null
}
