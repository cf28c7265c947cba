import db from '@adonisjs/lucid/services/db'
import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import { instantFromDb } from '#shared/db_time'
import { formatDateTime, formatMoney } from '#shared/format'

/**
 * The customer's purchases as the portal shows them (Art. 15, R22): only
 * rows whose `customer_id` is the signed-in customer's, named by public
 * ids. Every read below starts from that customer, so another customer's
 * purchase id finds nothing (R42). Instants are shown in the time zone of
 * the store where the purchase was made.
 */
export const PURCHASES_PAGE = 20
export const PUBLIC_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export interface PurchaseSummary {
  publicId: string
  at: string
  store: string
  total: string
  refunded: string | null
  /** "12 points, 1 stamp", or null when the purchase earned nothing. */
  earned: string | null
}

export interface PurchaseDetail extends PurchaseSummary {
  lines: Array<{ sku: string; name: string; quantity: number; unitPrice: string; total: string }>
  refunds: Array<{ at: string; amount: string; lines: Array<{ name: string; quantity: number; amount: string }> }>
  discounts: Array<{ kind: string; code: string | null; label: string | null; units: number; amount: string | null; reversed: boolean }>
  reversed: string | null
}

const ownPurchases = (customerId: number) => db.from('purchases as p').join('stores as s', 's.id', 'p.store_id').where('p.customer_id', customerId)
const PURCHASE_COLUMNS = ['p.id', 'p.public_id', 'p.total_cents', 'p.currency', 'p.occurred_at', 's.name as store_name', 's.timezone']

/**
 * One page, most recent first; `before` is the public id of the last
 * purchase of the previous page (a keyset: pages hold still while new
 * purchases arrive). Null when `before` is not one of this customer's.
 */
export async function purchasesPageOf(customerId: number, before: string | null, i18n: I18n) {
  const query = ownPurchases(customerId).orderBy('p.occurred_at', 'desc').orderBy('p.id', 'desc').limit(PURCHASES_PAGE + 1).select(PURCHASE_COLUMNS)
  if (before) {
    const cursor = await ownPurchases(customerId).where('p.public_id', before).select('p.id', 'p.occurred_at').first()
    if (!cursor) return null
    query.where((older) => older.where('p.occurred_at', '<', cursor.occurred_at).orWhere((same) => same.where('p.occurred_at', cursor.occurred_at).where('p.id', '<', cursor.id)))
  }
  const rows = await query
  const page = rows.slice(0, PURCHASES_PAGE)
  const [refunded, earned] = await Promise.all([refundedOf(page.map((row) => row.id)), earnedOf(customerId, 'purchase', page.map((row) => row.public_id))])
  return {
    purchases: page.map((row) => summaryOf(row, i18n, refunded.get(Number(row.id)) ?? 0, earned.get(row.public_id))),
    next: rows.length > PURCHASES_PAGE ? (page[page.length - 1].public_id as string) : null,
  }
}

/** One purchase of this customer with its lines, refunds, discounts and what it earned; null if not theirs. */
export async function purchaseOf(customerId: number, publicId: string, i18n: I18n): Promise<PurchaseDetail | null> {
  const row = await ownPurchases(customerId).where('p.public_id', publicId).select(PURCHASE_COLUMNS).first()
  if (!row) return null
  const purchaseId = Number(row.id)
  const money = (cents: number) => formatMoney(cents, row.currency, i18n.locale)
  const [lines, refunds, discounts, earned] = await Promise.all([linesOf(purchaseId), refundsOf(purchaseId), discountsOf(customerId, purchaseId), earnedOf(customerId, 'purchase', [publicId])])
  const reversed = await earnedOf(customerId, 'refund', refunds.map((refund) => refund.publicId))
  const nameAt = new Map(lines.map((line) => [line.position, line.name]))
  return {
    ...summaryOf(row, i18n, refunds.reduce((sum, refund) => sum + refund.amountCents, 0), earned.get(publicId)),
    lines: lines.map((line) => ({ sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: money(line.unitPriceCents), total: money(line.totalCents) })),
    refunds: refunds.map((refund) => ({
      at: when(refund.occurredAt, row.timezone, i18n.locale),
      amount: money(refund.amountCents),
      lines: refund.lines.map((line) => ({ name: nameAt.get(line.position) ?? '—', quantity: line.quantity, amount: money(line.amountCents) })),
    })),
    discounts: discounts.map((discount) => ({ ...discount, amount: discount.cents === null ? (discount.percent === null ? null : `${discount.percent} %`) : money(discount.cents) })),
    reversed: earnedText(i18n, sumOf([...reversed.values()]), row.currency),
  }
}

async function linesOf(purchaseId: number) {
  const rows = await db.from('purchase_lines').where('purchase_id', purchaseId).orderBy('position').select('position', 'sku', 'name', 'quantity', 'unit_price_cents', 'total_cents')
  return rows.map((row) => ({
    position: Number(row.position),
    sku: row.sku as string,
    name: row.name as string,
    quantity: Number(row.quantity),
    unitPriceCents: Number(row.unit_price_cents),
    totalCents: Number(row.total_cents),
  }))
}

