import { zeroBalances, type Balances } from '#loyalty/customer_balances'
import { earnFor, type BasketLine, type Earned } from '#loyalty/earn_rules'
import { applyDeltas, creditAll, debit, expireDue, noDeltas, spendable, type Allocation, type Deltas } from '#loyalty/ledger'
import { programRulesOf, type ActiveProgram } from '#loyalty/programs_cache'
import type { ProgramRules } from '#loyalty/program_rules'
import { receiptLines } from '#loyalty/receipt_lines'
import { currentLevel, levelReached, nextLevel } from '#loyalty/tiers'
import { pointsEarnedSince, spendSince, yearBeforeInstant } from '#loyalty/tier_figures'
import { availableFrom, lotExpiry } from '#loyalty/validity'
import { issueVoucher, type IssuedVoucher } from '#loyalty/vouchers'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { writeEvent } from '#shared/outbox'
import { sql, type Row, type SqlProgram } from '#shared/sql_program'

/**
 * Earning on a purchase, inside the sale's transaction (one commit):
 * for each active programme the customer belongs to (auto programmes
 * open an account on the first sale), expire what is due, earn by the
 * rules (earn_rules.ts), recalculate the tier with this sale, turn full
 * stamp cards and points thresholds into vouchers, update the cached
 * balances, and write tier.changed / reward.issued events.
 *
 * Concurrency: the sale's visit UPDATE on the customer row runs before
 * the accounts are read, so two sales of one customer queue on Postgres
 * (row lock) as they do on SQLite (one writer): balances read here are
 * current, and thresholds are never crossed twice.
 */
export interface SaleForLoyalty {
  purchasePublicId: string
  storeId: number
  customer: { id: number; publicId: string }
  totalCents: number
  occurredAt: Date
  lines: BasketLine[]
  timezone: string
  dialect: string
}

export interface ProgramOutcome {
  program_id: string
  name: string
  earned: Balances
  balances: Balances
  tier: { key: string; name: string } | null
  previous_tier: { key: string; name: string } | null
  next_tier: { name: string; missing: number; basis: 'spend_365d' | 'points_365d' } | null
  rewards_issued: IssuedVoucher[]
  next_reward_in_points: number | null
  stamps_goal: number | null
  next_expiry: { points: number; expires_at: string } | null
  explanation: Earned['explanation']
}

export interface LoyaltyOutcome {
  programs: ProgramOutcome[]
  earned: Balances
  balances: Balances
  rewards_issued: IssuedVoucher[]
  receipt_lines: string[]
}

/** At most this many vouchers from one sale (a huge basket must not write thousands of rows). */
const MAX_VOUCHERS_PER_SALE = 20

/** The start of the rolling 365-day window that ends with the sale, as the database stores it. */
const yearBefore = (sale: SaleForLoyalty) => yearBeforeInstant(sale.occurredAt, sale.dialect)

export function* earnOnPurchase(sale: SaleForLoyalty): SqlProgram<LoyaltyOutcome> {
  const now = new Date()
  const nowDb = dbInstant(now, sale.dialect)
  const since = yearBefore(sale)
  const rows =
    sale.dialect === 'postgres'
      ? yield sql(ACCOUNTS_WITH_FIGURES_SQL, [sale.customer.id, since, sale.customer.id, since, sale.customer.id, sale.storeId])
      : yield sql(ACCOUNTS_SQL, [sale.customer.id, sale.storeId])
  rows.sort((a, b) => Number(a.position) - Number(b.position) || Number(a.program_id) - Number(b.program_id))
  const outcomes: ProgramOutcome[] = []
  for (const row of rows) {
    if (row.account_id === null && row.enrolment !== 'auto') continue
    const program = yield* programRulesOf(Number(row.program_id), Number(row.rules_version))
    outcomes.push(yield* earnInProgram(sale, program, row, now, nowDb))
  }
  const primary = outcomes[0]
  return {
    programs: outcomes,
    earned: primary?.earned ?? zeroBalances(),
    balances: primary?.balances ?? zeroBalances(),
    rewards_issued: outcomes.flatMap((outcome) => outcome.rewards_issued),
    receipt_lines: primary ? receiptLines(primary, sale.timezone) : [],
  }
}

