import { DateTime } from 'luxon'

/** 1234 cents → "12,34 €" (fr) or "€12.34" (en). Money is always integer cents. */
export function formatMoney(cents: number | bigint | string, currency = 'EUR', locale = 'fr') {
  return moneyFormat(locale === 'en' ? 'en-GB' : 'fr-FR', currency).format(Number(cents) / 100)
}

/** Making an Intl formatter costs far more than using one: one per language and currency. */
const moneyFormats = new Map<string, Intl.NumberFormat>()

function moneyFormat(locale: string, currency: string) {
  const key = `${locale}:${currency}`
  let format = moneyFormats.get(key)
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency })))
  return format
}

/** An instant shown in a store's timezone. */
export function formatDateTime(value: DateTime | null | undefined, timezone = 'Europe/Paris', locale = 'fr') {
  if (!value) return '—'
  return value.setZone(timezone).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATETIME_MED)
}

/** A calendar date in a store's timezone ("28 févr. 2027"). */
export function formatDate(value: DateTime | null | undefined, timezone = 'Europe/Paris', locale = 'fr') {
  if (!value) return '—'
  return value.setZone(timezone).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_MED)
}
