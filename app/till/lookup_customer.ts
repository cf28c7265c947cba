import { parseIdentifier } from '#customers/identifier'
import { findCustomer } from '#customers/find_customer'
import { tillCardOf, type TillCard } from '#till/till_card'

export type TillLookup =
  | { state: 'empty' }
  | { state: 'invalid' }
  | { state: 'not_found'; prefill: { phone?: string; email?: string } }
  | { state: 'found'; card: TillCard }

/**
 * What the till's search box finds: one customer through a unique index, or
 * what to prefill the enrolment form with when nobody matches.
 */
export async function lookupCustomer(query: string | null | undefined, storeId: number | null): Promise<TillLookup> {
  const raw = (query ?? '').trim()
  if (raw.length === 0) return { state: 'empty' }
  const identifier = parseIdentifier(raw)
  if (!identifier) return { state: 'invalid' }
  const customer = await findCustomer(identifier)
  if (customer) return { state: 'found', card: await tillCardOf(customer, storeId) }
  if (identifier.kind === 'email') return { state: 'not_found', prefill: { email: identifier.value } }
  if (identifier.kind === 'phone') return { state: 'not_found', prefill: { phone: raw } }
  return { state: 'not_found', prefill: {} }
}
