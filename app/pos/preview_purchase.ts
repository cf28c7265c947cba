import db from '@adonisjs/lucid/services/db'
import type Store from '#stores/models/store'
import { simulateEarning, type SimulatedProgram } from '#loyalty/simulate_earning'
import { dbInstant } from '#shared/db_time'
import { read } from '#shared/sql_program'
import { posErrors } from '#pos/errors'
import { findCustomer, identificationOf } from '#pos/record_pos_purchase'
import { recordPurchaseValidator } from '#pos/validators'

/**
 * `POST /api/v1/purchases/preview`: the body of a sale, nothing stored.
 * What it would earn in each programme and why (app/loyalty/simulate_earning.ts).
 */
export async function previewPurchase(store: Store, body: unknown) {
  const payload = await recordPurchaseValidator.validate(body)
  if (payload.store !== undefined && payload.store !== store.slug) throw posErrors.wrongStore()
  const identification = identificationOf(payload)
  const customer = identification ? await read(findCustomer(identification)) : null
  if (identification && !customer) throw posErrors.customerNotFound(identification.field)
  const lines = (payload.lines ?? []).map((line) => ({ sku: line.sku, quantity: line.quantity, unitPriceCents: line.unit_price_cents, category: line.category ?? null }))
  const dialect = db.connection().dialect.name
  const programs = await read(simulateEarning({ storeId: store.id, customerId: customer?.id ?? null, basket: { totalCents: payload.total_cents, lines }, at: dbInstant(new Date(), dialect) }))
  return {
    customer_id: customer?.publicId ?? null,
    total_cents: payload.total_cents,
    earned: programs[0]?.earned ?? { points: 0, stamps: 0, cashback_cents: 0 },
    tier: programs[0]?.tier ?? null,
    rewards_issued: programs.flatMap((program) => program.rewards_issued),
    programs: programs as SimulatedProgram[],
  }
}
