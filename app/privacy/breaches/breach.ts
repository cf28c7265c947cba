import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import { newPublicId } from '#shared/public_id'

export const BREACH_RISKS = ['none', 'risk', 'high'] as const
export type BreachRisk = (typeof BREACH_RISKS)[number]

/** Art. 33(1): notify the supervisory authority within 72 hours of becoming aware of a breach. */
export const NOTIFICATION_HOURS = 72

export type BreachStatus = 'documented' | 'notified' | 'notified_late' | 'due' | 'overdue'

/**
 * One entry of the breach register (Art. 33(5)): every breach is recorded,
 * notified or not. The four Art. 33(3) facts (nature with categories and
 * counts, contact point, likely consequences, measures) are required.
 */
export default class Breach extends BaseModel {
  static table = 'breaches'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column.dateTime()
  declare discoveredAt: DateTime

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare endedAt: DateTime | null

  @column()
  declare nature: string

  @column()
  declare categories: string

  @column()
  declare subjectsCount: number

  @column()
  declare recordsCount: number

  @column()
  declare contactPoint: string

  @column()
  declare consequences: string

  @column()
  declare measures: string

  /** 'none': unlikely to result in a risk (recorded, not notified); 'high': the people are told too (Art. 34). */
  @column()
  declare risk: BreachRisk

  @column.dateTime()
  declare cnilNotifiedAt: DateTime | null

  @column()
  declare lateReason: string | null

  @column.dateTime()
  declare subjectsNotifiedAt: DateTime | null

  @column()
  declare recordedById: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @beforeCreate()
  static assignPublicId(breach: Breach) {
    breach.publicId ??= newPublicId()
  }

  static findByPublicId(publicId: string) {
    return Breach.query().where('publicId', publicId).first()
  }

  /** The latest moment the CNIL should hear of it. */
  static deadlineAfter(discoveredAt: DateTime) {
    return discoveredAt.plus({ hours: NOTIFICATION_HOURS })
  }

  /** A notification after the deadline must say why (Art. 33(1)). */
  static isLate(discoveredAt: DateTime, notifiedAt: DateTime | null) {
    return notifiedAt !== null && notifiedAt > Breach.deadlineAfter(discoveredAt)
  }

  get notificationDeadline() {
    return Breach.deadlineAfter(this.discoveredAt)
  }

  get needsCnilNotice() {
    return this.risk !== 'none'
  }

  get needsSubjectsNotice() {
    return this.risk === 'high' && this.subjectsNotifiedAt === null
  }

  statusAt(now: DateTime): BreachStatus {
    if (this.cnilNotifiedAt) return Breach.isLate(this.discoveredAt, this.cnilNotifiedAt) ? 'notified_late' : 'notified'
    if (!this.needsCnilNotice) return 'documented'
    return now > this.notificationDeadline ? 'overdue' : 'due'
  }
}
