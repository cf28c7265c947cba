import { availableFrom, lotExpiry } from '#loyalty/validity'

/**
 * A reference model of one loyalty account, in memory, written from the
 * ledger's stated rules (app/loyalty/ledger.ts, refund_purchase.ts), for the
 * property tests to compare with what the database holds:
 * - a credit pays the open debts of its unit first (oldest first), the rest
 *   is a lot with its expiry and, for points, its pending period;
 * - a debit takes lots soonest expiry first (lots that never expire last,
 *   then oldest); a redemption only spendable lots, a reversal any unexpired
 *   one, leaving a debt for what it cannot find;
 * - an expiry takes from each due lot exactly its remainder, once.
 * Instants are epoch milliseconds.
 */
export type Unit = 'points' | 'cashback'
export const UNITS: Unit[] = ['points', 'cashback']

export interface ModelRules {
  perEuro: number
  pointsMonths: number | null
  pendingDays: number
  /** Basis points; null: no cashback. */
  cashbackBp: number | null
  cashbackMonths: number | null
  /** Automatic rewards: every this many points, a voucher (null: none). */
  every: number | null
  restoreRedeemed: boolean
  timezone: string
  excludedSku: string
}

export interface Lot {
  unit: Unit
  amount: number
  remaining: number
  expiresAt: number | null
  availableAt: number | null
  /** What the expiry took from it (0 until it expires). */
  expired: number
  isExpired: boolean
}

export interface Debt {
  unit: Unit
  remaining: number
}

export interface ModelLine {
  sku: string
  quantity: number
  unitPriceCents: number
}

export interface ModelPurchase {
  totalCents: number
  lines: ModelLine[]
  earned: Record<Unit, number>
  /** The lot each unit's earning made (its `expired` is what expired unspent). */
  lots: Partial<Record<Unit, Lot>>
  reversed: Record<Unit, number>
  refundedCents: number
  refundedQuantities: number[]
  /** Redemptions that paid for it (restored by a full refund). */
  redemptions: ModelRedemption[]
}

interface ModelRedemption {
  unit: Unit
  allocations: Array<{ lot: Lot; amount: number }>
  restored: boolean
}

const zero = (): Record<Unit, number> => ({ points: 0, cashback: 0 })
const MAX_VOUCHERS_PER_SALE = 20

export class LedgerModel {
  hasAccount = false
  balances = zero()
  /** Every credit in the order written (entry ids), whether or not it left a lot. */
  credits: Lot[] = []
  /** Every debt in the order written. */
  debts: Debt[] = []
  purchases: ModelPurchase[] = []
  vouchers = 0

  constructor(readonly rules: ModelRules) {}

  offers(unit: Unit) {
    return unit === 'points' || this.rules.cashbackBp !== null
  }

