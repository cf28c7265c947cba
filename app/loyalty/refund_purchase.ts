import { sameCode } from '#loyalty/earn_rules'
import { lockCustomer } from '#customers/customer_lock'
import { applyDeltas, debit, expireDue, type Deltas } from '#loyalty/ledger'
import type { LedgerUnit } from '#loyalty/models/ledger_entry'
import { programRulesOf } from '#loyalty/programs_cache'
import type { ProgramRules } from '#loyalty/program_rules'
import { balancesIn, type Balances } from '#loyalty/customer_balances'
import { writeEvent } from '#shared/outbox'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { later, sql, type Row, type SqlProgram } from '#shared/sql_program'
import { actorColumns, type LoyaltyActor } from '#loyalty/loyalty_actor'
import { restoreRedemptions } from '#loyalty/restore_redemptions'

/**
 * A refund of a sale, whole or part, by amount or by lines (R66). Purchases
 * are never updated: a refund is an append-only `refunds` row (+ lines).
 *
 * - Never more than the sale: the refunded total, and each line's quantity.
 *   On Postgres the purchase row is locked first, so two refunds of one
 *   sale are judged one after the other (SQLite's writer is exclusive).
 * - Earned units are reversed in proportion, with cumulative rounding:
 *   reversed so far = floor(earned × refunded so far / total), so several
 *   partial refunds add up to a full refund's and a full refund reverses
 *   exactly what was earned. Stamps follow the refunded stamp lines when
 *   the refund gives lines.
 * - What the sale earned and has since expired unspent is already gone:
 *   it is never taken back a second time (reversed ≤ earned − expired).
 *   Due lots expire first, as at a sale.
 * - Reversal debits may leave a debt (allowDebt): points already spent
 *   are not taken back from vouchers; the balance goes negative and the
 *   next earnings pay the debt first (ledger.ts). The documented policy.
 * - A full refund gives back what paid for the sale (redemptions linked
 *   by purchase_id), if rules.refunds.restore_redeemed: the voucher is
 *   issued again (unless expired), points or cashback re-credited lot by
 *   lot with each lot's expiry (kind 'reverse', cause the redemption). A redemption is reversed once (status).
 */
export interface RefundInput {
  storeId: number
  actor: LoyaltyActor
  purchasePublicId: string
  /** With no lines: null refunds all that remains (the till's "refund everything"). */
  amountCents: number | null
  lines: Array<{ position: number; quantity: number }> | null
}

export type RefundResult = { ok: true; body: RefundAnswer } | { ok: false; status: number; code: string; field?: string; message: string }

export interface RefundAnswer {
  refund_id: string
  purchase_id: string
  amount_cents: number
  refunded_total_cents: number
  remaining_cents: number
  lines: Array<{ position: number; quantity: number; amount_cents: number }>
  /** Units reversed, every programme together. */
  reversed: Balances
  restored_redemptions: string[]
  balances: Balances | null
}

const refuse = (status: number, code: string, message: string, field?: string): RefundResult => ({ ok: false, status, code, message, field })

interface PurchaseLine {
  position: number
  sku: string
  category: string | null
  quantity: number
  totalCents: number
}

