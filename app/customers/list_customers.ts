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

const COLUMNS = ['id', 'public_id', 'first_name', 'last_name', 'search_name', 'card_code', 'store_id', 'total_spent_cents', 'visit_count', 'last_purchase_at', 'created_at']

/**
 * One page of the staff customer list. Keyset pagination over (sort column,
 * id) through the indexes of migration 0003: no OFFSET and no COUNT, so a
 * page costs the same at 1,000,000 customers as at 100.
 */
export async function listCustomers(filters: CustomerListFilters) {
  const sort = SORTS[filters.sort ?? 'recent']
  const limit = filters.limit ?? 50
  const query = db.from('customers').select(COLUMNS).whereNull('erased_at').whereNull('merged_into_id')
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
  if (filters.storeId) query.where('store_id', filters.storeId)
  if (filters.tag) {
    const tag = filters.tag.trim().toLowerCase()
    // IN (not EXISTS): the (tag, customer_id) index drives, so a rare tag reads only its rows.
    query.whereIn('id', (sub) => sub.from('customer_tags').select('customer_id').where('tag', tag))
  }
  if (filters.lastVisitAfter) query.where('last_purchase_at', '>=', dbTimestamp(filters.lastVisitAfter))
  if (filters.lastVisitBefore) query.where('last_purchase_at', '<', dbTimestamp(filters.lastVisitBefore))
  if (filters.minSpentCents != null) query.where('total_spent_cents', '>=', filters.minSpentCents)
  if (filters.maxSpentCents != null) query.where('total_spent_cents', '<=', filters.maxSpentCents)
}

/** Exact phone, e-mail or card through their unique indexes; otherwise a name prefix. */
function searchBy(query: DatabaseQueryBuilderContract, q: string) {
  const identifier = parseIdentifier(q)
  const prefix = Customer.searchKey(q)
  if (identifier?.kind === 'email') return query.where('email', identifier.value)
  if (identifier?.kind === 'phone') return query.where('phone_e164', identifier.value)
  if (identifier?.kind === 'card') {
    // Ten letters may be a card code or the start of a name.
    return query.where((where) => {
      where.where('card_code', identifier.value)
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
  query.where('search_name', '>=', prefix).where('search_name', '<', upper)
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
