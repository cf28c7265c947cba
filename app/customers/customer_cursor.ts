import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import { DateTime } from 'luxon'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'

type Value = string | number | null
type Query = DatabaseQueryBuilderContract

/**
 * A sort the list can page through by keyset: its column, direction and how
 * to continue after the last row, as a row-value comparison that the
 * (column, id) index answers. Sorting by a nullable column lists only the
 * rows that have a value (named customers, customers who visited). Columns
 * are qualified (`c.` customers, `a.` customer_activity) with the id of
 * the same table, so the index of that table drives.
 */
function keyset(column: string, idColumn: string, direction: 'asc' | 'desc', kind: 'id' | 'text' | 'number' | 'time') {
  const op = direction === 'asc' ? '>' : '<'
  const key = column.split('.').pop()!
  const toDb = (value: Value) => (kind === 'time' && typeof value === 'string' ? dbTimestamp(DateTime.fromISO(value, { zone: 'utc' })) : value)
  return {
    order(query: Query) {
      if (kind === 'text' || kind === 'time') query.whereNotNull(column)
      if (kind !== 'id') query.orderBy(column, direction)
      query.orderBy(idColumn, direction)
    },
    after(query: Query, value: Value, id: number) {
      if (kind === 'id' || value === null) return query.where(idColumn, op, id)
      query.whereRaw(`(${column}, ${idColumn}) ${op} (?, ?)`, [toDb(value)!, id])
    },
    valueOf(row: Record<string, any>): Value {
      if (kind === 'id') return null
      if (kind === 'time') return fromDbTimestamp(row[key])?.toISO() ?? null
      return kind === 'number' ? Number(row[key]) : (row[key] ?? null)
    },
  }
}

export const SORTS = {
  recent: keyset('c.id', 'c.id', 'desc', 'id'),
  name: keyset('c.search_name', 'c.id', 'asc', 'text'),
  last_visit: keyset('a.last_purchase_at', 'a.customer_id', 'desc', 'time'),
  spend: keyset('a.total_spent_cents', 'a.customer_id', 'desc', 'number'),
}
export type SortName = keyof typeof SORTS
export const SORT_NAMES = Object.keys(SORTS) as SortName[]

/** The position after the last row of a page, opaque in links. */
export function encodeCursor(value: Value, id: number) {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url')
}

export function decodeCursor(cursor: string | null | undefined): { value: Value; id: number } | null {
  if (!cursor) return null
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    if (!Number.isSafeInteger(id) || !['string', 'number'].includes(typeof value) && value !== null) return null
    return { value, id }
  } catch {
    return null
  }
}
