import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#shared/db_time'

/**
 * Stored POS answers are replayed to tills that retry; a till may stay
 * offline for days, so keys are kept a week (R64 asks for at least 24 h).
 * After that the unique (store, reference) still refuses a duplicate sale.
 */
export const IDEMPOTENCY_KEY_DAYS = 7

export async function pruneIdempotencyKeys(now = DateTime.utc()) {
  const cutoff = dbTimestamp(now.minus({ days: IDEMPOTENCY_KEY_DAYS }))
  return db.from('idempotency_keys').where('created_at', '<', cutoff).where('state', 'done').delete()
}
