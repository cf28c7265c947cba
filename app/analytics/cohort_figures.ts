import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

/** Cohorts shown: the members who joined in the last 12 months up to the period's end. */
const COHORTS = 12

export interface CohortRow {
  month: string
  size: number
  /** Share of the cohort's current members who bought in their k-th month (k = 0 is the month they joined), in basis points. */
  cells: Array<{ month: string; members: number; retentionBp: number | null }>
}

/** The months from `first` to `last` (YYYY-MM), both included. */
export function monthsFrom(first: string, last: string) {
  const months: string[] = []
  for (let month = DateTime.fromFormat(first, 'yyyy-MM', { zone: 'utc' }); month.toFormat('yyyy-MM') <= last; month = month.plus({ months: 1 })) months.push(month.toFormat('yyyy-MM'))
  return months
}

/** Retention by monthly cohort: rows of at most 12 cohorts × 12 months, read from the cohort cells (never the purchases). */
export async function cohortGrid(storeId: number | null, toOn: string): Promise<CohortRow[]> {
  const last = toOn.slice(0, 7)
  const first = DateTime.fromFormat(last, 'yyyy-MM', { zone: 'utc' }).minus({ months: COHORTS - 1 }).toFormat('yyyy-MM')
  // A member may have bought before joining (a till sale, then the card): the grid starts at the month they joined.
  const cells = db.from('analytics_cohorts').where('cohort_month', '>=', first).where('cohort_month', '<=', last).where('active_month', '>=', first).where('active_month', '<=', last)
  const sizes = db.from('analytics_cohort_sizes').where('cohort_month', '>=', first).where('cohort_month', '<=', last)
  if (storeId !== null) {
    cells.where('store_id', storeId)
    sizes.where('store_id', storeId)
  }
  const [cellRows, sizeRows] = await Promise.all([
    cells.groupBy('cohort_month', 'active_month').select('cohort_month', 'active_month').sum('members as members'),
    sizes.groupBy('cohort_month').select('cohort_month').sum('members as members'),
  ])
  return cohortRows(
    first,
    last,
    cellRows.map((row) => ({ cohortMonth: String(row.cohort_month), activeMonth: String(row.active_month), members: Number(row.members) })),
    sizeRows.map((row) => ({ cohortMonth: String(row.cohort_month), members: Number(row.members) }))
  )
}

/** The grid from the cells and sizes: cohorts without a member left out, months without a buyer at zero. */
export function cohortRows(first: string, last: string, cells: Array<{ cohortMonth: string; activeMonth: string; members: number }>, sizes: Array<{ cohortMonth: string; members: number }>): CohortRow[] {
  const members = new Map<string, number>()
  for (const cell of cells) members.set(`${cell.cohortMonth}:${cell.activeMonth}`, (members.get(`${cell.cohortMonth}:${cell.activeMonth}`) ?? 0) + cell.members)
  const size = new Map<string, number>()
  for (const row of sizes) size.set(row.cohortMonth, (size.get(row.cohortMonth) ?? 0) + row.members)
  return monthsFrom(first, last)
    .filter((month) => (size.get(month) ?? 0) > 0)
    .map((month) => {
      const cohortSize = size.get(month)!
      return {
        month,
        size: cohortSize,
        cells: monthsFrom(month, last).map((active) => {
          const count = members.get(`${month}:${active}`) ?? 0
          return { month: active, members: count, retentionBp: Math.round((count * 10_000) / cohortSize) }
        }),
      }
    })
}

/**
 * Visits per active member, month by month over the period's months: the
 * members' purchases of the month over the members who bought in it
 * (analytics_active_months, the cohort cells of the month kept summed).
 */
export async function monthlyFrequency(storeId: number | null, fromOn: string, toOn: string) {
  const months = monthsFrom(fromOn.slice(0, 7), toOn.slice(0, 7))
  const active = db.from('analytics_active_months').whereIn('month', months)
  const visits = db.from('analytics_daily').where('day', '>=', `${months[0]}-01`).where('day', '<=', `${months[months.length - 1]}-31`)
  if (storeId !== null) {
    active.where('store_id', storeId)
    visits.where('store_id', storeId)
  }
  const [activeRows, visitRows] = await Promise.all([
    active.groupBy('month').select('month').sum('members as members'),
    visits.groupByRaw('SUBSTR(day, 1, 7)').select(db.raw('SUBSTR(day, 1, 7) AS month'), db.raw('SUM(member_purchases) AS visits')),
  ])
  return frequencyOfMonths(
    months,
    new Map(activeRows.map((row) => [String(row.month), Number(row.members)])),
    new Map(visitRows.map((row) => [String(row.month), Number(row.visits)]))
  )
}

/** Each month's members' purchases over its active members, and the same over all the months together. */
export function frequencyOfMonths(months: string[], activeOf: Map<string, number>, visitsOf: Map<string, number>) {
  const rows = months.map((month) => {
    const members = activeOf.get(month) ?? 0
    const memberVisits = visitsOf.get(month) ?? 0
    return { month, activeMembers: members, visits: memberVisits, perMember: members > 0 ? memberVisits / members : null }
  })
  const totalMembers = rows.reduce((sum, row) => sum + row.activeMembers, 0)
  const totalVisits = rows.reduce((sum, row) => sum + row.visits, 0)
  return { rows, perMember: totalMembers > 0 ? totalVisits / totalMembers : null }
}
