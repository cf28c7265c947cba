import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { Explanation } from '#loyalty/earn_rules'

export type LedgerUnit = 'points' | 'stamps' | 'cashback'
export type LedgerKind = 'earn' | 'bonus' | 'redeem' | 'expire' | 'reverse' | 'adjust'
export type LedgerCause = 'purchase' | 'refund' | 'reward' | 'voucher' | 'redemption' | 'staff' | 'expiry' | 'merge' | 'animation'

/** One line of the append-only ledger (the database refuses UPDATE and DELETE). Read-only model. */
export default class LedgerEntry extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare accountId: number

  @column()
  declare unit: LedgerUnit

  @column()
  declare kind: LedgerKind

  @column({ consume: Number })
  declare amount: number

  @column.dateTime()
  declare expiresAt: DateTime | null

  @column.dateTime()
  declare availableAt: DateTime | null

  @column()
  declare causeType: LedgerCause

  @column()
  declare causeId: string | null

  @column()
  declare staffMemberId: number | null

  @column()
  declare reason: string | null

  @column({ consume: (value) => (value ? JSON.parse(value) : []) })
  declare details: Explanation[]

  @column()
  declare rulesVersion: number | null

  @column.dateTime()
  declare occurredAt: DateTime

  @column.dateTime()
  declare createdAt: DateTime
}
