import { applyDeltas, debit, noDeltas, spendable } from '#loyalty/ledger'
import { programRulesOf } from '#loyalty/programs_cache'
import { balancesIn, type Balances } from '#loyalty/customer_balances'
import { issueVoucher, type IssuedVoucher } from '#loyalty/vouchers'
import { writeEvent } from '#shared/outbox'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { later, sql, type Row, type SqlProgram } from '#shared/sql_program'
import { actorColumns, type LoyaltyActor } from '#loyalty/loyalty_actor'

/**
 * Redeeming at the till (R65, invariant 4): a voucher, a reward of the
 * shop, points or cashback. Comptoir never records a payment: it answers
 * the discount for the till to apply.
 *
 * Runs inside the idempotency transaction (app/pos/idempotency.ts). Every
 * refusal is decided before the first write, so a refusal is an answer to
 * store, never a half-done redemption:
 * - voucher: one conditional UPDATE (issued, not expired, this customer);
 *   0 rows → a read says why. Concurrent tills: one row changes, once.
 * - points / cashback / reward: the account row is locked first on
 *   Postgres (`FOR UPDATE`; SQLite's write transaction is exclusive), so
 *   the spendable lots read are the ones debited.
 * - reward: limit per customer counted, spendable checked, stock taken by
 *   a conditional UPDATE, then the debit; the reward becomes a voucher
 *   (source 'shop') issued and redeemed at once, so a refund can give the
 *   voucher back rather than the points (and the stock stays taken).
 *
 * Discounts never exceed the basket when `total_cents` is given: a voucher
 * is capped at it; points or cashback worth more are refused (the customer
 * would lose the difference).
 */
export interface RedemptionInput {
  storeId: number
  timezone: string
  actor: LoyaltyActor
  customerPublicId: string
  what: { voucherCode: string } | { rewardPublicId: string } | { points: number } | { cashbackCents: number }
  totalCents: number | null
  purchasePublicId: string | null
}

export type RedemptionResult =
  | { ok: true; body: RedemptionAnswer }
  | { ok: false; status: number; code: string; field?: string; message: string }

export interface RedemptionAnswer {
  redemption_id: string
  kind: 'voucher' | 'reward' | 'points' | 'cashback'
  discount_cents: number | null
  discount_percent: number | null
  product_label: string | null
  balances: Balances
  voucher: IssuedVoucher | null
}

const refuse = (status: number, code: string, message: string, field?: string): RedemptionResult => ({ ok: false, status, code, message, field })

interface Context {
  input: RedemptionInput
  dialect: string
  customer: { id: number; publicId: string }
  purchaseId: number | null
  now: Date
  nowDb: string
  publicId: string
}

export function* redeem(input: RedemptionInput, dialect: string): SqlProgram<RedemptionResult> {
  const [customer] = yield sql('SELECT id, public_id FROM customers WHERE public_id = ? AND erased_at IS NULL LIMIT 1', [input.customerPublicId])
  if (!customer) return refuse(404, 'E_CUSTOMER_NOT_FOUND', 'No customer matches this identifier', 'customer_id')
  let purchaseId: number | null = null
  if (input.purchasePublicId) {
    const [purchase] = yield sql('SELECT id, customer_id FROM purchases WHERE public_id = ? AND store_id = ? LIMIT 1', [input.purchasePublicId, input.storeId])
    if (!purchase || (purchase.customer_id !== null && Number(purchase.customer_id) !== Number(customer.id))) {
      return refuse(404, 'E_PURCHASE_NOT_FOUND', 'No purchase of this customer in this store has this id', 'purchase_id')
    }
    purchaseId = Number(purchase.id)
  }
  const now = new Date()
  const context: Context = {
    input,
    dialect,
    customer: { id: Number(customer.id), publicId: String(customer.public_id) },
    purchaseId,
    now,
    nowDb: dbInstant(now, dialect),
    publicId: newPublicId(),
  }
  const { what } = input
  const result =
    'voucherCode' in what
      ? yield* redeemVoucher(context, what.voucherCode)
      : 'rewardPublicId' in what
        ? yield* redeemReward(context, what.rewardPublicId)
        : 'points' in what
          ? yield* redeemUnits(context, 'points', what.points)
          : yield* redeemUnits(context, 'cashback', what.cashbackCents)
  if (result.ok) {
    yield* writeEvent('redemption.recorded', { redemption_id: result.body.redemption_id, customer_id: context.customer.publicId, store_id: input.storeId }, context.nowDb)
  }
  return result
}

