import { DateTime } from 'luxon'
import { formatMoney } from '#shared/format'

/** How the dashboard, the results and the weekly mail write their figures, in French or English. */
export const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'fr-FR')

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}) {
  return new Intl.NumberFormat(intlLocale(locale), options)
}

/** Money, counts and shares (basis points) as text; "—" where there is no figure. */
export function figureFormats(locale: string) {
  return {
    money: (cents: number | null) => (cents === null ? '—' : formatMoney(cents, 'EUR', locale)),
    count: (value: number | null) => (value === null ? '—' : numberFormat(locale).format(value)),
    share: (bp: number | null) => (bp === null ? '—' : `${numberFormat(locale, { maximumFractionDigits: 1 }).format(bp / 100)} %`),
  }
}

/** "+12 %", "−5 %", "0 %", or nothing to compare with. */
export function percentChange(now: number | null, before: number | null, locale: string) {
  if (now === null || before === null || before === 0) return null
  const percent = ((now - before) / Math.abs(before)) * 100
  return { text: `${signed(percent, 0, locale)} %`, direction: percent > 0 ? 'up' : percent < 0 ? 'down' : 'same' }
}

/** A number with its sign, the minus a real one (U+2212). */
export function signed(value: number, digits: number, locale: string) {
  return numberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(value).replace('-', '−')
}

/** "9 sept. 2019" / "9 Sept 2019". */
export function dayText(day: string, locale: string) {
  return DateTime.fromISO(day, { zone: 'utc' }).setLocale(intlLocale(locale)).toLocaleString(DateTime.DATE_MED)
}