/** The purchase's refunds, oldest first, each with the lines it gave back (by their position in the purchase). */
async function refundsOf(purchaseId: number) {
  const refunds = await db.from('refunds').where('purchase_id', purchaseId).orderBy('occurred_at').orderBy('id').select('id', 'public_id', 'amount_cents', 'occurred_at')
  const lines = refunds.length ? await db.from('refund_lines').whereIn('refund_id', refunds.map((refund) => refund.id)).orderBy('position').select('refund_id', 'position', 'quantity', 'amount_cents') : []
  return refunds.map((refund) => ({
    publicId: refund.public_id as string,
    amountCents: Number(refund.amount_cents),
    occurredAt: refund.occurred_at as unknown,
    lines: lines
      .filter((line) => Number(line.refund_id) === Number(refund.id))
      .map((line) => ({ position: Number(line.position), quantity: Number(line.quantity), amountCents: Number(line.amount_cents) })),
  }))
}

function summaryOf(row: Record<string, any>, i18n: I18n, refundedCents: number, earned: UnitSums | undefined): PurchaseSummary {
  const locale = i18n.locale
  return {
    publicId: row.public_id,
    at: when(row.occurred_at, row.timezone, locale),
    store: row.store_name,
    total: formatMoney(Number(row.total_cents), row.currency, locale),
    refunded: refundedCents > 0 ? formatMoney(refundedCents, row.currency, locale) : null,
    earned: earnedText(i18n, earned, row.currency),
  }
}

const when = (value: unknown, timezone: string, locale: string) => formatDateTime(DateTime.fromJSDate(instantFromDb(value)), timezone, locale)

async function refundedOf(purchaseIds: number[]) {
  if (purchaseIds.length === 0) return new Map<number, number>()
  const rows = await db.from('refunds').whereIn('purchase_id', purchaseIds).groupBy('purchase_id').select('purchase_id').sum('amount_cents as refunded')
  return new Map(rows.map((row) => [Number(row.purchase_id), Number(row.refunded)]))
}

/** Vouchers, rewards, points or cashback that paid part of the purchase (their code only if the voucher is this customer's). */
async function discountsOf(customerId: number, purchaseId: number) {
  const rows = await db
    .from('redemptions as r')
    .leftJoin('vouchers as v', (join) => join.on('v.id', 'r.voucher_id').andOnVal('v.customer_id', customerId))
    .where('r.purchase_id', purchaseId)
    .where('r.customer_id', customerId)
    .orderBy('r.id')
    .select('r.kind', 'r.units', 'r.discount_cents', 'r.discount_percent', 'r.product_label', 'r.status', 'v.code')
  return rows.map((row) => ({
    kind: row.kind as string,
    code: (row.code as string | null) ?? null,
    label: (row.product_label as string | null) ?? null,
    units: Number(row.units),
    cents: row.discount_cents === null ? null : Number(row.discount_cents),
    percent: row.discount_percent === null ? null : Number(row.discount_percent),
    reversed: row.status === 'reversed',
  }))
}

type UnitSums = Record<'points' | 'stamps' | 'cashback', number>

/** Units the ledger credited (or took back) for these causes, in this customer's accounts only. */
async function earnedOf(customerId: number, causeType: 'purchase' | 'refund', causeIds: string[]) {
  const sums = new Map<string, UnitSums>()
  if (causeIds.length === 0) return sums
  const rows = await db
    .from('ledger_entries as e')
    .join('loyalty_accounts as a', 'a.id', 'e.account_id')
    .where('a.customer_id', customerId)
    .where('e.cause_type', causeType)
    .whereIn('e.cause_id', causeIds)
    .whereIn('e.kind', causeType === 'purchase' ? ['earn'] : ['reverse'])
    .groupBy('e.cause_id', 'e.unit')
    .select('e.cause_id', 'e.unit')
    .sum('e.amount as amount')
  for (const row of rows) {
    const sum = sums.get(row.cause_id) ?? { points: 0, stamps: 0, cashback: 0 }
    sum[row.unit as keyof UnitSums] += Math.abs(Number(row.amount))
    sums.set(row.cause_id, sum)
  }
  return sums
}

function sumOf(all: UnitSums[]) {
  const total = { points: 0, stamps: 0, cashback: 0 }
  for (const sum of all) for (const unit of ['points', 'stamps', 'cashback'] as const) total[unit] += sum[unit]
  return total
}

function earnedText(i18n: I18n, sum: UnitSums | undefined, currency: string) {
  if (!sum) return null
  const parts = [
    sum.points ? i18n.t('portal_profile.units.points', { count: sum.points }) : '',
    sum.stamps ? i18n.t('portal_profile.units.stamps', { count: sum.stamps }) : '',
    sum.cashback ? i18n.t('portal_profile.units.cashback', { amount: formatMoney(sum.cashback, currency, i18n.locale) }) : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : null
}
