import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/**
 * An instant as the database stores it (UTC), for raw queries; the same
 * format Lucid's dateTime columns write, so comparisons stay correct on
 * SQLite, which keeps timestamps as text.
 */
export function dbTimestamp(value: DateTime, client: QueryClientContract = db.connection()) {
  return value.toUTC().toFormat(client.dialect.dateTimeFormat)
}

/**
 * dbTimestamp without luxon, for SQL programs on hot paths: the same text
 * on SQLite (where timestamps are compared as text), the same instant on
 * Postgres.
 */
export function dbInstant(date: Date, dialect: string) {
  const iso = date.toISOString()
  return dialect === 'postgres' ? iso : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

/**
 * A timestamp from a raw row as a Date, without luxon, for hot paths: a
 * Date on Postgres, UTC text on SQLite ("YYYY-MM-DD HH:MM:SS"), or text
 * with an offset (Postgres JSON).
 */
export function instantFromDb(value: unknown): Date {
  if (value instanceof Date) return value
  if (typeof value === 'number') return new Date(value)
  const text = String(value)
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`)
}

/** Reads a timestamp from a raw row (Date on Postgres, text on SQLite). */
export function fromDbTimestamp(value: string | number | Date | null): DateTime | null {
  if (value === null || value === undefined) return null
  // Dates bound by knex on SQLite are stored as epoch milliseconds.
  if (typeof value === 'number') return DateTime.fromMillis(value, { zone: 'utc' })
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: 'utc' })
  const parsed = DateTime.fromSQL(value, { zone: 'utc' })
  return parsed.isValid ? parsed : DateTime.fromISO(value, { zone: 'utc' })
}
