import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import limiter from '@adonisjs/limiter/services/main'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'
import { randomCode } from '#shared/public_id'
import { hashSecretToken } from '#shared/secret_token'
import { redisIsReady } from '#shared/redis_ready'
import { runOn } from '#shared/sql_program'
import { recordEvent } from '#shared/outbox'
import { lockCustomer } from '#customers/customer_lock'
import { suppress } from '#privacy/suppression'
import { appendToJournalFile, type ErasureCause } from '#privacy/erasure/erasure_journal'
import { afterErasureHooks } from '#privacy/erasure/erasure_hooks'

export interface ErasureInput {
  customerId: number
  cause: ErasureCause
  /** The staff member who carried it out (a request handled, a command): none for the customer or the retention purge. */
  staffMemberId?: number | null
  /** Why, for the audit log: never personal data. */
  reason?: string | null
  ip?: string | null
}

export type ErasureResult = { erased: true; publicId: string } | { erased: false; why: 'not_found' | 'already_erased' }

/**
 * Erasure (Art. 17): the person's data is removed, or irreversibly
 * anonymised where the accounts need the row, everywhere the app keeps it.
 * - The customer row stays as a tombstone (its public id, store, dates):
 *   purchases keep their amounts but lose the link; the ledger, vouchers
 *   and deliveries keep pointing at the tombstone, which names nobody.
 * - Consent proofs (IP, user agent), tags, pending joins, portal sign-ins,
 *   rejected import rows, stored API answers, development outbox messages
 *   and export files are deleted; queued messages are skipped and open
 *   vouchers cancelled.
 * - A keyed hash of the e-mail and phone goes on the suppression list; the
 *   erasure is journalled (table and file) for replay after a restore.
 * - After the commit: the address quotas in Redis are deleted, and on
 *   SQLite the write-ahead log is truncated so the old pages leave the disk
 *   (secure_delete zeroes what the database file frees).
 */
export async function eraseCustomer(input: ErasureInput): Promise<ErasureResult> {
  const erasedAt = DateTime.utc()
  const outcome = await db.transaction(async (trx) => {
    await runOn(trx, lockCustomer(input.customerId, trx.dialect.name))
    const customer = await trx.from('customers').where('id', input.customerId).forUpdate().first()
    if (!customer) return { erased: false as const, why: 'not_found' as const }
    if (customer.erased_at) return { erased: false as const, why: 'already_erased' as const }
    const person = { publicId: String(customer.public_id), email: customer.email as string | null, phone: customer.phone_e164 as string | null }
    await suppress({ email: person.email, phone: person.phone }, 'erasure', trx)
    await anonymise(trx, input.customerId, erasedAt)
    await deleteWhatNamesThem(trx, input.customerId, person)
    await trx.rawQuery('INSERT INTO erasure_journal (customer_public_id, cause, erased_at) VALUES (?, ?, ?) ON CONFLICT (customer_public_id) DO NOTHING', [
      person.publicId,
      input.cause,
      dbTimestamp(erasedAt, trx),
    ])
    await audit(
      { staffMemberId: input.staffMemberId ?? null, action: 'customer.erased', subjectType: 'customer', subjectId: person.publicId, details: { cause: input.cause, reason: input.reason ?? null }, ip: input.ip ?? null },
      trx
    )
    await recordEvent(trx, 'customer.erased', { customer_id: person.publicId })
    return { erased: true as const, publicId: person.publicId, email: person.email }
  })
  if (!outcome.erased) return outcome

  await appendToJournalFile({ customer: outcome.publicId, cause: input.cause, at: erasedAt.toISO()! })
  await forgetQuotas(outcome.email)
  for (const hook of afterErasureHooks) await hook(input.customerId)
  await flushSqliteLog()
  return { erased: true, publicId: outcome.publicId }
}

