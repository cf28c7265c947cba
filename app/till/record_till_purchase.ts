import Purchase from '#purchases/models/purchase'
import { recordSale, type PurchaseLineInput } from '#purchases/record_purchase'
import type Customer from '#customers/models/customer'
import type Store from '#stores/models/store'

export interface RecordTillPurchaseInput {
  customer: Customer
  store: Store
  totalCents: number
  /** One-time token rendered in the form: a second submit carries the same one. */
  formToken: string
  lines?: PurchaseLineInput[]
  staffMemberId: number
}

/**
 * Records a purchase typed at the till. The form token becomes the
 * purchase reference, unique per store, so a double submit (double click,
 * reload, retry after a timeout) returns the first purchase instead of
 * recording a second one.
 */
export async function recordTillPurchase(input: RecordTillPurchaseInput) {
  const reference = `till-${input.formToken}`
  const existing = await findByReference(input.store, reference)
  if (existing) return { purchase: existing, duplicate: true, loyalty: null }
  try {
    const { purchase, loyalty } = await recordSale({
      store: input.store,
      customer: input.customer,
      totalCents: input.totalCents,
      reference,
      lines: input.lines,
      source: 'till',
      staffMemberId: input.staffMemberId,
    })
    return { purchase, duplicate: false, loyalty }
  } catch (error) {
    // Two submits at the same instant: the unique index let one through.
    const winner = await findByReference(input.store, reference)
    if (winner) return { purchase: winner, duplicate: true, loyalty: null }
    throw error
  }
}

function findByReference(store: Store, reference: string) {
  return Purchase.query().where('storeId', store.id).where('reference', reference).first()
}
