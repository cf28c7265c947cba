import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { activeAnimations, type ActiveAnimation } from '#animations/active_animations'
import { instantFromDb } from '#shared/db_time'
import { onReviewRequest } from '#animations/triggers/purchase/review_request'
import { onReferralPurchase } from '#animations/triggers/purchase/referral'
import { onBirthdayBooster, onHappyHour } from '#animations/triggers/purchase/points_offers'
import { onBehaviourRule } from '#animations/triggers/purchase/behaviour_rule'

/** A purchase as the purchase-triggered presets read it. */
export interface PurchaseFacts {
  id: number
  publicId: string
  storeId: number
  timezone: string
  occurredAt: Date
  totalCents: number
  reviewUrl: string | null
  customer: { id: number; storeId: number; referredById: number | null; birthDay: number | null; birthMonth: number | null }
  /** The row's own occurred_at, as stored (comparisons with other purchases use it as is). */
  occurredAtDb: unknown
  /** Which visit of the customer this purchase is (their purchases before it, one indexed count, plus one). */
  visitNumber: () => Promise<number>
}

type Handler = (animation: ActiveAnimation, purchase: PurchaseFacts) => Promise<void>

const HANDLERS: Record<string, Handler> = {
  review_request: onReviewRequest,
  referral: onReferralPurchase,
  happy_hour: onHappyHour,
  birthday_booster: onBirthdayBooster,
  behaviour_rule: onBehaviourRule,
}

export const PURCHASE_KINDS = Object.keys(HANDLERS)

/**
 * purchase.recorded (from the outbox): each active purchase-triggered
 * animation of the store looks at the sale. Their occurrence keys make a
 * redelivered event fire nothing twice.
 */
export async function onPurchaseRecorded(data: Record<string, any>) {
  if (!data.customer_id) return
  const animations = await activeAnimations(PURCHASE_KINDS, Number(data.store_id))
  if (animations.length === 0) return
  const purchase = await purchaseFacts(String(data.purchase_id))
  if (!purchase) return
  for (const animation of animations) await HANDLERS[animation.kind](animation, purchase)
}

async function purchaseFacts(publicId: string): Promise<PurchaseFacts | null> {
  const row = await db
    .from('purchases as p')
    .join('customers as c', 'c.id', 'p.customer_id')
    .join('stores as s', 's.id', 'p.store_id')
    .where('p.public_id', publicId)
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .select('p.id', 'p.public_id', 'p.store_id', 'p.occurred_at', 'p.total_cents', 's.timezone', 's.review_url', 'c.id as customer_id', 'c.store_id as customer_store_id', 'c.referred_by_id', 'c.birth_day', 'c.birth_month')
    .first()
  if (!row) return null
  let visitNumber: number | null = null
  return {
    id: Number(row.id),
    publicId: row.public_id,
    storeId: Number(row.store_id),
    timezone: row.timezone,
    occurredAt: instantFromDb(row.occurred_at),
    occurredAtDb: row.occurred_at,
    totalCents: Number(row.total_cents),
    reviewUrl: row.review_url,
    customer: {
      id: Number(row.customer_id),
      storeId: Number(row.customer_store_id),
      referredById: row.referred_by_id === null ? null : Number(row.referred_by_id),
      birthDay: row.birth_day === null ? null : Number(row.birth_day),
      birthMonth: row.birth_month === null ? null : Number(row.birth_month),
    },
    visitNumber: async () => {
      if (visitNumber === null) {
        const [{ total }] = await earlierPurchases(db.from('purchases').where('customer_id', row.customer_id), row).count('* as total')
        visitNumber = Number(total) + 1
      }
      return visitNumber
    },
  }
}

/**
 * Purchases before this one: earlier, or at the same instant and recorded
 * before it (timestamps may be to the second: two sales of one second).
 */
export function earlierPurchases(query: DatabaseQueryBuilderContract, purchase: { id: unknown; occurred_at: unknown }) {
  return query.where((before) => before.where('occurred_at', '<', purchase.occurred_at as string).orWhere((same) => same.where('occurred_at', purchase.occurred_at as string).where('id', '<', Number(purchase.id))))
}
