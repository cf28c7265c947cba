/**
 * Masks e-mail addresses and phone numbers in free text before it reaches a
 * log line (invariant 8): "marie@example.fr" → "[email]", "+33 6 12 34 56 78" → "[phone]".
 */
const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/gi
const PHONE = /(?:\+|\b00)?\d(?:[\s.\-()]*\d){8,14}\b/g

export function maskPersonalData(text: string) {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]')
}

/** Deeply masks strings inside a log object (bounded depth, cycles ignored). */
export function maskLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value)
  if (depth > 4 || value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { message: maskPersonalData(value.message), name: value.name }
  if (Array.isArray(value)) return value.map((item) => maskLogValue(item, depth + 1))
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskLogValue(item, depth + 1)]))
}
