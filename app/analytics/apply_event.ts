import db from '@adonisjs/lucid/services/db'
import { addToDay } from '#analytics/daily_figures'
import { changeOfEvent } from '#analytics/event_changes'
import { dbInstant } from '#shared/db_time'

class AlreadyApplied extends Error {}

/**
 * An outbox event added to the daily figures, exactly once: the day's row
 * and the event's mark are written in one transaction, and a second
 * delivery of the same event (BullMQ runs a job at least once) finds the
 * mark and changes nothing. The day's row is written first, so a rebuild
 * holding the figures' lock (rebuild_daily.ts) makes this wait rather than
 * deadlock on the mark.
 */
export async function applyEventToDailyFigures(type: string, data: Record<string, unknown>) {
  const eventId = Number(data.eventId)
  if (!Number.isSafeInteger(eventId) || eventId <= 0) return false
  const change = await changeOfEvent(db.connection(), type, data)
  if (!change) return false
  try {
    await db.transaction(async (trx) => {
      await addToDay(trx, change)
      const marked = await trx.rawQuery('INSERT INTO analytics_applied_events (event_id, applied_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING event_id', [
        eventId,
        dbInstant(new Date(), trx.dialect.name),
      ])
      const rows = trx.dialect.name === 'postgres' ? marked.rows : marked
      if (rows.length === 0) throw new AlreadyApplied()
    })
    return true
  } catch (error) {
    if (error instanceof AlreadyApplied) return false
    throw error
  }
}
