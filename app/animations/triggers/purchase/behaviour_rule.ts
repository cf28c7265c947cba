import db from '@adonisjs/lucid/services/db'
import type { ActiveAnimation } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import { earlierPurchases, type PurchaseFacts } from '#animations/triggers/purchase_trigger'
import { dbInstant } from '#shared/db_time'
import { sql, type SqlProgram } from '#shared/sql_program'

interface RuleParams {
  condition: 'category_count' | 'basket' | 'other_store'
  category: string
  count: number
  period_days: number
  min_basket_cents: number
}

/**
 * Behavioural rules, judged at each sale of the customer:
 * - category_count: purchases with a line of category C, at least k in the
 *   last d days (this one included); then not again for d days;
 * - basket: a basket of at least X; then not again for d days;
 * - other_store: the first purchase in a store other than the one they
 *   enrolled in, once per store.
 */
export async function onBehaviourRule(animation: ActiveAnimation, purchase: PurchaseFacts) {
  const params = animation.config.params as unknown as RuleParams
  const key = await occurrenceKeyIfMet(purchase, params)
  if (!key) return
  // Not again within the period: judged under the customer's lock, so concurrent sales cannot all pass.
  const guard = params.condition === 'other_store' ? undefined : (dialect: string) => notFiredSince(animation.id, purchase.customer.id, dbInstant(new Date(purchase.occurredAt.getTime() - params.period_days * 86_400_000), dialect))
  await fireOccurrences(animation, [{ customerId: purchase.customer.id, customerStoreId: purchase.customer.storeId, key, dueAt: new Date(), guard }])
}

async function occurrenceKeyIfMet(purchase: PurchaseFacts, params: RuleParams): Promise<string | null> {
  const dialect = db.connection().dialect.name
  const since = dbInstant(new Date(purchase.occurredAt.getTime() - params.period_days * 86_400_000), dialect)
  switch (params.condition) {
    case 'other_store': {
      if (purchase.storeId === purchase.customer.storeId) return null
      const earlier = earlierPurchases(db.from('purchases').where('customer_id', purchase.customer.id).where('store_id', purchase.storeId), { id: purchase.id, occurred_at: purchase.occurredAtDb })
      const [{ total }] = await earlier.count('* as total')
      return Number(total) === 0 ? `behaviour:store:${purchase.storeId}` : null
    }
    case 'basket':
      if (purchase.totalCents < params.min_basket_cents) return null
      return `behaviour:${purchase.publicId}`
    case 'category_count': {
      const [{ total }] = await db
        .from('purchases as p')
        .where('p.customer_id', purchase.customer.id)
        .where('p.occurred_at', '>', since)
        .where('p.occurred_at', '<=', dbInstant(purchase.occurredAt, dialect))
        .whereExists((lines) => lines.from('purchase_lines as l').whereColumn('l.purchase_id', 'p.id').whereRaw('LOWER(l.category) = ?', [params.category.toLowerCase()]))
        .countDistinct('p.id as total')
      if (Number(total) < params.count) return null
      return `behaviour:${purchase.publicId}`
    }
  }
}

function* notFiredSince(animationId: number, customerId: number, since: string): SqlProgram<boolean> {
  const rows = yield sql(`SELECT id FROM firings WHERE customer_id = ? AND source_type = 'animation' AND source_id = ? AND created_at > ? LIMIT 1`, [customerId, animationId, since])
  return rows.length === 0
}
