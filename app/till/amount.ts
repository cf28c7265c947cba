import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

export const MAX_PURCHASE_CENTS = 100_000_00

/**
 * "12,50", "12.50", "1 234,5" or "12" typed at the till → 1250 cents.
 * Returns null for anything else, including "12,345": three decimals is a
 * thousands separator in English and a typo in French, so we refuse to guess.
 */
export function parseEuroCents(input: string): number | null {
  const cleaned = input.trim().replace(/[\s\u00a0\u202f€]/g, '')
  const match = cleaned.match(/^(\d{1,9})(?:[.,](\d{1,2}))?$/)
  if (!match) return null
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'))
  return Number.isSafeInteger(cents) ? cents : null
}

/** A purchase amount in euros: parsed to cents, more than 0, at most 100,000 €. */
export const amountRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const cents = parseEuroCents(value)
  if (cents === null || cents <= 0 || cents > MAX_PURCHASE_CENTS) {
    return field.report('The amount is not valid', 'amount', field)
  }
  field.mutate(cents, field)
})