  /** A sale: due lots expire first, then the units earned are credited, then full thresholds become vouchers. */
  sale(totalCents: number, lines: ModelLine[], occurredAt: number, now: number) {
    const { rules } = this
    if (this.hasAccount && this.hasValidity() && this.credits.some((lot) => this.isOpen(lot) && lot.expiresAt !== null && lot.expiresAt <= now)) this.expire(now)
    this.hasAccount = true
    const excluded = lines.filter((line) => line.sku === rules.excludedSku).reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0)
    const eligible = Math.max(0, totalCents - excluded)
    const earned = { points: Math.floor(eligible / 100) * rules.perEuro, cashback: rules.cashbackBp === null ? 0 : Math.floor((eligible * rules.cashbackBp) / 10_000) }
    const months = { points: rules.pointsMonths, cashback: rules.cashbackMonths }
    const lots: ModelPurchase['lots'] = {}
    for (const unit of UNITS) {
      if (earned[unit] === 0) continue
      const expiresAt = lotExpiry(new Date(occurredAt), months[unit], rules.timezone)?.getTime() ?? null
      const availableAt = unit === 'points' ? (availableFrom(new Date(occurredAt), rules.pendingDays, rules.timezone)?.getTime() ?? null) : null
      lots[unit] = this.credit(unit, earned[unit], expiresAt, availableAt)
    }
    let vouchers = 0
    if (rules.every !== null && this.balances.points >= rules.every) {
      const count = Math.min(Math.floor(this.spendable('points', now) / rules.every), MAX_VOUCHERS_PER_SALE)
      for (let i = 0; i < count; i++) this.take(this.spendableLots('points', now), 'points', rules.every)
      vouchers = count
      this.vouchers += count
    }
    this.purchases.push({ totalCents, lines, earned, lots, reversed: zero(), refundedCents: 0, refundedQuantities: lines.map(() => 0), redemptions: [] })
    return { earned, vouchers }
  }

  /** Paying with points or cashback: spendable lots only, never into debt. */
  redeem(unit: Unit, amount: number, now: number, purchase: ModelPurchase | null) {
    if (!this.hasAccount || this.spendable(unit, now) < amount) return false
    const allocations = this.take(this.spendableLots(unit, now), unit, amount)
    purchase?.redemptions.push({ unit, allocations, restored: false })
    return true
  }

  /** A staff adjustment: due lots expire first; a credit is a lot from today; a debit takes unexpired lots, pending ones too, never beyond them. */
  adjust(unit: Unit, amount: number, now: number) {
    if (this.hasAccount) this.expire(now)
    this.hasAccount = true
    if (amount > 0) {
      const months = unit === 'points' ? this.rules.pointsMonths : this.rules.cashbackMonths
      this.credit(unit, amount, lotExpiry(new Date(now), months, this.rules.timezone)?.getTime() ?? null, null)
      return true
    }
    const lots = this.unexpiredLots(unit, now)
    if (lots.reduce((sum, lot) => sum + lot.remaining, 0) < -amount) return false
    this.take(lots, unit, -amount)
    return true
  }

  /** A refund: null when refused; else what was reversed per unit (cumulative rounding), and what was restored. */
  refund(purchase: ModelPurchase, request: { amountCents: number } | { lines: Array<{ position: number; quantity: number }> }, now: number) {
    const before = purchase.refundedCents
    let amount: number
    if ('lines' in request) {
      let planned = 0
      const quantities = [...purchase.refundedQuantities]
      for (const { position, quantity } of request.lines) {
        const line = purchase.lines[position - 1]
        const already = quantities[position - 1]
        if (already + quantity > line.quantity) return null
        const total = line.quantity * line.unitPriceCents
        planned += Math.floor((total * (already + quantity)) / line.quantity) - Math.floor((total * already) / line.quantity)
        quantities[position - 1] += quantity
      }
      amount = Math.min(planned, purchase.totalCents - before)
      if (amount <= 0) return null
      purchase.refundedQuantities = quantities
    } else {
      amount = request.amountCents
      if (before + amount > purchase.totalCents) return null
    }
    const after = before + amount
    purchase.refundedCents = after
    const reversed = zero()
    // Due lots expire first, as at a sale: what the sale earned and lost unspent is never taken back twice.
    if (UNITS.some((unit) => purchase.earned[unit] > 0)) this.expire(now)
    for (const unit of UNITS) {
      const earned = purchase.earned[unit]
      if (earned === 0) continue
      const target = after >= purchase.totalCents ? earned : Math.floor((earned * after) / purchase.totalCents)
      const take = Math.min(earned - (purchase.lots[unit]?.expired ?? 0), target) - purchase.reversed[unit]
      if (take <= 0) continue
      this.take(this.unexpiredLots(unit, now), unit, take, true)
      purchase.reversed[unit] += take
      reversed[unit] = take
    }
    let restored = 0
    if (after === purchase.totalCents && before < purchase.totalCents && this.rules.restoreRedeemed) {
      for (const redemption of purchase.redemptions.filter((r) => !r.restored)) {
        for (const { lot, amount: back } of redemption.allocations) this.credit(lot.unit, back, lot.expiresAt, null)
        redemption.restored = true
        restored += 1
      }
    }
    return { amount, reversed, restored }
  }

  /** The expiry of every lot due at `at`: each loses exactly its remainder. */
  expire(at: number) {
    const deltas = zero()
    for (const lot of this.credits) {
      if (!this.isOpen(lot) || lot.expiresAt === null || lot.expiresAt > at) continue
      lot.expired = lot.remaining
      deltas[lot.unit] -= lot.remaining
      this.balances[lot.unit] -= lot.remaining
      lot.remaining = 0
      lot.isExpired = true
    }
    return deltas
  }

  isOpen(lot: Lot) {
    return !lot.isExpired && lot.remaining > 0
  }

  openLots(unit: Unit) {
    return this.credits.filter((lot) => lot.unit === unit && this.isOpen(lot))
  }

  openDebts(unit: Unit) {
    return this.debts.filter((debt) => debt.unit === unit && debt.remaining > 0)
  }

  spendable(unit: Unit, now: number) {
    return this.spendableLots(unit, now).reduce((sum, lot) => sum + lot.remaining, 0)
  }

  private hasValidity() {
    return this.rules.pointsMonths !== null || (this.rules.cashbackBp !== null && this.rules.cashbackMonths !== null)
  }

  private unexpiredLots(unit: Unit, now: number) {
    return this.sorted(this.openLots(unit).filter((lot) => lot.expiresAt === null || lot.expiresAt > now))
  }

  private spendableLots(unit: Unit, now: number) {
    return this.unexpiredLots(unit, now).filter((lot) => lot.availableAt === null || lot.availableAt <= now)
  }

  /** Soonest expiry first, lots that never expire last, then the order written. */
  private sorted(lots: Lot[]) {
    const order = new Map(this.credits.map((lot, index) => [lot, index]))
    const key = (lot: Lot) => lot.expiresAt ?? Number.POSITIVE_INFINITY
    return [...lots].sort((a, b) => key(a) - key(b) || order.get(a)! - order.get(b)!)
  }

  /** Every credit pays the open debts first, whatever the cached balance says. */
  private credit(unit: Unit, amount: number, expiresAt: number | null, availableAt: number | null) {
    const lot: Lot = { unit, amount, remaining: amount, expiresAt, availableAt, expired: 0, isExpired: false }
    for (const debt of this.openDebts(unit)) {
      const take = Math.min(lot.remaining, debt.remaining)
      debt.remaining -= take
      lot.remaining -= take
      if (lot.remaining === 0) break
    }
    this.credits.push(lot)
    this.balances[unit] += amount
    return lot
  }

  /** Takes `amount` from the lots in order; what they lack becomes a debt (reversals only). */
  private take(lots: Lot[], unit: Unit, amount: number, allowDebt = false) {
    const allocations: Array<{ lot: Lot; amount: number }> = []
    let left = amount
    for (const lot of lots) {
      if (left === 0) break
      const take = Math.min(left, lot.remaining)
      lot.remaining -= take
      left -= take
      allocations.push({ lot, amount: take })
    }
    if (left > 0) {
      if (!allowDebt) throw new Error('model: a debit without enough lots')
      this.debts.push({ unit, remaining: left })
    }
    this.balances[unit] -= amount
    return allocations
  }
}
