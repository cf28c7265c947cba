import { DateTime } from 'luxon'
import { dbTimestamp } from '#shared/db_time'
import vine, { errors } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import Animation, { type AnimationStatus } from '#animations/models/animation'
import { commonConfigSchema, type AnimationConfig, type Channel } from '#animations/animation_config'
import { PRESETS, type Preset, type Texts } from '#animations/presets'
import { OCCASION_FIELD_GROUPS } from '#messaging/templates/merge_fields'
import { voucherTermsProblem } from '#loyalty/program_rules'
import { checkBody, type BodyProblem } from '#messaging/templates/message_body'
import { checkLiquid } from '#messaging/templates/liquid_sandbox'

export interface AnimationInput {
  name: string
  kind: string
  storeId: number | null
  status: AnimationStatus
  config: Omit<AnimationConfig, 'params'> & { params: Record<string, unknown> }
  /** Per channel used, per language: subject (e-mail) and body. */
  texts: Partial<Texts>
}

export interface FieldProblem {
  field: string
  rule: string
  detail?: string
}

export class AnimationInvalid extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('The animation is not valid')
  }
}

const LOCALES = ['fr', 'en'] as const
const commonValidator = vine.compile(vine.object(commonConfigSchema))

/**
 * Validates and saves an animation with its messages, in one transaction.
 * Everything that could fail at send time fails here instead: the preset's
 * parameters, the reward's terms, and each template — its syntax, its tags,
 * every merge field it names (and those the occasion cannot fill, such as
 * a voucher's code without a voucher), its links (http or https only).
 */
export async function saveAnimation(input: AnimationInput, staffMemberId: number | null, existing?: Animation): Promise<Animation> {
  const preset = PRESETS[input.kind]
  if (!preset) throw new AnimationInvalid([{ field: 'kind', rule: 'enum' }])
  const problems: FieldProblem[] = []
  const common = await validated(commonValidator, input.config, 'config', problems)
  const params = await validated(vine.compile(preset.params), input.config.params, 'config.params', problems)
  // The texts and the reward are checked even when other settings are wrong: every problem at once.
  const reward = common ? common.reward : typedReward(input.config.reward)
  if (preset.rewardInParams && input.config.reward) problems.push({ field: 'config.reward', rule: 'reward_in_params' })
  if (params && preset.check) problems.push(...preset.check(params).map(({ param, rule }) => ({ field: `config.params.${param}`, rule })))
  const channels = common?.channels ?? (Array.isArray(input.config.channels) ? input.config.channels.filter((channel) => channel === 'email' || channel === 'sms') : [])
  problems.push(...messageProblems(channels as Channel[], input.texts, reward, preset))
  if (input.name.trim().length === 0 || input.name.length > 80) problems.push({ field: 'name', rule: input.name.trim().length === 0 ? 'required' : 'too_long' })
  if (common?.segment_id && !(await db.from('segments').where('public_id', common.segment_id).select('id').first())) problems.push({ field: 'config.segment_id', rule: 'unknown_segment' })
  if (problems.length > 0 || !common || !params) throw new AnimationInvalid(problems)

  const config: AnimationConfig = { channels: common.channels, reward: common.reward, holdout_percent: common.holdout_percent, segment_id: common.segment_id ?? null, params }
  return db.transaction(async (trx) => {
    const animation = existing ?? new Animation()
    animation.useTransaction(trx)
    animation.merge({ name: input.name.trim(), kind: input.kind, storeId: input.storeId, status: input.status, config: JSON.stringify(config) })
    if (!existing) animation.createdById = staffMemberId
    await animation.save()
    await trx.from('message_templates').where({ source_type: 'animation', source_id: animation.id }).delete()
    const now = dbTimestamp(DateTime.utc(), trx)
    await trx.table('message_templates').multiInsert(templateRows({ type: 'animation', id: animation.id }, config.channels, input.texts, now))
    return animation
  })
}

/**
 * What is wrong with a reward's terms and the messages of these channels:
 * the syntax, tags and merge fields of each template (and those the
 * occasion cannot fill), its links, its length. Shared with campaigns.
 */
