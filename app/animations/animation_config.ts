import vine from '@vinejs/vine'
import { voucherTerms } from '#loyalty/program_rules'
import type { AnimationReward } from '#loyalty/animation_rewards'

/**
 * An animation's configuration, stored as validated JSON on
 * `animations.config`. `params` are the preset's own (presets.ts); the rest
 * is common to every preset.
 */
export const rewardSchema = vine
  .union([
    vine.union.if(
      (value) => vine.helpers.isObject(value) && value.type === 'points',
      vine.object({ type: vine.literal('points'), points: vine.number({ strict: true }).withoutDecimals().range([1, 100_000]), program_id: vine.string().trim().fixedLength(26).nullable() })
    ),
    vine.union.if(
      (value) => vine.helpers.isObject(value) && value.type === 'voucher',
      vine.object({ type: vine.literal('voucher'), voucher: voucherTerms(), program_id: vine.string().trim().fixedLength(26).nullable() })
    ),
  ])
  .otherwise((_, field) => field.report('Choose bonus points or a voucher', 'reward_type', field))
  .nullable()

export const commonConfigSchema = {
  channels: vine.array(vine.enum(['email', 'sms'] as const)).minLength(1).maxLength(2).distinct(),
  reward: rewardSchema,
  /** Per cent of the customers concerned kept out (nothing sent, no reward) to measure the effect. */
  holdout_percent: vine.number({ strict: true }).withoutDecimals().range([0, 50]),
  /** Only the members of this segment (its public id); absent or null: every customer concerned. */
  segment_id: vine.string().trim().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/).nullable().optional(),
}

export type Channel = 'email' | 'sms'

export interface AnimationConfig<Params = Record<string, unknown>> {
  channels: Channel[]
  reward: AnimationReward | null
  holdout_percent: number
  segment_id?: string | null
  params: Params
}

export function parseConfig(text: string): AnimationConfig {
  return JSON.parse(text) as AnimationConfig
}
