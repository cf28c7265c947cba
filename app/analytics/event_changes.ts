import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  departureChange,
  enrolmentChange,
  purchaseChange,
  purchaseHour,
  redemptionChange,
  refundChange,
  voucherIssueChange,
  type DayChange,
  type HourChange,
} from '#analytics/daily_figures'
import { memberBought, memberLeft, membersMerged, trackedMember } from '#analytics/member_figures'

/** The outbox events that move the dashboard's figures. */
export const COUNTED_EVENTS = ['purchase.recorded', 'refund.recorded', 'customer.enrolled', 'redemption.recorded', 'voucher.issued', 'customer.erased', 'customers.merged'] as const
export type CountedEvent = (typeof COUNTED_EVENTS)[number]

/**
 * What an event changes: counts added to days (at least one, applied once
 * per event), a purchase's hour, and the bookkeeping of the member it
 * names, which reads and writes current state and so changes nothing when
 * done twice.
 */
export interface EventEffects {
  days: DayChange[]
  hour?: HourChange
  member?: (trx: TransactionClientContract) => Promise<void>
}

/** The effects of an event, read from the records it names (events carry ids only): null when the record is not there. */
export async function effectsOfEvent(client: QueryClientContract, type: string, payload: Record<string, unknown>): Promise<EventEffects | null> {
  const read = READERS[type as CountedEvent]
  return read ? read(client, payload) : null
}

type Reader = (client: QueryClientContract, payload: Record<string, unknown>) => Promise<EventEffects | null>

const READERS: Record<CountedEvent, Reader> = {
  'purchase.recorded': async (client, payload) => {
    const row = await client
      .from('purchases as p')
      .join('stores as s', 's.id', 'p.store_id')
      .where('p.public_id', String(payload.purchase_id))
      .select('p.store_id', 'p.customer_id', 'p.total_cents', 'p.by_member', 'p.occurred_at', 's.timezone')
      .first()
    if (!row) return null
    const customerId = row.customer_id === null ? null : Number(row.customer_id)
    return { days: [purchaseChange(row)], hour: purchaseHour(row), member: customerId === null ? undefined : (trx) => memberBought(trx, customerId, row.occurred_at) }
  },

  'refund.recorded': async (client, payload) => {
    const refund = await client.from('refunds as r').join('stores as s', 's.id', 'r.store_id').where('r.public_id', String(payload.refund_id)).select('r.id', 'r.store_id', 'r.amount_cents', 'r.occurred_at', 's.timezone').first()
    if (!refund) return null
    // What the refund gave back (a voucher usable again, points re-credited) no longer costs anything.
    const reversed = await client.from('redemptions as d').join('stores as s', 's.id', 'd.store_id').where('d.reversed_by_refund_id', refund.id).select('d.store_id', 'd.kind', 'd.discount_cents', 'd.created_at', 's.timezone')
    return { days: [refundChange(refund), ...reversed.map((redemption) => redemptionChange(redemption, -1, refund.occurred_at))] }
  },

  'customer.enrolled': async (client, payload) => {
    const row = await customerRow(client, payload.customer_id).select('c.created_at').first()
    if (!row) return null
    return { days: [enrolmentChange(row)], member: (trx) => trackedMember(trx, Number(row.id)).then(() => undefined) }
  },

  'redemption.recorded': async (client, payload) => {
    const row = await client.from('redemptions as d').join('stores as s', 's.id', 'd.store_id').where('d.public_id', String(payload.redemption_id)).select('d.store_id', 'd.kind', 'd.discount_cents', 'd.created_at', 's.timezone').first()
    return row ? { days: [redemptionChange(row)] } : null
  },

  // A voucher counts for its holder's home store, the one whose programme they joined.
  'voucher.issued': async (client, payload) => {
    const row = await client
      .from('vouchers as v')
      .join('customers as c', 'c.id', 'v.customer_id')
      .join('stores as s', 's.id', 'c.store_id')
      .where('v.public_id', String(payload.voucher_id))
      .select('c.store_id', 'v.issued_at', 's.timezone')
      .first()
    return row ? { days: [voucherIssueChange(row)] } : null
  },

  'customer.erased': async (client, payload) => {
    const row = await customerRow(client, payload.customer_id).whereNotNull('c.erased_at').select('c.erased_at as left_at').first()
    if (!row) return null
    return { days: [departureChange(row)], member: (trx) => memberLeft(trx, Number(row.id)) }
  },

  'customers.merged': async (client, payload) => {
    const merged = await customerRow(client, payload.merged_id).whereNotNull('c.merged_at').select('c.merged_at as left_at', 'c.merged_into_id').first()
    if (!merged) return null
    return { days: [departureChange(merged)], member: (trx) => membersMerged(trx, Number(merged.merged_into_id), Number(merged.id)) }
  },
}

function customerRow(client: QueryClientContract, publicId: unknown) {
  return client.from('customers as c').join('stores as s', 's.id', 'c.store_id').where('c.public_id', String(publicId)).select('c.id', 'c.store_id', 's.timezone')
}
