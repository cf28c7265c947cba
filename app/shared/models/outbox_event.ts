import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class OutboxEvent extends BaseModel {
  static table = 'outbox_events'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare type: string

  /** Ids only, never personal data (invariant 8). */
  @column({ prepare: (value) => JSON.stringify(value), consume: (value) => (typeof value === 'string' ? JSON.parse(value) : value) })
  declare payload: Record<string, string | number | null>

  @column()
  declare attempts: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare dispatchedAt: DateTime | null
}
