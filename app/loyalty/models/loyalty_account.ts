import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import LoyaltyProgram from '#loyalty/models/loyalty_program'

/**
 * A customer's membership of a programme, with balances cached from the
 * ledger (written only by app/loyalty/ledger.ts; `node ace loyalty:check`
 * proves them).
 */
export default class LoyaltyAccount extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare customerId: number

  @column()
  declare programId: number

  @column({ consume: Number })
  declare points: number

  @column({ consume: Number })
  declare stamps: number

  @column({ consume: Number })
  declare cashbackCents: number

  @column()
  declare tier: string | null

  @column()
  declare tierFloor: string | null

  @column.dateTime()
  declare tierSince: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => LoyaltyProgram, { foreignKey: 'programId' })
  declare program: BelongsTo<typeof LoyaltyProgram>
}
