import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { ActiveAnimation } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import { earlierPurchases, type PurchaseFacts } from '#animations/triggers/purchase_trigger'
import { dbInstant } from '#shared/db_time'
import { minutesOf } from '#animations/presets/preset'
import { boosterBirthdayAround } from '#animations/triggers/birthday_window'

/**
 * Happy hour: the first purchase a customer makes in one of the weekly
 * windows (store time) earns the multiplier on its points and the bonus,
 * once per customer and window (`happy_hour:<day>`). The extra
 * points are a bonus lot in the ledger, caused by the animation; no
 * message (the heads-up, if any, went out before the window).
 */
export async function onHappyHour(animation: ActiveAnimation, purchase: PurchaseFacts) {
  const params = animation.config.params as unknown as HappyHourParams & { multiplier_pct: number; bonus_points: number }
  const day = happyHourOf(purchase.occurredAt, purchase.timezone, params)
  if (!day || (await boughtEarlierInSlot(purchase, params))) return
  await grantExtraPoints(animation, purchase, `happy_hour:${day}`, params.multiplier_pct, params.bonus_points)
}

/** Another purchase of the customer came before this one in the same slot (events may be handled in any order). */
async function boughtEarlierInSlot(purchase: PurchaseFacts, params: HappyHourParams) {
  // Wall-clock time of the slot's start (set, not added: a DST day has 23 or 25 hours).
  const [hour, minute] = params.starts_at.split(':').map(Number)
  const start = DateTime.fromJSDate(purchase.occurredAt, { zone: purchase.timezone }).set({ hour, minute, second: 0, millisecond: 0 })
  const inSlot = db.from('purchases').where('customer_id', purchase.customer.id).where('occurred_at', '>=', dbInstant(start.toJSDate(), db.connection().dialect.name))
  return Boolean(await earlierPurchases(inSlot, { id: purchase.id, occurred_at: purchase.occurredAtDb }).select('id').first())
}

export interface HappyHourParams {
  weekdays: number[]
  starts_at: string
  ends_at: string
}

/** The local day (ISO) of the happy hour this instant falls in, judged on the store's wall clock; null outside every window. */
export function happyHourOf(instant: Date, timezone: string, params: HappyHourParams): string | null {
  const local = DateTime.fromJSDate(instant, { zone: timezone })
  const minute = local.hour * 60 + local.minute
  if (!params.weekdays.includes(local.weekday) || minute < minutesOf(params.starts_at) || minute >= minutesOf(params.ends_at)) return null
  return local.toISODate()
}

/**
 * Birthday booster: every purchase in the window around the birthday
 * (store time; 29 February is 28 February in common years) earns the
 * multiplier on its points, once per purchase.
 */
export async function onBirthdayBooster(animation: ActiveAnimation, purchase: PurchaseFacts) {
  const { birthDay, birthMonth } = purchase.customer
  if (!birthDay || !birthMonth) return
  const params = animation.config.params as { days_before: number; days_after: number; multiplier_pct: number }
  const local = DateTime.fromJSDate(purchase.occurredAt, { zone: purchase.timezone })
  if (!boosterBirthdayAround(local, birthMonth, birthDay, params.days_before, params.days_after)) return
  await grantExtraPoints(animation, purchase, `booster:${purchase.publicId}`, params.multiplier_pct, 0)
}

/** The extra of the multiplier on the points the sale earned (rounded down), plus a bonus, in the programme that earned them. */
async function grantExtraPoints(animation: ActiveAnimation, purchase: PurchaseFacts, key: string, multiplierPct: number, bonus: number) {
  const earned = await pointsEarnedBy(purchase)
  const extra = (earned ? Math.floor((earned.points * (multiplierPct - 100)) / 100) : 0) + bonus
  if (extra <= 0) return
  await fireOccurrences(animation, [
    {
      customerId: purchase.customer.id,
      customerStoreId: purchase.customer.storeId,
      key,
      dueAt: new Date(),
      reward: { type: 'points', points: extra, program_id: earned?.programPublicId ?? null },
      channels: [],
    },
  ])
}

async function pointsEarnedBy(purchase: PurchaseFacts) {
  const row = await db
    .from('ledger_entries as e')
    .join('loyalty_accounts as a', 'a.id', 'e.account_id')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('e.cause_type', 'purchase')
    .where('e.cause_id', purchase.publicId)
    .where('e.unit', 'points')
    .where('e.kind', 'earn')
    .where('a.customer_id', purchase.customer.id)
    .groupBy('p.id', 'p.public_id', 'p.position')
    .orderBy('p.position')
    .orderBy('p.id')
    .select('p.public_id')
    .sum('e.amount as points')
    .first()
  return row && Number(row.points) > 0 ? { programPublicId: String(row.public_id), points: Number(row.points) } : null
}

