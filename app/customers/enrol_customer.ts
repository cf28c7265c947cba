import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Customer, { type CustomerSource } from '#customers/models/customer'
import CustomerActivity from '#customers/models/customer_activity'
import ConsentRecord, { CONSENT_PURPOSES, type ConsentPurpose } from '#customers/models/consent_record'
import { DuplicateCustomerError } from '#customers/errors'
import { recordEvent } from '#shared/outbox'
import type { CustomerIdentity } from '#customers/identity'

export interface EnrolCustomerInput extends Partial<CustomerIdentity> {
  storeId: number
  source: CustomerSource
  locale?: string
  tags?: string[]
  /** Consents actually given; anything absent is "no consent". */
  consents?: Partial<Record<ConsentPurpose, boolean>>
  consentEvidence?: string | null
  /** The version of the words each consent was given to (privacy/consent_wording.ts). */
  consentVersions?: Partial<Record<ConsentPurpose, string>>
  /** The programme terms the customer joined under ("terms.v3.fr:…", loyalty/terms/program_terms.ts): kept as a membership record. */
  membershipVersion?: string | null
  /** The referrer (referral_code given at enrolment, see referrerByCode). */
  referredById?: number | null
  staffMemberId?: number | null
  ip?: string | null
  userAgent?: string | null
}

/**
 * Enrols a customer: the profile, the consent proofs and the
 * customer.enrolled event, in one transaction. A phone or e-mail that is
 * already enrolled raises DuplicateCustomerError with the existing id.
 */
export async function enrolCustomer(input: EnrolCustomerInput, outer?: TransactionClientContract) {
  const run = async (trx: TransactionClientContract) => {
    await refuseDuplicates(input, trx)
    const customer = await Customer.create(profileOf(input), { client: trx })
    await CustomerActivity.startFor(customer.id, trx)
    await tagCustomer(customer.id, input.tags ?? [], trx)
    await recordConsents(customer.id, input, trx)
    await recordEvent(trx, 'customer.enrolled', { customer_id: customer.publicId, store_id: input.storeId })
    return customer
  }
  return outer ? run(outer) : db.transaction(run)
}

function profileOf(input: EnrolCustomerInput) {
  return {
    storeId: input.storeId,
    source: input.source,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email: input.email ?? null,
    phoneE164: input.phoneE164 ?? null,
    birthDay: input.birthDay ?? null,
    birthMonth: input.birthMonth ?? null,
    birthYear: input.birthYear ?? null,
    locale: input.locale ?? 'fr',
    referredById: input.referredById ?? null,
    emailMarketing: input.consents?.email_marketing === true,
    smsMarketing: input.consents?.sms_marketing === true,
    personalisation: input.consents?.personalisation === true,
    reviewRequests: input.consents?.review_requests === true,
  }
}

export async function refuseDuplicates(
  input: { email?: string | null; phoneE164?: string | null },
  trx: TransactionClientContract,
  exceptCustomerId?: number
) {
  for (const [field, column, value] of [
    ['email', 'email', input.email],
    ['phone', 'phone_e164', input.phoneE164],
  ] as const) {
    if (!value) continue
    const query = trx.from('customers').select('public_id').where(column, value)
    if (exceptCustomerId) query.whereNot('id', exceptCustomerId)
    const existing = await query.first()
    if (existing) throw new DuplicateCustomerError(existing.public_id, field)
  }
}

export async function tagCustomer(customerId: number, tags: string[], trx: TransactionClientContract) {
  const unique = [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))]
  if (unique.length === 0) return
  await trx.table('customer_tags').multiInsert(unique.map((tag) => ({ customer_id: customerId, tag })))
}

async function recordConsents(customerId: number, input: EnrolCustomerInput, trx: TransactionClientContract) {
  const granted = CONSENT_PURPOSES.filter((purpose) => input.consents?.[purpose] === true)
  const membership = input.membershipVersion ? [{ purpose: 'loyalty_membership' as const, version: input.membershipVersion }] : []
  for (const { purpose, version } of [...membership, ...granted.map((purpose) => ({ purpose, version: input.consentVersions?.[purpose] ?? null }))]) {
    await ConsentRecord.create(
      {
        customerId,
        purpose,
        decision: 'granted',
        source: input.source,
        noticeVersion: version,
        evidence: input.consentEvidence ?? null,
        staffMemberId: input.staffMemberId ?? null,
        ip: input.ip ?? null,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
      { client: trx }
    )
  }
}
