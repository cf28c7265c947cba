import db from '@adonisjs/lucid/services/db'

/**
 * `node ace loyalty:check` (invariant 2): rebuilds, from the append-only
 * entries and allocations alone, what the caches hold, and lists every
 * difference:
 * - each account's balance per unit = Σ of its entries;
 * - each lot's remainder = its amount − what was allocated from it, and
 *   each debt's = what its debit could not take − what later paid it,
 *   against `ledger_open_items` (missing, extra or different rows);
 * - nothing allocated beyond an entry (a remainder below 0).
 * Reads accounts a range of ids at a time, so memory stays flat at
 * millions of entries.
 */
export interface LedgerDifference {
  accountId: number
  unit: string
  kind: 'balance' | 'open_item' | 'over_allocated'
  entryId: number | null
  expected: number
  found: number
}

export interface LedgerCheck {
  accounts: number
  entries: number
  differences: LedgerDifference[]
}

const UNITS = ['points', 'stamps', 'cashback'] as const
const CACHED_COLUMN = { points: 'points', stamps: 'stamps', cashback: 'cashback_cents' } as const
const ACCOUNTS_PER_BATCH = 2000
/** Beyond this many, differences are counted, not kept. */
const MAX_KEPT = 1000

export interface CheckOptions {
  /** Only these accounts (tests, a support case); every account by default. */
  accountIds?: number[]
  onProgress?: (done: number, total: number) => void
}

export async function checkLedger({ accountIds, onProgress }: CheckOptions = {}): Promise<LedgerCheck & { total: number }> {
  const result = { accounts: 0, entries: 0, differences: [] as LedgerDifference[], total: 0 }
  const keep = (difference: LedgerDifference) => {
    result.total += 1
    if (result.differences.length < MAX_KEPT) result.differences.push(difference)
  }
  if (accountIds) {
    for (const id of accountIds) await checkRange([id, id + 1], keep, result)
    return result
  }
  const [{ total, last }] = await db.from('loyalty_accounts').count('* as total').max('id as last')
  const lastId = Number(last ?? 0)
  for (let from = 0; from <= lastId; from += ACCOUNTS_PER_BATCH) {
    await checkRange([from, from + ACCOUNTS_PER_BATCH], keep, result)
    onProgress?.(Math.min(result.accounts, Number(total)), Number(total))
  }
  return result
}

async function checkRange(range: Range, keep: Keep, result: { accounts: number; entries: number }) {
  result.accounts += await checkBalances(range, keep)
  result.entries += await checkOpenItems(range, keep)
}

type Range = readonly [number, number]
type Keep = (difference: LedgerDifference) => void

async function checkBalances([from, to]: Range, keep: Keep) {
  const accounts = await db.from('loyalty_accounts').where('id', '>=', from).where('id', '<', to).select('id', 'points', 'stamps', 'cashback_cents')
  const sums = await db.from('ledger_entries').where('account_id', '>=', from).where('account_id', '<', to).groupBy('account_id', 'unit').select('account_id', 'unit').sum('amount as total')
  const sumOf = new Map(sums.map((row) => [`${row.account_id}:${row.unit}`, Number(row.total)]))
  for (const account of accounts) {
    for (const unit of UNITS) {
      const expected = sumOf.get(`${account.id}:${unit}`) ?? 0
      const found = Number(account[CACHED_COLUMN[unit]])
      if (expected !== found) keep({ accountId: Number(account.id), unit, kind: 'balance', entryId: null, expected, found })
    }
  }
  return accounts.length
}

/**
 * Every entry's open remainder: a credit's amount less the allocations
 * from it; a debit's size less the allocations to it (lots consumed when
 * it was written, then the credits that paid its debt).
 */
async function checkOpenItems([from, to]: Range, keep: Keep) {
  const entries = await db.rawQuery(
    `SELECT e.id, e.account_id, e.unit, e.amount,
       COALESCE((SELECT SUM(al.amount) FROM ledger_allocations al WHERE al.credit_entry_id = e.id), 0) AS taken,
       COALESCE((SELECT SUM(al.amount) FROM ledger_allocations al WHERE al.debit_entry_id = e.id), 0) AS covered
     FROM ledger_entries e WHERE e.account_id >= ? AND e.account_id < ?`,
    [from, to]
  )
  const rows: Array<Record<string, unknown>> = Array.isArray(entries) ? entries : entries.rows
  const open = await db.from('ledger_open_items').where('account_id', '>=', from).where('account_id', '<', to).select('entry_id', 'account_id', 'unit', 'side', 'remaining')
  const openOf = new Map(open.map((row) => [Number(row.entry_id), { accountId: Number(row.account_id), unit: String(row.unit), side: String(row.side), remaining: Number(row.remaining) }]))
  for (const entry of rows) {
    const id = Number(entry.id)
    const amount = Number(entry.amount)
    const expected = amount > 0 ? amount - Number(entry.taken) : -amount - Number(entry.covered)
    const side = amount > 0 ? 'credit' : 'debt'
    const item = openOf.get(id)
    openOf.delete(id)
    const base = { accountId: Number(entry.account_id), unit: String(entry.unit), entryId: id }
    if (expected < 0) keep({ ...base, kind: 'over_allocated', expected: 0, found: expected })
    const found = item && item.side === side ? item.remaining : 0
    if (Math.max(expected, 0) !== found || (item && item.side !== side)) keep({ ...base, kind: 'open_item', expected: Math.max(expected, 0), found: item?.remaining ?? 0 })
  }
  // An open item filed under an account its entry does not belong to.
  for (const [entryId, item] of openOf) keep({ accountId: item.accountId, unit: item.unit, kind: 'open_item', entryId, expected: 0, found: item.remaining })
  return rows.length
}
