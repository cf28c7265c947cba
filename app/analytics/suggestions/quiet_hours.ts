import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { QUIET_HOURS, quietHours, type HourlyRow } from '#analytics/suggestions/quiet_hours_rule'

export type QuietHoursSuggestion =
  | { kind: 'quiet_hours'; slots: Array<{ weekday: number; hour: number; average: number; weekdayAverage: number }>; preset: 'happy_hour' }
  /** Some visits, but under 4 weeks of them: too early to tell. */
  | { kind: 'quiet_hours_too_early' }
  /** Every store at once: each has its own hours, so a store must be chosen. */
  | { kind: 'quiet_hours_choose_store' }

/** Quiet hours worth a happy hour, for one store, or for the only store of the business. */
export async function quietHoursSuggestion(storeId: number | null, today: string): Promise<QuietHoursSuggestion | null> {
  const store = storeId ?? (await onlyStore())
  if (store === null) return { kind: 'quiet_hours_choose_store' }
  const rows = await hourlyRows(store, today)
  const found = quietHours(rows, today)
  if (!found.enoughHistory) return rows.some((row) => row.purchases > 0) ? { kind: 'quiet_hours_too_early' } : null
  if (found.slots.length === 0) return null
  const tenth = (value: number) => Math.round(value * 10) / 10
  return { kind: 'quiet_hours', slots: found.slots.map((slot) => ({ ...slot, average: tenth(slot.average), weekdayAverage: tenth(slot.weekdayAverage) })), preset: 'happy_hour' }
}

/** The 90 days before today: at most 90 × 24 rows, read through the unique (store_id, day, hour) index. */
async function hourlyRows(storeId: number, today: string): Promise<HourlyRow[]> {
  const to = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: 1 })
  const rows = await db
    .from('analytics_hourly')
    .where('store_id', storeId)
    .whereBetween('day', [to.minus({ days: QUIET_HOURS.windowDays - 1 }).toISODate()!, to.toISODate()!])
    .select('day', 'weekday', 'hour', 'purchases')
  return rows.map((row) => ({ day: String(row.day), weekday: Number(row.weekday), hour: Number(row.hour), purchases: Number(row.purchases) }))
}

/** The business's store when it has only one (a handful of rows: no index needed). */
async function onlyStore() {
  const stores = await db.from('stores').whereNull('archived_at').select('id').limit(2)
  return stores.length === 1 ? Number(stores[0].id) : null
}
