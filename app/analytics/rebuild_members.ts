import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { localDay, localTime } from '#analytics/daily_figures'
import { eachChunk, eachPage, insertInBatches } from '#analytics/chunks'
import { rowsOf } from '#shared/sql_program'

interface Member {
  storeId: number
  timezone: string
  cohortMonth: string
  lastDay: string | null
}

/**
 * Today's members' figures recomputed from the customers and all their
 * purchases, inside the rebuild's transaction (which holds the tables'
 * locks): each member's home store, cohort and last day seen, the months
 * they bought in, the cohorts' cells and sizes, and the "last seen" count
 * of every day. Members who were erased or merged away are not in them.
 */
export async function rebuildMemberFigures(trx: TransactionClientContract) {
  for (const table of ['analytics_member_months', 'analytics_members', 'analytics_cohorts', 'analytics_cohort_sizes', 'analytics_active_months']) await trx.from(table).delete()
  const members = new Map<number, Member>()
  await eachChunk(
    trx.from('customers as c').join('stores as s', 's.id', 'c.store_id').whereNull('c.erased_at').whereNull('c.merged_into_id').select('c.id', 'c.store_id', 'c.created_at', 's.timezone'),
    'c.id',
    (row) => {
      members.set(Number(row.id), { storeId: Number(row.store_id), timezone: row.timezone, cohortMonth: localTime(row.created_at, row.timezone).toFormat('yyyy-MM'), lastDay: null })
    }
  )

  await eachPage(trx.from('purchases as p').whereNotNull('p.customer_id').select('p.id', 'p.customer_id', 'p.occurred_at'), 'p.id', async (rows) => {
    const months = new Set<string>()
    for (const row of rows) {
      const member = members.get(Number(row.customer_id))
      if (!member) continue
      const day = localDay(row.occurred_at, member.timezone)
      if (member.lastDay === null || day > member.lastDay) member.lastDay = day
      months.add(`${row.customer_id}:${day.slice(0, 7)}`)
    }
    if (months.size === 0) return
    const pairs = [...months].map((key) => key.split(':'))
    await trx.rawQuery(`INSERT INTO analytics_member_months (customer_id, month) VALUES ${rowsOf(pairs.length, 2)} ON CONFLICT (customer_id, month) DO NOTHING`, pairs.flat())
  })

  await insertInBatches(
    trx,
    'analytics_members',
    [...members].map(([customerId, member]) => ({ customer_id: customerId, store_id: member.storeId, cohort_month: member.cohortMonth, last_day: member.lastDay }))
  )
  await trx.rawQuery(
    `INSERT INTO analytics_cohorts (store_id, cohort_month, active_month, members)
     SELECT m.store_id, m.cohort_month, mm.month, COUNT(*) FROM analytics_member_months mm JOIN analytics_members m ON m.customer_id = mm.customer_id
     GROUP BY m.store_id, m.cohort_month, mm.month`
  )
  await trx.rawQuery('INSERT INTO analytics_cohort_sizes (store_id, cohort_month, members) SELECT store_id, cohort_month, COUNT(*) FROM analytics_members GROUP BY store_id, cohort_month')
  await trx.rawQuery('INSERT INTO analytics_active_months (store_id, month, members) SELECT store_id, active_month, SUM(members) FROM analytics_cohorts GROUP BY store_id, active_month')
  await rebuildLastSeen(trx)
  return { members: members.size }
}

/** Every day's "last seen" count from the members' rows: zero everywhere, then each member's last day. */
async function rebuildLastSeen(trx: TransactionClientContract) {
  await trx.from('analytics_daily').whereNot('members_last_seen', 0).update({ members_last_seen: 0 })
  const counts = await trx.from('analytics_members').whereNotNull('last_day').groupBy('store_id', 'last_day').select('store_id', 'last_day').count('* as members')
  for (let at = 0; at < counts.length; at += 500) {
    const batch = counts.slice(at, at + 500)
    await trx.rawQuery(
      `INSERT INTO analytics_daily (store_id, day, members_last_seen) VALUES ${rowsOf(batch.length, 3)}
       ON CONFLICT (store_id, day) DO UPDATE SET members_last_seen = excluded.members_last_seen`,
      batch.flatMap((row) => [Number(row.store_id), row.last_day, Number(row.members)])
    )
  }
}
