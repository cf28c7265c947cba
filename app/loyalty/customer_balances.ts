import { programRulesOf } from '#loyalty/programs_cache'
import { levelByKey } from '#loyalty/tiers'
import { instantFromDb } from '#shared/db_time'
import { sql, type SqlProgram } from '#shared/sql_program'

export interface Balances {
  points: number
  stamps: number
  cashback_cents: number
}

export interface UsableVoucher {
  code: string
  kind: 'amount' | 'percent' | 'product'
  value_cents: number | null
  percent: number | null
  product_label: string | null
  expires_at: string
}

export interface CustomerLoyalty {
  balances: Balances
  tier: { key: string; name: string } | null
  vouchers: UsableVoucher[]
}

export const zeroBalances = (): Balances => ({ points: 0, stamps: 0, cashback_cents: 0 })

/**
 * The store's first programme (store_id null or this store, by position then
 * id) with the customer's account in it, if any: one indexed query.
 */
const FIRST_PROGRAM_SQL = `
  SELECT p.id AS program_id, p.rules_version, a.id AS account_id, a.points, a.stamps, a.cashback_cents, a.tier
  FROM loyalty_programs p LEFT JOIN loyalty_accounts a ON a.program_id = p.id AND a.customer_id = ?
  WHERE p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?)
  ORDER BY p.position, p.id LIMIT 1`

export interface FirstAccount {
  programId: number
  rulesVersion: number
  accountId: number | null
  balances: Balances
  tierKey: string | null
}

export function* firstAccountOf(customerId: number, storeId: number): SqlProgram<FirstAccount | null> {
  const [row] = yield sql(FIRST_PROGRAM_SQL, [customerId, storeId])
  if (!row) return null
  return {
    programId: Number(row.program_id),
    rulesVersion: Number(row.rules_version),
    accountId: row.account_id === null ? null : Number(row.account_id),
    balances: row.account_id === null ? zeroBalances() : { points: Number(row.points), stamps: Number(row.stamps), cashback_cents: Number(row.cashback_cents) },
    tierKey: (row.tier as string | null) ?? null,
  }
}

/** Balances in the store's first programme (what the till shows). */
export function* balancesIn(customerId: number, storeId: number): SqlProgram<Balances> {
  return (yield* firstAccountOf(customerId, storeId))?.balances ?? zeroBalances()
}

/**
 * What the POS shows of a customer: balances and tier in the store's first
 * programme, and the vouchers usable now. Two indexed queries (the rules
 * come from the parsed-programmes cache).
 */
export function* customerLoyaltyOf(customerId: number, storeId: number, now: string): SqlProgram<CustomerLoyalty> {
  return { ...(yield* balancesAndTierOf(customerId, storeId)), vouchers: yield* usableVouchers(customerId, now) }
}

/** Balances and tier in the store's first programme: one indexed query (the rules come from the cache). */
export function* balancesAndTierOf(customerId: number, storeId: number): SqlProgram<Omit<CustomerLoyalty, 'vouchers'>> {
  const first = yield* firstAccountOf(customerId, storeId)
  let tier: CustomerLoyalty['tier'] = null
  if (first?.accountId && first.tierKey) {
    const program = yield* programRulesOf(first.programId, first.rulesVersion)
    const level = levelByKey(program.rules, first.tierKey)
    tier = level ? { key: level.key, name: level.name } : null
  }
  return { balances: first?.balances ?? zeroBalances(), tier }
}

/** The customer's vouchers usable now, soonest expiry first (the POS API, the till). */
export function* usableVouchers(customerId: number, now: string): SqlProgram<UsableVoucher[]> {
  const rows = yield sql(
    `SELECT code, kind, value_cents, percent, product_label, expires_at FROM vouchers
     WHERE customer_id = ? AND status = 'issued' AND expires_at > ? ORDER BY expires_at LIMIT 50`,
    [customerId, now]
  )
  return rows.map((row) => ({
    code: String(row.code),
    kind: row.kind as UsableVoucher['kind'],
    value_cents: row.value_cents === null ? null : Number(row.value_cents),
    percent: row.percent === null ? null : Number(row.percent),
    product_label: (row.product_label as string | null) ?? null,
    expires_at: instantFromDb(row.expires_at).toISOString(),
  }))
}
