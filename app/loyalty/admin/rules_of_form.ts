import { isBlank, parseList } from '#loyalty/admin/form_values'
import { FormReader, type FormProblem } from '#loyalty/admin/form_reader'
import type { AutomaticForm, ProgramForm, TierForm, VoucherForm } from '#loyalty/admin/program_form'

/**
 * The programme form → the rules JSON of program_rules.ts, without judging
 * ranges: validRules() does, and rule_errors.ts puts its findings back on
 * the form. This module only reads what was typed (euros, "2,5 %",
 * "1,25", lists) and notes what cannot be read.
 */
export interface Conversion {
  /** The rules as typed: the shape of ProgramRules, checked by validRules(). */
  rules: Record<string, unknown>
  problems: FormProblem[]
  /** Rows of the rules → rows of the form, blank rows being skipped ("tiers.levels.1" → "tiers.levels.3"). */
  rows: Record<string, string>
}

export function rulesOfForm(form: ProgramForm): Conversion {
  const reader = new FormReader()
  const rows: Record<string, string> = {}
  const rules = {
    points: pointsOf(form, reader),
    stamps: stampsOf(form, reader),
    cashback: form.cashback.enabled ? { rate_bp: reader.rate('cashback.rate', form.cashback.rate), validity_months: reader.whole('cashback.validity_months', form.cashback.validity_months, false) } : null,
    tiers: tiersOf(form, reader, rows),
    automatic_rewards: automaticOf(form, reader, rows),
    refunds: { restore_redeemed: form.refunds.restore_redeemed },
  }
  return { rules, problems: reader.problems, rows }
}

function pointsOf(form: ProgramForm, reader: FormReader) {
  const points = form.points
  if (!points.enabled) return null
  return {
    per_euro: reader.whole('points.per_euro', points.per_euro),
    excluded_skus: parseList(points.excluded_skus),
    excluded_categories: parseList(points.excluded_categories),
    // Blank: points never expire.
    validity_months: reader.whole('points.validity_months', points.validity_months, false),
    pending_days: reader.whole('points.pending_days', points.pending_days, false) ?? 0,
    point_value_cents: reader.euros('points.point_value', points.point_value),
  }
}

function stampsOf(form: ProgramForm, reader: FormReader) {
  const stamps = form.stamps
  if (!stamps.enabled) return null
  const skus = parseList(stamps.skus)
  const categories = parseList(stamps.categories)
  // A card that no product stamps is always a slip, never a choice.
  if (skus.length === 0 && categories.length === 0) reader.problem('stamps.categories', 'stamps_target')
  return {
    skus,
    categories,
    goal: reader.whole('stamps.goal', stamps.goal),
    reward: voucherOf('stamps.reward', stamps.reward, reader),
    validity_months: reader.whole('stamps.validity_months', stamps.validity_months, false),
  }
}

/** A voucher's terms; which figure is required depends on its kind. */
function voucherOf(prefix: string, voucher: VoucherForm, reader: FormReader) {
  const kind = reader.choice(`${prefix}.kind`, voucher.kind, ['amount', 'percent', 'product'] as const)
  const terms: Record<string, unknown> = { kind, validity_days: reader.whole(`${prefix}.validity_days`, voucher.validity_days) }
  if (kind === 'amount') terms.value_cents = reader.euros(`${prefix}.value`, voucher.value)
  if (kind === 'percent') terms.percent = reader.percent(`${prefix}.percent`, voucher.percent)
  if (kind === 'product') {
    terms.product_label = reader.label(`${prefix}.product_label`, voucher.product_label)
    terms.product_sku = reader.label(`${prefix}.product_sku`, voucher.product_sku, false)
    // The product's price is optional: it values the voucher in the liability report.
    terms.value_cents = reader.euros(`${prefix}.value`, voucher.value, false) ?? undefined
  }
  return terms
}

export const blankTier = (row: TierForm) => [row.key, row.name, row.threshold, row.multiplier, row.perks].every(isBlank)

function tiersOf(form: ProgramForm, reader: FormReader, rows: Conversion['rows']) {
  const tiers = form.tiers
  if (!tiers.enabled) return null
  const basis = reader.choice('tiers.basis', tiers.basis, ['spend_365d', 'points_365d'] as const)
  const levels: Array<Record<string, unknown>> = []
  tiers.levels.forEach((row, index) => {
    if (blankTier(row)) return
    rows[`tiers.levels.${levels.length}`] = `tiers.levels.${index}`
    levels.push(levelOf(row, `tiers.levels.${index}`, basis, levels.length === 0, reader))
  })
  if (levels.length === 0) reader.problem('tiers.levels.0.name', 'tiers_empty')
  return { basis, levels }
}

function levelOf(row: TierForm, prefix: string, basis: string | null, isFirst: boolean, reader: FormReader) {
  const name = reader.label(`${prefix}.name`, row.name)
  // The entry tier starts at 0: a blank first threshold says just that.
  const threshold = basis === 'points_365d' ? reader.whole(`${prefix}.threshold`, row.threshold, !isFirst) : reader.euros(`${prefix}.threshold`, row.threshold, !isFirst)
  return {
    key: row.key.trim() || keyOf(name ?? ''),
    name,
    threshold: threshold ?? 0,
    // Blank: × 1.
    multiplier_pct: reader.factor(`${prefix}.multiplier`, row.multiplier, false) ?? 100,
    perks: reader.label(`${prefix}.perks`, row.perks, false),
  }
}

/** "Argent" → "argent", "Très Fidèle" → "tres-fidele": the code accounts keep when names change. */
export function keyOf(name: string) {
  const key = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
  return key || 'tier'
}

export const blankAutomatic = (row: AutomaticForm) => [row.every_points, row.voucher.value, row.voucher.percent, row.voucher.product_label, row.voucher.product_sku, row.voucher.validity_days].every(isBlank)

function automaticOf(form: ProgramForm, reader: FormReader, rows: Conversion['rows']) {
  const automatic = form.automatic_rewards
  if (!automatic.enabled) return []
  const rewards: Array<Record<string, unknown>> = []
  automatic.rows.forEach((row, index) => {
    if (blankAutomatic(row)) return
    const prefix = `automatic_rewards.rows.${index}`
    rows[`automatic_rewards.${rewards.length}`] = prefix
    rewards.push({ every_points: reader.whole(`${prefix}.every_points`, row.every_points), voucher: voucherOf(`${prefix}.voucher`, row.voucher, reader) })
  })
  if (rewards.length === 0) reader.problem('automatic_rewards.rows.0.every_points', 'automatic_empty')
  return rewards
}
