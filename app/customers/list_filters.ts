import { DateTime } from 'luxon'
import type Store from '#stores/models/store'
import type { Infer } from '@vinejs/vine/types'
import type { listCustomersValidator } from '#customers/validators'
import type { CustomerListFilters } from '#customers/list_customers'

/** The list's query string, validated, as filters (dates are whole UTC days, euros become cents). */
export function filtersFrom(input: Infer<typeof listCustomersValidator>, stores: Store[]): CustomerListFilters {
  const day = (date?: Date) =>
    date ? DateTime.fromObject({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() }, { zone: 'utc' }) : null
  const before = day(input.last_visit_before)
  return {
    q: input.q,
    storeId: input.store ? (stores.find((store) => store.publicId === input.store)?.id ?? -1) : null,
    tag: input.tag,
    lastVisitAfter: day(input.last_visit_after),
    // "Before" includes the day typed.
    lastVisitBefore: before ? before.plus({ days: 1 }) : null,
    minSpentCents: input.spend_min != null ? Math.round(input.spend_min * 100) : null,
    maxSpentCents: input.spend_max != null ? Math.round(input.spend_max * 100) : null,
    sort: input.sort,
    after: input.after,
    limit: input.limit ?? 50,
  }
}

/** The current list URL with some parameters replaced (empty ones dropped). */
export function linkWith(query: Record<string, unknown>, changes: Record<string, string | null>) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (typeof value === 'string' && value !== '') params.set(key, value)
  }
  return `/admin/customers?${params.toString()}`
}
