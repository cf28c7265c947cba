import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import { parseConfig, type AnimationConfig } from '#animations/animation_config'
import { newPublicId } from '#shared/public_id'

export type AnimationStatus = 'draft' | 'active' | 'paused'

/** A configured scenario (a preset of the engine, app/animations/presets.ts). */
export default class Animation extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  @column()
  declare kind: string

  @column()
  declare status: AnimationStatus

  /** null: customers of every store. */
  @column()
  declare storeId: number | null

  @column({ serializeAs: null })
  declare config: string

  @column()
  declare createdById: number | null

  @column.dateTime()
  declare activatedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get parsedConfig(): AnimationConfig {
    return parseConfig(this.config)
  }

  @beforeCreate()
  static assignPublicId(animation: Animation) {
    animation.publicId ??= newPublicId()
  }
}
