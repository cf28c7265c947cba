import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const MARKETING_PURPOSES = ['email_marketing', 'sms_marketing'] as const
export type MarketingPurpose = (typeof MARKETING_PURPOSES)[number]

/** Consents beyond the channels: offers chosen from purchase history, and review requests. */
export const OPTIONAL_PURPOSES = ['personalisation', 'review_requests'] as const
export type OptionalPurpose = (typeof OPTIONAL_PURPOSES)[number]

/** Every consent a customer gives or withdraws, each with its flag on `customers` and its records. */
export const CONSENT_PURPOSES = [...MARKETING_PURPOSES, ...OPTIONAL_PURPOSES] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

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
