import { dbInstant } from '#shared/db_time'
import { sql, sqlTogether, type SqlProgram } from '#shared/sql_program'

/**
 * The figures tiers are judged on (app/loyalty/tiers.ts), over the rolling
 * 365 days before an instant: the same queries for a sale, the nightly
 * pass and a floor set by staff.
 */
const YEAR_MS = 365 * 24 * 3600 * 1000

export function yearBeforeInstant(instant: Date, dialect: string) {
  return dbInstant(new Date(instant.getTime() - YEAR_MS), dialect)
}

/** Spend net of refunds of the purchases made after `since` (a sale being recorded is already written and counts). */
const SPEND_SQL = `
  SELECT (SELECT COALESCE(SUM(total_cents), 0) FROM purchases WHERE customer_id = ? AND occurred_at > ?)
    - (SELECT COALESCE(SUM(r.amount_cents), 0) FROM refunds r JOIN purchases p ON p.id = r.purchase_id WHERE p.customer_id = ? AND p.occurred_at > ?) AS spend`

export function* spendSince(customerId: number, since: string): SqlProgram<number> {
  // Reads other rows than the pending writes: on Postgres it travels with them.
  const [row] = yield sqlTogether(SPEND_SQL, [customerId, since, customerId, since])
  return Number(row.spend)
}

/** Points earned after `since`: earn and bonus entries, less the reversals of earnings by refunds. */
export function* pointsEarnedSince(accountId: number, since: string): SqlProgram<number> {
  const [row] = yield sql(
    `SELECT COALESCE(SUM(amount), 0) AS earned FROM ledger_entries
     WHERE account_id = ? AND unit = 'points' AND occurred_at > ? AND (kind IN ('earn', 'bonus') OR (kind = 'reverse' AND cause_type = 'refund'))`,
    [accountId, since]
  )
  return Number(row.earned)
}
