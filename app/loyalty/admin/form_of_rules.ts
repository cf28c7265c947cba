import { defaultRules, demoRules, type ProgramRules, type TierLevel, type VoucherTerms } from '#loyalty/program_rules'
import { formatEuros, formatHundredths, formatList } from '#loyalty/admin/form_values'
import { MAX_AUTOMATIC_REWARDS, MAX_BASKET_LINES, MAX_TIERS, type LineForm, type ProgramForm, type TierForm, type VoucherForm } from '#loyalty/admin/program_form'

export interface ProgramFacts {
  name: string
  storePublicId: string | null
  enrolment: 'auto' | 'manual'
  status: 'active' | 'paused'
  rules: ProgramRules
}

/**
 * The form of a stored programme (or of a new one). Mechanics that are off
 * still show suggested figures, so switching one on starts from something
 * sensible rather than from blanks.
 */
export function formOfProgram(program: ProgramFacts | null, locale: string): ProgramForm {
  const rules = program?.rules ?? defaultRules()
  const tiers = rules.tiers ?? demoRules().tiers!
  return {
    name: program?.name ?? '',
    store_id: program?.storePublicId ?? '',
    enrolment: program?.enrolment ?? 'auto',
    status: program?.status ?? 'active',
    ...mechanicsForm(rules, locale),
    refunds: { restore_redeemed: rules.refunds.restore_redeemed },
    example: { tier: tiers.levels[0]?.key ?? '', lines: sampleBasket() },
  }
}

const months = (value: number | null) => (value === null ? '' : String(value))

function mechanicsForm(rules: ProgramRules, locale: string): Pick<ProgramForm, 'points' | 'stamps' | 'cashback' | 'tiers' | 'automatic_rewards'> {
  const suggested = demoRules()
  const points = rules.points ?? suggested.points!
  const stamps = rules.stamps ?? suggested.stamps!
  const cashback = rules.cashback ?? { rate_bp: 200, validity_months: 12 }
  const tiers = rules.tiers ?? suggested.tiers!
  const automatic = rules.automatic_rewards.length > 0 ? rules.automatic_rewards : suggested.automatic_rewards
  return {
    points: { enabled: rules.points !== null, ...pointsForm(points, locale) },
    stamps: { enabled: rules.stamps !== null, skus: formatList(stamps.skus), categories: formatList(stamps.categories), goal: String(stamps.goal), validity_months: months(stamps.validity_months), reward: voucherForm(stamps.reward, locale) },
    cashback: { enabled: rules.cashback !== null, rate: formatHundredths(cashback.rate_bp, locale), validity_months: months(cashback.validity_months) },
    tiers: { enabled: rules.tiers !== null, basis: tiers.basis, levels: padded(tiers.levels.map((level) => tierForm(level, tiers.basis, locale)), MAX_TIERS, blankTier) },
    automatic_rewards: { enabled: rules.automatic_rewards.length > 0, rows: padded(automatic.map((row) => ({ every_points: String(row.every_points), voucher: voucherForm(row.voucher, locale) })), MAX_AUTOMATIC_REWARDS, blankAutomatic) },
  }
}

function pointsForm(points: NonNullable<ProgramRules['points']>, locale: string) {
  return {
    per_euro: String(points.per_euro),
    excluded_skus: formatList(points.excluded_skus),
    excluded_categories: formatList(points.excluded_categories),
    validity_months: months(points.validity_months),
    pending_days: String(points.pending_days),
    point_value: formatEuros(points.point_value_cents, locale),
  }
}

function padded<T>(items: T[], count: number, blank: () => T): T[] {
  return [...items, ...Array.from({ length: Math.max(0, count - items.length) }, blank)].slice(0, count)
}

function voucherForm(terms: VoucherTerms, locale: string): VoucherForm {
  return {
    kind: terms.kind,
    value: terms.value_cents === undefined ? '' : formatEuros(terms.value_cents, locale),
    percent: terms.percent === undefined ? '' : String(terms.percent),
    product_label: terms.product_label ?? '',
    product_sku: terms.product_sku ?? '',
    validity_days: String(terms.validity_days),
  }
}

export function blankVoucher(): VoucherForm {
  return { kind: 'amount', value: '', percent: '', product_label: '', product_sku: '', validity_days: '' }
}

/** Spend thresholds are typed in euros, points thresholds in points. */
function tierForm(level: TierLevel, basis: string, locale: string): TierForm {
  return {
    key: level.key,
    name: level.name,
    threshold: basis === 'spend_365d' ? formatEuros(level.threshold, locale) : String(level.threshold),
    multiplier: formatHundredths(level.multiplier_pct, locale),
    perks: level.perks ?? '',
  }
}

function blankAutomatic() {
  return { every_points: '', voucher: blankVoucher() }
}

function blankTier(): TierForm {
  return { key: '', name: '', threshold: '', multiplier: '', perks: '' }
}

function blankLine(): LineForm {
  return { quantity: '', name: '', sku: '', category: '', unit_price: '' }
}

/** Two coffees, a croissant and a gift card: points, stamps and an exclusion in one basket. */
export function sampleBasket(): LineForm[] {
  const lines: LineForm[] = [
    { quantity: '2', name: 'Café', sku: 'CAFE', category: 'café', unit_price: '2,50' },
    { quantity: '1', name: 'Croissant', sku: 'CROISSANT', category: 'viennoiserie', unit_price: '1,20' },
    { quantity: '1', name: 'Carte cadeau', sku: 'CARTE-CADEAU', category: 'carte-cadeau', unit_price: '20' },
  ]
  return padded(lines, MAX_BASKET_LINES, blankLine)
}
