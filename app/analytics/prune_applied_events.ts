import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#shared/db_time'

/** An event is delivered again within minutes (a retry, a dispatcher restart), never after weeks: its mark is kept 30 days. */
const KEEP_DAYS = 30

/** Forgets the marks of events applied more than 30 days ago (indexed by applied_at). */
export async function pruneAppliedEvents(now = DateTime.utc()) {
  const removed = await db.from('analytics_applied_events').where('applied_at', '<', dbTimestamp(now.minus({ days: KEEP_DAYS }))).delete()
  return { removed: Number(removed) }
}
