import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Store from '#stores/models/store'
import Customer from '#customers/models/customer'
import PurchaseLine from '#purchases/models/purchase_line'
import { newPublicId } from '#shared/public_id'

export type PurchaseSource = 'api' | 'till' | 'import' | 'seed'

/**
 * A sale recorded by the till. Never updated: corrections are refunds
 * (the database refuses changes to amounts, store, time and reference).
 */
export default class Purchase extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare storeId: number

  @column()
  declare customerId: number | null

  @column()
  declare totalCents: number

  @column()
  declare currency: string

  @column()
  declare reference: string | null

  @column()
  declare source: PurchaseSource

  @column()
  declare staffMemberId: number | null

  @column()
  declare posTokenId: number | null

  @column.dateTime()
  declare occurredAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Store)
  declare store: BelongsTo<typeof Store>

  @belongsTo(() => Customer)
  declare customer: BelongsTo<typeof Customer>

  @hasMany(() => PurchaseLine)
  declare lines: HasMany<typeof PurchaseLine>

  @beforeCreate()
  static assignPublicId(purchase: Purchase) {
    purchase.publicId ??= newPublicId()
  }
}
