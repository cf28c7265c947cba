import { posErrors } from '#pos/errors'

/** Keys that only payment-card data would use (R6), compared without case, "-" or "_". */
const CARD_KEYS = new Set(['pan', 'cvv', 'cvc', 'cardnumber', 'securitycode', 'expiry', 'expirydate', 'track2'])
const MAX_DEPTH = 16
/** Product codes (EAN-13, GTIN-14) are long digit strings too; about one in ten passes Luhn. */
const PRODUCT_CODE_KEYS = new Set(['sku'])

/** 13 to 19 digits, possibly grouped by spaces or dashes, passing the Luhn check: a card number. */
export function looksLikeCardNumber(value: string) {
  if (value.length > 40 || !/^[\d -]+$/.test(value)) return false
  const digits = value.replace(/[ -]/g, '')
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits)
}

export function luhnValid(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * Throws 422 E_CARD_DATA_REFUSED when a JSON body carries card data
 * anywhere: a card-data key at any depth, or a value that is a card
 * number. Iterative, and refuses absurd nesting, so hostile bodies cannot
 * exhaust the stack. The offending value is never echoed.
 */
export function refuseCardData(body: unknown) {
  const stack: Array<{ value: unknown; path: string; depth: number; key?: string }> = [{ value: body, path: '', depth: 0 }]
  while (stack.length > 0) {
    const { value, path, depth, key } = stack.pop()!
    if (isCardNumber(value) && !PRODUCT_CODE_KEYS.has(key ?? '')) throw posErrors.cardData(path)
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_DEPTH) throw posErrors.tooDeep()
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key
      if (CARD_KEYS.has(key.toLowerCase().replace(/[-_\s]/g, ''))) throw posErrors.cardData(itemPath)
      stack.push({ value: item, path: itemPath, depth: depth + 1, key })
    }
  }
}

function isCardNumber(value: unknown) {
  if (typeof value === 'string') return looksLikeCardNumber(value)
  return typeof value === 'number' && Number.isInteger(value) && looksLikeCardNumber(String(Math.abs(value)))
}
