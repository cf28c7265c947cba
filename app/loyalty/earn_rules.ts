import type { ProgramRules, TierLevel } from '#loyalty/program_rules'

/**
 * What a basket earns under a programme's rules, and why, line by line.
 * Pure: the purchase path, the simulator (`POST /api/v1/purchases/preview`,
 * the admin) and the tests all call this one function.
 *
 * Order of evaluation (the documented precedence):
 * 1. Eligible amount: the total minus the lines whose SKU or category is
 *    excluded (gift cards…); never below 0. Without lines, the whole total.
 * 2. Base points: whole euros of the eligible amount × points per euro.
 * 3. Tier multiplier of the tier held when the sale starts, on the base
 *    points, rounded down. Multipliers never stack: one tier, one factor.
 * 4. Stamps: the quantity of the lines on the stamp SKUs or categories.
 * 5. Cashback: the rate on the eligible amount, rounded down to the cent.
 * Then, in the ledger (earn_on_purchase.ts): the tier is recalculated with
 * this sale, and each full card or points threshold becomes a voucher.
 */
export interface BasketLine {
  sku: string
  quantity: number
  unitPriceCents: number
  category?: string | null
}

export interface Basket {
  totalCents: number
  lines: BasketLine[]
}

/** One reason, as a code and its figures; rendered in the reader's language (loyalty.explain.*). */
export interface Explanation {
  unit: 'points' | 'stamps' | 'cashback'
  code: string
  amount: number
  params: Record<string, string | number>
}

export interface Earned {
  points: number
  stamps: number
  cashbackCents: number
  eligibleCents: number
  explanation: Explanation[]
}

export function earnFor(rules: ProgramRules, basket: Basket, tier: TierLevel | null): Earned {
  const explanation: Explanation[] = []
  const eligibleCents = eligibleAmount(rules, basket, explanation)
  const points = rules.points ? pointsFor(rules.points.per_euro, eligibleCents, tier, explanation) : 0
  const stamps = rules.stamps ? stampsFor(rules.stamps, basket, explanation) : 0
  const cashbackCents = rules.cashback ? cashbackFor(rules.cashback.rate_bp, eligibleCents, explanation) : 0
  return { points, stamps, cashbackCents, eligibleCents, explanation }
}

/** Category and SKU matching ignores case and accents' encoding forms ("Café" = "café"). */
export function sameCode(a: string, b: string) {
  return a.normalize('NFC').toLocaleLowerCase('fr') === b.normalize('NFC').toLocaleLowerCase('fr')
}

function matches(line: BasketLine, skus: string[], categories: string[]) {
  return skus.some((sku) => sameCode(sku, line.sku)) || (!!line.category && categories.some((category) => sameCode(category, line.category!)))
}

export function lineTotal(line: BasketLine) {
  return line.quantity * line.unitPriceCents
}

function eligibleAmount(rules: ProgramRules, basket: Basket, explanation: Explanation[]) {
  const excludedSkus = rules.points?.excluded_skus ?? []
  const excludedCategories = rules.points?.excluded_categories ?? []
  let excluded = 0
  for (const line of basket.lines) {
    if (!matches(line, excludedSkus, excludedCategories)) continue
    excluded += lineTotal(line)
    explanation.push({ unit: 'points', code: 'excluded_line', amount: 0, params: { sku: line.sku, cents: lineTotal(line) } })
  }
  return Math.max(0, basket.totalCents - excluded)
}

function pointsFor(perEuro: number, eligibleCents: number, tier: TierLevel | null, explanation: Explanation[]) {
  const euros = Math.floor(eligibleCents / 100)
  const base = euros * perEuro
  explanation.push({ unit: 'points', code: 'base', amount: base, params: { eligible_cents: eligibleCents, euros, per_euro: perEuro } })
  if (!tier || tier.multiplier_pct === 100 || base === 0) return base
  const multiplied = Math.floor((base * tier.multiplier_pct) / 100)
  explanation.push({ unit: 'points', code: 'tier_multiplier', amount: multiplied - base, params: { tier: tier.name, multiplier_pct: tier.multiplier_pct, base } })
  return multiplied
}

function stampsFor(stamps: NonNullable<ProgramRules['stamps']>, basket: Basket, explanation: Explanation[]) {
  let count = 0
  for (const line of basket.lines) {
    if (!matches(line, stamps.skus, stamps.categories)) continue
    count += line.quantity
    explanation.push({ unit: 'stamps', code: 'stamp_line', amount: line.quantity, params: { sku: line.sku } })
  }
  return count
}

function cashbackFor(rateBp: number, eligibleCents: number, explanation: Explanation[]) {
  const cents = Math.floor((eligibleCents * rateBp) / 10_000)
  explanation.push({ unit: 'cashback', code: 'cashback', amount: cents, params: { eligible_cents: eligibleCents, rate_bp: rateBp } })
  return cents
}
