import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import Customer from '#customers/models/customer'
import { refuseDuplicates } from '#customers/enrol_customer'
import { DuplicateCustomerError } from '#customers/errors'
import type { MarketingPurpose } from '#customers/models/consent_record'
import { changeMarketingConsent } from '#privacy/change_consent'
import { ageOn, CONSENT_AGE } from '#privacy/join/join_form'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'
import { recordEvent } from '#shared/outbox'

/** What a customer may correct themselves (Art. 16); the e-mail goes through email_change.ts. */
export interface ProfileChanges {
  firstName: string | null
  lastName: string | null
  phoneE164: string | null
  birthDay: number | null
  birthMonth: number | null
  birthYear: number | null
  locale: 'fr' | 'en'
}

export interface RectifyProfileInput {
  customerId: number
  changes: ProfileChanges
  /** A new address asked for: checked here with the rest (nobody else's), applied only once it confirms. */
  newEmail: string | null
  /** The store's, for the age on today's date. */
  timezone: string
  ip: string | null
  userAgent: string | null
}

export interface Rectification {
  changed: string[]
  /** Marketing consents withdrawn because the corrected birth date is under the age of consent. */
  withdrawn: MarketingPurpose[]
}

const FIELDS = ['firstName', 'lastName', 'phoneE164', 'birthDay', 'birthMonth', 'birthYear', 'locale'] as const
const PURPOSES: Array<[MarketingPurpose, 'emailMarketing' | 'smsMarketing']> = [
  ['email_marketing', 'emailMarketing'],
  ['sms_marketing', 'smsMarketing'],
]

/**
 * A customer's correction of their own profile from the portal, in one
 * transaction: the changed fields, an audit row (no staff member; the
 * field names, never their values), the customer.updated event, and the
 * last contact from the customer (a change in the personal space restarts
 * the retention clock, R2). A phone or new e-mail of another customer
 * refuses the whole correction (DuplicateCustomerError), nothing written.
 * Under 15 with the corrected birth date, marketing consents are
 * withdrawn with their record (R30). Returns what changed.
 */
export async function rectifyProfile(input: RectifyProfileInput): Promise<Rectification> {
  return db.transaction(async (trx) => {
    const customer = await Customer.query({ client: trx }).where('id', input.customerId).whereNull('erasedAt').firstOrFail()
    await refuseDuplicates({ email: input.newEmail, phoneE164: input.changes.phoneE164 }, trx, customer.id)
    const changed: string[] = FIELDS.filter((field) => customer[field] !== input.changes[field])
    if (changed.length === 0) return { changed, withdrawn: [] }
    customer.merge(input.changes)
    await saveUnique(customer, trx)
    await trx.from('customers').where('id', customer.id).update({ last_contact_at: dbTimestamp(DateTime.utc(), trx) })
    await audit({ staffMemberId: null, action: 'customer.rectified', subjectType: 'customer', subjectId: customer.publicId, details: { fields: changed }, ip: input.ip }, trx)
    await recordEvent(trx, 'customer.updated', { customer_id: customer.publicId })
    const withdrawn = changed.some((field) => field.startsWith('birth')) ? await withdrawUnderAge(customer, input, trx) : []
    return { changed, withdrawn }
  })
}

/** The unique index has the last word when another customer took the number in the meantime. */
async function saveUnique(customer: Customer, trx: TransactionClientContract) {
  try {
    await customer.useTransaction(trx).save()
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateCustomerError('', 'phone')
    throw error
  }
}

export function isUniqueViolation(error: unknown) {
  const code = (error as { code?: string })?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

async function withdrawUnderAge(customer: Customer, input: RectifyProfileInput, trx: TransactionClientContract) {
  const { birthYear: year, birthMonth: month, birthDay: day } = customer
  if (!year || !month || !day || ageOn(DateTime.now().setZone(input.timezone), { year, month, day }) >= CONSENT_AGE) return []
  const withdrawn: MarketingPurpose[] = []
  for (const [purpose, flag] of PURPOSES) {
    if (!customer[flag]) continue
    const change = { customerId: customer.id, purpose, granted: false, source: 'portal', evidence: 'birth date corrected: under the age of consent', ip: input.ip, userAgent: input.userAgent }
    if (await changeMarketingConsent(change, trx)) withdrawn.push(purpose)
  }
  return withdrawn
}