/** Active programmes of the sale's store, with the customer's account if any (sorted in JS: a SQL sort costs a temp B-tree). */
const ACCOUNTS_SQL = `
  SELECT p.id AS program_id, p.enrolment, p.rules_version, p.position,
    a.id AS account_id, a.points, a.stamps, a.cashback_cents, a.tier, a.tier_floor
  FROM loyalty_programs p LEFT JOIN loyalty_accounts a ON a.program_id = p.id AND a.customer_id = ?
  WHERE p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?)`

/**
 * Postgres: the same rows with the soonest lots and the rolling spend, in
 * one round trip (on SQLite, correlated subqueries cost more than the
 * separate statements, which cost no round trip there).
 */
const ACCOUNTS_WITH_FIGURES_SQL = `
  SELECT p.id AS program_id, p.enrolment, p.rules_version, p.position,
    a.id AS account_id, a.points, a.stamps, a.cashback_cents, a.tier, a.tier_floor,
    (SELECT COALESCE(json_agg(l), '[]') FROM (
      SELECT o.unit, o.expires_at, o.remaining FROM ledger_open_items o
      WHERE o.account_id = a.id AND o.side = 'credit' AND o.expires_at IS NOT NULL ORDER BY o.expires_at LIMIT 10) l) AS soonest,
    (SELECT COALESCE(SUM(total_cents), 0) FROM purchases WHERE customer_id = ? AND occurred_at > ?)
      - (SELECT COALESCE(SUM(r.amount_cents), 0) FROM refunds r JOIN purchases rp ON rp.id = r.purchase_id WHERE rp.customer_id = ? AND rp.occurred_at > ?) AS spend
  FROM loyalty_programs p LEFT JOIN loyalty_accounts a ON a.program_id = p.id AND a.customer_id = ?
  WHERE p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?)`

/** The account's soonest-expiring lots: lots due now expire first; the points due next go on the receipt. */
const SOONEST_LOTS_SQL = `
  SELECT unit, expires_at, remaining FROM ledger_open_items
  WHERE account_id = ? AND side = 'credit' AND expires_at IS NOT NULL ORDER BY expires_at LIMIT 10`

