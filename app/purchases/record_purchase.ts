import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Purchase, { type PurchaseSource } from '#purchases/models/purchase'
import type Customer from '#customers/models/customer'
import type Store from '#stores/models/store'
import { signalOutbox, writeEvent } from '#shared/outbox'
import { dbInstant } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { later, laterAfterStep, runOn, sql, type Sql, type SqlProgram } from '#shared/sql_program'
import { earnOnPurchase, type LoyaltyOutcome } from '#loyalty/earn_on_purchase'

export interface PurchaseLineInput {
  sku: string
  name: string
  quantity: number
  unitPriceCents: number
  category?: string | null
}

export interface RecordPurchaseInput {
  store: Store
  customer: Customer | null
  totalCents: number
  occurredAt?: Date
  reference?: string | null
  lines?: PurchaseLineInput[]
  source: PurchaseSource
  staffMemberId?: number | null
  posTokenId?: number | null
}

/** A sale as `writeSale` writes it: ids only, instants as Dates. */
export interface SaleRow {
  publicId: string
  store: { id: number; currency: string; timezone: string }
  customer: { id: number; publicId: string } | null
  totalCents: number
  occurredAt: Date
  reference: string | null
  lines: PurchaseLineInput[]
  source: PurchaseSource
  staffMemberId: number | null
  posTokenId: number | null
}

/**
 * Records a sale: the purchase, its lines, the customer's visit figures and
 * the purchase.recorded event, in one transaction. Comptoir never records
 * payments; the till does.
 */
export async function recordPurchase(input: RecordPurchaseInput, outer?: TransactionClientContract) {
  return (await recordSale(input, outer)).purchase
}

/** recordPurchase, with what the sale earned (loyalty: null for an anonymous sale). */
export async function recordSale(input: RecordPurchaseInput, outer?: TransactionClientContract): Promise<{ purchase: Purchase; loyalty: LoyaltyOutcome | null }> {
  const sale: SaleRow = {
    publicId: newPublicId(),
    store: input.store,
    customer: input.customer,
    totalCents: input.totalCents,
    occurredAt: input.occurredAt ?? new Date(),
    reference: input.reference ?? null,
    lines: input.lines ?? [],
    source: input.source,
    staffMemberId: input.staffMemberId ?? null,
    posTokenId: input.posTokenId ?? null,
  }
  const run = async (trx: TransactionClientContract) => {
    const loyalty = await runOn(trx, writeSale(sale, trx.dialect.name))
    trx.after('commit', signalOutbox)
    return { purchase: await Purchase.findByOrFail('publicId', sale.publicId, { client: trx }), loyalty }
  }
  return outer ? run(outer) : db.transaction(run)
}

/**
 * The writes of a sale as a SQL program (app/shared/sql_program.ts), shared
 * by the till (above) and the POS API's hot path. Without lines nothing
 * waits for the purchase id, so every write can go `later()`, together.
 * The visit UPDATE comes before earning: on Postgres it takes the
 * customer's loyalty lock (app/customers/customer_lock.ts), so a
 * customer's sales earn one after the other.
 */
export function* writeSale(sale: SaleRow, dialect: string): SqlProgram<LoyaltyOutcome | null> {
  const now = dbInstant(new Date(), dialect)
  const occurredAt = dbInstant(sale.occurredAt, dialect)
  const purchase = insertPurchase(sale, occurredAt, now)
  if (sale.lines.length === 0) yield later(purchase.text, purchase.params)
  else if (dialect === 'postgres') {
    // The purchase and its lines in one statement, sent with the sale's other writes.
    yield linesAfterPurchase({ name: 'new_purchase', text: `${purchase.text} RETURNING id`, params: purchase.params }, sale.lines)
  } else {
    const [row] = yield sql(`${purchase.text} RETURNING id`, purchase.params)
    yield insertLines(Number(row.id), sale.lines)
  }
  yield* writeEvent('purchase.recorded', { purchase_id: sale.publicId, customer_id: sale.customer?.publicId ?? null, store_id: sale.store.id }, now)
  if (!sale.customer) return null
  yield countVisit(sale.customer.id, sale.totalCents, occurredAt)
  return yield* earnOnPurchase({
    purchasePublicId: sale.publicId,
    storeId: sale.store.id,
    customer: sale.customer,
    totalCents: sale.totalCents,
    occurredAt: sale.occurredAt,
    lines: sale.lines,
    timezone: sale.store.timezone,
    dialect,
  })
}

function insertPurchase(sale: SaleRow, occurredAt: string, now: string) {
  return sql(
    `INSERT INTO purchases (public_id, store_id, customer_id, by_member, total_cents, currency, reference, source, staff_member_id, pos_token_id, occurred_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [sale.publicId, sale.store.id, sale.customer?.id ?? null, sale.customer ? 1 : 0, sale.totalCents, sale.store.currency, sale.reference, sale.source, sale.staffMemberId, sale.posTokenId, occurredAt, now]
  )
}

function insertLines(purchaseId: number, lines: PurchaseLineInput[]) {
  const values = lines.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
  const params = lines.flatMap((line, index) => [
    purchaseId,
    index + 1,
    line.sku,
    line.name,
    line.category ?? null,
    line.quantity,
    line.unitPriceCents,
    line.quantity * line.unitPriceCents,
  ])
  return later(`INSERT INTO purchase_lines (purchase_id, position, sku, name, category, quantity, unit_price_cents, total_cents) VALUES ${values}`, params)
}

function linesAfterPurchase(purchase: { name: string; text: string; params: Sql['params'] }, lines: PurchaseLineInput[]) {
  const values = lines.map(() => '(?::int, ?::text, ?::text, ?::text, ?::int, ?::bigint, ?::bigint)').join(', ')
  const params = lines.flatMap((line, index) => [index + 1, line.sku, line.name, line.category ?? null, line.quantity, line.unitPriceCents, line.quantity * line.unitPriceCents])
  return laterAfterStep(
    purchase,
    `INSERT INTO purchase_lines (purchase_id, position, sku, name, category, quantity, unit_price_cents, total_cents)
     SELECT new_purchase.id, v.position, v.sku, v.name, v.category, v.quantity, v.unit_price_cents, v.total_cents
     FROM new_purchase CROSS JOIN (VALUES ${values}) AS v(position, sku, name, category, quantity, unit_price_cents, total_cents)`,
    params
  )
}

/**
 * One UPDATE, relative, so concurrent purchases of one customer add up; on
 * Postgres its row lock is the customer's loyalty lock (customer_lock.ts).
 */
function countVisit(customerId: number, totalCents: number, occurredAt: string) {
  return later(
    `UPDATE customer_activity SET total_spent_cents = total_spent_cents + ?, visit_count = visit_count + 1,
       last_purchase_at = CASE WHEN last_purchase_at IS NULL OR last_purchase_at < ? THEN ? ELSE last_purchase_at END
     WHERE customer_id = ?`,
    [totalCents, occurredAt, occurredAt, customerId]
  )
}
