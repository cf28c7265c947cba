import { EventEmitter } from 'node:events'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#shared/db_time'
import { later, rowsOf, runOn, type SqlProgram } from '#shared/sql_program'

export type DomainEventType =
  | 'customer.enrolled'
  | 'customer.updated'
  | 'purchase.recorded'
  | 'staff.changed'
  | 'tier.changed'
  | 'reward.issued'
  | 'refund.recorded'
  | 'redemption.recorded'
  | 'voucher.issued'
  | 'customers.merged'
  | 'customer.erased'
  | 'customer.restricted'

/** Wakes the dispatcher in this process as soon as an event commits. */
export const outboxSignal = new EventEmitter()

/**
 * Writes a domain event in the caller's transaction, so the event exists if
 * and only if the change does (invariant 6). Payloads carry ids only.
 */
export async function recordEvent(
  trx: TransactionClientContract,
  type: DomainEventType,
  payload: Record<string, string | number | null>
) {
  await runOn(trx, writeEvent(type, payload, dbTimestamp(DateTime.utc(), trx)))
  trx.after('commit', signalOutbox)
}

/** The event's INSERT, as a step of a SQL program (app/shared/sql_program.ts); `createdAt` as the database stores it. */
export function* writeEvent(type: DomainEventType, payload: Record<string, string | number | null>, createdAt: string): SqlProgram<void> {
  yield later('INSERT INTO outbox_events (type, payload, attempts, created_at) VALUES (?, ?, 0, ?)', [type, JSON.stringify(payload), createdAt])
}

/** Many events of one type in one statement (a campaign's vouchers, say). */
export function* writeEvents(type: DomainEventType, payloads: Array<Record<string, string | number | null>>, createdAt: string): SqlProgram<void> {
  if (payloads.length === 0) return
  yield later(`INSERT INTO outbox_events (type, payload, attempts, created_at) VALUES ${rowsOf(payloads.length, 4)}`, payloads.flatMap((payload) => [type, JSON.stringify(payload), 0, createdAt]))
}

/** To call once the transaction that wrote events has committed. */
export function signalOutbox() {
  outboxSignal.emit('written')
}
