import type { I18n } from '@adonisjs/i18n'
import type Reward from '#loyalty/models/reward'
import { formatEuros } from '#loyalty/admin/form_values'
import { moneyText } from '#loyalty/admin/program_summary'

/** A reward of the shop as the owner reads it in the list. */
export interface RewardRow {
  publicId: string
  name: string
  gives: string
  costPoints: number
  stock: string
  perCustomerLimit: string
  validityDays: number
  active: boolean
}

export function rewardRows(rewards: Reward[], i18n: I18n): RewardRow[] {
  return rewards.map((reward) => ({
    publicId: reward.publicId,
    name: reward.name,
    gives: givesText(reward, i18n),
    costPoints: Number(reward.costPoints),
    stock: reward.stock === null ? i18n.t('programs.rewards.unlimited') : String(reward.stock),
    perCustomerLimit: reward.perCustomerLimit === null ? i18n.t('programs.rewards.no_limit') : String(reward.perCustomerLimit),
    validityDays: Number(reward.validityDays),
    active: reward.active,
  }))
}

function givesText(reward: Reward, i18n: I18n) {
  if (reward.kind === 'percent') return i18n.t('programs.rewards.gives_percent', { percent: Number(reward.percent ?? 0) })
  if (reward.kind === 'product') return i18n.t('programs.rewards.gives_product', { sku: reward.productSku ?? '' })
  return i18n.t('programs.rewards.gives_amount', { value: moneyText(Number(reward.valueCents ?? 0), i18n.locale) })
}

/** The form's fields of a stored reward (or a new one), as typed text. */
export function rewardValues(reward: Reward | null, locale: string): Record<string, string | boolean> {
  if (!reward) return { kind: 'amount', validity_days: '60', active: true }
  const text = (value: number | string | null) => (value === null ? '' : String(value))
  return {
    name: reward.name,
    description: reward.description ?? '',
    kind: reward.kind,
    value: reward.valueCents === null ? '' : formatEuros(Number(reward.valueCents), locale),
    percent: text(reward.percent),
    product_sku: reward.productSku ?? '',
    cost_points: text(reward.costPoints),
    stock: text(reward.stock),
    per_customer_limit: text(reward.perCustomerLimit),
    validity_days: text(reward.validityDays),
    active: reward.active,
  }
}
