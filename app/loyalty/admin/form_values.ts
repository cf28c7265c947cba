import { parseEuroCents } from '#till/amount'

/**
 * What the owner types in the loyalty admin, as the stored integers, and
 * back. Each parser returns the number, `null` for a blank field, or
 * `undefined` when the text is not of that kind. French and English
 * decimal marks are both read ("2,5" = "2.5"); spaces, "€", "%" and "×"
 * around the figure are ignored.
 */
const SPACES = /[\s\u00a0\u202f]/g

function cleaned(text: string, symbols?: RegExp) {
  const compact = text.replace(SPACES, '')
  return symbols ? compact.replace(symbols, '') : compact
}

export function isBlank(text: string) {
  return text.replace(SPACES, '') === ''
}

/** "12", "1 000" → 12, 1000. */
export function parseWhole(text: string): number | null | undefined {
  if (isBlank(text)) return null
  const match = cleaned(text).match(/^\d{1,9}$/)
  return match ? Number(match[0]) : undefined
}

/** "5", "5,00", "5.5 €" → cents (the till's rule: at most two decimals). */
export function parseEuros(text: string): number | null | undefined {
  if (isBlank(text)) return null
  return parseEuroCents(text) ?? undefined
}

/** A figure with at most two decimals, × 100: "2,5 %" → 250 (basis points), "1,25" → 125. */
export function parseHundredths(text: string): number | null | undefined {
  if (isBlank(text)) return null
  const match = cleaned(text, /[%×x*]/gi).match(/^(\d{1,6})(?:[.,](\d{1,2}))?$/)
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'))
}

/** A whole percentage: "10", "10 %" → 10. */
export function parseWholePercent(text: string): number | null | undefined {
  return parseWhole(cleaned(text, /%/g))
}

/** Codes typed one per line or separated by commas; blanks and repeats dropped. */
export function parseList(text: string): string[] {
  const items = text
    .split(/[,;\n\r]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
  return [...new Set(items)]
}

/** 250 → "2,50" (fr) or "2.50" (en); whole euros without decimals: 500 → "5". */
export function formatEuros(cents: number, locale: string) {
  return formatHundredths(cents, locale, true)
}

/** 250 → "2,5"; 125 → "1,25"; 100 → "1". */
export function formatHundredths(value: number, locale: string, pad = false) {
  const whole = Math.floor(value / 100)
  const rest = value % 100
  if (rest === 0) return String(whole)
  const decimals = pad ? String(rest).padStart(2, '0') : String(rest).padStart(2, '0').replace(/0$/, '')
  return `${whole}${locale === 'en' ? '.' : ','}${decimals}`
}

export function formatList(items: string[]) {
  return items.join('\n')
}
