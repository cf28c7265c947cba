import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'

/**
 * Any French way of writing a number ("06 12 34 56 78", "+33 6…",
 * "0033612345678", "6 12 34 56 78") becomes E.164 ("+33612345678").
 * Returns null when the input is not a valid phone number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'FR'): string | null {
  const cleaned = input.trim().replace(/^00/, '+')
  if (cleaned.length === 0 || cleaned.length > 32 || /[a-z@]/i.test(cleaned)) return null
  const phone = parsePhoneNumberFromString(cleaned, defaultCountry)
  if (phone?.isValid()) return phone.number
  // A French mobile typed without its leading 0 ("6 12 34 56 78").
  const digits = cleaned.replace(/\D/g, '')
  if (defaultCountry === 'FR' && digits.length === 9 && /^[1-9]/.test(digits)) {
    const retry = parsePhoneNumberFromString(`0${digits}`, 'FR')
    if (retry?.isValid()) return retry.number
  }
  return null
}

/** "+33 6 12 34 56 78": how staff read a stored number. */
export function formatPhone(e164: string | null) {
  if (!e164) return ''
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}