export function messageProblems(channels: Channel[], texts: Partial<Texts>, reward: AnimationConfig['reward'], occasion: Pick<Preset, 'aboutVoucher' | 'occasionFields'>): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (reward?.type === 'voucher') {
    const problem = voucherTermsProblem(reward.voucher)
    if (problem) problems.push({ field: 'config.reward.voucher', rule: 'voucher_terms', detail: problem })
  }
  for (const channel of channels) {
    for (const locale of LOCALES) {
      const text = texts[channel]?.[locale]
      const field = `texts.${channel}.${locale}`
      if (!text || text.body.trim().length === 0) {
        problems.push({ field: `${field}.body`, rule: 'required' })
        continue
      }
      if (text.body.length > (channel === 'sms' ? 480 : 20_000)) problems.push({ field: `${field}.body`, rule: 'too_long' })
      problems.push(...withField(`${field}.body`, checkBody(text.body)), ...withField(`${field}.body`, unavailableFields(text.body, reward, occasion)))
      if (channel === 'email') {
        if (!text.subject || text.subject.trim().length === 0) problems.push({ field: `${field}.subject`, rule: 'required' })
        else if (text.subject.length > 200) problems.push({ field: `${field}.subject`, rule: 'too_long' })
        else problems.push(...withField(`${field}.subject`, [...checkLiquid(text.subject), ...unavailableFields(text.subject, reward, occasion)]))
      }
    }
  }
  return problems
}

/** The rows of message_templates for a source's channels, both languages. */
export function templateRows(source: { type: 'animation' | 'campaign'; id: number }, channels: Channel[], texts: Partial<Texts>, now: string) {
  return channels.flatMap((channel) =>
    LOCALES.map((locale) => {
      const text = texts[channel]![locale]
      return { source_type: source.type, source_id: source.id, channel, locale, subject: channel === 'email' ? text.subject!.trim() : null, body: text.body, created_at: now, updated_at: now }
    })
  )
}

export function typedReward(reward: unknown): AnimationConfig['reward'] {
  if (!reward || typeof reward !== 'object') return null
  const candidate = reward as { type?: unknown; voucher?: unknown }
  if (candidate.type === 'voucher' && candidate.voucher && typeof candidate.voucher === 'object') return candidate as AnimationConfig['reward']
  return candidate.type === 'points' ? (candidate as AnimationConfig['reward']) : null
}

/** Fields that exist but that this animation's messages would always leave empty. */
function unavailableFields(source: string, reward: AnimationConfig['reward'], preset: Pick<Preset, 'aboutVoucher' | 'occasionFields'>): BodyProblem[] {
  const problems: BodyProblem[] = []
  for (const match of source.matchAll(/\{[{%]-?\s*(?:case\s+|if\s+|unless\s+)?([a-z_]+)\.([a-z_]+)/g)) {
    const name = `${match[1]}.${match[2]}`
    if (OCCASION_FIELD_GROUPS.has(match[1]) && !preset.occasionFields?.includes(name)) problems.push({ rule: 'field', detail: `${name} (not filled by this animation)` })
  }
  if (!preset.aboutVoucher && reward?.type !== 'voucher' && /\{\{-?\s*voucher\./.test(source)) problems.push({ rule: 'field', detail: 'voucher.* (this animation gives no voucher)' })
  if (reward?.type !== 'points' && /\{\{-?\s*reward\.points/.test(source)) problems.push({ rule: 'field', detail: 'reward.points (this animation gives no points)' })
  return problems
}

function withField(field: string, problems: BodyProblem[]): FieldProblem[] {
  return problems.map((problem) => ({ field, rule: problem.rule, detail: problem.detail }))
}

export async function validated<T>(validator: { validate: (data: unknown) => Promise<T> }, data: unknown, prefix: string, problems: FieldProblem[]): Promise<T | null> {
  try {
    return await validator.validate(data)
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    for (const message of error.messages as Array<{ field: string; rule: string; message: string }>) {
      problems.push({ field: `${prefix}.${message.field}`, rule: message.rule, detail: message.message })
    }
    return null
  }
}
