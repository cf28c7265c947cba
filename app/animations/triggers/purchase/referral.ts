import db from '@adonisjs/lucid/services/db'
import type { ActiveAnimation } from '#animations/active_animations'
import { fireOccurrences, type Occurrence } from '#animations/fire'
import type { PurchaseFacts } from '#animations/triggers/purchase_trigger'
import { dbInstant } from '#shared/db_time'
import { sql, type SqlProgram } from '#shared/sql_program'

/**
 * Referral: after the customer's Nth visit, the invitation (their referral
 * code, no reward yet). When a customer enrolled with a friend's code makes
 * their first purchase, of at least the minimum basket, both are rewarded
 * — the referee once (`referral:referee`), the referrer once per referee
 * and at most `max_per_year` times in 365 days (anti-abuse: a referrer
 * cannot farm rewards with made-up friends; the referee, who did buy, is
 * rewarded anyway). Only a first purchase counts, so a refund and a new
 * sale cannot earn it twice.
 */
export async function onReferralPurchase(animation: ActiveAnimation, purchase: PurchaseFacts) {
  const params = animation.config.params as { invite_after_visits: number; min_basket_cents: number; max_per_year: number }
  const visit = await purchase.visitNumber()
  const now = new Date()
  const occurrences: Occurrence[] = []
  if (params.invite_after_visits > 0 && visit === params.invite_after_visits) {
    occurrences.push({ customerId: purchase.customer.id, customerStoreId: purchase.customer.storeId, key: 'referral:invite', dueAt: now, reward: null })
  }
  if (purchase.customer.referredById !== null && visit === 1 && purchase.totalCents >= params.min_basket_cents) {
    occurrences.push({ customerId: purchase.customer.id, customerStoreId: purchase.customer.storeId, key: 'referral:referee', dueAt: now })
    const referrer = await referrerOf(purchase.customer.referredById)
    if (referrer) {
      occurrences.push({
        customerId: referrer.id,
        customerStoreId: referrer.storeId,
        key: `referral:referrer:${purchase.publicId}`,
        dueAt: now,
        guard: (dialect) => underYearlyCap(animation.id, referrer.id, params.max_per_year, dbInstant(new Date(now.getTime() - 365 * 86_400_000), dialect)),
      })
    }
  }
  if (occurrences.length > 0) await fireOccurrences(animation, occurrences)
}

async function referrerOf(referrerId: number) {
  const referrer = await db.from('customers').where('id', referrerId).whereNull('erased_at').whereNull('merged_into_id').select('id', 'store_id').first()
  return referrer ? { id: Number(referrer.id), storeId: Number(referrer.store_id) } : null
}

/** Fewer referrer rewards than the cap in the last 365 days (judged in the firing's transaction). */
function* underYearlyCap(animationId: number, referrerId: number, cap: number, since: string): SqlProgram<boolean> {
  const [row] = yield sql(
    `SELECT COUNT(*) AS total FROM firings WHERE customer_id = ? AND source_type = 'animation' AND source_id = ? AND created_at > ? AND occurrence_key LIKE 'referral:referrer:%'`,
    [referrerId, animationId, since]
  )
  return Number(row.total) < cap
}
