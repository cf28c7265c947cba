import { parseIdentifier, type CustomerIdentifier } from '#customers/identifier'
import { normalizePhone } from '#customers/phone'
import { fieldError } from '#customers/validation'

const KINDS = ['phone', 'email', 'card'] as const

/**
 * The one identifier of `GET /customers/lookup?phone=|email=|card=`
 * (422 when none, several, or an invalid one is given).
 */
export function lookupIdentifier(query: Record<string, unknown>): CustomerIdentifier {
  const given = KINDS.filter((kind) => query[kind] !== undefined)
  if (given.length !== 1) throw fieldError('phone', 'Give exactly one of phone, email or card', 'identifier')
  const kind = given[0]
  const raw = query[kind]
  const identifier = typeof raw === 'string' ? parseAs(kind, raw) : null
  if (!identifier) throw fieldError(kind, `The ${kind} is not valid`, kind)
  return identifier
}

export function parseAs(kind: (typeof KINDS)[number], raw: string): CustomerIdentifier | null {
  if (raw.length > 254) return null
  if (kind === 'phone') {
    const phone = normalizePhone(raw)
    return phone ? { kind, value: phone } : null
  }
  const parsed = parseIdentifier(raw)
  return parsed?.kind === kind ? parsed : null
}
