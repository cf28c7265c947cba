import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type VoucherSource = 'automatic' | 'stamps' | 'shop' | 'animation' | 'staff'

/** An issued reward with its own code, value and validity; redeemed at most once (conditional UPDATE from `issued`). */
export default class Voucher extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare code: string

  @column()
  declare customerId: number | null

  @column()
  declare programId: number | null

  @column()
  declare rewardId: number | null

  @column()
  declare source: VoucherSource

  @column()
  declare kind: 'amount' | 'percent' | 'product'

  @column({ consume: (value) => (value === null ? null : Number(value)) })
  declare valueCents: number | null

  @column()
  declare percent: number | null

  @column()
  declare productLabel: string | null

  @column()
  declare productSku: string | null

  @column()
  declare status: 'issued' | 'redeemed' | 'cancelled'

  @column.dateTime()
  declare issuedAt: DateTime

  @column.dateTime()
  declare expiresAt: DateTime

  @column()
  declare causeEntryId: number | null

  @column()
  declare redemptionId: number | null

  @column.dateTime()
  declare redeemedAt: DateTime | null

  @column({ serializeAs: null })
  declare terms: string

  get isUsable() {
    return this.status === 'issued' && this.expiresAt > DateTime.utc()
  }
}
