import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { enrolmentChange, purchaseChange, refundChange, type DayChange } from '#analytics/daily_figures'

/** The outbox events that move the daily figures. */
export const COUNTED_EVENTS = ['purchase.recorded', 'refund.recorded', 'customer.enrolled'] as const
export type CountedEvent = (typeof COUNTED_EVENTS)[number]

/**
 * What an event adds to a store's day, read from the record it names
 * (events carry ids only): null when the record is not there.
 */
export async function changeOfEvent(client: QueryClientContract, type: string, payload: Record<string, unknown>): Promise<DayChange | null> {
  if (type === 'purchase.recorded') {
    const row = await client
      .from('purchases as p')
      .join('stores as s', 's.id', 'p.store_id')
      .where('p.public_id', String(payload.purchase_id))
      .select('p.store_id', 'p.total_cents', 'p.by_member', 'p.occurred_at', 's.timezone')
      .first()
    return row ? purchaseChange(row) : null
  }
  if (type === 'refund.recorded') {
    const row = await client.from('refunds as r').join('stores as s', 's.id', 'r.store_id').where('r.public_id', String(payload.refund_id)).select('r.store_id', 'r.amount_cents', 'r.occurred_at', 's.timezone').first()
    return row ? refundChange(row) : null
  }
  if (type === 'customer.enrolled') {
    const row = await client.from('customers as c').join('stores as s', 's.id', 'c.store_id').where('c.public_id', String(payload.customer_id)).select('c.store_id', 'c.created_at', 's.timezone').first()
    return row ? enrolmentChange(row) : null
  }
  return null
}
