import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { instantFromDb } from '#shared/db_time'

/** What a store's day adds up: every figure is a count or cents (invariant 1). */
export const DAILY_FIGURES = [
  'purchases',
  'revenue_cents',
  'member_purchases',
  'member_revenue_cents',
  'refunds',
  'refunded_cents',
  'new_members',
  // Erased or merged into another member that day.
  'members_left',
  // Current members whose latest purchase fell on that day: "active in the last N days" sums N rows.
  'members_last_seen',
  'rewards_issued',
  'rewards_redeemed',
  // The discounts rewards, vouchers, points and cashback granted, less those a refund took back.
  'reward_cost_cents',
] as const
export type DailyFigure = (typeof DAILY_FIGURES)[number]
export type Figures = Record<DailyFigure, number>

/** What one event adds to one day of a store, in its store's calendar. */
export interface DayChange {
  storeId: number
  day: string
  figures: Partial<Figures>
}

/** One purchase in the hour × weekday grid. */
export interface HourChange {
  storeId: number
  day: string
  weekday: number
  hour: number
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * The local calendar day (YYYY-MM-DD) of an instant read from the database,
 * in the store's time zone. One cached formatter per zone: a rebuild asks
 * this for every purchase in the history.
 */
export function localDay(value: unknown, timezone: string) {
  let format = dayFormats.get(timezone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timezone, format)
  }
  return format.format(instantFromDb(value))
}

export function localTime(value: unknown, timezone: string) {
  return DateTime.fromJSDate(instantFromDb(value)).setZone(timezone)
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

export function purchaseHour(row: { store_id: unknown; occurred_at: unknown; timezone: string }): HourChange {
  const at = localTime(row.occurred_at, row.timezone)
  return { storeId: Number(row.store_id), day: at.toISODate()!, weekday: at.weekday, hour: at.hour }
}

export function refundChange(row: { store_id: unknown; amount_cents: unknown; occurred_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.occurred_at, row.timezone), figures: { refunds: 1, refunded_cents: Number(row.amount_cents) } }
}

export function enrolmentChange(row: { store_id: unknown; created_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.created_at, row.timezone), figures: { new_members: 1 } }
}

/** A member erased or merged away stops counting from that day. */
export function departureChange(row: { store_id: unknown; left_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.left_at, row.timezone), figures: { members_left: 1 } }
}

export function voucherIssueChange(row: { store_id: unknown; issued_at: unknown; timezone: string }): DayChange {
  return { storeId: Number(row.store_id), day: localDay(row.issued_at, row.timezone), figures: { rewards_issued: 1 } }
}

/** Voucher and reward redemptions use up a reward; points and cashback only cost their discount. */
export function redemptionChange(row: { store_id: unknown; kind: string; discount_cents: unknown; created_at: unknown; timezone: string }, sign: 1 | -1 = 1, at: unknown = row.created_at): DayChange {
  const usesReward = row.kind === 'voucher' || row.kind === 'reward'
  return {
    storeId: Number(row.store_id),
    day: localDay(at, row.timezone),
    figures: { rewards_redeemed: usesReward ? sign : 0, reward_cost_cents: sign * Number(row.discount_cents ?? 0) },
  }
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

export async function addToHour(client: QueryClientContract, change: HourChange, purchases = 1) {
  await client.rawQuery(
    `INSERT INTO analytics_hourly (store_id, day, weekday, hour, purchases) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (store_id, day, hour) DO UPDATE SET purchases = analytics_hourly.purchases + excluded.purchases`,
    [change.storeId, change.day, change.weekday, change.hour, purchases]
  )
}
