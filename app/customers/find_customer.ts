import Customer from '#customers/models/customer'
import type { CustomerIdentifier } from '#customers/identifier'

const COLUMN_OF = { email: 'email', phone: 'phoneE164', card: 'cardCode' } as const

/**
 * Finds the (not erased) customer an identifier points at, through a
 * unique index; a merged duplicate's card, phone or e-mail lead to the
 * customer it was merged into.
 */
export async function findCustomer(identifier: CustomerIdentifier) {
  return followMerges(await Customer.query().where(COLUMN_OF[identifier.kind], identifier.value).whereNull('erasedAt').first())
}

export async function findCustomerByPublicId(publicId: string) {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(publicId)) return null
  return followMerges(await Customer.query().where('publicId', publicId).whereNull('erasedAt').first())
}

/** A merge target may itself have been merged later: follow the chain (bounded). */
async function followMerges(customer: Customer | null) {
  for (let hops = 0; customer?.mergedIntoId && hops < 10; hops++) {
    customer = await Customer.query().where('id', customer.mergedIntoId).whereNull('erasedAt').first()
  }
  return customer
}
