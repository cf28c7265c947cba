import type { LedgerCause, LedgerKind, LedgerUnit } from '#loyalty/models/ledger_entry'
import { newPublicId } from '#shared/public_id'
import { later, sql, sqlTogether, type SqlProgram } from '#shared/sql_program'

/**
 * The ledger's primitives, as SQL programs (app/shared/sql_program.ts) so
 * they run inside the caller's single transaction on either database.
 *
 * - Entries are append-only (the database refuses UPDATE and DELETE).
 * - A credit is a lot; a debit consumes lots oldest expiry first and
 *   records what it took from each (`ledger_allocations`).
 * - `ledger_open_items` caches what is still open: each lot's remainder and
 *   each debt (a debit no lot could cover, e.g. a refund of points already
 *   spent). A later credit pays debts first. Rows go when they reach 0.
 * - Balances on `loyalty_accounts` are cached sums: callers add the deltas
 *   these programs return, in the same transaction.
 *
 * Hence, per account and unit: balance = Σ entries = Σ open lot remainders
 * − Σ open debts, and a balance is negative only while a debt is open.
 */
export interface EntryInput {
  accountId: number
  unit: LedgerUnit
  kind: LedgerKind
  /** Signed: credits > 0, debits < 0. */
  amount: number
  cause: { type: LedgerCause; id: string | null }
  /** Database instants (app/shared/db_time.ts). */
  occurredAt: string
  now: string
  expiresAt?: string | null
  availableAt?: string | null
  staffMemberId?: number | null
  reason?: string | null
  details?: unknown[] | null
  rulesVersion?: number | null
}

export interface WrittenEntry {
  id: number
  publicId: string
}

export interface Allocation {
  creditEntryId: number
  amount: number
  expiresAt: string | null
}

export function* insertEntry(entry: EntryInput): SqlProgram<WrittenEntry> {
  const [written] = yield* insertEntries([entry])
  return written
}

const ENTRY_COLUMNS = 'public_id, account_id, unit, kind, amount, expires_at, available_at, cause_type, cause_id, staff_member_id, reason, details, rules_version, occurred_at, created_at'

/** One INSERT for several entries (a sale earning points and stamps); ids matched back by public id. */
export function* insertEntries(entries: EntryInput[]): SqlProgram<WrittenEntry[]> {
  const publicIds = entries.map(() => newPublicId())
  const params = entries.flatMap((entry, index) => {
    if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) throw new Error(`A ledger entry needs a non-zero integer amount (${entry.amount})`)
    return [
      publicIds[index],
      entry.accountId,
      entry.unit,
      entry.kind,
      entry.amount,
      entry.expiresAt ?? null,
      entry.availableAt ?? null,
      entry.cause.type,
      entry.cause.id,
      entry.staffMemberId ?? null,
      entry.reason ?? null,
      entry.details && entry.details.length > 0 ? JSON.stringify(entry.details) : null,
      entry.rulesVersion ?? null,
      entry.occurredAt,
      entry.now,
    ]
  })
  const values = entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
  // New rows only: on Postgres it travels with the pending writes.
  const rows = yield sqlTogether(`INSERT INTO ledger_entries (${ENTRY_COLUMNS}) VALUES ${values} RETURNING id, public_id`, params)
  const ids = new Map(rows.map((row) => [String(row.public_id), Number(row.id)]))
  return publicIds.map((publicId) => ({ id: ids.get(publicId)!, publicId }))
}

/**
 * Credits in one INSERT (the units a sale earns, the lots a merge moves):
 * each entry pays the open debts of its unit first (oldest first), and
 * what remains becomes a lot. `hasDebts(unit)`: the caller knows the
 * cached balance is negative, so no query is made otherwise.
 */
export function* creditAll(entries: EntryInput[], hasDebts: (unit: LedgerUnit) => boolean): SqlProgram<WrittenEntry[]> {
  if (entries.some((entry) => entry.amount <= 0)) throw new Error('A credit is positive')
  const written = yield* insertEntries(entries)
  const lots: Array<string | number | null> = []
  for (const [index, entry] of entries.entries()) {
    let remaining = entry.amount
    if (hasDebts(entry.unit)) remaining = yield* payDebts(entry, written[index].id)
    if (remaining > 0) lots.push(written[index].id, entry.accountId, entry.unit, remaining, entry.expiresAt ?? null, entry.availableAt ?? null)
  }
  if (lots.length > 0) {
    const values = Array.from({ length: lots.length / 6 }, () => "(?, ?, ?, 'credit', ?, ?, ?)").join(', ')
    yield later(`INSERT INTO ledger_open_items (entry_id, account_id, unit, side, remaining, expires_at, available_at) VALUES ${values}`, lots)
  }
  return written
}

