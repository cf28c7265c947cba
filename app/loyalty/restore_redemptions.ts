import { applyDeltas, creditAll, noDeltas, type EntryInput } from '#loyalty/ledger'
import type { LedgerUnit } from '#loyalty/models/ledger_entry'
import { programRulesOf } from '#loyalty/programs_cache'
import type { Reversal } from '#loyalty/refund_purchase'
import { later, sql, type Row, type SqlProgram } from '#shared/sql_program'

/**
 * A full refund gives back what paid for the sale (R66), once, when the
 * programme's terms say so (`refunds.restore_redeemed`): a voucher is
 * issued again (unless expired), points or cashback come back lot by lot
 * with each lot's own expiry. Part of the refund's transaction: a
 * redemption moves from applied to reversed once.
 */
export function* restoreRedemptions(run: Reversal, refundId: number): SqlProgram<string[]> {
  const redemptions = yield sql(
    `SELECT r.id, r.public_id, r.kind, r.voucher_id, r.account_id, r.debit_entry_id, p.id AS program_id, p.rules_version
     FROM redemptions r LEFT JOIN loyalty_accounts a ON a.id = r.account_id LEFT JOIN vouchers v ON v.id = r.voucher_id
     LEFT JOIN loyalty_programs p ON p.id = COALESCE(a.program_id, v.program_id)
     WHERE r.purchase_id = ? AND r.status = 'applied' ORDER BY r.id`,
    [run.purchaseId]
  )
  const restored: string[] = []
  for (const redemption of redemptions) {
    if (redemption.program_id !== null) {
      const { rules } = yield* programRulesOf(Number(redemption.program_id), Number(redemption.rules_version))
      if (!rules.refunds.restore_redeemed) continue
    }
    if (redemption.voucher_id !== null) {
      const back = yield sql(
        `UPDATE vouchers SET status = 'issued', redeemed_at = NULL, redemption_id = NULL WHERE id = ? AND status = 'redeemed' AND expires_at > ? RETURNING id`,
        [Number(redemption.voucher_id), run.nowDb]
      )
      if (back.length === 0) continue
    } else if (redemption.debit_entry_id !== null) {
      yield* recreditLots(run, Number(redemption.account_id), Number(redemption.debit_entry_id), String(redemption.public_id))
    }
    yield later(`UPDATE redemptions SET status = 'reversed', reversed_by_refund_id = ? WHERE id = ?`, [refundId, Number(redemption.id)])
    restored.push(String(redemption.public_id))
  }
  return restored
}

/**
 * One credit per lot the redemption's debit consumed, with that lot's
 * expiry, in the order the debit took them (soonest expiry first: the
 * allocation ids of one statement carry no order on Postgres). Their cause is the redemption given back, not the refund: they
 * are not earnings (a points-based tier must not count them).
 */
function* recreditLots(run: Reversal, accountId: number, debitEntryId: number, redemptionPublicId: string): SqlProgram<void> {
  const lots = yield sql(
    `SELECT al.amount, c.unit, c.expires_at, c.available_at FROM ledger_allocations al JOIN ledger_entries c ON c.id = al.credit_entry_id WHERE al.debit_entry_id = ?
     ORDER BY CASE WHEN c.expires_at IS NULL THEN 1 ELSE 0 END, c.expires_at, c.id`,
    [debitEntryId]
  )
  const entries: EntryInput[] = lots.map((lot: Row) => ({
    accountId,
    unit: String(lot.unit) as LedgerUnit,
    kind: 'reverse',
    amount: Number(lot.amount),
    cause: { type: 'redemption', id: redemptionPublicId },
    occurredAt: run.nowDb,
    now: run.nowDb,
    reason: `refund ${run.cause.id}`,
    expiresAt: lot.expires_at === null ? null : dbText(lot.expires_at, run.nowDb),
    availableAt: null,
  }))
  if (entries.length === 0) return
  yield* creditAll(entries, () => true)
  const deltas = noDeltas()
  for (const entry of entries) deltas[entry.unit] += entry.amount
  yield* applyDeltas(accountId, deltas, run.nowDb)
}

/** A timestamp read back, in the form the database was given (ISO on Postgres, text on SQLite). */
function dbText(value: unknown, sample: string) {
  if (value instanceof Date) return value.toISOString()
  return sample.includes('T') ? new Date(String(value)).toISOString() : String(value)
}
