import db from '@adonisjs/lucid/services/db'
import { lockCustomer } from '#customers/customer_lock'
import type Customer from '#customers/models/customer'
import { applyDeltas, creditAll, debit, expireDue } from '#loyalty/ledger'
import type { LedgerUnit } from '#loyalty/models/ledger_entry'
import { programRulesOf } from '#loyalty/programs_cache'
import type { ProgramRules } from '#loyalty/program_rules'
import { lotExpiry } from '#loyalty/validity'
import { openAccount } from '#loyalty/earn_on_purchase'
import { audit } from '#shared/audit'
import { dbInstant } from '#shared/db_time'
import { runOn, sql, type SqlProgram } from '#shared/sql_program'

export interface Adjustment {
  customer: Customer
  programPublicId: string
  unit: LedgerUnit
  /** Signed: a credit adds a lot, a debit takes from the lots soonest expiry first. */
  amount: number
  reason: string
  staff: { id: number; publicId: string }
  ip: string | null
}

export type AdjustmentResult = { ok: true; balance: number } | { ok: false; code: 'program_not_found' | 'not_a_member' | 'unit_not_offered' | 'insufficient_balance' }

/**
 * A staff correction (goodwill points, a stamp forgotten, a mistake put
 * right): an `adjust` entry naming the staff member and their reason
 * (the database refuses an adjustment without one), audited. A credit is
 * a lot with the programme's validity from today, spendable at once; a
 * debit never takes more than the account holds (no debt by hand).
 * Thresholds crossed by a credit issue their voucher at the next sale.
 */
export async function adjustBalance(input: Adjustment): Promise<AdjustmentResult> {
  return db.transaction(async (trx) => {
    const result = await runOn(trx, adjustment(input, trx.dialect.name))
    if (result.ok) {
      const details = { program: input.programPublicId, unit: input.unit, amount: input.amount, reason: input.reason }
      await audit({ staffMemberId: input.staff.id, action: 'loyalty.balance_adjusted', subjectType: 'customer', subjectId: input.customer.publicId, details, ip: input.ip }, trx)
    }
    return result
  })
}

const COLUMN = { points: 'points', stamps: 'stamps', cashback: 'cashback_cents' } as const

function* adjustment(input: Adjustment, dialect: string): SqlProgram<AdjustmentResult> {
  const lock = dialect === 'postgres' ? ' FOR UPDATE' : ''
  // The customer's loyalty lock first, as a sale takes it: adjustments and sales queue, never interleave.
  yield* lockCustomer(input.customer.id, dialect)
  const [program] = yield sql(
    `SELECT p.id, p.enrolment, p.rules_version, COALESCE(ps.timezone, cs.timezone, 'Europe/Paris') AS timezone
     FROM loyalty_programs p LEFT JOIN stores ps ON ps.id = p.store_id LEFT JOIN stores cs ON cs.id = ?
     WHERE p.public_id = ?`,
    [input.customer.storeId, input.programPublicId]
  )
  if (!program) return { ok: false, code: 'program_not_found' }
  const { rules, version } = yield* programRulesOf(Number(program.id), Number(program.rules_version))
  if (!offers(rules, input.unit)) return { ok: false, code: 'unit_not_offered' }
  const now = new Date()
  const nowDb = dbInstant(now, dialect)
  let [account] = yield sql(`SELECT id, points, stamps, cashback_cents FROM loyalty_accounts WHERE customer_id = ? AND program_id = ?${lock}`, [input.customer.id, Number(program.id)])
  if (!account) {
    if (program.enrolment !== 'auto') return { ok: false, code: 'not_a_member' }
    const opened = yield* openAccount(input.customer.id, Number(program.id), rules, nowDb)
    account = { id: opened.id, points: 0, stamps: 0, cashback_cents: 0 }
  }
  const accountId = Number(account.id)
  // Due lots expire first, as at a sale: the balance then says what the customer really holds.
  const deltas = yield* expireDue(accountId, nowDb, nowDb)
  const balance = Number(account[COLUMN[input.unit]]) + deltas[input.unit]
  const entry = {
    accountId,
    unit: input.unit,
    kind: 'adjust' as const,
    amount: input.amount,
    cause: { type: 'staff' as const, id: input.staff.publicId },
    staffMemberId: input.staff.id,
    reason: input.reason,
    occurredAt: nowDb,
    now: nowDb,
    rulesVersion: version,
  }
  if (input.amount > 0) {
    const expiresAt = lotExpiry(now, rules[input.unit]?.validity_months ?? null, String(program.timezone))
    // A debt is paid first whatever the balance says (one read; a correction is no hot path).
    yield* creditAll([{ ...entry, expiresAt: expiresAt && dbInstant(expiresAt, dialect) }], () => true)
  } else {
    const taken = yield* debit(entry, { at: nowDb, spendableOnly: false, allowDebt: false })
    if (!taken) {
      // Refused, but what expired above stays expired: its balances are kept right.
      yield* applyDeltas(accountId, deltas, nowDb)
      return { ok: false, code: 'insufficient_balance' }
    }
  }
  deltas[input.unit] += input.amount
  yield* applyDeltas(accountId, deltas, nowDb)
  return { ok: true, balance: balance + input.amount }
}

function offers(rules: ProgramRules, unit: LedgerUnit) {
  return rules[unit] !== null && rules[unit] !== undefined
}