function* earnInProgram(sale: SaleForLoyalty, program: ActiveProgram, row: Row, now: Date, nowDb: string): SqlProgram<ProgramOutcome> {
  const { rules } = program
  const account = row.account_id === null ? yield* openAccount(sale.customer.id, program.id, rules, nowDb) : accountOf(row)
  const deltas = noDeltas()
  const soonest = row.account_id === null || !hasValidity(rules) ? [] : row.soonest !== undefined ? (row.soonest as Row[]) : yield sql(SOONEST_LOTS_SQL, [account.id])
  let nextExpiry = pointsExpiryOf(soonest)

  // Lots due before this sale expire first (the expiry pass may not have run yet).
  if (soonest.length > 0 && instantFromDb(soonest[0].expires_at) <= now) {
    addDeltas(deltas, yield* expireDue(account.id, nowDb, nowDb))
    nextExpiry = null
  }

  const startLevel = currentLevel(rules, account.tier)
  const earned = earnFor(rules, { totalCents: sale.totalCents, lines: sale.lines }, startLevel)
  const occurredDb = dbInstant(sale.occurredAt, sale.dialect)
  const cause = { type: 'purchase' as const, id: sale.purchasePublicId }
  const common = { accountId: account.id, kind: 'earn' as const, cause, occurredAt: occurredDb, now: nowDb, rulesVersion: program.version }
  const earnings: Array<[keyof Deltas, number, number | null, number]> = [
    ['points', earned.points, rules.points?.validity_months ?? null, rules.points?.pending_days ?? 0],
    ['stamps', earned.stamps, rules.stamps?.validity_months ?? null, 0],
    ['cashback', earned.cashbackCents, rules.cashback?.validity_months ?? null, 0],
  ]
  const credits = earnings
    .filter(([, amount]) => amount > 0)
    .map(([unit, amount, months, pendingDays]) => {
      const expiresAt = lotExpiry(sale.occurredAt, months, sale.timezone)
      const availableAt = availableFrom(sale.occurredAt, pendingDays, sale.timezone)
      if (unit === 'points' && expiresAt && !nextExpiry) nextExpiry = { points: amount, expires_at: expiresAt.toISOString() }
      return {
        ...common,
        unit,
        amount,
        expiresAt: expiresAt && dbInstant(expiresAt, sale.dialect),
        availableAt: availableAt && dbInstant(availableAt, sale.dialect),
        details: earned.explanation.filter((line) => line.unit === unit),
      }
    })
  if (credits.length > 0) yield* creditAll(credits, (unit) => balanceOf(account, unit) + deltas[unit] < 0)
  for (const entry of credits) deltas[entry.unit] += entry.amount

  // Tier with this sale counted; a change is an event (the animations send the message).
  const figure = !rules.tiers
    ? 0
    : rules.tiers.basis === 'points_365d'
      ? yield* pointsEarnedSince(account.id, yearBefore(sale))
      : row.spend !== undefined
        ? Number(row.spend)
        : yield* spendSince(sale.customer.id, yearBefore(sale))
  const level = levelReached(rules, figure, account.tierFloor)
  const tierChanged = level !== null && level.key !== account.tier
  if (tierChanged) {
    yield* writeEvent('tier.changed', { customer_id: sale.customer.publicId, program_id: program.publicId, from: account.tier, to: level.key }, nowDb)
  }

  const rewards: IssuedVoucher[] = []
  const issue: VoucherRun = { sale, program, account, now, nowDb, deltas, rewards, consumed: [] }
  for (const automatic of rules.automatic_rewards) yield* convertToVouchers(issue, 'points', automatic.every_points, automatic.voucher, 'automatic')
  if (rules.stamps) yield* convertToVouchers(issue, 'stamps', rules.stamps.goal, rules.stamps.reward, 'stamps')
  nextExpiry = afterConsumption(nextExpiry, issue.consumed)
  yield* applyDeltas(account.id, deltas, nowDb, tierChanged ? level : undefined)

  const balances = { points: account.points + deltas.points, stamps: account.stamps + deltas.stamps, cashback_cents: account.cashback + deltas.cashback }
  const every = rules.automatic_rewards[0]?.every_points ?? null
  const next = nextLevel(rules, level, figure)
  return {
    program_id: program.publicId,
    name: program.name,
    earned: { points: earned.points, stamps: earned.stamps, cashback_cents: earned.cashbackCents },
    balances,
    tier: level ? { key: level.key, name: level.name } : null,
    previous_tier: tierChanged && startLevel && account.tier ? { key: startLevel.key, name: startLevel.name } : null,
    next_tier: next && rules.tiers ? { name: next.level.name, missing: next.missing, basis: rules.tiers.basis } : null,
    rewards_issued: rewards,
    next_reward_in_points: every ? every - (((balances.points % every) + every) % every) : null,
    stamps_goal: rules.stamps?.goal ?? null,
    next_expiry: nextExpiry,
    explanation: earned.explanation,
  }
}

interface VoucherRun {
  sale: SaleForLoyalty
  program: ActiveProgram
  account: AccountState
  now: Date
  nowDb: string
  deltas: Deltas
  rewards: IssuedVoucher[]
  /** Points lots consumed by vouchers: the next expiry shrinks by what they took from it. */
  consumed: Allocation[]
}

/**
 * Each full `every` of spendable units becomes a voucher: a redeem entry
 * per voucher (its cause is the voucher), consuming lots oldest first.
 */
