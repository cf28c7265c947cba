import { programRulesOf } from '#loyalty/programs_cache'
import { lockCustomer } from '#customers/customer_lock'
import { pointsEarnedSince, spendSince, yearBeforeInstant } from '#loyalty/tier_figures'
import { levelReached } from '#loyalty/tiers'
import { writeEvent } from '#shared/outbox'
import { later, sql, type SqlProgram } from '#shared/sql_program'
import { dbInstant } from '#shared/db_time'

export interface TierChange {
  programId: string
  from: string | null
  to: string
}

/**
 * Puts each of the customer's accounts in active tiered programmes at the
 * level its rolling figure reaches at `at` (never below the floor staff
 * set), as a sale would: between sales a figure only falls (purchases
 * leave the window, refunds), hence the downgrade rule. A change is a
 * `tier.changed` event. On Postgres the customer row is locked first, as a
 * sale's visit UPDATE does, so a sale and a recalculation never interleave.
 */
export function* recalculateCustomerTiers(customerId: number, at: Date, dialect: string): SqlProgram<TierChange[]> {
  yield* lockCustomer(customerId, dialect)
  const [customer] = yield sql('SELECT public_id FROM customers WHERE id = ?', [customerId])
  if (!customer) return []
  const accounts = yield sql(
    `SELECT a.id, a.tier, a.tier_floor, p.id AS program_id, p.rules_version FROM loyalty_accounts a JOIN loyalty_programs p ON p.id = a.program_id
     WHERE a.customer_id = ? AND p.status = 'active' ORDER BY a.id`,
    [customerId]
  )
  const since = yearBeforeInstant(at, dialect)
  const nowDb = dbInstant(new Date(), dialect)
  const changes: TierChange[] = []
  for (const account of accounts) {
    const program = yield* programRulesOf(Number(account.program_id), Number(account.rules_version))
    const { rules } = program
    if (!rules.tiers) continue
    const figure = rules.tiers.basis === 'points_365d' ? yield* pointsEarnedSince(Number(account.id), since) : yield* spendSince(customerId, since)
    const level = levelReached(rules, figure, (account.tier_floor as string | null) ?? null)
    if (!level || level.key === account.tier) continue
    yield later('UPDATE loyalty_accounts SET tier = ?, tier_since = ?, updated_at = ? WHERE id = ?', [level.key, nowDb, nowDb, Number(account.id)])
    const from = (account.tier as string | null) ?? null
    yield* writeEvent('tier.changed', { customer_id: String(customer.public_id), program_id: program.publicId, from, to: level.key }, nowDb)
    changes.push({ programId: program.publicId, from, to: level.key })
  }
  return changes
}
