import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

/**
 * Members today and those who bought in the last 30 and 90 days, from the
 * figures (app/analytics/member_figures.ts): the cohorts' sizes add up to
 * today's members (a row per store and month), and each member is "last
 * seen" on exactly one day, so the active ones are the sum of the last N
 * days' rows. `today` is the business calendar's day.
 */
export async function memberCounts(storeId: number | null, today: string) {
  const since = (days: number) => DateTime.fromISO(today, { zone: 'utc' }).minus({ days: days - 1 }).toISODate()!
  const sizes = db.from('analytics_cohort_sizes')
  const seen = db.from('analytics_daily').where('day', '>=', since(90)).where('day', '<=', today)
  if (storeId !== null) {
    sizes.where('store_id', storeId)
    seen.where('store_id', storeId)
  }
  const [all, active] = await Promise.all([
    sizes.sum('members as members').first(),
    seen
      .select(db.raw('COALESCE(SUM(members_last_seen), 0) AS active90'), db.raw('COALESCE(SUM(CASE WHEN day >= ? THEN members_last_seen ELSE 0 END), 0) AS active30', [since(30)]))
      .first(),
  ])
  return { total: Number(all?.members ?? 0), active30: Number(active?.active30 ?? 0), active90: Number(active?.active90 ?? 0) }
}
