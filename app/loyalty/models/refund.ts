import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A refund of (part of) a purchase: its own record, append-only; the purchase is never changed. */
export default class Refund extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare purchaseId: number

  @column()
  declare storeId: number

  @column({ consume: Number })
  declare amountCents: number

  @column()
  declare source: 'api' | 'till'

  @column()
  declare staffMemberId: number | null

  @column()
  declare posTokenId: number | null

  @column.dateTime()
  declare occurredAt: DateTime

  @column.dateTime()
  declare createdAt: DateTime
}
