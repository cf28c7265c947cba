import { DateTime } from 'luxon'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { commonConfigSchema, type Channel } from '#animations/animation_config'
import type { Texts } from '#animations/presets'
import { AnimationInvalid, messageProblems, templateRows, typedReward, validated, type FieldProblem } from '#animations/save_animation'
import Campaign, { type CampaignConfig } from '#animations/models/campaign'
import { dbTimestamp } from '#shared/db_time'

export interface CampaignInput {
  name: string
  /** The segment's public id ('' when none is chosen). */
  segmentId: string
  /** When to send (null: as soon as it is scheduled); a typed value that is no instant stays a string, for the error. */
  scheduledAt: Date | string | null
  config: CampaignConfig
  texts: Partial<Texts>
}

const commonValidator = vine.compile(vine.object(commonConfigSchema))

/**
 * Validates and saves a campaign (draft or scheduled) with its messages,
 * in one transaction: the same checks as an animation's (texts, merge
 * fields, links, the reward's terms), plus its segment and its date. Only
 * a campaign not started yet may change.
 */
export async function saveCampaign(input: CampaignInput, staffMemberId: number | null, existing?: Campaign, status: 'draft' | 'scheduled' = 'draft'): Promise<Campaign> {
  const problems: FieldProblem[] = []
  const common = await validated(commonValidator, input.config, 'config', problems)
  const reward = common ? common.reward : typedReward(input.config.reward)
  const channels = (common?.channels ?? (Array.isArray(input.config.channels) ? input.config.channels.filter((channel) => channel === 'email' || channel === 'sms') : [])) as Channel[]
  problems.push(...messageProblems(channels, input.texts, reward, {}))
  if (input.name.trim().length === 0 || input.name.length > 80) problems.push({ field: 'name', rule: input.name.trim().length === 0 ? 'required' : 'too_long' })
  const segment = /^[0-9A-HJKMNP-TV-Z]{26}$/.test(input.segmentId) ? await db.from('segments').where('public_id', input.segmentId).select('id').first() : null
  if (!segment) problems.push({ field: 'segment_id', rule: input.segmentId ? 'unknown_segment' : 'required' })
  if (typeof input.scheduledAt === 'string') problems.push({ field: 'send_date', rule: 'date' })
  // Scheduling for a moment already gone: a typing mistake rather than "now" (leave it empty for now).
  else if (status === 'scheduled' && input.scheduledAt && input.scheduledAt.getTime() < Date.now() - 5 * 60_000) problems.push({ field: 'send_date', rule: 'past' })
  if (existing && !existing.editable) problems.push({ field: 'status', rule: 'started' })
  if (problems.length > 0 || !common || !segment) throw new AnimationInvalid(problems)

  const config: CampaignConfig = { channels: common.channels, reward: common.reward, holdout_percent: common.holdout_percent }
  const scheduledAt = input.scheduledAt instanceof Date ? input.scheduledAt : null
  return db.transaction(async (trx) => {
    const campaign = existing ?? new Campaign()
    campaign.useTransaction(trx)
    campaign.merge({
      name: input.name.trim(),
      segmentId: Number(segment.id),
      config: JSON.stringify(config),
      status,
      scheduledAt: scheduledAt ? DateTime.fromJSDate(scheduledAt) : status === 'scheduled' ? DateTime.now() : null,
    })
    if (!existing) campaign.createdById = staffMemberId
    await campaign.save()
    await trx.from('message_templates').where({ source_type: 'campaign', source_id: campaign.id }).delete()
    await trx.table('message_templates').multiInsert(templateRows({ type: 'campaign', id: campaign.id }, config.channels, input.texts, dbTimestamp(DateTime.utc(), trx)))
    return campaign
  })
}
