import db from '@adonisjs/lucid/services/db'
import { recalculateCustomerTiers } from '#loyalty/tier_recalculation'
import { yearBeforeInstant } from '#loyalty/tier_figures'
import { dbInstant } from '#shared/db_time'
import { signalOutbox } from '#shared/outbox'
import { doneUntil, markDone } from '#shared/scheduler_marks'
import { write } from '#shared/sql_program'

const MARK = 'loyalty.tiers'
const PARALLEL = 20
const FIRST_RUN_LOOKBACK_MS = 24 * 3600 * 1000

/**
 * The scheduler's tier pass (hourly): the customers whose rolling figure
 * may have fallen since the last pass, and only them — whose purchases
 * or earned points left the 365-day window, or who were refunded — get
 * their tiers recalculated (app/loyalty/tier_recalculation.ts). From the
 * pass's mark to `until`: hours missed are caught up, a double run finds
 * nothing new to change. Read through indexes on the instants, so the cost
 * grows with those customers, not with the customer base.
 */
export async function recalculateTiers(until: Date = new Date()): Promise<{ customers: number; changed: number }> {
  const from = (await doneUntil(MARK)) ?? new Date(until.getTime() - FIRST_RUN_LOOKBACK_MS)
  if (from >= until) return { customers: 0, changed: 0 }
  const customers = await customersToRecalculate(from, until)
  let changed = 0
  for (let start = 0; start < customers.length; start += PARALLEL) {
    const outcomes = await Promise.all(customers.slice(start, start + PARALLEL).map((customerId) => write((dialect) => recalculateCustomerTiers(customerId, until, dialect))))
    changed += outcomes.reduce((sum, changes) => sum + changes.length, 0)
  }
  if (changed > 0) signalOutbox()
  await markDone(MARK, until)
  return { customers: customers.length, changed }
}

async function customersToRecalculate(from: Date, until: Date): Promise<number[]> {
  const dialect = db.connection().dialect.name
  const left = { from: yearBeforeInstant(from, dialect), until: yearBeforeInstant(until, dialect) }
  const stores = await db.from('stores').select('id')
  const ids = new Set<number>()
  // Per store: the (store_id, occurred_at) index serves the range.
  for (const store of stores) {
    const rows = await db.from('purchases').where('store_id', store.id).where('occurred_at', '>', left.from).where('occurred_at', '<=', left.until).whereNotNull('customer_id').distinct('customer_id')
    for (const row of rows) ids.add(Number(row.customer_id))
  }
  const earned = await db
    .from('ledger_entries as e')
    .join('loyalty_accounts as a', 'a.id', 'e.account_id')
    .where('e.occurred_at', '>', left.from)
    .where('e.occurred_at', '<=', left.until)
    .where('e.unit', 'points')
    .whereIn('e.kind', ['earn', 'bonus'])
    .distinct('a.customer_id')
  for (const row of earned) ids.add(Number(row.customer_id))
  const refunded = await db
    .from('refunds as r')
    .join('purchases as p', 'p.id', 'r.purchase_id')
    .where('r.created_at', '>', dbInstant(from, dialect))
    .where('r.created_at', '<=', dbInstant(until, dialect))
    .whereNotNull('p.customer_id')
    .distinct('p.customer_id')
  for (const row of refunded) ids.add(Number(row.customer_id))
  return [...ids].sort((a, b) => a - b)
}
