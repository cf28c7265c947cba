import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import { newPublicId } from '#shared/public_id'

/** An item of the rewards shop ("boutique"), priced in points. */
export default class Reward extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare programId: number

  @column()
  declare name: string

  @column()
  declare description: string | null

  @column()
  declare kind: 'amount' | 'percent' | 'product'

  @column()
  declare valueCents: number | null

  @column()
  declare percent: number | null

  @column()
  declare productSku: string | null

  @column()
  declare costPoints: number

  /** null: unlimited. */
  @column()
  declare stock: number | null

  @column()
  declare perCustomerLimit: number | null

  @column()
  declare validityDays: number

  @column({ consume: (value) => Boolean(value) })
  declare active: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @beforeCreate()
  static assignPublicId(reward: Reward) {
    reward.publicId ??= newPublicId()
  }
}
