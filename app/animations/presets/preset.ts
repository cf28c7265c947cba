import vine from '@vinejs/vine'
import type { VineObject } from '@vinejs/vine'
import type { AnimationReward } from '#loyalty/animation_rewards'
import type { Channel } from '#animations/animation_config'

/**
 * What a preset of the engine is (DESIGN.md, "Animations"), and the
 * building blocks the families' files (presets/*.ts) write them with.
 */
export type Family = 'enrolment' | 'visit' | 'wakeup' | 'birthday' | 'behaviour'
export type Texts = Record<Channel, Record<'fr' | 'en', { subject: string | null; body: string }>>

export interface Preset {
  kind: string
  family: Family
  trigger: 'enrolment' | 'purchase' | 'tier' | 'reward' | 'daily'
  /** The occasion names a voucher of its own (its code may be used without a reward). */
  aboutVoucher?: boolean
  params: VineObject<any, any, any, any>
  defaults: Record<string, unknown>
  /** How the designer shows a parameter that is not a plain figure or time: a choice, the days of the week, euros. */
  inputs?: Record<string, readonly string[] | 'weekdays' | 'euros'>
  /** Checks between parameters, once each is valid on its own: the names of the wrong ones, with the rule. */
  check?: (params: Record<string, any>) => Array<{ param: string; rule: string }>
  /** The preset's reward is in its parameters (a multiplier, a bonus): no reward of the common kind. */
  rewardInParams?: boolean
  /** Merge fields only this occasion fills (referral.role, offer.*). */
  occasionFields?: readonly string[]
  reward: AnimationReward | null
  texts: Texts
}

export const sendAt = () => vine.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/)
export const days = (max: number) => vine.number({ strict: true }).withoutDecimals().range([1, max])
export const whole = (min: number, max: number) => vine.number({ strict: true }).withoutDecimals().range([min, max])
/** "15:30" → 930: minutes since midnight of an HH:MM time. */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

export const SIGNATURE_FR = "À très vite,\nL'équipe de {{ store.name }}"
export const SIGNATURE_EN = 'See you soon,\nThe {{ store.name }} team'
