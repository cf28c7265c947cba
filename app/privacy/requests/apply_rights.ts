import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { CONSENT_PURPOSES } from '#customers/models/consent_record'
import { changeMarketingConsent } from '#privacy/change_consent'
import { suppress } from '#privacy/suppression'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { requestExport } from '#privacy/export/request_export'
import { dbTimestamp } from '#shared/db_time'
import { recordEvent } from '#shared/outbox'
import { closeRequest, type Actor, type PrivacyRequestRow } from '#privacy/requests/privacy_requests'
import { mailRequestAnswer, type AnswerRecipient } from '#privacy/requests/request_mail'

/**
 * Objection to direct marketing (Art. 21(2)–(3)): absolute and at once.
 * Both marketing consents are withdrawn (with their records) and the
 * addresses go on the suppression list, so no import brings them back for
 * marketing. Messages already queued check the consent when they are sent,
 * so they are skipped too.
 */
export async function applyObjection(customerId: number, source: string, outer?: TransactionClientContract) {
  const run = async (trx: TransactionClientContract) => {
    const customer = await trx.from('customers').where('id', customerId).whereNull('erased_at').select('email', 'phone_e164').first()
    if (!customer) return false
    // Objecting to marketing ends profiling for it too (Art. 21(2)), and review requests with it.
    for (const purpose of CONSENT_PURPOSES) await changeMarketingConsent({ customerId, purpose, granted: false, source }, trx)
    await suppress({ email: customer.email, phone: customer.phone_e164 }, 'objection', trx)
    return true
  }
  return outer ? run(outer) : db.transaction(run)
}

/**
 * Restriction (Art. 18): the data is kept but no longer used for anything
 * but storage: no message of any kind from animations or campaigns (checked
 * at send time, so queued ones are skipped), no segment. Lifted by the
 * owner only, after telling the customer (Art. 18(3)).
 */
export async function setRestriction(customerId: number, restricted: boolean, outer?: TransactionClientContract) {
  const run = async (trx: TransactionClientContract) => {
    const now = dbTimestamp(DateTime.utc(), trx)
    const query = trx.from('customers').where('id', customerId).whereNull('erased_at')
    const changed = await (restricted ? query.whereNull('restricted_at') : query.whereNotNull('restricted_at')).update({ restricted_at: restricted ? now : null, updated_at: now })
    if (Number(changed) > 0) await recordEvent(trx, 'customer.restricted', { customer_id: customerId, restricted: restricted ? 1 : 0 })
    return Number(changed) > 0
  }
  return outer ? run(outer) : db.transaction(run)
}

export type FulfilOutcome = { done: true; answerKey: string } | { done: false; why: 'no_customer' | 'identity_missing' | 'manual' }

/**
 * Carries out what the request asks, then closes it with the answer and
 * tells the customer (a service message). Rectification is done on the
 * customer's page by staff; its request is closed with the answer given.
 */
export async function fulfilRequest(request: PrivacyRequestRow, actor: Actor, answer: string | null = null): Promise<FulfilOutcome> {
  if (!request.identityCheckedAt) return { done: false, why: 'identity_missing' }
  const recipient = request.customerId ? await answerRecipientOf(request.customerId) : null
  if (!recipient || request.customerId === null) return { done: false, why: 'no_customer' }
  const customerId = request.customerId
  let answerKey: string
  switch (request.type) {
    case 'access':
    case 'portability': {
      const requested = await requestExport(customerId, { privacyRequestId: request.id, staffMemberId: actor.staffMemberId, ip: actor.ip })
      answerKey = requested.mailed ? 'export_mailed' : 'export_without_email'
      break
    }
    case 'objection':
      await applyObjection(customerId, 'objection')
      answerKey = 'objection_applied'
      break
    case 'restriction':
      await setRestriction(customerId, true)
      answerKey = 'restriction_applied'
      break
    case 'erasure': {
      // The answer goes before the address does.
      await closeRequest(request, { status: 'done', answer: answer ?? 'erased' }, actor)
      await mailRequestAnswer(recipient, request, 'erasure_done', answer)
      await eraseCustomer({ customerId, cause: 'request', staffMemberId: actor.staffMemberId, reason: `privacy request ${request.publicId}`, ip: actor.ip })
      return { done: true, answerKey: 'erasure_done' }
    }
    case 'rectification':
      if (!answer?.trim()) return { done: false, why: 'manual' }
      answerKey = 'rectification_done'
      break
  }
  await closeRequest(request, { status: 'done', answer: answer?.trim() || answerKey }, actor)
  await mailRequestAnswer(recipient, request, answerKey, answer)
  return { done: true, answerKey }
}

export async function answerRecipientOf(customerId: number): Promise<AnswerRecipient | null> {
  const row = await db
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.id', customerId)
    .whereNull('c.erased_at')
    .select('c.email', 'c.first_name', 'c.locale', 's.name as store_name')
    .first()
  return row ? { email: row.email, firstName: row.first_name, locale: row.locale, storeName: row.store_name } : null
}
