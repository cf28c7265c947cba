import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Customer from '#customers/models/customer'
import CustomerActivity from '#customers/models/customer_activity'
import { lockCustomer } from '#customers/customer_lock'
import { transferBalances } from '#loyalty/transfer_balances'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'
import { recordEvent } from '#shared/outbox'
import { runOn } from '#shared/sql_program'

export class MergeRefused extends Exception {
  static status = 409

  constructor(
    message: string,
    public reason: 'same_customer' | 'unavailable'
  ) {
    super(message, { code: 'E_MERGE_REFUSED' })
  }
}

export interface MergeInput {
  keep: Customer
  duplicate: Customer
  staffMemberId: number
  ip?: string | null
}

export interface MergeSummary {
  purchases: number
  vouchers: number
  accountsMoved: number
  accountsMerged: number
  filled: string[]
}

/** Identity fields the kept profile takes from the duplicate when it has none. */
const FILLABLE = ['firstName', 'lastName', 'email', 'phoneE164', 'birthDay', 'birthMonth', 'birthYear'] as const

/**
 * Merges a duplicate into the customer kept: one card, one ledger, nothing
 * lost, audited. Purchases, vouchers and redemptions move over; a loyalty
 * account the kept customer lacks moves whole (its ledger with it); where
 * both have one, the balances move lot by lot (transfer_balances.ts). The
 * kept profile fills its empty identity fields from the duplicate. The
 * duplicate stays as an archived row pointing at the kept one, so its card,
 * phone or e-mail, still printed or remembered somewhere, lead to the kept
 * customer; its consent records stay with it as proof of what was given.
 */
export async function mergeCustomers({ keep, duplicate, staffMemberId, ip }: MergeInput): Promise<MergeSummary> {
  if (keep.id === duplicate.id) throw new MergeRefused('A customer cannot be merged into itself', 'same_customer')
  return db.transaction(async (trx) => {
    const now = DateTime.utc()
    // Both customers' loyalty locks first (in id order, as any two are taken), then their rows.
    for (const id of [keep.id, duplicate.id].sort((a, b) => a - b)) await runOn(trx, lockCustomer(id, trx.dialect.name))
    await trx.from('customers').whereIn('id', [keep.id, duplicate.id]).update({ updated_at: dbTimestamp(now, trx) })
    const [kept, merged] = await Promise.all([Customer.findOrFail(keep.id, { client: trx }), Customer.findOrFail(duplicate.id, { client: trx })])
    for (const customer of [kept, merged]) {
      if (customer.erasedAt || customer.mergedIntoId) throw new MergeRefused('This customer was erased or already merged', 'unavailable')
    }
    const purchases = await trx.from('purchases').where('customer_id', merged.id).update({ customer_id: kept.id })
    const vouchers = await trx.from('vouchers').where('customer_id', merged.id).update({ customer_id: kept.id })
    await trx.from('redemptions').where('customer_id', merged.id).update({ customer_id: kept.id })
    const { moved, combined } = await mergeAccounts(trx, kept, merged, staffMemberId, dbTimestamp(now, trx))

    const filled = FILLABLE.filter((field) => kept[field] === null && merged[field] !== null)
    const moving = Object.fromEntries(filled.map((field) => [field, merged[field]]))
    // A unique e-mail or phone moves: free it on the duplicate first.
    if (filled.includes('email') || filled.includes('phoneE164')) {
      merged.merge({ ...(filled.includes('email') ? { email: null } : {}), ...(filled.includes('phoneE164') ? { phoneE164: null } : {}) })
      await merged.useTransaction(trx).save()
    }
    kept.merge(moving)
    await kept.useTransaction(trx).save()
    merged.merge({ mergedIntoId: kept.id, mergedAt: now })
    await merged.useTransaction(trx).save()
    await mergeActivity(trx, kept.id, merged.id)

    const summary = { purchases: Number(purchases), vouchers: Number(vouchers), accountsMoved: moved, accountsMerged: combined, filled }
    await audit({ staffMemberId, action: 'customer.merged', subjectType: 'customer', subjectId: kept.publicId, details: { merged: merged.publicId, ...summary }, ip }, trx)
    await recordEvent(trx, 'customers.merged', { customer_id: kept.publicId, merged_id: merged.publicId })
    return summary
  })
}

async function mergeAccounts(trx: TransactionClientContract, kept: Customer, merged: Customer, staffMemberId: number, now: string) {
  const accounts = await trx.from('loyalty_accounts').whereIn('customer_id', [kept.id, merged.id])
  let moved = 0
  let combined = 0
  for (const account of accounts.filter((row) => Number(row.customer_id) === merged.id)) {
    const target = accounts.find((row) => Number(row.customer_id) === kept.id && row.program_id === account.program_id)
    if (!target) {
      await trx.from('loyalty_accounts').where('id', account.id).update({ customer_id: kept.id })
      moved++
      continue
    }
    await runOn(trx, transferBalances({ id: Number(account.id), publicCustomerId: merged.publicId }, { id: Number(target.id), publicCustomerId: kept.publicId }, staffMemberId, now))
    // A floor set by staff on either profile still holds.
    if (!target.tier_floor && account.tier_floor) await trx.from('loyalty_accounts').where('id', target.id).update({ tier_floor: account.tier_floor })
    combined++
  }
  return { moved, combined }
}

/** The duplicate's spend and visits join the kept customer's; the latest purchase of both stays. */
async function mergeActivity(trx: TransactionClientContract, keptId: number, mergedId: number) {
  const [kept, merged] = await Promise.all([CustomerActivity.findOrFail(keptId, { client: trx }), CustomerActivity.findOrFail(mergedId, { client: trx })])
  kept.merge({
    totalSpentCents: kept.totalSpentCents + merged.totalSpentCents,
    visitCount: kept.visitCount + merged.visitCount,
    lastPurchaseAt: latest(kept.lastPurchaseAt, merged.lastPurchaseAt),
  })
  await kept.useTransaction(trx).save()
  merged.merge({ totalSpentCents: 0, visitCount: 0 })
  await merged.useTransaction(trx).save()
}

function latest(a: DateTime | null, b: DateTime | null) {
  if (!a) return b
  if (!b) return a
  return a > b ? a : b
}
