import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { parseRules } from '#loyalty/program_rules'
import { valuationOf, valueOf } from '#loyalty/liability_report'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'

const UNITS = [
  ['points', 'points'],
  ['stamps', 'stamps'],
  ['cashback', 'cashback_cents'],
] as const

/**
 * What the members' balances are worth now, in cents, at each programme's
 * current rules (the liability report's valuation): the programmes are the
 * business's, so this is for every store. Units without a value (stamps of
 * a programme whose reward is a product) are left out and said so. Sums
 * every account: about 200 ms at a million, so the dashboard reads the
 * snapshot below instead.
 */
export async function pointsLiability() {
  const rows = await db
    .from('loyalty_accounts as a')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .groupBy('p.id', 'p.rules')
    .select('p.id', 'p.rules', db.raw('SUM(a.points) AS points'), db.raw('SUM(a.stamps) AS stamps'), db.raw('SUM(a.cashback_cents) AS cashback_cents'))
  let cents = 0
  let unvalued = false
  for (const row of rows) {
    const rules = parseRules(String(row.rules))
    for (const [unit, column] of UNITS) {
      const units = Number(row[column] ?? 0)
      if (units === 0) continue
      const value = valueOf(units, valuationOf(rules, unit))
      if (value === null) unvalued = true
      else cents += value
    }
  }
  return { cents, unvalued }
}

/** Sums the balances again and keeps the result (the scheduler's task, every 10 minutes). */
export async function snapshotLiability(now = DateTime.utc()) {
  const { cents, unvalued } = await pointsLiability()
  await db.rawQuery(
    `INSERT INTO analytics_liability (id, cents, unvalued, taken_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET cents = excluded.cents, unvalued = excluded.unvalued, taken_at = excluded.taken_at`,
    [cents, db.connection().dialect.name === 'postgres' ? unvalued : Number(unvalued), dbTimestamp(now)]
  )
  return { cents, unvalued, takenAt: now }
}

/** The latest snapshot, taken now if there is none yet (a new install's first visit). */
export async function liabilitySnapshot() {
  const row = await db.from('analytics_liability').where('id', 1).first()
  if (!row) return snapshotLiability()
  return { cents: Number(row.cents), unvalued: Boolean(Number(row.unvalued)) || row.unvalued === true, takenAt: fromDbTimestamp(row.taken_at)! }
}
