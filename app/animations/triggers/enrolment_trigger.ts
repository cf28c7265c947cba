import db from '@adonisjs/lucid/services/db'
import { activeAnimations } from '#animations/active_animations'
import { fireOccurrences } from '#animations/fire'
import { instantFromDb } from '#shared/db_time'

/**
 * customer.enrolled (from the outbox): the welcome animations active at
 * that moment fire once per customer (occurrence `welcome`), due after
 * their delay. A redelivered event finds the firing and does nothing.
 */
export async function onCustomerEnrolled(data: Record<string, any>) {
  const customer = await db.from('customers').where('public_id', String(data.customer_id)).whereNull('erased_at').select('id', 'store_id', 'created_at').first()
  if (!customer) return
  const enrolledAt = instantFromDb(customer.created_at)
  for (const animation of await activeAnimations(['welcome'], Number(customer.store_id))) {
    const delayHours = Number(animation.config.params.delay_hours ?? 0)
    await fireOccurrences(animation, [
      { customerId: Number(customer.id), customerStoreId: Number(customer.store_id), key: 'welcome', dueAt: new Date(enrolledAt.getTime() + delayHours * 3_600_000) },
    ])
  }
}
