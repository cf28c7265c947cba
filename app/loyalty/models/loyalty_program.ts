import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import Reward from '#loyalty/models/reward'
import { parseRules, type ProgramRules } from '#loyalty/program_rules'
import { newPublicId } from '#shared/public_id'

/** A loyalty programme: its rules (validated JSON, versioned) and who belongs. */
export default class LoyaltyProgram extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  /** null: every store; else this store only. */
  @column()
  declare storeId: number | null

  /** auto: every customer belongs; manual: staff add members. */
  @column()
  declare enrolment: 'auto' | 'manual'

  @column()
  declare status: 'active' | 'paused'

  @column({ serializeAs: null })
  declare rules: string

  @column()
  declare rulesVersion: number

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => Reward, { foreignKey: 'programId' })
  declare rewards: HasMany<typeof Reward>

  get parsedRules(): ProgramRules {
    return parseRules(this.rules)
  }

  @beforeCreate()
  static assignPublicId(program: LoyaltyProgram) {
    program.publicId ??= newPublicId()
  }
}
