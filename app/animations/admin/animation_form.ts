import type Animation from '#animations/models/animation'
import type { AnimationInput } from '#animations/save_animation'
import { PRESETS, type Preset, type Texts } from '#animations/presets'
import type { AnimationConfig, Channel } from '#animations/animation_config'
import type { AnimationReward } from '#loyalty/animation_rewards'
import db from '@adonisjs/lucid/services/db'
import { formatEuros, parseEuros, parseWhole } from '#loyalty/admin/form_values'

/**
 * The designer's form as typed (strings), and the way to and from an
 * animation. Euros are typed the French way ("3,50"); a bad figure stays
 * as typed and becomes a field error at save.
 */
export interface AnimationForm {
  name: string
  store_id: string
  channels: string[]
  params: Record<string, string>
  reward_type: 'none' | 'points' | 'voucher'
  reward_points: string
  voucher_kind: 'amount' | 'percent' | 'product'
  voucher_value: string
  voucher_percent: string
  voucher_product_label: string
  voucher_validity_days: string
  holdout_percent: string
  /** The audience: a segment's public id, or '' for every customer concerned. */
  segment_id: string
  texts: Record<Channel, Record<'fr' | 'en', { subject: string; body: string }>>
}

const CHANNELS: Channel[] = ['email', 'sms']
const str = (value: unknown, max = 20_000) => (typeof value === 'string' ? value.slice(0, max) : typeof value === 'number' ? String(value) : '')

/** A campaign's form is an animation's without trigger parameters. */
const NO_PARAMS = { defaults: {}, inputs: {} } as const

export function readAnimationForm(body: Record<string, any>, kind: string): AnimationForm {
  const preset: Pick<Preset, 'defaults' | 'inputs'> = PRESETS[kind] ?? NO_PARAMS
  const channels = (Array.isArray(body.channels) ? body.channels : [body.channels]).filter((channel: unknown): channel is string => typeof channel === 'string' && CHANNELS.includes(channel as Channel))
  const params: Record<string, string> = {}
  for (const name of Object.keys(preset.defaults)) {
    const typed = body.params?.[name]
    params[name] = preset.inputs?.[name] === 'weekdays' ? (Array.isArray(typed) ? typed : [typed]).map((day) => str(day, 1)).filter(Boolean).join(',') : str(typed, 64)
  }
  const texts = {} as AnimationForm['texts']
  for (const channel of CHANNELS) {
    texts[channel] = {} as AnimationForm['texts'][Channel]
    for (const locale of ['fr', 'en'] as const) {
      const typed = body.texts?.[channel]?.[locale] ?? {}
      texts[channel][locale] = { subject: str(typed.subject, 300), body: str(typed.body) }
    }
  }
  return {
    name: str(body.name, 200),
    store_id: str(body.store_id, 30),
    channels: [...new Set(channels)],
    params,
    reward_type: ['points', 'voucher'].includes(body.reward_type) ? body.reward_type : 'none',
    reward_points: str(body.reward_points, 10),
    voucher_kind: ['percent', 'product'].includes(body.voucher_kind) ? body.voucher_kind : 'amount',
    voucher_value: str(body.voucher_value, 12),
    voucher_percent: str(body.voucher_percent, 5),
    voucher_product_label: str(body.voucher_product_label, 200),
    voucher_validity_days: str(body.voucher_validity_days, 6),
    holdout_percent: str(body.holdout_percent, 5),
    segment_id: str(body.segment_id, 26),
    texts,
  }
}

/** The form of a stored animation. */
export async function formOf(animation: Animation): Promise<AnimationForm> {
  const config = animation.parsedConfig
  const preset = PRESETS[animation.kind]
  return {
    name: animation.name,
    store_id: animation.storeId === null ? '' : String(animation.storeId),
    segment_id: config.segment_id ?? '',
    params: Object.fromEntries(Object.entries({ ...preset.defaults, ...config.params }).map(([key, value]) => [key, preset.inputs?.[key] === 'euros' ? formatEuros(Number(value), 'fr') : String(value)])),
    ...(await sharedFieldsOf({ type: 'animation', id: animation.id }, config, preset.texts)),
  }
}

