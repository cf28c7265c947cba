import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Customer from '#customers/models/customer'
import { OPTIONAL_PURPOSES } from '#customers/models/consent_record'
import { enrolCustomer } from '#customers/enrol_customer'
import type { JoinDetails } from '#privacy/join/join_request'
import { dbInstant } from '#shared/db_time'
import { hashSecretToken } from '#shared/secret_token'

export interface PendingJoin {
  id: number
  storeId: number
  storeName: string
  details: JoinDetails
}

export type JoinOutcome =
  | { kind: 'invalid' }
  | { kind: 'already'; email: string; storeName: string }
  | { kind: 'joined'; customer: Customer; storeName: string; marketing: Array<'email_marketing' | 'sms_marketing'>; phoneLeftOut: boolean }

/** The join a link names, if it is still waiting and not expired (the confirmation page shows it; nothing changes). */
export async function pendingJoin(token: string, client: TransactionClientContract | typeof db = db): Promise<PendingJoin | null> {
  const dialect = db.connection().dialect.name
  const query = client
    .from('join_requests as j')
    .join('stores as s', 's.id', 'j.store_id')
    .where('j.token_hash', hashSecretToken(token))
    .whereNull('j.confirmed_at')
    .where('j.expires_at', '>', dbInstant(new Date(), dialect))
    .select('j.id', 'j.store_id', 'j.details', 's.name as store_name')
  if (dialect === 'postgres' && 'isTransaction' in client) query.forUpdate('j')
  const row = await query.first()
  return row ? { id: Number(row.id), storeId: Number(row.store_id), storeName: row.store_name, details: JSON.parse(row.details) as JoinDetails } : null
}

/**
 * The click on the mailed link, which proves the mailbox: the customer is
 * enrolled (source `join`) with the programme's terms accepted and the
 * marketing consents ticked, each recorded with the words' version, the
 * submission and the confirmation (double opt-in). The link works once;
 * the request keeps no personal data afterwards. An address that already
 * has a card changes nothing.
 */
export async function confirmJoin(token: string, request: { ip: string | null; userAgent: string | null }): Promise<JoinOutcome> {
  return db.transaction(async (trx) => {
    const pending = await pendingJoin(token, trx)
    if (!pending) return { kind: 'invalid' } as const
    const { details } = pending
    const now = new Date()
    const forget = (customerId: number | null) =>
      trx.from('join_requests').where('id', pending.id).update({ confirmed_at: dbInstant(now, trx.dialect.name), customer_id: customerId, email: null, details: null })
    if (await trx.from('customers').where('email', details.email).first()) {
      await forget(null)
      return { kind: 'already', email: details.email, storeName: pending.storeName } as const
    }
    // A phone already on another card is left out (and so are text messages): the counter can merge the two.
    const phoneTaken = details.phoneE164 ? Boolean(await trx.from('customers').where('phone_e164', details.phoneE164).first()) : false
    const phoneE164 = phoneTaken ? null : details.phoneE164
    const versionOf = (purpose: string) => details.choices.find((choice) => choice.purpose === purpose)?.version
    const marketing = (['email_marketing', 'sms_marketing'] as const).filter((purpose) => versionOf(purpose) && (purpose === 'email_marketing' || phoneE164))
    const optional = OPTIONAL_PURPOSES.filter((purpose) => versionOf(purpose))
    const given = [...marketing, ...optional]
    const evidence = `double opt-in: form sent ${details.submitted.at} from ${details.submitted.ip ?? 'unknown'} (${(details.submitted.userAgent ?? '').slice(0, 200)}); link confirmed ${now.toISOString()}`.slice(0, 500)
    const customer = await enrolCustomer(
      {
        storeId: pending.storeId,
        source: 'join',
        firstName: details.firstName,
        email: details.email,
        phoneE164,
        birthDay: details.birthDay,
        birthMonth: details.birthMonth,
        birthYear: details.birthYear,
        locale: details.locale,
        consents: Object.fromEntries(given.map((purpose) => [purpose, true])),
        consentVersions: Object.fromEntries(given.map((purpose) => [purpose, versionOf(purpose)!])),
        consentEvidence: evidence,
        // The programme's terms: a contract, not a consent, but the version accepted is kept all the same.
        membershipVersion: versionOf('loyalty_membership') ?? null,
        ip: request.ip,
        userAgent: request.userAgent,
      },
      trx
    )
    await forget(customer.id)
    return { kind: 'joined', customer, storeName: pending.storeName, marketing, phoneLeftOut: phoneTaken } as const
  })
}
