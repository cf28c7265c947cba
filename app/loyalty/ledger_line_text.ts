import type { I18n } from '@adonisjs/i18n'
import type { LedgerLine } from '#loyalty/customer_ledger'
import { explanationText } from '#loyalty/explain'
import { formatDate } from '#shared/format'

/**
 * Why a ledger line exists, in the reader's language: what caused it
 * (a purchase, a voucher, an expiry, a refund, a staff member and their
 * reason, a merge), then the reasons stored with it, line by line.
 */
export function ledgerLineText(i18n: I18n, line: LedgerLine, timezone: string): { headline: string; reasons: string[] } {
  const { entry } = line
  const reasons = entry.details.map((detail) => explanationText(i18n, detail))
  return { headline: headlineOf(i18n, line, timezone), reasons: entry.kind === 'adjust' || entry.kind === 'redeem' ? [] : reasons }
}

function headlineOf(i18n: I18n, line: LedgerLine, timezone: string) {
  const { entry } = line
  const key = `loyalty.ledger.lines.${entry.kind}_${entry.causeType}`
  const data = {
    code: line.voucherCode ?? '—',
    staff: line.staffName ?? i18n.t('loyalty.ledger.someone'),
    reason: entry.reason ?? '',
    date: line.lotEarnedAt ? formatDate(line.lotEarnedAt, timezone, i18n.locale) : '—',
  }
  return i18n.hasMessage(key) ? i18n.t(key, data) : i18n.t(`loyalty.ledger.kinds.${entry.kind}`)
}
