import db from '@adonisjs/lucid/services/db'
import { addToDay, addToHour, type DayChange } from '#analytics/daily_figures'
import { effectsOfEvent } from '#analytics/event_changes'
import { affectedRows } from '#analytics/sql_rows'
import { dbInstant } from '#shared/db_time'

class AlreadyApplied extends Error {}

/**
 * An outbox event added to the dashboard's figures, exactly once: the days'
 * rows and the event's mark are written in one transaction, and a second
 * delivery of the same event (BullMQ runs a job at least once) finds the
 * mark and changes nothing. The day rows are written first (in one order,
 * store then day), so a rebuild holding the figures' lock
 * (rebuild_daily.ts) makes this wait rather than deadlock on the mark.
 */
export async function applyEventToDailyFigures(type: string, data: Record<string, unknown>) {
  const eventId = Number(data.eventId)
  if (!Number.isSafeInteger(eventId) || eventId <= 0) return false
  const effects = await effectsOfEvent(db.connection(), type, data)
  if (!effects) return false
  try {
    await db.transaction(async (trx) => {
      for (const change of [...effects.days].sort(byStoreAndDay)) await addToDay(trx, change)
      if (effects.hour) await addToHour(trx, effects.hour)
      if (effects.member) await effects.member(trx)
      const marked = await trx.rawQuery('INSERT INTO analytics_applied_events (event_id, applied_at) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING event_id', [
        eventId,
        dbInstant(new Date(), trx.dialect.name),
      ])
      if (affectedRows(trx, marked) === 0) throw new AlreadyApplied()
    })
    return true
  } catch (error) {
    if (error instanceof AlreadyApplied) return false
    throw error
  }
}

function byStoreAndDay(a: DayChange, b: DayChange) {
  return a.storeId - b.storeId || a.day.localeCompare(b.day)
}
