import db from '@adonisjs/lucid/services/db'
import { instant, instantOrNull, numberOrNull, type ExportedAccount, type ExportedLedgerEntry, type ExportedRedemption, type ExportedVoucher } from '#privacy/export/customer_export'

/**
 * The loyalty part of an export: accounts and balances, the ledger,
 * vouchers and redemptions. Every read starts from the customer's own id
 * (or their own accounts), never from ids found elsewhere.
 */
export async function loyaltyOf(customerId: number, ownIds: Set<string>) {
  const [accounts, vouchers, redemptions] = await Promise.all([accountsOf(customerId), vouchersOf(customerId), redemptionsOf(customerId)])
  for (const voucher of vouchers) ownIds.add(voucher.id)
  for (const redemption of redemptions) ownIds.add(redemption.id)
  return { accounts, vouchers, redemptions, ledger: await ledgerOf(customerId, ownIds) }
}

async function accountsOf(customerId: number): Promise<ExportedAccount[]> {
  const rows = await db
    .from('loyalty_accounts as a')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('a.customer_id', customerId)
    .orderBy('a.id')
    .select('p.public_id as program_id', 'p.name as program_name', 'a.points', 'a.stamps', 'a.cashback_cents', 'a.tier', 'a.tier_floor', 'a.tier_since', 'a.created_at')
  return rows.map((row) => ({
    program: { id: row.program_id, name: row.program_name },
    points: Number(row.points),
    stamps: Number(row.stamps),
    cashback_cents: Number(row.cashback_cents),
    tier: row.tier,
    tier_floor: row.tier_floor,
    tier_since: instantOrNull(row.tier_since),
    created_at: instant(row.created_at),
  }))
}

/** Causes whose id is the business's (an animation, a reward of the shop), not another person's. */
const BUSINESS_CAUSES = new Set(['animation', 'reward'])

async function ledgerOf(customerId: number, ownIds: Set<string>): Promise<ExportedLedgerEntry[]> {
  const rows = await db
    .from('ledger_entries as e')
    .join('loyalty_accounts as a', 'a.id', 'e.account_id')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('a.customer_id', customerId)
    .orderBy('e.id')
    .select('e.public_id', 'p.public_id as program_id', 'e.unit', 'e.kind', 'e.amount', 'e.expires_at', 'e.available_at', 'e.cause_type', 'e.cause_id', 'e.reason', 'e.occurred_at')
  for (const row of rows) ownIds.add(row.public_id)
  // A staff member's id or a merged record's id names someone else: only the type is kept.
  const causeId = (row: Record<string, any>) => (row.cause_id && (ownIds.has(row.cause_id) || BUSINESS_CAUSES.has(row.cause_type)) ? String(row.cause_id) : null)
  return rows.map((row) => ({
    id: row.public_id,
    program_id: row.program_id,
    unit: row.unit,
    kind: row.kind,
    amount: Number(row.amount),
    expires_at: instantOrNull(row.expires_at),
    available_at: instantOrNull(row.available_at),
    cause: { type: row.cause_type, id: causeId(row) },
    reason: row.reason,
    occurred_at: instant(row.occurred_at),
  }))
}

async function vouchersOf(customerId: number): Promise<ExportedVoucher[]> {
  const rows = await db
    .from('vouchers as v')
    .leftJoin('loyalty_programs as p', 'p.id', 'v.program_id')
    .leftJoin('rewards as r', 'r.id', 'v.reward_id')
    .where('v.customer_id', customerId)
    .orderBy('v.id')
    .select('v.*', 'p.public_id as program_public_id', 'r.name as reward_name')
  return rows.map((row) => ({
    id: row.public_id,
    code: row.code,
    program_id: row.program_public_id ?? null,
    reward: row.reward_name ?? null,
    source: row.source,
    kind: row.kind,
    value_cents: numberOrNull(row.value_cents),
    percent: numberOrNull(row.percent),
    product_label: row.product_label,
    product_sku: row.product_sku,
    status: row.status,
    issued_at: instant(row.issued_at),
    expires_at: instant(row.expires_at),
    redeemed_at: instantOrNull(row.redeemed_at),
  }))
}

async function redemptionsOf(customerId: number): Promise<ExportedRedemption[]> {
  const rows = await db
    .from('redemptions as d')
    .join('stores as s', 's.id', 'd.store_id')
    // The voucher and the purchase only when they are this customer's too.
    .leftJoin('vouchers as v', (join) => join.on('v.id', 'd.voucher_id').andOn('v.customer_id', 'd.customer_id'))
    .leftJoin('purchases as p', (join) => join.on('p.id', 'd.purchase_id').andOn('p.customer_id', 'd.customer_id'))
    .leftJoin('rewards as r', 'r.id', 'd.reward_id')
    .where('d.customer_id', customerId)
    .orderBy('d.id')
    .select('d.public_id', 's.name as store_name', 'd.kind', 'v.code as voucher_code', 'r.name as reward_name', 'p.public_id as purchase_id', 'd.units', 'd.discount_cents', 'd.discount_percent', 'd.product_label', 'd.status', 'd.created_at')
  return rows.map((row) => ({
    id: row.public_id,
    store: row.store_name,
    kind: row.kind,
    voucher_code: row.voucher_code ?? null,
    reward: row.reward_name ?? null,
    purchase_id: row.purchase_id ?? null,
    units: Number(row.units),
    discount_cents: numberOrNull(row.discount_cents),
    discount_percent: numberOrNull(row.discount_percent),
    product_label: row.product_label,
    status: row.status,
    created_at: instant(row.created_at),
  }))
}