/** Pays the account's open debts of the entry's unit, oldest first; returns what is left of the credit. */
function* payDebts(entry: EntryInput, creditEntryId: number): SqlProgram<number> {
  let remaining = entry.amount
  const debts = yield sql(`SELECT entry_id, remaining FROM ledger_open_items WHERE account_id = ? AND unit = ? AND side = 'debt' ORDER BY entry_id`, [entry.accountId, entry.unit])
  for (const debt of debts) {
    if (remaining === 0) break
    const take = Math.min(remaining, Number(debt.remaining))
    yield* allocate(Number(debt.entry_id), creditEntryId, take)
    yield* shrinkOpenItem(Number(debt.entry_id), Number(debt.remaining), take)
    remaining -= take
  }
  return remaining
}

export interface DebitOptions {
  /** The instant the lots are judged at: expired lots are never consumed. */
  at: string
  /** Redemptions take only spendable lots (past their pending period); reversals take any. */
  spendableOnly: boolean
  /** A reversal may leave a debt; a redemption may not (null: not enough). */
  allowDebt: boolean
}

/**
 * A debit: consumes open lots, soonest expiry first (lots that never expire
 * last), and records each allocation. Checks before writing anything: with
 * too little and no debt allowed it returns null and nothing is written.
 */
export function* debit(entry: EntryInput, options: DebitOptions): SqlProgram<(WrittenEntry & { allocations: Allocation[]; debt: number }) | null> {
  if (entry.amount >= 0) throw new Error('A debit is negative')
  const need = -entry.amount
  const lots = yield* openLots(entry.accountId, entry.unit, options.at, options.spendableOnly)
  const available = lots.reduce((sum, lot) => sum + lot.remaining, 0)
  if (available < need && !options.allowDebt) return null
  const written = yield* insertEntry(entry)
  const allocations: Allocation[] = []
  let left = need
  for (const lot of lots) {
    if (left === 0) break
    const take = Math.min(left, lot.remaining)
    yield* allocate(written.id, lot.entryId, take)
    yield* shrinkOpenItem(lot.entryId, lot.remaining, take)
    allocations.push({ creditEntryId: lot.entryId, amount: take, expiresAt: lot.expiresAt })
    left -= take
  }
  if (left > 0) {
    yield later(`INSERT INTO ledger_open_items (entry_id, account_id, unit, side, remaining, expires_at, available_at) VALUES (?, ?, ?, 'debt', ?, NULL, NULL)`, [written.id, entry.accountId, entry.unit, left])
  }
  return { ...written, allocations, debt: left }
}

export interface OpenLot {
  entryId: number
  remaining: number
  expiresAt: string | null
  availableAt: string | null
}

export function* openLots(accountId: number, unit: LedgerUnit, at: string, spendableOnly: boolean): SqlProgram<OpenLot[]> {
  const rows = yield sql(
    `SELECT entry_id, remaining, expires_at, available_at FROM ledger_open_items
     WHERE account_id = ? AND unit = ? AND side = 'credit' AND (expires_at IS NULL OR expires_at > ?)${spendableOnly ? ' AND (available_at IS NULL OR available_at <= ?)' : ''}
     ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, entry_id`,
    spendableOnly ? [accountId, unit, at, at] : [accountId, unit, at]
  )
  return rows.map((row) => ({
    entryId: Number(row.entry_id),
    remaining: Number(row.remaining),
    expiresAt: row.expires_at === null ? null : toDbText(row.expires_at),
    availableAt: row.available_at === null ? null : toDbText(row.available_at),
  }))
}

/** What the account can spend now, per unit. */
export function* spendable(accountId: number, unit: LedgerUnit, at: string): SqlProgram<number> {
  const lots = yield* openLots(accountId, unit, at, true)
  return lots.reduce((sum, lot) => sum + lot.remaining, 0)
}

