import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * What a customer's purchases add up to: spend, visits, last purchase.
 * One row per customer, made at enrolment, updated by every sale in the
 * sale's transaction (app/purchases/record_purchase.ts). Kept apart from
 * `customers` so a sale never rewrites the customer's indexes (migration 0010).
 */
export default class CustomerActivity extends BaseModel {
  static table = 'customer_activity'

  @column({ isPrimary: true })
  declare customerId: number

  @column({ consume: Number })
  declare totalSpentCents: number

  @column()
  declare visitCount: number

  @column.dateTime()
  declare lastPurchaseAt: DateTime | null

  /** The row of a customer just enrolled: nothing bought yet. */
  static startFor(customerId: number, trx: TransactionClientContract) {
    return CustomerActivity.create({ customerId, totalSpentCents: 0, visitCount: 0, lastPurchaseAt: null }, { client: trx })
  }
}
