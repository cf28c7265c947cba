import { DateTime } from 'luxon'

/**
 * Validity dates are calendar dates in the store's timezone (invariant 5):
 * a lot earned on 29 February 2028 with 12 months' validity is good until
 * the end of 28 February 2029; a voucher valid 60 days issued at 23:30 on
 * the night clocks change still ends at local midnight. Stored as the UTC
 * instant of that local midnight (the first instant it is no longer valid).
 */
export function lotExpiry(earnedAt: Date, months: number | null, timezone: string): Date | null {
  if (months === null) return null
  const local = DateTime.fromJSDate(earnedAt, { zone: timezone })
  return local.plus({ months }).startOf('day').plus({ days: 1 }).toUTC().toJSDate()
}

export function voucherExpiry(issuedAt: Date, days: number, timezone: string): Date {
  const local = DateTime.fromJSDate(issuedAt, { zone: timezone })
  return local.startOf('day').plus({ days: days + 1 }).toUTC().toJSDate()
}

/** Pending points become spendable this many days after the sale, at the same local time. */
export function availableFrom(earnedAt: Date, pendingDays: number, timezone: string): Date | null {
  if (pendingDays === 0) return null
  return DateTime.fromJSDate(earnedAt, { zone: timezone }).plus({ days: pendingDays }).toUTC().toJSDate()
}

/** The last day a lot or voucher can be used, in the store's calendar (for display). */
export function lastValidDay(expiresAt: Date, timezone: string): string {
  return DateTime.fromJSDate(expiresAt, { zone: timezone }).minus({ milliseconds: 1 }).toISODate()!
}
