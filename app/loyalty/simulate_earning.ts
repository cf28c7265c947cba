import { earnFor, type Basket, type Explanation } from '#loyalty/earn_rules'
import { spendable } from '#loyalty/ledger'
import { programRulesOf } from '#loyalty/programs_cache'
import type { VoucherTerms } from '#loyalty/program_rules'
import { currentLevel } from '#loyalty/tiers'
import { sql, type SqlProgram } from '#shared/sql_program'

/**
 * What a basket would earn, per programme, and why: the same rules as a
 * sale (earnFor), on the customer's current state, read-only. Serves the
 * POS preview (`POST /api/v1/purchases/preview`) and the admin simulator.
 * Never writes: run it with `read()` (app/shared/sql_program.ts).
 *
 * Without a customer: what a new member would earn in the store's
 * automatic programmes (entry tier, empty balances).
 */
export interface SimulationInput {
  storeId: number
  customerId: number | null
  basket: Basket
  /** Database instant: lots expired at it are not counted. */
  at: string
}

export interface SimulatedLine extends Explanation {
  text: string
}

export interface SimulatedVoucher {
  source: 'automatic' | 'stamps'
  kind: VoucherTerms['kind']
  value_cents: number | null
  percent: number | null
  product_label: string | null
  validity_days: number
}

export interface SimulatedProgram {
  program_id: string
  name: string
  member: boolean
  tier: { key: string; name: string } | null
  eligible_cents: number
  earned: { points: number; stamps: number; cashback_cents: number }
  balances_before: { points: number; stamps: number; cashback_cents: number }
  lines: SimulatedLine[]
  rewards_issued: SimulatedVoucher[]
}

const MAX_VOUCHERS = 20

const PROGRAMS_SQL = `
  SELECT p.id AS program_id, p.enrolment, p.rules_version, p.position,
    a.id AS account_id, a.points, a.stamps, a.cashback_cents, a.tier
  FROM loyalty_programs p LEFT JOIN loyalty_accounts a ON a.program_id = p.id AND a.customer_id = ?
  WHERE p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?)
  ORDER BY p.position, p.id`

export function* simulateEarning(input: SimulationInput): SqlProgram<SimulatedProgram[]> {
  const rows = yield sql(PROGRAMS_SQL, [input.customerId ?? 0, input.storeId])
  const programs: SimulatedProgram[] = []
  for (const row of rows) {
    const member = row.account_id !== null
    if (!member && row.enrolment !== 'auto') continue
    const program = yield* programRulesOf(Number(row.program_id), Number(row.rules_version))
    const { rules } = program
    const level = currentLevel(rules, member ? ((row.tier as string | null) ?? null) : null)
    const earned = earnFor(rules, input.basket, level)
    const before = member ? { points: Number(row.points), stamps: Number(row.stamps), cashback_cents: Number(row.cashback_cents) } : { points: 0, stamps: 0, cashback_cents: 0 }
    const accountId = member ? Number(row.account_id) : null
    const rewards: SimulatedVoucher[] = []
    // As a sale does: each threshold in turn takes its points from what the previous ones left.
    let points = rules.automatic_rewards.length === 0 ? 0 : (accountId ? yield* spendable(accountId, 'points', input.at) : 0) + (rules.points?.pending_days ? 0 : earned.points)
    for (const automatic of rules.automatic_rewards) {
      const count = pushVouchers(rewards, 'automatic', Math.floor(points / automatic.every_points), automatic.voucher)
      points -= count * automatic.every_points
    }
    if (rules.stamps) {
      const available = (accountId ? yield* spendable(accountId, 'stamps', input.at) : 0) + earned.stamps
      pushVouchers(rewards, 'stamps', Math.floor(available / rules.stamps.goal), rules.stamps.reward)
    }
    programs.push({
      program_id: program.publicId,
      name: program.name,
      member,
      tier: level ? { key: level.key, name: level.name } : null,
      eligible_cents: earned.eligibleCents,
      earned: { points: earned.points, stamps: earned.stamps, cashback_cents: earned.cashbackCents },
      balances_before: before,
      lines: earned.explanation.map((line) => ({ ...line, text: explanationText(line) })),
      rewards_issued: rewards,
    })
  }
  return programs
}

/** Adds up to `count` vouchers (the cap of a sale applies); returns how many were added. */
function pushVouchers(rewards: SimulatedVoucher[], source: SimulatedVoucher['source'], count: number, terms: VoucherTerms) {
  let added = 0
  for (let i = 0; i < count && rewards.length < MAX_VOUCHERS; i++, added++) {
    rewards.push({
      source,
      kind: terms.kind,
      value_cents: terms.value_cents ?? null,
      percent: terms.percent ?? null,
      product_label: terms.product_label ?? null,
      validity_days: terms.validity_days,
    })
  }
  return added
}

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`

/** A short French sentence for a reason code (the till's language). */
export function explanationText(line: Explanation): string {
  const p = line.params
  switch (line.code) {
    case 'excluded_line':
      return `${p.sku} exclu des points (${euros(Number(p.cents))})`
    case 'base':
      return `${p.euros} € éligibles × ${p.per_euro} pt/€ = ${line.amount} pts`
    case 'tier_multiplier':
      return `Statut ${p.tier} : × ${String(Number(p.multiplier_pct) / 100).replace('.', ',')} → +${line.amount} pts`
    case 'stamp_line':
      return `${p.sku} : +${line.amount} tampon${line.amount > 1 ? 's' : ''}`
    case 'cashback':
      return `Cagnotte ${String(Number(p.rate_bp) / 100).replace('.', ',')} % de ${euros(Number(p.eligible_cents))} = ${euros(line.amount)}`
    default:
      return `${line.code} : ${line.amount}`
  }
}
