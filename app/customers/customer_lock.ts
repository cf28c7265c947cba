import { sql, type SqlProgram } from '#shared/sql_program'

/**
 * A customer's loyalty lock on Postgres: the row of `customer_activity`,
 * which every sale updates before it earns. Whatever else changes a
 * customer's balances or tier (a refund, a staff correction, the expiry
 * and tier passes) takes it first too, so they queue behind each other in
 * one order and never read a balance a concurrent write is changing.
 * SQLite needs none: its one writer is exclusive.
 */
export function* lockCustomer(customerId: number, dialect: string): SqlProgram<void> {
  if (dialect === 'postgres') yield sql('SELECT customer_id FROM customer_activity WHERE customer_id = ? FOR UPDATE', [customerId])
}
