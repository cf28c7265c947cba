import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ConsentRecord, { type ConsentPurpose } from '#customers/models/consent_record'
import { dbTimestamp } from '#shared/db_time'

/** The customer's column that caches each purpose's latest decision. */
const FLAG: Record<ConsentPurpose, ConsentPurpose> = { email_marketing: 'email_marketing', sms_marketing: 'sms_marketing', personalisation: 'personalisation', review_requests: 'review_requests' }

export interface ConsentChange {
  customerId: number
  purpose: ConsentPurpose
  granted: boolean
  /** Where the decision was taken: portal, unsubscribe, sms_stop… */
  source: string
  noticeVersion?: string | null
  evidence?: string | null
  ip?: string | null
  userAgent?: string | null
}

/**
 * A marketing consent given or withdrawn: the customer's flag (which every
 * send reads at the moment of sending, so queued messages obey it) and an
 * append-only record of the decision — only when it changes anything, so a
 * repeated click leaves one record. Returns whether it changed.
 */
export async function changeMarketingConsent(change: ConsentChange, outer?: TransactionClientContract): Promise<boolean> {
  const run = async (trx: TransactionClientContract) => {
    const column = FLAG[change.purpose]
    const changed = await trx
      .from('customers')
      .where('id', change.customerId)
      .whereNull('erased_at')
      .where(column, !change.granted)
      .update({ [column]: change.granted, updated_at: dbTimestamp(DateTime.utc(), trx) })
    if (Number(changed) === 0) return false
    await ConsentRecord.create(
      {
        customerId: change.customerId,
        purpose: change.purpose,
        decision: change.granted ? 'granted' : 'withdrawn',
        source: change.source,
        noticeVersion: change.noticeVersion ?? null,
        evidence: change.evidence?.slice(0, 500) ?? null,
        ip: change.ip ?? null,
        userAgent: change.userAgent?.slice(0, 300) ?? null,
      },
      { client: trx }
    )
    return true
  }
  return outer ? run(outer) : db.transaction(run)
}