async function anonymise(trx: TransactionClientContract, customerId: number, erasedAt: DateTime) {
  await trx
    .from('customers')
    .where('id', customerId)
    .update({
      first_name: null,
      last_name: null,
      search_name: null,
      email: null,
      phone_e164: null,
      birth_day: null,
      birth_month: null,
      birth_year: null,
      // New codes: the card and referral codes in a wallet or on paper no longer lead here.
      card_code: `E${randomCode(12)}`,
      referral_code: `E${randomCode(10)}`,
      referred_by_id: null,
      email_marketing: false,
      sms_marketing: false,
      personalisation: false,
      review_requests: false,
      restricted_at: null,
      last_contact_at: null,
      portal_seen_at: null,
      portal_warned_at: null,
      erased_at: dbTimestamp(erasedAt, trx),
      updated_at: dbTimestamp(erasedAt, trx),
    })
  await trx.from('purchases').where('customer_id', customerId).update({ customer_id: null })
  await trx.from('vouchers').where('customer_id', customerId).where('status', 'issued').update({ status: 'cancelled' })
  const now = dbTimestamp(erasedAt, trx)
  await trx
    .from('deliveries')
    .where('customer_id', customerId)
    .whereIn('status', ['queued', 'held', 'interrupted'])
    .update({ status: 'skipped', reason: 'customer_gone', updated_at: now })
  // What they wrote in a request goes; the request itself (type, dates, steps) stays as proof of the answer.
  await trx.from('privacy_requests').where('customer_id', customerId).update({ details: null, updated_at: now })
}

async function deleteWhatNamesThem(trx: TransactionClientContract, customerId: number, person: { publicId: string; email: string | null; phone: string | null }) {
  await trx.from('consent_records').where('customer_id', customerId).delete()
  await trx.from('customer_tags').where('customer_id', customerId).delete()
  await trx.from('portal_sign_ins').where('customer_id', customerId).delete()
  await trx.from('portal_email_changes').where('customer_id', customerId).delete()
  await trx
    .from('join_requests')
    .where((query) => {
      query.where('customer_id', customerId)
      if (person.email) query.orWhere('email', person.email)
    })
    .delete()
  const deliveryIds = trx.from('deliveries').where('customer_id', customerId).select('public_id')
  await trx
    .from('dev_messages')
    .where((query) => {
      query.whereIn('delivery_id', deliveryIds)
      for (const address of [person.email, person.phone]) if (address) query.orWhere('recipient', address)
    })
    .delete()
  // A POS replay of a stored answer would show their details: the answer is replaced, the key kept (a replay stays a replay).
  await trx
    .from('idempotency_keys')
    .whereLike('response_body', `%${person.publicId}%`)
    .update({ response_status: 410, response_body: JSON.stringify({ error: { code: 'customer_erased', message: 'This customer was erased.' } }) })
  const written = [person.email, person.phone, person.phone && nationalDigits(person.phone)].filter((value): value is string => Boolean(value))
  if (written.length > 0) {
    await trx
      .from('customer_import_rejections')
      .where((query) => {
        for (const value of written) query.orWhereLike('row', `%${value}%`)
      })
      .delete()
  }
}

/** "+33612345678" as a French file would write it: "0612345678". */
function nationalDigits(e164: string) {
  return e164.startsWith('+33') ? `0${e164.slice(3)}` : e164.replace(/^\+/, '')
}

/** Rate-limit counters are keyed by a hash of the address they protect: they go too. */
async function forgetQuotas(email: string | null) {
  if (!email) return
  if (!(await redisIsReady(1000))) {
    logger.warn('erasure: Redis unreachable, address quotas left to expire within the hour')
    return
  }
  try {
    const store = limiter.use('redis', { requests: 1, duration: 1 })
    for (const prefix of ['join-address', 'portal-mail-address']) await store.delete(`${prefix}:${hashSecretToken(email)}`)
  } catch (error) {
    // Redis down: the counters expire within the hour on their own.
    logger.warn({ err: error }, 'erasure: address quotas not deleted from Redis')
  }
}

/** SQLite keeps changed pages in its write-ahead log until a checkpoint: truncate it now. */
async function flushSqliteLog() {
  const connection = db.connection()
  if (connection.dialect.name === 'postgres') return
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await connection.rawQuery('PRAGMA wal_checkpoint(TRUNCATE)')
    const busy = Array.isArray(result) ? Number(result[0]?.busy ?? 0) : 0
    if (busy === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  logger.warn('erasure: the SQLite log could not be truncated (readers busy); the next checkpoint will')
}
