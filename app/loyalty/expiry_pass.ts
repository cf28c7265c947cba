import db from '@adonisjs/lucid/services/db'
import { applyDeltas, expireDue } from '#loyalty/ledger'
import { dbInstant } from '#shared/db_time'
import { sql, write, type SqlProgram } from '#shared/sql_program'

export interface ExpiryPassResult {
  accounts: number
  /** Units expired, every programme together. */
  points: number
  stamps: number
  cashback: number
}

const BATCH = 500
const PARALLEL = 20

/**
 * The scheduler's expiry pass: every lot whose expiry has come loses its
 * remainder, in every account (a sale also expires its customer's due
 * lots first, so a balance is right even between passes).
 *
 * Only due lots are read, through the `expires_at` index, a batch at a
 * time after a cursor: the cost grows with what expires, not with the
 * ledger. Each account is its own short write transaction (on SQLite the
 * batch shares one commit); an account that fails is skipped, not
 * retried in a loop, and caught by the next pass.
 */
export async function expireDueLots(at: Date = new Date()): Promise<ExpiryPassResult> {
  const dialect = db.connection().dialect.name
  const atDb = dbInstant(at, dialect)
  const result: ExpiryPassResult = { accounts: 0, points: 0, stamps: 0, cashback: 0 }
  let cursor: { expiresAt: unknown; entryId: number } | null = null
  for (;;) {
    const rows = await dueLots(atDb, cursor)
    if (rows.length === 0) return result
    const last = rows[rows.length - 1]
    cursor = { expiresAt: last.expires_at, entryId: Number(last.entry_id) }
    const accounts = [...new Set(rows.map((row) => Number(row.account_id)))]
    for (let start = 0; start < accounts.length; start += PARALLEL) {
      const outcomes = await Promise.allSettled(accounts.slice(start, start + PARALLEL).map((accountId) => write((d) => expireAccount(accountId, atDb, d))))
      for (const outcome of outcomes) {
        if (outcome.status !== 'fulfilled') continue
        result.accounts += outcome.value.points || outcome.value.stamps || outcome.value.cashback ? 1 : 0
        result.points -= outcome.value.points
        result.stamps -= outcome.value.stamps
        result.cashback -= outcome.value.cashback
      }
    }
  }
}

function dueLots(atDb: string, cursor: { expiresAt: unknown; entryId: number } | null) {
  const query = db
    .from('ledger_open_items')
    .where('side', 'credit')
    .where('expires_at', '<=', atDb)
    .orderBy('expires_at')
    .orderBy('entry_id')
    .limit(BATCH)
    .select('entry_id', 'account_id', 'expires_at')
  if (cursor) {
    query.where((after) => after.where('expires_at', '>', cursor.expiresAt as string).orWhere((same) => same.where('expires_at', cursor.expiresAt as string).where('entry_id', '>', cursor.entryId)))
  }
  return query
}

function* expireAccount(accountId: number, atDb: string, dialect: string): SqlProgram<{ points: number; stamps: number; cashback: number }> {
  // The customer's loyalty lock first, as a sale takes it: a sale that read the balance before the pass answers it after.
  if (dialect === 'postgres') yield sql('SELECT c.customer_id FROM customer_activity c JOIN loyalty_accounts a ON a.customer_id = c.customer_id WHERE a.id = ? FOR UPDATE OF c', [accountId])
  const nowDb = dbInstant(new Date(), dialect)
  const deltas = yield* expireDue(accountId, atDb, nowDb)
  yield* applyDeltas(accountId, deltas, nowDb)
  return deltas
}
