import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DAILY_FIGURES, enrolmentChange, purchaseChange, refundChange, type DayChange, type Figures } from '#analytics/daily_figures'
import { changeOfEvent, COUNTED_EVENTS } from '#analytics/event_changes'
import { dbInstant } from '#shared/db_time'

const CHUNK = 5000
/** No time zone is more than 14 hours from UTC: reading from a day earlier in UTC catches every local day from `fromDay`. */
const MARGIN_DAYS = 1

/**
 * The daily figures from `fromDay` (YYYY-MM-DD, each store's calendar)
 * recomputed from the purchases, refunds and enrolments themselves, for
 * repairs. One transaction holding the figures' lock: events wait (on
 * Postgres sales do not; on SQLite, whose one writer it holds, they do).
 * Events already committed but not yet applied are counted by
 * the recomputation, so they are marked applied here and never count twice.
 */
export async function rebuildDailyFigures(fromDay: string) {
  const from = DateTime.fromISO(fromDay, { zone: 'utc' })
  if (!from.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(fromDay)) throw new RangeError(`Not a day: ${fromDay} (YYYY-MM-DD)`)
  return db.transaction(async (trx) => {
    if (trx.dialect.name === 'postgres') {
      await trx.rawQuery('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
      await trx.rawQuery('LOCK TABLE analytics_daily IN EXCLUSIVE MODE')
    }
    // On SQLite this first write takes the database's write lock before anything is read.
    await trx.from('analytics_daily').where('day', '>=', fromDay).delete()
    const since = dbInstant(from.minus({ days: MARGIN_DAYS }).toJSDate(), trx.dialect.name)
    const days = new Map<string, DayChange & { figures: Figures }>()
    const add = (change: DayChange) => {
      if (change.day < fromDay) return
      const key = `${change.storeId}:${change.day}`
      const day = days.get(key) ?? { storeId: change.storeId, day: change.day, figures: Object.fromEntries(DAILY_FIGURES.map((figure) => [figure, 0])) as Figures }
      for (const figure of DAILY_FIGURES) day.figures[figure] += change.figures[figure] ?? 0
      days.set(key, day)
    }
    const tz = 's.timezone'
    await eachChunk(trx.from('purchases as p').join('stores as s', 's.id', 'p.store_id').where('p.occurred_at', '>=', since).select('p.id', 'p.store_id', 'p.total_cents', 'p.by_member', 'p.occurred_at', tz), 'p.id', (row) => add(purchaseChange(row)))
    await eachChunk(trx.from('refunds as r').join('stores as s', 's.id', 'r.store_id').where('r.occurred_at', '>=', since).select('r.id', 'r.store_id', 'r.amount_cents', 'r.occurred_at', tz), 'r.id', (row) => add(refundChange(row)))
    await eachChunk(trx.from('customers as c').join('stores as s', 's.id', 'c.store_id').where('c.created_at', '>=', since).select('c.id', 'c.store_id', 'c.created_at', tz), 'c.id', (row) => add(enrolmentChange(row)))
    const rows = [...days.values()].map((day) => ({ store_id: day.storeId, day: day.day, ...day.figures }))
    for (let at = 0; at < rows.length; at += 500) await trx.table('analytics_daily').multiInsert(rows.slice(at, at + 500))
    const marked = await markCountedEvents(trx, fromDay, since)
    return { days: rows.length, eventsMarked: marked }
  })
}

/** Keyset pages of a query, in id order: memory stays flat whatever the history. */
async function eachChunk(query: ReturnType<TransactionClientContract['from']>, idColumn: string, each: (row: any) => void) {
  let after = 0
  for (;;) {
    const rows = await query.clone().where(idColumn, '>', after).orderBy(idColumn).limit(CHUNK)
    for (const row of rows) each(row)
    if (rows.length < CHUNK) return
    after = Number(rows[rows.length - 1].id)
  }
}

/** Events written since the rebuilt range began, not applied yet, about a day the rebuild counted: they must not count again. */
async function markCountedEvents(trx: TransactionClientContract, fromDay: string, since: string) {
  const pending = await trx
    .from('outbox_events as o')
    .whereIn('o.type', [...COUNTED_EVENTS])
    .where('o.created_at', '>=', since)
    .whereNotExists((applied) => applied.from('analytics_applied_events as a').whereRaw('a.event_id = o.id'))
    .select('o.id', 'o.type', 'o.payload')
  const now = dbInstant(new Date(), trx.dialect.name)
  let marked = 0
  for (const event of pending) {
    const change = await changeOfEvent(trx, event.type, JSON.parse(event.payload))
    if (!change || change.day < fromDay) continue
    await trx.table('analytics_applied_events').insert({ event_id: event.id, applied_at: now })
    marked += 1
  }
  return marked
}