function* convertToVouchers(run: VoucherRun, unit: 'points' | 'stamps', every: number, terms: Parameters<typeof issueVoucher>[0]['terms'], source: 'automatic' | 'stamps'): SqlProgram<void> {
  const cached = balanceOf(run.account, unit) + run.deltas[unit]
  if (cached < every) return
  const available = yield* spendable(run.account.id, unit, run.nowDb)
  const count = Math.min(Math.floor(available / every), MAX_VOUCHERS_PER_SALE - run.rewards.length)
  for (let i = 0; i < count; i++) {
    const voucherId = newPublicId()
    const entry = yield* debit(
      {
        accountId: run.account.id,
        unit,
        kind: 'redeem',
        amount: -every,
        cause: { type: 'voucher', id: voucherId },
        occurredAt: run.nowDb,
        now: run.nowDb,
        details: [{ unit, code: source === 'stamps' ? 'stamp_card_full' : 'automatic_reward', amount: -every, params: { every } }],
        rulesVersion: run.program.version,
      },
      { at: run.nowDb, spendableOnly: true, allowDebt: false }
    )
    if (!entry) break
    run.deltas[unit] -= every
    if (unit === 'points') run.consumed.push(...entry.allocations)
    const voucher = yield* issueVoucher({
      publicId: voucherId,
      customerId: run.sale.customer.id,
      programId: run.program.id,
      source,
      terms,
      causeEntryId: entry.id,
      issuedAt: run.now,
      timezone: run.sale.timezone,
      dialect: run.sale.dialect,
    })
    run.rewards.push(voucher)
    yield* writeEvent('reward.issued', { customer_id: run.sale.customer.publicId, program_id: run.program.publicId, voucher_id: voucher.id }, run.nowDb)
  }
}

interface AccountState {
  id: number
  points: number
  stamps: number
  cashback: number
  tier: string | null
  tierFloor: string | null
}

function accountOf(row: Row): AccountState {
  return {
    id: Number(row.account_id),
    points: Number(row.points),
    stamps: Number(row.stamps),
    cashback: Number(row.cashback_cents),
    tier: (row.tier as string | null) ?? null,
    tierFloor: (row.tier_floor as string | null) ?? null,
  }
}

/** Opens the customer's account in an auto programme, at the entry tier. */
export function* openAccount(customerId: number, programId: number, rules: ProgramRules, nowDb: string): SqlProgram<AccountState> {
  const tier = rules.tiers?.levels[0]?.key ?? null
  const inserted = yield sql(
    `INSERT INTO loyalty_accounts (customer_id, program_id, points, stamps, cashback_cents, tier, tier_since, created_at, updated_at)
     VALUES (?, ?, 0, 0, 0, ?, ?, ?, ?) ON CONFLICT (customer_id, program_id) DO NOTHING RETURNING id`,
    [customerId, programId, tier, tier ? nowDb : null, nowDb, nowDb]
  )
  if (inserted.length > 0) return { id: Number(inserted[0].id), points: 0, stamps: 0, cashback: 0, tier, tierFloor: null }
  const [row] = yield sql('SELECT id AS account_id, points, stamps, cashback_cents, tier, tier_floor FROM loyalty_accounts WHERE customer_id = ? AND program_id = ?', [customerId, programId])
  return accountOf(row)
}

const hasValidity = (rules: ProgramRules) => Boolean(rules.points?.validity_months || rules.stamps?.validity_months || rules.cashback?.validity_months)

/** The points that expire first, before this sale (its own lot expires later). */
function pointsExpiryOf(soonest: Row[]): ProgramOutcome['next_expiry'] {
  const points = soonest.filter((lot) => lot.unit === 'points')
  if (points.length === 0) return null
  const at = instantFromDb(points[0].expires_at).getTime()
  const due = points.filter((lot) => instantFromDb(lot.expires_at).getTime() === at).reduce((sum, lot) => sum + Number(lot.remaining), 0)
  return { points: due, expires_at: new Date(at).toISOString() }
}


/** What vouchers took from the soonest-expiring lots; none left there: unknown until the next read. */
function afterConsumption(expiry: ProgramOutcome['next_expiry'], consumed: Allocation[]): ProgramOutcome['next_expiry'] {
  if (!expiry) return null
  const at = new Date(expiry.expires_at).getTime()
  const taken = consumed.filter((allocation) => allocation.expiresAt && instantFromDb(allocation.expiresAt).getTime() === at).reduce((sum, allocation) => sum + allocation.amount, 0)
  return expiry.points > taken ? { ...expiry, points: expiry.points - taken } : null
}

function balanceOf(account: AccountState, unit: keyof Deltas) {
  return unit === 'cashback' ? account.cashback : account[unit]
}

function addDeltas(target: Deltas, add: Deltas) {
  target.points += add.points
  target.stamps += add.stamps
  target.cashback += add.cashback
}