export function* refundPurchase(input: RefundInput, dialect: string): SqlProgram<RefundResult> {
  const lock = dialect === 'postgres' ? ' FOR UPDATE' : ''
  const [purchase] = yield sql(`SELECT id, public_id, customer_id, total_cents FROM purchases WHERE public_id = ? AND store_id = ?${lock}`, [input.purchasePublicId, input.storeId])
  if (!purchase) return refuse(404, 'E_PURCHASE_NOT_FOUND', 'No purchase of this store has this id', 'purchase_id')
  const purchaseId = Number(purchase.id)
  const total = Number(purchase.total_cents)
  const [{ refunded }] = yield sql('SELECT COALESCE(SUM(amount_cents), 0) AS refunded FROM refunds WHERE purchase_id = ?', [purchaseId])
  const before = Number(refunded)

  let amount: number
  let refundLines: RefundAnswer['lines'] = []
  let stampLines: PurchaseLine[] = []
  if (input.lines) {
    const planned = yield* planLines(purchaseId, input.lines)
    if (!planned.ok) return planned.refusal
    refundLines = planned.lines
    stampLines = planned.refundedLines
    amount = Math.min(planned.amount, total - before)
    if (amount <= 0) return refuse(409, 'E_REFUND_EXCEEDS_PURCHASE', 'The purchase is already fully refunded', 'lines')
  } else {
    amount = input.amountCents ?? total - before
    if (amount <= 0) return refuse(409, 'E_REFUND_EXCEEDS_PURCHASE', 'The purchase is already fully refunded', 'amount_cents')
    if (before + amount > total) {
      return refuse(409, 'E_REFUND_EXCEEDS_PURCHASE', `At most ${total - before} cents of this purchase remain to refund`, 'amount_cents')
    }
  }
  const after = before + amount

  const now = new Date()
  const nowDb = dbInstant(now, dialect)
  const publicId = newPublicId()
  const [refund] = yield sql(
    `INSERT INTO refunds (public_id, purchase_id, store_id, amount_cents, source, pos_token_id, staff_member_id, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [publicId, purchaseId, input.storeId, amount, ...actorColumns(input.actor), nowDb, nowDb]
  )
  const refundId = Number(refund.id)
  if (refundLines.length > 0) {
    const values = refundLines.map(() => '(?, ?, ?, ?)').join(', ')
    yield later(
      `INSERT INTO refund_lines (refund_id, position, quantity, amount_cents) VALUES ${values}`,
      refundLines.flatMap((line) => [refundId, line.position, line.quantity, line.amount_cents])
    )
  }

  const reversed = { points: 0, stamps: 0, cashback_cents: 0 }
  const restored: string[] = []
  const customerId = purchase.customer_id === null ? null : Number(purchase.customer_id)
  if (customerId !== null) {
    // The customer's loyalty lock, as a sale and the expiry pass take it first: their loyalty writes queue.
    yield* lockCustomer(customerId, dialect)
    const cause = { type: 'refund' as const, id: publicId }
    const run: Reversal = { purchasePublicId: String(purchase.public_id), purchaseId, total, before, after, stampLines, cause, nowDb, reversed }
    yield* reverseEarnings(run)
    if (after === total && before < total) restored.push(...(yield* restoreRedemptions(run, refundId)))
  }
  yield* writeEvent('refund.recorded', { refund_id: publicId, purchase_id: String(purchase.public_id), store_id: input.storeId }, nowDb)
  return {
    ok: true,
    body: {
      refund_id: publicId,
      purchase_id: String(purchase.public_id),
      amount_cents: amount,
      refunded_total_cents: after,
      remaining_cents: total - after,
      lines: refundLines,
      reversed,
      restored_redemptions: restored,
      balances: customerId === null ? null : yield* balancesIn(customerId, input.storeId),
    },
  }
}

type LinePlan =
  | { ok: true; lines: RefundAnswer['lines']; refundedLines: PurchaseLine[]; amount: number }
  | { ok: false; refusal: RefundResult }

/** Each line refunded at most its quantity; a line's amount by cumulative rounding of its total. */
function* planLines(purchaseId: number, requested: Array<{ position: number; quantity: number }>): SqlProgram<LinePlan> {
  const rows = yield sql('SELECT position, sku, category, quantity, total_cents FROM purchase_lines WHERE purchase_id = ?', [purchaseId])
  const doneRows = yield sql(
    'SELECT rl.position, SUM(rl.quantity) AS quantity FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id WHERE r.purchase_id = ? GROUP BY rl.position',
    [purchaseId]
  )
  const done = new Map(doneRows.map((row: Row) => [Number(row.position), Number(row.quantity)]))
  const byPosition = new Map<number, PurchaseLine>(
    rows.map((row: Row) => [
      Number(row.position),
      { position: Number(row.position), sku: String(row.sku), category: (row.category as string | null) ?? null, quantity: Number(row.quantity), totalCents: Number(row.total_cents) },
    ])
  )
  const lines: RefundAnswer['lines'] = []
  const refundedLines: PurchaseLine[] = []
  let amount = 0
  for (const [index, { position, quantity }] of requested.entries()) {
    const line = byPosition.get(position)
    if (!line) return { ok: false, refusal: refuse(422, 'E_UNKNOWN_LINE', 'The purchase has no line at this position', `lines.${index}.position`) }
    const already = done.get(position) ?? 0
    if (already + quantity > line.quantity) {
      return { ok: false, refusal: refuse(409, 'E_REFUND_EXCEEDS_LINE', `At most ${line.quantity - already} of this line remain to refund`, `lines.${index}.quantity`) }
    }
    const cents = Math.floor((line.totalCents * (already + quantity)) / line.quantity) - Math.floor((line.totalCents * already) / line.quantity)
    lines.push({ position, quantity, amount_cents: cents })
    refundedLines.push({ ...line, quantity })
    amount += cents
  }
  return { ok: true, lines, refundedLines, amount }
}

export interface Reversal {
  purchasePublicId: string
  purchaseId: number
  total: number
  before: number
  after: number
  stampLines: PurchaseLine[]
  cause: { type: 'refund'; id: string }
  nowDb: string
  reversed: Balances
}

/** What the sale earned per account and unit, less what earlier refunds reversed and what expired unspent; debits bring the reversal to its target. */
function* reverseEarnings(run: Reversal): SqlProgram<void> {
  const earnedRows = yield sql(
    `SELECT e.account_id, e.unit, SUM(e.amount) AS earned, a.program_id, p.rules_version
     FROM ledger_entries e JOIN loyalty_accounts a ON a.id = e.account_id JOIN loyalty_programs p ON p.id = a.program_id
     WHERE e.cause_type = 'purchase' AND e.cause_id = ? AND e.kind = 'earn' GROUP BY e.account_id, e.unit, a.program_id, p.rules_version`,
    [run.purchasePublicId]
  )
  if (earnedRows.length === 0) return
  const deltasByAccount = new Map<number, Deltas>()
  for (const accountId of new Set(earnedRows.map((row: Row) => Number(row.account_id)))) deltasByAccount.set(accountId, yield* expireDue(accountId, run.nowDb, run.nowDb))
  const done = yield* reversedAndExpired(run)
  for (const row of earnedRows) {
    const accountId = Number(row.account_id)
    const unit = String(row.unit) as LedgerUnit
    const earned = Number(row.earned)
    const { reversed: already, expired } = done.get(`${accountId}:${unit}`) ?? { reversed: 0, expired: 0 }
    const rules = (yield* programRulesOf(Number(row.program_id), Number(row.rules_version))).rules
    const amount = Math.min(earned - expired, reversalTarget(run, rules, unit, earned, already)) - already
    if (amount <= 0) continue
    const entry = yield* debit(
      { accountId, unit, kind: 'reverse', amount: -amount, cause: run.cause, occurredAt: run.nowDb, now: run.nowDb, details: [{ unit, code: 'refund', amount: -amount, params: { earned, refunded_cents: run.after, total_cents: run.total } }] },
      { at: run.nowDb, spendableOnly: false, allowDebt: true }
    )
    if (!entry) continue
    deltasByAccount.get(accountId)![unit] -= amount
    run.reversed[unit === 'cashback' ? 'cashback_cents' : unit] += amount
  }
  for (const [accountId, deltas] of deltasByAccount) yield* applyDeltas(accountId, deltas, run.nowDb)
}

/** Per account and unit: what earlier refunds of the sale reversed, and what of its earnings expired unspent. */
function* reversedAndExpired(run: Reversal): SqlProgram<Map<string, { reversed: number; expired: number }>> {
  const rows = yield sql(
    `SELECT e.account_id, e.unit, -SUM(e.amount) AS units, 'reversed' AS what FROM ledger_entries e JOIN refunds r ON r.public_id = e.cause_id
     WHERE e.cause_type = 'refund' AND e.kind = 'reverse' AND e.amount < 0 AND r.purchase_id = ? GROUP BY e.account_id, e.unit
     UNION ALL
     SELECT e.account_id, e.unit, SUM(al.amount) AS units, 'expired' AS what FROM ledger_entries e
     JOIN ledger_allocations al ON al.credit_entry_id = e.id JOIN ledger_entries d ON d.id = al.debit_entry_id
     WHERE e.cause_type = 'purchase' AND e.cause_id = ? AND e.kind = 'earn' AND d.kind = 'expire' GROUP BY e.account_id, e.unit`,
    [run.purchaseId, run.purchasePublicId]
  )
  const figures = new Map<string, { reversed: number; expired: number }>()
  for (const row of rows) {
    const key = `${row.account_id}:${row.unit}`
    const figure = figures.get(key) ?? { reversed: 0, expired: 0 }
    figure[row.what === 'expired' ? 'expired' : 'reversed'] = Number(row.units)
    figures.set(key, figure)
  }
  return figures
}

/**
 * Target of units reversed after this refund. Full refund: everything.
 * Stamps with refunded lines: those lines' stamps on top of what was
 * already reversed. Otherwise floor(earned × refunded / total).
 */
function reversalTarget(run: Reversal, rules: ProgramRules, unit: LedgerUnit, earned: number, already: number) {
  if (run.after >= run.total) return earned
  if (unit === 'stamps' && run.stampLines.length > 0 && rules.stamps) {
    const { skus, categories } = rules.stamps
    const stamps = run.stampLines
      .filter((line) => skus.some((sku) => sameCode(sku, line.sku)) || (!!line.category && categories.some((category) => sameCode(category, line.category!))))
      .reduce((sum, line) => sum + line.quantity, 0)
    return already + stamps
  }
  return Math.floor((earned * run.after) / run.total)
}
