import { DateTime } from 'luxon'

/** 1234 cents → "12,34 €" (fr) or "€12.34" (en). Money is always integer cents. */
export function formatMoney(cents: number | bigint | string, currency = 'EUR', locale = 'fr') {
  const value = Number(cents) / 100
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency }).format(value)
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
