import type { I18n } from '@adonisjs/i18n'
import type { RedemptionAnswer } from '#loyalty/redeem'
import type { RefundAnswer } from '#loyalty/refund_purchase'
import { formatMoney } from '#shared/format'

/** Refusal codes the till explains in words (redeem.ts, refund_purchase.ts, idempotency); others read as a generic refusal. */
const KNOWN_REFUSALS = new Set([
  'E_CUSTOMER_NOT_FOUND',
  'E_PURCHASE_NOT_FOUND',
  'E_VOUCHER_NOT_FOUND',
  'E_TOTAL_REQUIRED',
  'E_VOUCHER_EXPIRED',
  'E_VOUCHER_CANCELLED',
  'E_ALREADY_REDEEMED',
  'E_INSUFFICIENT_BALANCE',
  'E_UNIT_NOT_OFFERED',
  'E_EXCEEDS_BASKET',
  'E_REWARD_NOT_FOUND',
  'E_LIMIT_REACHED',
  'E_OUT_OF_STOCK',
  'E_REFUND_EXCEEDS_PURCHASE',
  'E_IDEMPOTENCY_KEY_REUSED',
  'E_IDEMPOTENCY_IN_PROGRESS',
])

export function tillRefusalMessage(i18n: I18n, code: string) {
  return i18n.t(`till.refusals.${KNOWN_REFUSALS.has(code) ? code : 'other'}`)
}

/** "Discount to apply at the till: 5,00 € (voucher ABCD…). Balance: 23 points." */
export function redemptionMessage(i18n: I18n, answer: RedemptionAnswer, replayed: boolean) {
  const money = (cents: number) => formatMoney(cents, 'EUR', i18n.locale)
  const what =
    answer.discount_percent !== null
      ? i18n.t('till.redeem.percent', { percent: answer.discount_percent, amount: money(answer.discount_cents ?? 0) })
      : answer.product_label !== null
        ? i18n.t('till.redeem.product', { product: answer.product_label })
        : i18n.t('till.redeem.amount', { amount: money(answer.discount_cents ?? 0) })
  const parts = [replayed ? i18n.t('till.redeem.already') : '', what, i18n.t('till.redeem.balance', { points: answer.balances.points })]
  return parts.filter(Boolean).join(' ')
}

/** "Refund recorded: 12,00 €. Taken back: 12 points, 1 stamp. Given back: 1 redemption." */
export function refundMessage(i18n: I18n, answer: RefundAnswer, replayed: boolean) {
  const { reversed } = answer
  const parts = [
    replayed ? i18n.t('till.refund.already') : '',
    i18n.t('till.refund.recorded', { amount: formatMoney(answer.amount_cents, 'EUR', i18n.locale) }),
    reversed.points || reversed.stamps || reversed.cashback_cents
      ? i18n.t('till.refund.reversed', { points: reversed.points, stamps: reversed.stamps, cashback: formatMoney(reversed.cashback_cents, 'EUR', i18n.locale) })
      : '',
    answer.restored_redemptions.length ? i18n.t('till.refund.restored', { count: answer.restored_redemptions.length }) : '',
  ]
  return parts.filter(Boolean).join(' ')
}
