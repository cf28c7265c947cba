import type { I18n } from '@adonisjs/i18n'
import type { Explanation } from '#loyalty/earn_rules'
import { formatMoney } from '#shared/format'

/**
 * One reason of an earning or a ledger line ("why did I get these
 * points?"), in the reader's language: the codes and figures stored with
 * the entry (earn_rules.ts, ledger details) become a sentence with money
 * and factors formatted for the locale. Unknown codes still read.
 */
export function explanationText(i18n: I18n, line: Explanation): string {
  const p = line.params
  const money = (cents: unknown) => formatMoney(Number(cents), 'EUR', i18n.locale)
  const decimal = (value: number) => new Intl.NumberFormat(i18n.locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(value)
  switch (line.code) {
    case 'excluded_line':
      return i18n.t('loyalty.explain.excluded_line', { sku: p.sku, amount: money(p.cents) })
    case 'base':
      return i18n.t('loyalty.explain.base', { eligible: money(p.eligible_cents), euros: Number(p.euros), per_euro: Number(p.per_euro), points: line.amount })
    case 'tier_multiplier':
      return i18n.t('loyalty.explain.tier_multiplier', { tier: p.tier, factor: decimal(Number(p.multiplier_pct) / 100), points: line.amount })
    case 'stamp_line':
      return i18n.t('loyalty.explain.stamp_line', { sku: p.sku, stamps: line.amount })
    case 'cashback':
      return i18n.t('loyalty.explain.cashback', { rate: decimal(Number(p.rate_bp) / 100), eligible: money(p.eligible_cents), amount: money(line.amount) })
    case 'automatic_reward':
    case 'stamp_card_full':
      return i18n.t(`loyalty.explain.${line.code}`, { every: Number(p.every) })
    case 'refund':
      return i18n.t('loyalty.explain.refund', { refunded: money(p.refunded_cents), total: money(p.total_cents) })
    default:
      return i18n.t('loyalty.explain.unknown', { code: line.code, amount: line.amount })
  }
}
