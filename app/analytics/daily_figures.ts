import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { instantFromDb } from '#shared/db_time'

/** What a store's day adds up: every figure is a count or cents (invariant 1). */
export const DAILY_FIGURES = ['purchases', 'revenue_cents', 'member_purchases', 'member_revenue_cents', 'refunds', 'refunded_cents', 'new_members'] as const
export type DailyFigure = (typeof DAILY_FIGURES)[number]
export type Figures = Record<DailyFigure, number>

/** What one purchase, refund or enrolment adds to the day it happened on, in its store's calendar. */
export interface DayChange {
  storeId: number
  day: string
  figures: Partial<Figures>
}

/** The local calendar day (YYYY-MM-DD) of an instant read from the database, in the store's time zone. */
export function localDay(value: unknown, timezone: string) {
  return DateTime.fromJSDate(instantFromDb(value)).setZone(timezone).toISODate()!
}

export function purchaseChange(row: { store_id: unknown; total_cents: unknown; by_member: unknown; occurred_at: unknown; timezone: string }): DayChange {
  const cents = Number(row.total_cents)
  const member = Boolean(Number(row.by_member)) || row.by_member === true
  return {
    storeId: Number(row.store_id),
    day: localDay(row.occurred_at, row.timezone),
    figures: { purchases: 1, revenue_cents: cents, member_purchases: member ? 1 : 0, member_revenue_cents: member ? cents : 0 },
  }
}

export function refundChange(row: { store_id: unknown; amount_cents: unknown; occurred_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.occurred_at, row.timezone), figures: { refunds: 1, refunded_cents: Number(row.amount_cents) } }
}

export function enrolmentChange(row: { store_id: unknown; created_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.created_at, row.timezone), figures: { new_members: 1 } }
}

/** Adds the change to its day's row (created at zero), in one statement: two changes at once both count. */
export async function addToDay(client: QueryClientContract, change: DayChange) {
  const values = DAILY_FIGURES.map((figure) => change.figures[figure] ?? 0)
  const sums = DAILY_FIGURES.map((figure) => `${figure} = analytics_daily.${figure} + excluded.${figure}`).join(', ')
  await client.rawQuery(
    `INSERT INTO analytics_daily (store_id, day, ${DAILY_FIGURES.join(', ')}) VALUES (?, ?, ${DAILY_FIGURES.map(() => '?').join(', ')})
     ON CONFLICT (store_id, day) DO UPDATE SET ${sums}`,
    [change.storeId, change.day, ...values]
  )
}
