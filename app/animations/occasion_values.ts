import { DateTime } from 'luxon'
import type { AnimationConfig } from '#animations/animation_config'
import type { MergeField } from '#messaging/templates/merge_fields'
import type { Recipient } from '#messaging/merge_values'
import { birthdayIn } from '#animations/triggers/birthday_window'

export type OccasionValues = Partial<Record<MergeField, string | number | null>>

/** What a preview shows for an occasion that has not happened: the invitation, this year's booster. */
export function sampleOccurrenceKey(kind: string, timezone: string) {
  if (kind === 'referral') return 'referral:invite'
  if (kind === 'birthday_booster') return `booster_notice:${DateTime.now().setZone(timezone).year}`
  return ''
}

/**
 * The merge fields only some occasions fill: why a referral message is sent
 * (from its occurrence key), the terms of a happy hour or a birthday
 * booster (from the animation's parameters), in the customer's language.
 */
export function valuesFor(kind: string, config: AnimationConfig, occurrenceKey: string, recipient: Recipient): OccasionValues {
  const params = config.params as Record<string, any>
  const multiplier = () => `× ${String(Number(params.multiplier_pct) / 100).replace('.', recipient.locale === 'fr' ? ',' : '.')}`
  switch (kind) {
    case 'referral': {
      const role = occurrenceKey.startsWith('referral:referrer:') ? 'referrer' : occurrenceKey === 'referral:referee' ? 'referee' : 'invite'
      // The invitation gives nothing yet: it says what the friends will both receive.
      const promised = role === 'invite' && config.reward?.type === 'points' ? { 'reward.points': config.reward.points } : {}
      return { 'referral.role': role, ...promised }
    }
    case 'happy_hour':
      return { 'offer.multiplier': multiplier(), 'offer.hours': `${params.starts_at}–${params.ends_at}`, 'offer.bonus_points': Number(params.bonus_points) || null }
    case 'birthday_booster': {
      const year = Number(occurrenceKey.split(':')[1])
      const { birth_month: month, birth_day: day } = recipient.row
      if (!year || !month || !day) return { 'offer.multiplier': multiplier() }
      const last = birthdayIn(year, Number(month), Number(day), recipient.timezone).plus({ days: Number(params.days_after) })
      return { 'offer.multiplier': multiplier(), 'offer.until': last.setLocale(recipient.locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_FULL) }
    }
    default:
      return {}
  }
}
