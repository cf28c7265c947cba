import { DateTime } from 'luxon'

/**
 * Validity dates are calendar dates in the store's timezone (invariant 5):
 * a lot earned on 29 February 2028 with 12 months' validity is good until
 * the end of 28 February 2029; a voucher valid 60 days issued at 23:30 on
 * the night clocks change still ends at local midnight. Stored as the UTC
 * instant of that local midnight (the first instant it is no longer valid).
 *
 * Every sale asks for these, so results are memoised by local date: luxon
 * computes each (zone, date, length) once; the local date of an instant
 * comes from the zone's offset, memoised per quarter hour (the finest step
 * at which any zone changes its offset).
 */
export function lotExpiry(earnedAt: Date, months: number | null, timezone: string): Date | null {
  if (months === null) return null
  return memo(`m|${timezone}|${months}|${localDate(earnedAt, timezone)}`, () =>
    DateTime.fromJSDate(earnedAt, { zone: timezone }).plus({ months }).startOf('day').plus({ days: 1 }).toUTC().toJSDate()
  )
}

export function voucherExpiry(issuedAt: Date, days: number, timezone: string): Date {
  return memo(`d|${timezone}|${days}|${localDate(issuedAt, timezone)}`, () =>
    DateTime.fromJSDate(issuedAt, { zone: timezone }).startOf('day').plus({ days: days + 1 }).toUTC().toJSDate()
  )
}

/** Pending points become spendable this many days after the sale, at the same local time. */
export function availableFrom(earnedAt: Date, pendingDays: number, timezone: string): Date | null {
  if (pendingDays === 0) return null
  return DateTime.fromJSDate(earnedAt, { zone: timezone }).plus({ days: pendingDays }).toUTC().toJSDate()
}

/** The last day a lot or voucher can be used, in the store's calendar (for display): YYYY-MM-DD. */
export function lastValidDay(expiresAt: Date, timezone: string): string {
  return localDate(new Date(expiresAt.getTime() - 1), timezone)
}

/** The calendar date of an instant in a zone: YYYY-MM-DD. */
export function localDate(instant: Date, timezone: string): string {
  const ms = instant.getTime()
  return new Date(ms + offsetMinutes(timezone, ms) * 60_000).toISOString().slice(0, 10)
}

const QUARTER_HOUR = 15 * 60_000
const offsets = new Map<string, number>()

function offsetMinutes(timezone: string, ms: number) {
  const bucket = Math.floor(ms / QUARTER_HOUR)
  const key = `${timezone}|${bucket}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    offset = DateTime.fromMillis(bucket * QUARTER_HOUR, { zone: timezone }).offset
    remember(offsets, key, offset)
  }
  return offset
}

const dates = new Map<string, Date>()

function memo(key: string, compute: () => Date): Date {
  let value = dates.get(key)
  if (value === undefined) remember(dates, key, (value = compute()))
  return new Date(value.getTime())
}

/** Bounded: a long-running process sees a few zones and a few hundred days at a time. */
function remember<V>(map: Map<string, V>, key: string, value: V) {
  if (map.size >= 10_000) map.clear()
  map.set(key, value)
}
