import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A discount given at the till: a voucher, a shop item, or points / cashback spent. Comptoir never records the payment. */
export default class Redemption extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare storeId: number

  @column()
  declare customerId: number | null

  @column()
  declare accountId: number | null

  @column()
  declare kind: 'voucher' | 'reward' | 'points' | 'cashback'

  @column()
  declare voucherId: number | null

  @column()
  declare rewardId: number | null

  @column()
  declare purchaseId: number | null

  @column({ consume: Number })
  declare units: number

  @column({ consume: (value) => (value === null ? null : Number(value)) })
  declare discountCents: number | null

  @column()
  declare discountPercent: number | null

  @column()
  declare productLabel: string | null

  @column()
  declare debitEntryId: number | null

  @column()
  declare status: 'applied' | 'reversed'

  @column()
  declare reversedByRefundId: number | null

  @column()
  declare source: 'api' | 'till'

  @column()
  declare staffMemberId: number | null

  @column()
  declare posTokenId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
