import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Customer from '#customers/models/customer'
import { refuseDuplicates, tagCustomer } from '#customers/enrol_customer'
import { audit } from '#shared/audit'
import { recordEvent } from '#shared/outbox'
import type { CustomerIdentity } from '#customers/identity'

export interface CustomerChanges extends CustomerIdentity {
  locale: string
  tags: string[]
}

export interface UpdateCustomerInput {
  customer: Customer
  changes: CustomerChanges
  staffMemberId: number
  ip?: string | null
}

const PROFILE_FIELDS = ['firstName', 'lastName', 'email', 'phoneE164', 'birthDay', 'birthMonth', 'birthYear', 'locale'] as const

/**
 * Staff edit of a customer profile. Writes the audit row (names of the
 * changed fields, never their values) and the customer.updated event in
 * the same transaction as the change. Consents are not edited here.
 * Returns the names of the fields that changed (none: nothing written).
 */
export async function updateCustomer(input: UpdateCustomerInput) {
  return db.transaction(async (trx) => {
    const customer = await Customer.query({ client: trx }).where('id', input.customer.id).firstOrFail()
    await refuseDuplicates(input.changes, trx, customer.id)
    const changed: string[] = PROFILE_FIELDS.filter((field) => customer[field] !== input.changes[field])
    if (await replaceTags(customer.id, input.changes.tags, trx)) changed.push('tags')
    if (changed.length === 0) return changed
    for (const field of PROFILE_FIELDS) customer[field] = input.changes[field] as never
    await customer.useTransaction(trx).save()
    await audit(
      { staffMemberId: input.staffMemberId, action: 'customer.updated', subjectType: 'customer', subjectId: customer.publicId, details: { fields: changed }, ip: input.ip },
      trx
    )
    await recordEvent(trx, 'customer.updated', { customer_id: customer.publicId })
    input.customer.merge(customer.$attributes)
    return changed
  })
}

export async function tagsOf(customerId: number, client: TransactionClientContract | typeof db = db) {
  const rows = await client.from('customer_tags').where('customer_id', customerId).orderBy('tag').select('tag')
  return rows.map((row: { tag: string }) => row.tag)
}

/** Replaces the tag set when it differs; true when it did. */
async function replaceTags(customerId: number, wanted: string[], trx: TransactionClientContract) {
  const next = [...new Set(wanted.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort()
  const current = await tagsOf(customerId, trx)
  if (next.join('\n') === current.join('\n')) return false
  await trx.from('customer_tags').where('customer_id', customerId).delete()
  await tagCustomer(customerId, next, trx)
  return true
}
