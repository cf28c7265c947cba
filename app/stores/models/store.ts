import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import { PosTokensProvider } from '#stores/pos_token_provider'
import { newPublicId } from '#shared/public_id'

/** A shop of the business. Chains have several; they share customers. */
export default class Store extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare slug: string

  @column()
  declare name: string

  @column()
  declare legalName: string | null

  @column()
  declare addressLine: string | null

  @column()
  declare postalCode: string | null

  @column()
  declare city: string | null

  @column()
  declare country: string

  @column()
  declare timezone: string

  @column()
  declare currency: string

  @column()
  declare reviewUrl: string | null

  /** The e-mail layout's colour ("#6b4226"); null: the default. */
  @column()
  declare brandColour: string | null

  // SQLite answers 0/1.
  @column({ consume: (value) => Boolean(value) })
  declare isDefault: boolean

  @column.dateTime()
  declare archivedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** POS API tokens: each belongs to one store (R52). */
  static accessTokens = new PosTokensProvider({
    tokenableModel: Store,
    table: 'pos_tokens',
    type: 'pos_token',
    prefix: 'cpt_',
    expiresIn: undefined,
  })

  @beforeCreate()
  static assignPublicId(store: Store) {
    store.publicId ??= newPublicId()
  }

  static findBySlug(slug: string) {
    return Store.query().where('slug', slug).whereNull('archivedAt').first()
  }

  static async defaultStore() {
    return (await Store.query().whereNull('archivedAt').orderBy('isDefault', 'desc').orderBy('id').first())!
  }
}
