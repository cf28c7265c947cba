import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** The subject and body of one channel and language of an animation or a campaign. */
export default class MessageTemplate extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare sourceType: 'animation' | 'campaign'

  @column()
  declare sourceId: number

  @column()
  declare channel: 'email' | 'sms'

  @column()
  declare locale: string

  @column()
  declare subject: string | null

  @column()
  declare body: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