/** The fields animations and campaigns share: channels, reward, holdout, and the stored texts (the defaults where none is stored). */
export async function sharedFieldsOf(source: { type: 'animation' | 'campaign'; id: number }, config: Omit<AnimationConfig, 'params' | 'segment_id'>, defaults: Texts) {
  const rows = await db.from('message_templates').where({ source_type: source.type, source_id: source.id }).select('channel', 'locale', 'subject', 'body')
  const texts = structuredClone(defaults) as unknown as AnimationForm['texts']
  for (const channel of CHANNELS) for (const locale of ['fr', 'en'] as const) texts[channel][locale] = { subject: texts[channel][locale].subject ?? '', body: texts[channel][locale].body }
  for (const row of rows) texts[row.channel as Channel][row.locale as 'fr' | 'en'] = { subject: row.subject ?? '', body: row.body }
  const reward = config.reward
  const voucher = reward?.type === 'voucher' ? reward.voucher : null
  return {
    channels: config.channels as string[],
    reward_type: reward ? reward.type : ('none' as const),
    reward_points: reward?.type === 'points' ? String(reward.points) : '',
    voucher_kind: voucher?.kind ?? ('amount' as const),
    voucher_value: voucher?.value_cents ? formatEuros(voucher.value_cents, 'fr') : '',
    voucher_percent: voucher?.percent ? String(voucher.percent) : '',
    voucher_product_label: voucher?.product_label ?? '',
    voucher_validity_days: voucher ? String(voucher.validity_days) : '30',
    holdout_percent: String(config.holdout_percent),
    texts,
  }
}

/** What saveAnimation validates; figures that do not parse are passed as typed, so the validator names them. */
export function inputOf(form: AnimationForm, animation: Animation, status = animation.status): AnimationInput {
  const preset = PRESETS[animation.kind]
  const params: Record<string, unknown> = {}
  for (const [name, fallback] of Object.entries(preset.defaults)) {
    const typed = form.params[name] ?? ''
    const input = preset.inputs?.[name]
    if (input === 'weekdays') params[name] = typed === '' ? [] : typed.split(',').map(figure)
    else if (input === 'euros') params[name] = cents(typed)
    else params[name] = typeof fallback === 'number' ? figure(typed) : typed
  }
  return {
    name: form.name,
    kind: animation.kind,
    storeId: form.store_id ? Number(form.store_id) : null,
    status,
    config: { channels: form.channels as Channel[], reward: rewardOf(form), holdout_percent: figure(form.holdout_percent) as number, segment_id: form.segment_id || null, params },
    texts: Object.fromEntries(form.channels.map((channel) => [channel, form.texts[channel as Channel]])) as Partial<Texts>,
  }
}

export function rewardOf(form: Pick<AnimationForm, 'reward_type' | 'reward_points' | 'voucher_kind' | 'voucher_value' | 'voucher_percent' | 'voucher_product_label' | 'voucher_validity_days'>): AnimationReward | null {
  if (form.reward_type === 'points') return { type: 'points', points: figure(form.reward_points) as number, program_id: null }
  if (form.reward_type !== 'voucher') return null
  const voucher: Record<string, unknown> = { kind: form.voucher_kind, validity_days: figure(form.voucher_validity_days) }
  if (form.voucher_kind === 'amount' || (form.voucher_kind === 'product' && form.voucher_value)) voucher.value_cents = cents(form.voucher_value)
  if (form.voucher_kind === 'percent') voucher.percent = figure(form.voucher_percent)
  if (form.voucher_kind === 'product') voucher.product_label = form.voucher_product_label
  return { type: 'voucher', voucher: voucher as any, program_id: null }
}

/** Typed figures become integers; anything else is passed as typed, for the validator to name. */
export const figure = (text: string | undefined) => parseWhole(text ?? '') ?? (text ?? '').trim()
const cents = (text: string) => parseEuros(text) ?? text.trim()
