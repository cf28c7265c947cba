import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { DateTime } from 'luxon'
import Customer from '#customers/models/customer'
import { parseIdentifier } from '#customers/identifier'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'
import { decodeCursor, encodeCursor, SORTS, type SortName } from '#customers/customer_cursor'

export interface CustomerListFilters {
  q?: string | null
  storeId?: number | null
  tag?: string | null
  lastVisitAfter?: DateTime | null
  lastVisitBefore?: DateTime | null
  minSpentCents?: number | null
  maxSpentCents?: number | null
  sort?: SortName
  after?: string | null
  limit?: number
}

const COLUMNS = ['c.id', 'c.public_id', 'c.first_name', 'c.last_name', 'c.search_name', 'c.card_code', 'c.store_id', 'a.total_spent_cents', 'a.visit_count', 'a.last_purchase_at', 'c.created_at']

/**
 * One page of the staff customer list. Keyset pagination over (sort column,
 * id) through the indexes of migration 0003: no OFFSET and no COUNT, so a
 * page costs the same at 1,000,000 customers as at 100. Spend and last
 * visit are the customer's activity row (one per customer, migration 0010).
 */
export async function listCustomers(filters: CustomerListFilters) {
  const sort = SORTS[filters.sort ?? 'recent']
  const limit = filters.limit ?? 50
  const query = db.from('customers as c').join('customer_activity as a', 'a.customer_id', 'c.id').select(COLUMNS).whereNull('c.erased_at').whereNull('c.merged_into_id')
  applyFilters(query, filters)
  const cursor = decodeCursor(filters.after)
  if (cursor) sort.after(query, cursor.value, cursor.id)
  sort.order(query)
  const rows = await query.limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    customers: page.map(toListItem),
    next: rows.length > limit && last ? encodeCursor(sort.valueOf(last), last.id) : null,
  }
}

function applyFilters(query: DatabaseQueryBuilderContract, filters: CustomerListFilters) {
  if (filters.q) searchBy(query, filters.q)
  if (filters.storeId) query.where('c.store_id', filters.storeId)
  if (filters.tag) {
    const tag = filters.tag.trim().toLowerCase()
    // IN (not EXISTS): the (tag, customer_id) index drives, so a rare tag reads only its rows.
    query.whereIn('c.id', (sub) => sub.from('customer_tags').select('customer_id').where('tag', tag))
  }
  if (filters.lastVisitAfter) query.where('a.last_purchase_at', '>=', dbTimestamp(filters.lastVisitAfter))
  if (filters.lastVisitBefore) query.where('a.last_purchase_at', '<', dbTimestamp(filters.lastVisitBefore))
  if (filters.minSpentCents != null) query.where('a.total_spent_cents', '>=', filters.minSpentCents)
  if (filters.maxSpentCents != null) query.where('a.total_spent_cents', '<=', filters.maxSpentCents)
}

/** Exact phone, e-mail or card through their unique indexes; otherwise a name prefix. */
function searchBy(query: DatabaseQueryBuilderContract, q: string) {
  const identifier = parseIdentifier(q)
  const prefix = Customer.searchKey(q)
  if (identifier?.kind === 'email') return query.where('c.email', identifier.value)
  if (identifier?.kind === 'phone') return query.where('c.phone_e164', identifier.value)
  if (identifier?.kind === 'card') {
    // Ten letters may be a card code or the start of a name.
    return query.where((where) => {
      where.where('c.card_code', identifier.value)
      if (prefix) where.orWhere((name) => nameStartsWith(name, prefix))
    })
  }
  if (prefix) nameStartsWith(query, prefix)
}

/**
 * search_name starts with the prefix, as a range ("dup" ≤ name < "duq") so
 * both SQLite and Postgres walk the (search_name, id) index; a LIKE prefix
 * would scan the whole table on SQLite.
 */
function nameStartsWith(query: DatabaseQueryBuilderContract, prefix: string) {
  const last = prefix.length - 1
  const upper = prefix.slice(0, last) + String.fromCharCode(prefix.charCodeAt(last) + 1)
  query.where('c.search_name', '>=', prefix).where('c.search_name', '<', upper)
}

function toListItem(row: Record<string, any>) {
  return {
    publicId: row.public_id as string,
    name: [row.first_name, row.last_name].filter(Boolean).join(' ') || (row.card_code as string),
    cardCode: row.card_code as string,
    storeId: row.store_id as number,
    totalSpentCents: Number(row.total_spent_cents),
    visitCount: Number(row.visit_count),
    lastPurchaseAt: fromDbTimestamp(row.last_purchase_at),
    createdAt: fromDbTimestamp(row.created_at),
  }
}

export type CustomerListItem = ReturnType<typeof toListItem>