function* redeemVoucher(context: Context, code: string): SqlProgram<RedemptionResult> {
  const { input, customer, nowDb } = context
  const [found] = yield sql('SELECT id, customer_id, kind, status, expires_at FROM vouchers WHERE code = ? LIMIT 1', [code])
  if (!found || Number(found.customer_id) !== customer.id) return refuse(404, 'E_VOUCHER_NOT_FOUND', 'This customer has no voucher with this code', 'voucher_code')
  if (found.kind === 'percent' && input.totalCents === null) return refuse(422, 'E_TOTAL_REQUIRED', 'A percentage voucher needs the basket total', 'total_cents')
  const [voucher] = yield sql(
    `UPDATE vouchers SET status = 'redeemed', redeemed_at = ? WHERE code = ? AND customer_id = ? AND status = 'issued' AND expires_at > ?
     RETURNING id, public_id, code, kind, value_cents, percent, product_label, source, expires_at`,
    [nowDb, code, customer.id, nowDb]
  )
  if (!voucher) {
    // Read again: a concurrent till may have just redeemed it.
    const [now] = yield sql('SELECT status FROM vouchers WHERE id = ?', [Number(found.id)])
    if (now.status === 'issued') return refuse(409, 'E_VOUCHER_EXPIRED', 'This voucher has expired', 'voucher_code')
    if (now.status === 'cancelled') return refuse(409, 'E_VOUCHER_CANCELLED', 'This voucher was cancelled', 'voucher_code')
    return refuse(409, 'E_ALREADY_REDEEMED', 'This voucher is already redeemed', 'voucher_code')
  }
  const issued = voucherJson(voucher)
  const discount = voucherDiscount(issued, input.totalCents)
  const redemptionId = yield* insertRedemption(context, { kind: 'voucher', voucherId: Number(voucher.id), accountId: null, rewardId: null, units: 0, debitEntryId: null, ...discount })
  yield later('UPDATE vouchers SET redemption_id = ? WHERE id = ?', [redemptionId, Number(voucher.id)])
  return { ok: true, body: { redemption_id: context.publicId, kind: 'voucher', ...discount, balances: yield* balancesIn(customer.id, input.storeId), voucher: issued } }
}

function* redeemUnits(context: Context, unit: 'points' | 'cashback', amount: number): SqlProgram<RedemptionResult> {
  const { input, customer, nowDb } = context
  const field = unit === 'points' ? 'points' : 'cashback_cents'
  const account = yield* lockedAccount(context)
  if (!account) return refuse(409, 'E_INSUFFICIENT_BALANCE', 'The balance is too low', field)
  const program = yield* programRulesOf(account.programId, account.rulesVersion)
  const valueCents = unit === 'points' ? program.rules.points?.point_value_cents : program.rules.cashback ? 1 : undefined
  if (!valueCents) return refuse(422, 'E_UNIT_NOT_OFFERED', `This programme has no ${unit}`, field)
  const discountCents = amount * valueCents
  if (input.totalCents !== null && discountCents > input.totalCents) return refuse(422, 'E_EXCEEDS_BASKET', 'The discount would exceed the basket total', field)
  const entry = yield* debit(
    { accountId: account.id, unit, kind: 'redeem', amount: -amount, cause: { type: 'redemption', id: context.publicId }, occurredAt: nowDb, now: nowDb, rulesVersion: program.version },
    { at: nowDb, spendableOnly: true, allowDebt: false }
  )
  if (!entry) return refuse(409, 'E_INSUFFICIENT_BALANCE', 'The balance is too low', field)
  const deltas = noDeltas()
  deltas[unit] = -amount
  yield* applyDeltas(account.id, deltas, nowDb)
  yield* insertRedemption(context, { kind: unit, voucherId: null, accountId: account.id, rewardId: null, units: amount, debitEntryId: entry.id, discount_cents: discountCents, discount_percent: null, product_label: null })
  return { ok: true, body: { redemption_id: context.publicId, kind: unit, discount_cents: discountCents, discount_percent: null, product_label: null, balances: yield* balancesIn(customer.id, input.storeId), voucher: null } }
}

