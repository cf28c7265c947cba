import { DateTime } from 'luxon'

const cache = new Map<number, Set<string>>()

/**
 * The eleven French public holidays of a year ("MM-DD"), on which the
 * default SMS window sends nothing: eight fixed dates and three that follow
 * Easter (Monday after Easter, Ascension, Whit Monday).
 */
export function frenchPublicHolidays(year: number): Set<string> {
  let days = cache.get(year)
  if (!days) {
    const easter = easterSunday(year)
    const movable = [1, 39, 50].map((offset) => easter.plus({ days: offset }).toFormat('MM-dd'))
    days = new Set(['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25', ...movable])
    cache.set(year, days)
  }
  return days
}

export function isFrenchPublicHoliday(local: DateTime) {
  return frenchPublicHolidays(local.year).has(local.toFormat('MM-dd'))
}

/** Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" computation). */
function easterSunday(year: number) {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return DateTime.utc(year, month, day)
}
