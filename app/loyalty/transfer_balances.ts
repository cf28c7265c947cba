import { applyDeltas, creditAll, debit, expireDue, openLots, type Deltas, type EntryInput } from '#loyalty/ledger'
import type { LedgerUnit } from '#loyalty/models/ledger_entry'
import { sql, type SqlProgram } from '#shared/sql_program'

const UNITS: LedgerUnit[] = ['points', 'stamps', 'cashback']

export interface TransferAccount {
  id: number
  publicCustomerId: string
}

/**
 * Moves everything one account holds into another of the same programme
 * (a merge of duplicate customers), without rewriting history: due lots
 * of both accounts expire first; then, per unit, one `adjust` debit empties the source
 * (its allocations close each lot) and the destination gets one `adjust`
 * credit per lot with that lot's expiry and pending date, so nothing
 * expires sooner or later than it would have. A source debt moves as a
 * debt. Both sides name the other customer in their reason.
 */
export function* transferBalances(from: TransferAccount, to: TransferAccount, staffMemberId: number | null, now: string): SqlProgram<Deltas> {
  const fromDeltas = yield* expireDue(from.id, now, now)
  const toDeltas = yield* expireDue(to.id, now, now)
  const [balances] = yield sql('SELECT points, stamps, cashback_cents FROM loyalty_accounts WHERE id = ?', [from.id])
  const common = { staffMemberId, occurredAt: now, now }
  const outgoing = (accountId: number, unit: LedgerUnit, amount: number, reason: string): EntryInput => ({
    ...common,
    accountId,
    unit,
    kind: 'adjust',
    amount,
    cause: { type: 'merge', id: accountId === from.id ? to.publicCustomerId : from.publicCustomerId },
    reason,
  })
  const toReason = `Fusion : reçu de ${from.publicCustomerId}`
  const fromReason = `Fusion : transféré vers ${to.publicCustomerId}`

  for (const unit of UNITS) {
    const lots = yield* openLots(from.id, unit, now, false)
    const total = lots.reduce((sum, lot) => sum + lot.remaining, 0)
    if (total > 0) {
      yield* debit(outgoing(from.id, unit, -total, fromReason), { at: now, spendableOnly: false, allowDebt: false })
      fromDeltas[unit] -= total
      const credits = lots.map((lot) => ({ ...outgoing(to.id, unit, lot.remaining, toReason), expiresAt: lot.expiresAt, availableAt: lot.availableAt }))
      // Debts of the destination are paid first, whatever its balance shows (a merge is no hot path).
      yield* creditAll(credits, () => true)
      toDeltas[unit] += total
    }
    const fromBalance = Number(balances[unit === 'cashback' ? 'cashback_cents' : unit]) + fromDeltas[unit]
    if (fromBalance < 0) {
      // The source owes units: it is cleared, and the destination carries the debt.
      const debt = -fromBalance
      yield* creditAll([outgoing(from.id, unit, debt, fromReason)], () => true)
      fromDeltas[unit] += debt
      yield* debit(outgoing(to.id, unit, -debt, toReason), { at: now, spendableOnly: false, allowDebt: true })
      toDeltas[unit] -= debt
    }
  }
  yield* applyDeltas(from.id, fromDeltas, now)
  yield* applyDeltas(to.id, toDeltas, now)
  return toDeltas
}
