import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  DAILY_FIGURES,
  departureChange,
  enrolmentChange,
  purchaseChange,
  purchaseHour,
  redemptionChange,
  refundChange,
  voucherIssueChange,
  type DayChange,
  type Figures,
} from '#analytics/daily_figures'
import { rebuildMemberFigures } from '#analytics/rebuild_members'
import { effectsOfEvent, COUNTED_EVENTS } from '#analytics/event_changes'
import { eachChunk, insertInBatches } from '#analytics/chunks'
import { dbInstant } from '#shared/db_time'

/** No time zone is more than 14 hours from UTC: reading from a day earlier in UTC catches every local day from `fromDay`. */
const MARGIN_DAYS = 1

/** The tables a rebuild rewrites, locked in this order. */
const FIGURE_TABLES = ['analytics_daily', 'analytics_hourly', 'analytics_members', 'analytics_member_months', 'analytics_cohorts', 'analytics_cohort_sizes', 'analytics_active_months']

/**
 * The dashboard's figures from `fromDay` (YYYY-MM-DD, each store's
 * calendar) recomputed from the sales, refunds, redemptions, vouchers and
 * customers themselves, for repairs; the member figures (cohorts, last day
 * seen), which describe today's members, are recomputed whole. One
 * transaction holding the figures' locks: events wait (on Postgres sales do
 * not; on SQLite, whose one writer it holds, they do). Events already
 * committed but not yet applied are counted by the recomputation, so they
 * are marked applied here and never count twice.
 */
export async function rebuildDailyFigures(fromDay: string) {
  const from = DateTime.fromISO(fromDay, { zone: 'utc' })
  if (!from.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(fromDay)) throw new RangeError(`Not a day: ${fromDay} (YYYY-MM-DD)`)
  return db.transaction(async (trx) => {
    if (trx.dialect.name === 'postgres') {
      await trx.rawQuery('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
      await trx.rawQuery(`LOCK TABLE ${FIGURE_TABLES.join(', ')} IN EXCLUSIVE MODE`)
    }
    // On SQLite this first write takes the database's write lock before anything is read.
    await trx.from('analytics_daily').where('day', '>=', fromDay).delete()
    await trx.from('analytics_hourly').where('day', '>=', fromDay).delete()
    const since = dbInstant(from.minus({ days: MARGIN_DAYS }).toJSDate(), trx.dialect.name)
    const days = new DayTotals(fromDay)
    const hours = new Map<string, { store_id: number; day: string; weekday: number; hour: number; purchases: number }>()
    const sinceOn = (query: ReturnType<TransactionClientContract['from']>, column: string) => query.where(column, '>=', since)

    await eachChunk(sinceOn(trx.from('purchases as p').join('stores as s', 's.id', 'p.store_id'), 'p.occurred_at').select('p.id', 'p.store_id', 'p.total_cents', 'p.by_member', 'p.occurred_at', 's.timezone'), 'p.id', (row) => {
      days.add(purchaseChange(row))
      const hour = purchaseHour(row)
      if (hour.day < fromDay) return
      const key = `${hour.storeId}:${hour.day}:${hour.hour}`
      const slot = hours.get(key) ?? { store_id: hour.storeId, day: hour.day, weekday: hour.weekday, hour: hour.hour, purchases: 0 }
      slot.purchases += 1
      hours.set(key, slot)
    })
    await eachChunk(sinceOn(trx.from('refunds as r').join('stores as s', 's.id', 'r.store_id'), 'r.occurred_at').select('r.id', 'r.store_id', 'r.amount_cents', 'r.occurred_at', 's.timezone'), 'r.id', (row) => days.add(refundChange(row)))
    await eachChunk(sinceOn(trx.from('redemptions as d').join('stores as s', 's.id', 'd.store_id'), 'd.created_at').select('d.id', 'd.store_id', 'd.kind', 'd.discount_cents', 'd.created_at', 's.timezone'), 'd.id', (row) =>
      days.add(redemptionChange(row))
    )
    await eachChunk(
      sinceOn(trx.from('redemptions as d').join('refunds as r', 'r.id', 'd.reversed_by_refund_id').join('stores as s', 's.id', 'd.store_id'), 'r.occurred_at').select('d.id', 'd.store_id', 'd.kind', 'd.discount_cents', 'r.occurred_at', 's.timezone'),
      'd.id',
      (row) => days.add(redemptionChange(row, -1, row.occurred_at))
    )
    await eachChunk(sinceOn(trx.from('vouchers as v').join('customers as c', 'c.id', 'v.customer_id').join('stores as s', 's.id', 'c.store_id'), 'v.issued_at').select('v.id', 'c.store_id', 'v.issued_at', 's.timezone'), 'v.id', (row) =>
      days.add(voucherIssueChange(row))
    )
    const customers = () => trx.from('customers as c').join('stores as s', 's.id', 'c.store_id')
    await eachChunk(sinceOn(customers(), 'c.created_at').select('c.id', 'c.store_id', 'c.created_at', 's.timezone'), 'c.id', (row) => days.add(enrolmentChange(row)))
    await eachChunk(sinceOn(customers(), 'c.erased_at').select('c.id', 'c.store_id', 'c.erased_at as left_at', 's.timezone'), 'c.id', (row) => days.add(departureChange(row)))
    await eachChunk(sinceOn(customers(), 'c.merged_at').select('c.id', 'c.store_id', 'c.merged_at as left_at', 's.timezone'), 'c.id', (row) => days.add(departureChange(row)))

    // In calendar order, as the events write them day after day: the rows of a period lie together.
    await insertInBatches(trx, 'analytics_daily', days.rows().sort((a, b) => a.day.localeCompare(b.day) || a.store_id - b.store_id))
    await insertInBatches(trx, 'analytics_hourly', [...hours.values()].sort((a, b) => a.day.localeCompare(b.day) || a.store_id - b.store_id || a.hour - b.hour))
    const members = await rebuildMemberFigures(trx)
    const marked = await markCountedEvents(trx, fromDay, since)
    return { days: days.size, hours: hours.size, members: members.members, eventsMarked: marked }
  })
}

/** The day rows being recomputed, each day's figures added up in memory (a row per store and day: small). */
class DayTotals {
  #days = new Map<string, DayChange & { figures: Figures }>()
  constructor(private fromDay: string) {}

  add(change: DayChange) {
    if (change.day < this.fromDay) return
    const key = `${change.storeId}:${change.day}`
    const day = this.#days.get(key) ?? { storeId: change.storeId, day: change.day, figures: Object.fromEntries(DAILY_FIGURES.map((figure) => [figure, 0])) as Figures }
    for (const figure of DAILY_FIGURES) day.figures[figure] += change.figures[figure] ?? 0
    this.#days.set(key, day)
  }

  get size() {
    return this.#days.size
  }

  rows() {
    return [...this.#days.values()].map((day) => ({ store_id: day.storeId, day: day.day, ...day.figures }))
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
    const effects = await effectsOfEvent(trx, event.type, JSON.parse(event.payload))
    if (!effects || effects.days.every((change) => change.day < fromDay)) continue
    await trx.table('analytics_applied_events').insert({ event_id: event.id, applied_at: now })
    marked += 1
  }
  return marked
}
