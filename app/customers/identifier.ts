import { normalizePhone } from '#customers/phone'

export type CustomerIdentifier =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'card'; value: string }

const CARD_PATTERN = /^[2-9A-HJKMNP-Z]{10}$/
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function normalizeEmail(input: string) {
  return input.trim().toLowerCase()
}

export function normalizeCardCode(input: string) {
  return input.trim().toUpperCase().replace(/[\s-]/g, '')
}

/**
 * What the till's single search box was given: an e-mail, a card code
 * (typed, scanned by a USB reader or read from a QR code, possibly as a
 * card URL) or a phone number in any French format.
 */
export function parseIdentifier(raw: string): CustomerIdentifier | null {
  const input = raw.trim()
  if (input.length === 0 || input.length > 254) return null
  if (input.includes('@')) {
    const email = normalizeEmail(input)
    return EMAIL_PATTERN.test(email) ? { kind: 'email', value: email } : null
  }
  const fromUrl = input.match(/\/c\/([2-9A-Za-z]{10})\/?$/)
  const card = normalizeCardCode(fromUrl ? fromUrl[1] : input)
  if (CARD_PATTERN.test(card)) return { kind: 'card', value: card }
  const phone = normalizePhone(input)
  return phone ? { kind: 'phone', value: phone } : null
}
