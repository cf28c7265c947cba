import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import hash from '@adonisjs/core/services/hash'
import { BaseModel, beforeCreate, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import Store from '#stores/models/store'
import { newPublicId } from '#shared/public_id'

export const STAFF_ROLES = ['owner', 'marketer', 'cashier'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

const AuthFinderBase = compose(BaseModel, AuthFinder)

export default class StaffMember extends AuthFinderBase {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column({ serializeAs: null })
  declare password: string | null

  @column()
  declare role: StaffRole

  @column()
  declare storeId: number | null

  @column()
  declare locale: string

  @column({ serializeAs: null })
  declare invitationHash: string | null

  @column.dateTime()
  declare invitationExpiresAt: DateTime | null

  @column.dateTime()
  declare disabledAt: DateTime | null

  @column.dateTime()
  declare lastSignInAt: DateTime | null

  /** An owner who asked for the weekly summary e-mail (SQLite answers 0/1). */
  @column({ consume: (value) => Boolean(value) })
  declare weeklySummary: boolean

  /** The ISO week ("2026-W49") of the last weekly summary claimed for them. */
  @column()
  declare weeklySummaryWeek: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Store)
  declare store: BelongsTo<typeof Store>

  @beforeCreate()
  static assignPublicId(member: StaffMember) {
    member.publicId ??= newPublicId()
  }

  /**
   * Sign-in looks up the normalised e-mail and skips invited accounts that
   * have no password yet: they take the same (hashing) path as an unknown
   * e-mail, so timing does not reveal them.
   */
  static findForAuth<T extends typeof AuthFinderBase>(this: T, _uids: string[], value: string): Promise<InstanceType<T> | null> {
    return this.query().where('email', normalizeEmail(value)).whereNotNull('password').first() as Promise<InstanceType<T> | null>
  }

  static async exists() {
    return (await this.query().select('id').first()) !== null
  }

  static findByPublicId(publicId: string) {
    return this.query().where('publicId', publicId).first()
  }

  get isDisabled() {
    return this.disabledAt !== null
  }

  get isOwner() {
    return this.role === 'owner'
  }

  /** Where a staff member lands after signing in. */
  get homePath() {
    return this.role === 'cashier' ? '/till' : '/admin/customers'
  }

  /** Invited and not yet accepted: no password is set. */
  get isInvited() {
    return this.password === null && this.invitationHash !== null
  }

  get status(): 'active' | 'invited' | 'disabled' {
    if (this.isDisabled) return 'disabled'
    return this.isInvited ? 'invited' : 'active'
  }
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}
