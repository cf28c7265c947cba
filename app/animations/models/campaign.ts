import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import type { AnimationConfig } from '#animations/animation_config'
import { newPublicId } from '#shared/public_id'

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'
export type CampaignConfig = Omit<AnimationConfig, 'params'>

/** A one-off message (and optional reward) to a segment at a date and time. */
export default class Campaign extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  @column()
  declare status: CampaignStatus

  @column()
  declare segmentId: number | null

  @column({ serializeAs: null })
  declare config: string

  @column.dateTime()
  declare scheduledAt: DateTime | null

  /** Customers the segment held when sending started, firings written so far, and the fan-out's keyset cursor. */
  @column()
  declare targeted: number

  @column()
  declare fannedOut: number

  @column()
  declare cursorCustomerId: number

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column()
  declare createdById: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get parsedConfig(): CampaignConfig {
    return JSON.parse(this.config) as CampaignConfig
  }

  get editable() {
    return this.status === 'draft' || this.status === 'scheduled'
  }

  @beforeCreate()
  static assignPublicId(campaign: Campaign) {
    campaign.publicId ??= newPublicId()
  }
}
