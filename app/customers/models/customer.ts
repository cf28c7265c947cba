import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, beforeSave, belongsTo, column, hasOne } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasOne } from '@adonisjs/lucid/types/relations'
import Store from '#stores/models/store'
import CustomerActivity from '#customers/models/customer_activity'
import { newPublicId, randomCode } from '#shared/public_id'

export const CUSTOMER_SOURCES = ['till', 'api', 'import', 'admin', 'join', 'seed'] as const
export type CustomerSource = (typeof CUSTOMER_SOURCES)[number]

export default class Customer extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare storeId: number

  @column()
  declare firstName: string | null

  @column()
  declare lastName: string | null

  @column({ serializeAs: null })
  declare searchName: string | null

  @column()
  declare email: string | null

  @column({ columnName: 'phone_e164' })
  declare phoneE164: string | null

  @column()
  declare cardCode: string

  @column()
  declare referralCode: string

  @column()
  declare birthDay: number | null

  @column()
  declare birthMonth: number | null

  @column()
  declare birthYear: number | null

  @column()
  declare locale: string

  /** The customer whose referral code this one gave at enrolment. */
  @column()
  declare referredById: number | null

  @column()
  declare source: CustomerSource

  @column()
  declare emailMarketing: boolean

  @column()
  declare smsMarketing: boolean

  @column()
  declare personalisation: boolean

  @column()
  declare reviewRequests: boolean

  @column.dateTime()
  declare erasedAt: DateTime | null

  /** Set on a duplicate merged into another customer (app/customers/merge_customers.ts). */
  @column({ serializeAs: null })
  declare mergedIntoId: number | null

  @column.dateTime({ serializeAs: null })
  declare mergedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Store)
  declare store: BelongsTo<typeof Store>

  /** Spend, visits and last purchase (a row of its own: see CustomerActivity). */
  @hasOne(() => CustomerActivity)
  declare activity: HasOne<typeof CustomerActivity>

  @beforeCreate()
  static assignCodes(customer: Customer) {
    customer.publicId ??= newPublicId()
    customer.cardCode ??= randomCode(10)
    customer.referralCode ??= randomCode(8)
  }

  @beforeSave()
  static indexName(customer: Customer) {
    customer.searchName = Customer.searchKey(customer.lastName, customer.firstName)
  }

  /** "dupont marie": what the staff search box matches by prefix. */
  static searchKey(...parts: Array<string | null | undefined>) {
    const key = parts.filter(Boolean).join(' ').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim()
    return key.length > 0 ? key.slice(0, 170) : null
  }

  get displayName() {
    return [this.firstName, this.lastName].filter(Boolean).join(' ') || this.cardCode
  }

  get birthdayOn() {
    if (!this.birthDay || !this.birthMonth) return null
    const dd = String(this.birthDay).padStart(2, '0')
    const mm = String(this.birthMonth).padStart(2, '0')
    return this.birthYear ? `${this.birthYear}-${mm}-${dd}` : `--${mm}-${dd}`
  }
}