function* redeemReward(context: Context, rewardPublicId: string): SqlProgram<RedemptionResult> {
  const { input, customer, nowDb } = context
  const [reward] = yield sql(
    `SELECT r.id, r.program_id, r.kind, r.value_cents, r.percent, r.product_sku, r.name, r.cost_points, r.stock, r.per_customer_limit, r.validity_days FROM rewards r
     JOIN loyalty_programs p ON p.id = r.program_id
     WHERE r.public_id = ? AND r.active = TRUE AND p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?) LIMIT 1`,
    [rewardPublicId, input.storeId]
  )
  if (!reward) return refuse(404, 'E_REWARD_NOT_FOUND', 'No active reward of this store has this id', 'reward_id')
  if (reward.kind === 'percent' && input.totalCents === null) return refuse(422, 'E_TOTAL_REQUIRED', 'A percentage reward needs the basket total', 'total_cents')
  const account = yield* lockedAccount(context, Number(reward.program_id))
  const cost = Number(reward.cost_points)
  if (!account) return refuse(409, 'E_INSUFFICIENT_BALANCE', 'The balance is too low', 'reward_id')
  if (reward.per_customer_limit !== null) {
    // Every redemption counts, reversed ones too: a refund gives the reward back as a voucher, it is still held.
    const [{ taken }] = yield sql('SELECT COUNT(*) AS taken FROM redemptions WHERE reward_id = ? AND customer_id = ?', [Number(reward.id), customer.id])
    if (Number(taken) >= Number(reward.per_customer_limit)) return refuse(409, 'E_LIMIT_REACHED', 'This customer already has this reward as many times as allowed', 'reward_id')
  }
  if ((yield* spendable(account.id, 'points', nowDb)) < cost) return refuse(409, 'E_INSUFFICIENT_BALANCE', 'The balance is too low', 'reward_id')
  if (reward.stock !== null) {
    // The conditional UPDATE decides among concurrent tills (null − 1 stays null: unlimited since the read).
    const taken = yield sql('UPDATE rewards SET stock = stock - 1 WHERE id = ? AND (stock IS NULL OR stock > 0) RETURNING id', [Number(reward.id)])
    if (taken.length === 0) return refuse(409, 'E_OUT_OF_STOCK', 'This reward is out of stock', 'reward_id')
  }
  const program = yield* programRulesOf(account.programId, account.rulesVersion)
  const entry = yield* debit(
    { accountId: account.id, unit: 'points', kind: 'redeem', amount: -cost, cause: { type: 'redemption', id: context.publicId }, occurredAt: nowDb, now: nowDb, rulesVersion: program.version },
    { at: nowDb, spendableOnly: true, allowDebt: false }
  )
  // Spendable was checked with the account locked: nothing can have taken the points since.
  if (!entry) throw new Error('Reward debit failed after the balance check')
  yield* applyDeltas(account.id, { points: -cost, stamps: 0, cashback: 0 }, nowDb)
  const terms = {
    kind: reward.kind as 'amount' | 'percent' | 'product',
    value_cents: reward.value_cents === null ? undefined : Number(reward.value_cents),
    percent: reward.percent === null ? undefined : Number(reward.percent),
    product_label: String(reward.name),
    product_sku: (reward.product_sku as string | null) ?? undefined,
    validity_days: Number(reward.validity_days),
  }
  const voucherPublicId = newPublicId()
  const voucher = yield* issueVoucher({
    publicId: voucherPublicId,
    customerId: customer.id,
    programId: account.programId,
    rewardId: Number(reward.id),
    source: 'shop',
    terms,
    causeEntryId: entry.id,
    issuedAt: context.now,
    timezone: input.timezone,
    dialect: context.dialect,
  })
  const discount = voucherDiscount(voucher, input.totalCents)
  const [inserted] = yield sql('SELECT id FROM vouchers WHERE public_id = ?', [voucherPublicId])
  const redemptionId = yield* insertRedemption(context, { kind: 'reward', voucherId: Number(inserted.id), accountId: account.id, rewardId: Number(reward.id), units: cost, debitEntryId: entry.id, ...discount })
  yield later(`UPDATE vouchers SET status = 'redeemed', redeemed_at = ?, redemption_id = ? WHERE id = ?`, [nowDb, redemptionId, Number(inserted.id)])
  return { ok: true, body: { redemption_id: context.publicId, kind: 'reward', ...discount, balances: yield* balancesIn(customer.id, input.storeId), voucher } }
}

