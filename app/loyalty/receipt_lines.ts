import type { ProgramOutcome } from '#loyalty/earn_on_purchase'
import { lastValidDay } from '#loyalty/validity'
import { formatMoney } from '#shared/format'

/**
 * Short French lines a till prints under the sale (≤ 40 characters where
 * the figures allow): what was earned, the balance, the stamp card, the
 * tier, each voucher issued with its code, the next reward and the next
 * expiry (R33: balance and next expiry on receipts).
 */
export function receiptLines(outcome: ProgramOutcome, timezone: string): string[] {
  const lines: string[] = []
  const { earned, balances } = outcome
  lines.push(`Points : +${earned.points} (solde ${balances.points})`)
  if (outcome.stamps_goal) lines.push(`Tampons : ${balances.stamps}/${outcome.stamps_goal}`)
  if (earned.cashback_cents > 0 || balances.cashback_cents !== 0) lines.push(`Cagnotte : ${formatMoney(balances.cashback_cents)}`)
  if (outcome.tier) lines.push(outcome.previous_tier ? `Nouveau statut : ${outcome.tier.name}` : `Statut : ${outcome.tier.name}`)
  for (const voucher of outcome.rewards_issued) {
    lines.push(`${voucherLabel(voucher)} : ${voucher.code}`)
    lines.push(`  valable jusqu'au ${frenchDate(lastValidDay(new Date(voucher.expires_at), timezone))}`)
  }
  if (outcome.next_reward_in_points !== null) lines.push(`Prochain bon dans ${outcome.next_reward_in_points} points`)
  if (outcome.next_expiry) lines.push(`${outcome.next_expiry.points} points expirent le ${frenchDate(lastValidDay(new Date(outcome.next_expiry.expires_at), timezone))}`)
  return lines
}

export function voucherLabel(voucher: { kind: string; value_cents: number | null; percent: number | null; product_label: string | null }) {
  if (voucher.kind === 'amount') return `Bon de ${formatMoney(voucher.value_cents ?? 0)}`
  if (voucher.kind === 'percent') return `Bon de ${voucher.percent} %`
  return voucher.product_label ?? 'Produit offert'
}

/** 2027-02-28 → 28/02/2027 */
function frenchDate(isoDate: string) {
  const [year, month, day] = isoDate.split('-')
  return `${day}/${month}/${year}`
}
