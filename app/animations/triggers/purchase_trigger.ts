import db from '@adonisjs/lucid/services/db'
import { activeAnimations } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import { instantFromDb } from '#shared/db_time'

/**
 * purchase.recorded (from the outbox): the review request fires once per
 * customer, N hours after their Nth visit, and only for a store that has a
 * review page to send them to.
 */
export async function onPurchaseRecorded(data: Record<string, any>) {
  if (!data.customer_id) return
  const animations = await activeAnimations(['review_request'], Number(data.store_id))
  if (animations.length === 0) return
  const row = await db
    .from('purchases as p')
    .join('customers as c', 'c.id', 'p.customer_id')
    .join('stores as s', 's.id', 'p.store_id')
    .where('p.public_id', String(data.purchase_id))
    .whereNull('c.erased_at')
    .select('c.id as customer_id', 'c.store_id as customer_store_id', 'p.occurred_at', 's.review_url')
    .first()
  if (!row || !row.review_url) return
  // Which visit this purchase is: the customer's purchases up to it (one indexed count).
  const [{ total }] = await db.from('purchases').where('customer_id', row.customer_id).where('occurred_at', '<=', row.occurred_at).count('* as total')
  const occurredAt = instantFromDb(row.occurred_at)
  for (const animation of animations) {
    if (Number(total) !== Number(animation.config.params.visit_number)) continue
    const dueAt = new Date(Math.max(Date.now(), occurredAt.getTime() + Number(animation.config.params.delay_hours) * 3_600_000))
    await fireOccurrences(animation, [{ customerId: Number(row.customer_id), customerStoreId: Number(row.customer_store_id), key: 'review', dueAt }])
  }
}
