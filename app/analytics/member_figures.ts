import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { addToDay, localDay, localTime } from '#analytics/daily_figures'
import { affectedRows } from '#analytics/sql_rows'

/** A current member as the figures know them: home store, enrolment month, the last day they bought. */
export interface TrackedMember {
  customerId: number
  storeId: number
  timezone: string
  cohortMonth: string
  lastDay: string | null
}

/*
 * Everything here runs inside the transaction that applies one outbox event
 * (apply_event.ts), after that event's first write to analytics_daily, so
 * a rebuild holding the figures' lock makes it wait. On Postgres the
 * member's row is locked (two purchases of one customer applied at once
 * would otherwise both move the "last seen" day); SQLite has one writer.
 */

async function lockedMember(trx: TransactionClientContract, customerId: number): Promise<TrackedMember | null> {
  const query = trx
    .from('analytics_members as m')
    .join('stores as s', 's.id', 'm.store_id')
    .where('m.customer_id', customerId)
    .select('m.customer_id', 'm.store_id', 'm.cohort_month', 'm.last_day', 's.timezone')
  if (trx.dialect.name === 'postgres') query.forUpdate('m')
  const row = await query.first()
  return row ? { customerId, storeId: Number(row.store_id), timezone: row.timezone, cohortMonth: row.cohort_month, lastDay: row.last_day ?? null } : null
}

/** The member's figures row, started (in their cohort) the first time an event names them; null when they are no member any more. */
export async function trackedMember(trx: TransactionClientContract, customerId: number) {
  const known = await lockedMember(trx, customerId)
  if (known) return known
  const customer = await trx
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.id', customerId)
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .select('c.store_id', 'c.created_at', 's.timezone')
    .first()
  if (!customer) return null
  const cohortMonth = localTime(customer.created_at, customer.timezone).toFormat('yyyy-MM')
  const started = await trx.rawQuery('INSERT INTO analytics_members (customer_id, store_id, cohort_month, last_day) VALUES (?, ?, ?, NULL) ON CONFLICT (customer_id) DO NOTHING RETURNING customer_id', [
    customerId,
    Number(customer.store_id),
    cohortMonth,
  ])
  if (affectedRows(trx, started) > 0) await addToCohortSize(trx, Number(customer.store_id), cohortMonth, 1)
  return lockedMember(trx, customerId)
}

/** A member's purchase: the month counts once in their cohort's row, and the day becomes their last seen if it is later. */
export async function memberBought(trx: TransactionClientContract, customerId: number, occurredAt: unknown) {
  const member = await trackedMember(trx, customerId)
  if (!member) return
  const day = localDay(occurredAt, member.timezone)
  await countMonth(trx, member, day.slice(0, 7))
  if (member.lastDay === null || day > member.lastDay) await moveLastSeen(trx, member, day)
}

/** An erased member, or one merged into another, leaves the figures of current members: their cohort and their last day. */
export async function memberLeft(trx: TransactionClientContract, customerId: number) {
  const member = await lockedMember(trx, customerId)
  if (!member) return
  if (member.lastDay) await addToDay(trx, { storeId: member.storeId, day: member.lastDay, figures: { members_last_seen: -1 } })
  const months = await trx.from('analytics_member_months').where('customer_id', customerId).select('month')
  for (const { month } of months) await addToCohort(trx, member, month, -1)
  await addToCohortSize(trx, member.storeId, member.cohortMonth, -1)
  await trx.from('analytics_member_months').where('customer_id', customerId).delete()
  await trx.from('analytics_members').where('customer_id', customerId).delete()
}

/** The merged customer's purchases now belong to the kept one: so do their months and, if later, their last day. */
export async function membersMerged(trx: TransactionClientContract, keptId: number, mergedId: number) {
  const merged = await lockedMember(trx, mergedId)
  const kept = merged ? await trackedMember(trx, keptId) : null
  if (merged && kept) {
    const months = await trx.from('analytics_member_months').where('customer_id', mergedId).select('month')
    for (const { month } of months) await countMonth(trx, kept, month)
    if (merged.lastDay && (kept.lastDay === null || merged.lastDay > kept.lastDay)) await moveLastSeen(trx, kept, merged.lastDay)
  }
  await memberLeft(trx, mergedId)
}

async function countMonth(trx: TransactionClientContract, member: TrackedMember, month: string) {
  const counted = await trx.rawQuery('INSERT INTO analytics_member_months (customer_id, month) VALUES (?, ?) ON CONFLICT (customer_id, month) DO NOTHING RETURNING customer_id', [member.customerId, month])
  if (affectedRows(trx, counted) > 0) await addToCohort(trx, member, month, 1)
}

async function moveLastSeen(trx: TransactionClientContract, member: TrackedMember, day: string) {
  if (member.lastDay) await addToDay(trx, { storeId: member.storeId, day: member.lastDay, figures: { members_last_seen: -1 } })
  await addToDay(trx, { storeId: member.storeId, day, figures: { members_last_seen: 1 } })
  await trx.from('analytics_members').where('customer_id', member.customerId).update({ last_day: day })
  member.lastDay = day
}

/** The member's cohort cell for the month, and the month's active members (the cells of every cohort, kept summed). */
async function addToCohort(trx: TransactionClientContract, member: Pick<TrackedMember, 'storeId' | 'cohortMonth'>, month: string, members: number) {
  await trx.rawQuery(
    `INSERT INTO analytics_cohorts (store_id, cohort_month, active_month, members) VALUES (?, ?, ?, ?)
     ON CONFLICT (store_id, cohort_month, active_month) DO UPDATE SET members = analytics_cohorts.members + excluded.members`,
    [member.storeId, member.cohortMonth, month, members]
  )
  await trx.rawQuery(
    `INSERT INTO analytics_active_months (store_id, month, members) VALUES (?, ?, ?)
     ON CONFLICT (store_id, month) DO UPDATE SET members = analytics_active_months.members + excluded.members`,
    [member.storeId, month, members]
  )
}

async function addToCohortSize(trx: TransactionClientContract, storeId: number, cohortMonth: string, members: number) {
  await trx.rawQuery(
    `INSERT INTO analytics_cohort_sizes (store_id, cohort_month, members) VALUES (?, ?, ?)
     ON CONFLICT (store_id, cohort_month) DO UPDATE SET members = analytics_cohort_sizes.members + excluded.members`,
    [storeId, cohortMonth, members]
  )
}
