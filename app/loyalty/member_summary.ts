import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { currentLevel } from '#loyalty/tiers'
import { usableVouchers } from '#loyalty/customer_balances'
import { read } from '#shared/sql_program'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'

/** What a voucher gives, for a label in the reader's language. */
export interface VoucherValue {
  kind: 'amount' | 'percent' | 'product'
  valueCents: number | null
  percent: number | null
  productLabel: string | null
}

export interface MemberVoucher extends VoucherValue {
  code: string
  expiresAt: DateTime
}

export interface MemberReward {
  publicId: string
  name: string
  kind: 'amount' | 'percent' | 'product'
  costPoints: number
  affordable: boolean
  inStock: boolean
}

export interface MemberProgram {
  programId: string
  name: string
  points: number
  stamps: number
  stampsGoal: number | null
  cashbackCents: number
  /** What a point is worth when paying with points; null: points cannot pay. */
  pointValueCents: number | null
  offersCashback: boolean
  tier: string | null
  nextReward: (VoucherValue & { missing: number }) | null
  nextExpiry: { points: number; expiresAt: DateTime } | null
  rewards: MemberReward[]
}

/**
 * What a member holds in the programmes of a store, read-only, for the
 * till (R41: balances and rewards, no contact details) and the profile:
 * balances, tier, stamp card, next reward, next expiry, usable vouchers
 * and the rewards shop with what the balance affords.
 */
export async function memberSummaryOf(customerId: number, storeId: number) {
  const now = DateTime.utc()
  const accounts = await db
    .from('loyalty_accounts as a')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('a.customer_id', customerId)
    .where('p.status', 'active')
    .where((query) => query.whereNull('p.store_id').orWhere('p.store_id', storeId))
    .orderBy('p.position')
    .orderBy('p.id')
    .select('a.id', 'a.points', 'a.stamps', 'a.cashback_cents', 'a.tier', 'p.id as program_id', 'p.public_id as program_public_id', 'p.name', 'p.rules')
  const programs: MemberProgram[] = []
  for (const account of accounts) {
    const rules = parseRules(account.rules)
    programs.push({
      programId: account.program_public_id,
      name: account.name,
      points: Number(account.points),
      stamps: Number(account.stamps),
      stampsGoal: rules.stamps?.goal ?? null,
      cashbackCents: Number(account.cashback_cents),
      pointValueCents: rules.points?.point_value_cents ?? null,
      offersCashback: rules.cashback !== null,
      tier: currentLevel(rules, account.tier)?.name ?? null,
      nextReward: nextRewardOf(rules, Number(account.points)),
      nextExpiry: await nextExpiryOf(Number(account.id), now),
      rewards: await rewardsOf(Number(account.program_id), Number(account.points)),
    })
  }
  return { programs, vouchers: await usableVouchersOf(customerId, now) }
}

export type MemberSummary = Awaited<ReturnType<typeof memberSummaryOf>>

function nextRewardOf(rules: ProgramRules, points: number) {
  const automatic = rules.automatic_rewards[0]
  if (!automatic) return null
  const { voucher } = automatic
  return { kind: voucher.kind, valueCents: voucher.value_cents ?? null, percent: voucher.percent ?? null, productLabel: voucher.product_label ?? null, missing: Math.max(0, automatic.every_points - points) }
}

async function nextExpiryOf(accountId: number, now: DateTime) {
  const first = await db
    .from('ledger_open_items')
    .where({ account_id: accountId, unit: 'points', side: 'credit' })
    .where('expires_at', '>', dbTimestamp(now))
    .orderBy('expires_at')
    .select('expires_at')
    .first()
  if (!first) return null
  const [total] = await db.from('ledger_open_items').where({ account_id: accountId, unit: 'points', side: 'credit', expires_at: first.expires_at }).sum('remaining as points')
  return { points: Number(total.points), expiresAt: fromDbTimestamp(first.expires_at)! }
}

async function rewardsOf(programId: number, points: number): Promise<MemberReward[]> {
  const rewards = await db.from('rewards').where({ program_id: programId, active: true }).orderBy('cost_points').limit(50)
  return rewards.map((reward) => ({
    publicId: reward.public_id,
    name: reward.name,
    kind: reward.kind,
    costPoints: Number(reward.cost_points),
    affordable: Number(reward.cost_points) <= points,
    inStock: reward.stock === null || Number(reward.stock) > 0,
  }))
}

/** The till's view of the usable vouchers (the same query as the POS API's). */
async function usableVouchersOf(customerId: number, now: DateTime): Promise<MemberVoucher[]> {
  const vouchers = await read(usableVouchers(customerId, dbTimestamp(now)))
  return vouchers.map((voucher) => ({
    code: voucher.code,
    kind: voucher.kind,
    valueCents: voucher.value_cents,
    percent: voucher.percent,
    productLabel: voucher.product_label,
    expiresAt: DateTime.fromISO(voucher.expires_at, { zone: 'utc' }),
  }))
}
