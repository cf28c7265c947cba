import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const MARKETING_PURPOSES = ['email_marketing', 'sms_marketing'] as const
export type MarketingPurpose = (typeof MARKETING_PURPOSES)[number]

/** One consent decision, kept as proof. Append-only (database triggers). */
export default class ConsentRecord extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare customerId: number

  @column()
  declare purpose: string

  @column()
  declare decision: 'granted' | 'withdrawn' | 'refused'

  @column()
  declare source: string

  @column()
  declare noticeVersion: string | null

  @column()
  declare evidence: string | null

  @column()
  declare staffMemberId: number | null

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
