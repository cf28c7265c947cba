import Customer from '#customers/models/customer'
import type { CustomerIdentifier } from '#customers/identifier'

const COLUMN_OF = { email: 'email', phone: 'phoneE164', card: 'cardCode' } as const

/** Finds the (not erased) customer an identifier points at, through a unique index. */
export function findCustomer(identifier: CustomerIdentifier) {
  return Customer.query().where(COLUMN_OF[identifier.kind], identifier.value).whereNull('erasedAt').first()
}

export function findCustomerByPublicId(publicId: string) {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(publicId)) return null
  return Customer.query().where('publicId', publicId).whereNull('erasedAt').first()
}