export type Deltas = Record<LedgerUnit, number>

export const noDeltas = (): Deltas => ({ points: 0, stamps: 0, cashback: 0 })

/**
 * Expires the remainders of the account's lots due at `at`: one expire
 * entry per lot, dated at the lot's expiry and allocated to it.
 *
 * The open rows are deleted first: a pass and a sale expiring the same
 * lot at once queue on the row (Postgres) and the second deletes nothing,
 * so a lot expires once. Idempotent: an expired lot is no longer open.
 */
export function* expireDue(accountId: number, at: string, now: string): SqlProgram<Deltas> {
  const deltas = noDeltas()
  const due = yield sql(
    `DELETE FROM ledger_open_items WHERE account_id = ? AND side = 'credit' AND expires_at <= ? RETURNING entry_id, unit, remaining, expires_at`,
    [accountId, at]
  )
  if (due.length === 0) return deltas
  const lots = due
    .map((row) => ({ entryId: Number(row.entry_id), unit: String(row.unit) as LedgerUnit, remaining: Number(row.remaining), expiresAt: toDbText(row.expires_at) }))
    .sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : a.entryId - b.entryId))
  // In chunks: a statement carries at most a few thousand parameters.
  for (let start = 0; start < lots.length; start += EXPIRY_CHUNK) yield* writeExpiries(accountId, lots.slice(start, start + EXPIRY_CHUNK), now)
  for (const lot of lots) deltas[lot.unit] -= lot.remaining
  return deltas
}

const EXPIRY_CHUNK = 500

function* writeExpiries(accountId: number, lots: Array<{ entryId: number; unit: LedgerUnit; remaining: number; expiresAt: string }>, now: string): SqlProgram<void> {
  const ids = lots.map((lot) => lot.entryId)
  const publicIds = yield sql(`SELECT id, public_id FROM ledger_entries WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)
  const publicIdOf = new Map(publicIds.map((row) => [Number(row.id), String(row.public_id)]))
  const written = yield* insertEntries(
    lots.map((lot) => ({ accountId, unit: lot.unit, kind: 'expire', amount: -lot.remaining, cause: { type: 'expiry', id: publicIdOf.get(lot.entryId)! }, occurredAt: lot.expiresAt, now }))
  )
  yield later(
    `INSERT INTO ledger_allocations (debit_entry_id, credit_entry_id, amount) VALUES ${lots.map(() => '(?, ?, ?)').join(', ')}`,
    lots.flatMap((lot, index) => [written[index].id, lot.entryId, lot.remaining])
  )
}

/**
 * Adds the deltas to the cached balances (relative: concurrent writers add
 * up), with a new tier when it changed: one UPDATE, as two writes to one
 * row may not share a Postgres statement.
 */
export function* applyDeltas(accountId: number, deltas: Deltas, now: string, tier?: { key: string }): SqlProgram<void> {
  if (deltas.points === 0 && deltas.stamps === 0 && deltas.cashback === 0 && !tier) return
  const setTier = tier ? ', tier = ?, tier_since = ?' : ''
  yield later(`UPDATE loyalty_accounts SET points = points + ?, stamps = stamps + ?, cashback_cents = cashback_cents + ?${setTier}, updated_at = ? WHERE id = ?`, [
    deltas.points,
    deltas.stamps,
    deltas.cashback,
    ...(tier ? [tier.key, now] : []),
    now,
    accountId,
  ])
}

function* allocate(debitEntryId: number, creditEntryId: number, amount: number): SqlProgram<void> {
  yield later('INSERT INTO ledger_allocations (debit_entry_id, credit_entry_id, amount) VALUES (?, ?, ?)', [debitEntryId, creditEntryId, amount])
}

function* shrinkOpenItem(entryId: number, before: number, take: number): SqlProgram<void> {
  if (take === before) yield later('DELETE FROM ledger_open_items WHERE entry_id = ?', [entryId])
  else yield later('UPDATE ledger_open_items SET remaining = remaining - ? WHERE entry_id = ?', [take, entryId])
}

/** A timestamp read back from a raw row, as the database text again (Date on Postgres). */
function toDbText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value)
}
