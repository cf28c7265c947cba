import type { I18n } from '@adonisjs/i18n'
import { sameCode } from '#loyalty/earn_rules'
import type { ProgramRules, VoucherTerms } from '#loyalty/program_rules'
import { formatHundredths } from '#loyalty/admin/form_values'

/**
 * A programme's rules in plain words, the way an owner would explain them
 * at the counter: "1 point par euro entier, hors « carte-cadeau » ; tous
 * les 100 points un bon de 5 € valable 60 jours ; …".
 */
export function programSummary(rules: ProgramRules, i18n: I18n): string {
  const parts = [pointsPart(rules, i18n), automaticPart(rules, i18n), stampsPart(rules, i18n), cashbackPart(rules, i18n), tiersPart(rules, i18n), ...validityParts(rules, i18n)]
  const said = parts.filter((part): part is string => part !== null)
  return said.length > 0 ? said.join(i18n.t('programs.summary.separator')) : i18n.t('programs.summary.nothing')
}

/** 500 → "5 €", 250 → "2,50 €": whole euros read better without ",00". */
export function moneyText(cents: number, locale: string) {
  const whole = cents % 100 === 0
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: whole ? 0 : 2 }).format(cents / 100)
}

/** « café », « thé » et « chocolat »: the codes as typed, repeats in another case said once. */
export function codesText(codes: string[], i18n: I18n) {
  const distinct = codes.filter((code, index) => codes.findIndex((other) => sameCode(other, code)) === index)
  const quoted = distinct.map((code) => i18n.t('programs.summary.quoted', { text: code }))
  return new Intl.ListFormat(i18n.locale === 'en' ? 'en-GB' : 'fr-FR', { type: 'conjunction' }).format(quoted)
}

export function voucherText(terms: Pick<VoucherTerms, 'kind' | 'value_cents' | 'percent' | 'product_label' | 'validity_days'>, i18n: I18n) {
  const days = terms.validity_days
  if (terms.kind === 'percent') return i18n.t('programs.summary.voucher_percent', { percent: terms.percent ?? 0, days })
  if (terms.kind === 'product') return i18n.t('programs.summary.voucher_product', { label: terms.product_label ?? '', days })
  return i18n.t('programs.summary.voucher_amount', { value: moneyText(terms.value_cents ?? 0, i18n.locale), days })
}

function pointsPart({ points }: ProgramRules, i18n: I18n) {
  if (!points) return null
  const excluded = [...points.excluded_categories, ...points.excluded_skus]
  const base = i18n.t('programs.summary.points', { per_euro: points.per_euro })
  const withExclusions = excluded.length > 0 ? i18n.t('programs.summary.excluding', { base, excluded: codesText(excluded, i18n) }) : base
  return points.pending_days > 0 ? i18n.t('programs.summary.pending', { base: withExclusions, days: points.pending_days }) : withExclusions
}

function automaticPart(rules: ProgramRules, i18n: I18n) {
  if (rules.automatic_rewards.length === 0) return null
  const each = rules.automatic_rewards.map((reward) => i18n.t('programs.summary.automatic', { every: reward.every_points, voucher: voucherText(reward.voucher, i18n) }))
  return each.join(i18n.t('programs.summary.separator'))
}

function stampsPart({ stamps }: ProgramRules, i18n: I18n) {
  if (!stamps) return null
  const targets = codesText([...stamps.categories, ...stamps.skus], i18n)
  return i18n.t('programs.summary.stamps', { goal: stamps.goal, targets, voucher: voucherText(stamps.reward, i18n) })
}

function cashbackPart({ cashback }: ProgramRules, i18n: I18n) {
  return cashback ? i18n.t('programs.summary.cashback', { rate: formatHundredths(cashback.rate_bp, i18n.locale) }) : null
}

function tiersPart({ tiers }: ProgramRules, i18n: I18n) {
  if (!tiers) return null
  const levels = tiers.levels.map((level, index) => {
    const threshold = tiers.basis === 'spend_365d' ? moneyText(level.threshold, i18n.locale) : i18n.t('programs.summary.points_count', { points: level.threshold })
    const named = index === 0 ? level.name : i18n.t('programs.summary.tier_from', { name: level.name, threshold })
    return level.multiplier_pct === 100 ? named : i18n.t('programs.summary.tier_factor', { tier: named, factor: formatHundredths(level.multiplier_pct, i18n.locale) })
  })
  return i18n.t(`programs.summary.tiers_${tiers.basis}`, { levels: levels.join(' / ') })
}

function validityParts(rules: ProgramRules, i18n: I18n) {
  const months = (key: string, value: number | null | undefined) => (value ? i18n.t(`programs.summary.${key}`, { months: value }) : null)
  return [
    rules.points ? (months('points_validity', rules.points.validity_months) ?? i18n.t('programs.summary.points_forever')) : null,
    months('stamps_validity', rules.stamps?.validity_months),
    months('cashback_validity', rules.cashback?.validity_months),
  ]
}
