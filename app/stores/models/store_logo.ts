import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { LogoType } from '#stores/branding/logo_file'

/**
 * A store's logo as it was accepted on upload: the bytes are already
 * checked and, for SVG, sanitised (app/stores/branding/logo_file.ts).
 * Read it through storeLogoDataUrl, never into JSON.
 */
export default class StoreLogo extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column({ serializeAs: null })
  declare storeId: number

  @column()
  declare contentType: LogoType

  @column({ serializeAs: null, consume: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)) })
  declare data: Buffer

  @column()
  declare sha256: string

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