interface LockedAccount {
  id: number
  programId: number
  rulesVersion: number
}

/** The customer's account in the given programme, or the store's first; locked on Postgres. */
function* lockedAccount(context: Context, programId?: number): SqlProgram<LockedAccount | null> {
  const lock = context.dialect === 'postgres' ? ' FOR UPDATE OF a' : ''
  const rows = programId
    ? yield sql(`SELECT a.id, a.program_id, p.rules_version FROM loyalty_accounts a JOIN loyalty_programs p ON p.id = a.program_id WHERE a.customer_id = ? AND a.program_id = ?${lock}`, [context.customer.id, programId])
    : yield sql(
        `SELECT a.id, a.program_id, p.rules_version FROM loyalty_programs p JOIN loyalty_accounts a ON a.program_id = p.id AND a.customer_id = ?
         WHERE p.id = (SELECT id FROM loyalty_programs WHERE status = 'active' AND (store_id IS NULL OR store_id = ?) ORDER BY position, id LIMIT 1)${lock}`,
        [context.customer.id, context.input.storeId]
      )
  const row = rows[0]
  return row ? { id: Number(row.id), programId: Number(row.program_id), rulesVersion: Number(row.rules_version) } : null
}

interface Discount {
  discount_cents: number | null
  discount_percent: number | null
  product_label: string | null
}

/** Amounts capped at the basket; a percentage of the basket, rounded down to the cent. */
function voucherDiscount(voucher: Pick<IssuedVoucher, 'kind' | 'value_cents' | 'percent' | 'product_label'>, totalCents: number | null): Discount {
  const cap = (cents: number | null) => (cents === null ? null : totalCents === null ? cents : Math.min(cents, totalCents))
  if (voucher.kind === 'percent') return { discount_cents: Math.floor(((totalCents ?? 0) * (voucher.percent ?? 0)) / 100), discount_percent: voucher.percent, product_label: null }
  if (voucher.kind === 'product') return { discount_cents: cap(voucher.value_cents), discount_percent: null, product_label: voucher.product_label }
  return { discount_cents: cap(voucher.value_cents), discount_percent: null, product_label: null }
}

function voucherJson(row: Row): IssuedVoucher {
  return {
    id: String(row.public_id),
    code: String(row.code),
    kind: row.kind as IssuedVoucher['kind'],
    value_cents: row.value_cents === null ? null : Number(row.value_cents),
    percent: row.percent === null ? null : Number(row.percent),
    product_label: (row.product_label as string | null) ?? null,
    source: row.source as IssuedVoucher['source'],
    expires_at: instantFromDb(row.expires_at).toISOString(),
  }
}

interface RedemptionRow extends Discount {
  kind: RedemptionAnswer['kind']
  voucherId: number | null
  accountId: number | null
  rewardId: number | null
  units: number
  debitEntryId: number | null
}

function* insertRedemption(context: Context, row: RedemptionRow): SqlProgram<number> {
  const [inserted] = yield sql(
    `INSERT INTO redemptions (public_id, store_id, customer_id, account_id, kind, voucher_id, reward_id, purchase_id, units, discount_cents, discount_percent, product_label, debit_entry_id, status, source, pos_token_id, staff_member_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?, ?) RETURNING id`,
    [
      context.publicId,
      context.input.storeId,
      context.customer.id,
      row.accountId,
      row.kind,
      row.voucherId,
      row.rewardId,
      context.purchaseId,
      row.units,
      row.discount_cents,
      row.discount_percent,
      row.product_label,
      row.debitEntryId,
      ...actorColumns(context.input.actor),
      context.nowDb,
    ]
  )
  return Number(inserted.id)
}
