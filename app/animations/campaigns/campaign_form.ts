import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Channel } from '#animations/animation_config'
import { figure, readAnimationForm, rewardOf, sharedFieldsOf, type AnimationForm } from '#animations/admin/animation_form'
import { CAMPAIGN_TEXTS } from '#animations/campaigns/campaign_texts'
import type Campaign from '#animations/models/campaign'
import type { CampaignInput } from '#animations/campaigns/save_campaign'
import type { Texts } from '#animations/presets'

/** The campaign form: the animation form's channels, reward and texts, with a segment and a date and time (store time). */
export interface CampaignForm extends Omit<AnimationForm, 'params' | 'store_id'> {
  segment_id: string
  send_date: string
  send_time: string
}

const str = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '')

export function readCampaignForm(body: Record<string, any>): CampaignForm {
  const { params: _params, store_id: _store, ...shared } = readAnimationForm(body, 'campaign')
  return { ...shared, segment_id: str(body.segment_id, 26), send_date: str(body.send_date, 10), send_time: str(body.send_time, 5) }
}

/** The zone the date and time are typed in: the first store's (the business's own), else Paris. */
export async function campaignZone() {
  const store = await db.from('stores').whereNull('archived_at').orderBy('id').select('timezone').first()
  return store?.timezone ?? 'Europe/Paris'
}

export async function campaignFormOf(campaign: Campaign): Promise<CampaignForm> {
  const zone = await campaignZone()
  const segment = campaign.segmentId ? await db.from('segments').where('id', campaign.segmentId).select('public_id').first() : null
  const at = campaign.scheduledAt?.setZone(zone)
  return {
    name: campaign.name,
    segment_id: segment?.public_id ?? '',
    send_date: at?.toISODate() ?? '',
    send_time: at?.toFormat('HH:mm') ?? '',
    ...(await sharedFieldsOf({ type: 'campaign', id: campaign.id }, campaign.parsedConfig, CAMPAIGN_TEXTS)),
  }
}

export async function campaignInputOf(form: CampaignForm): Promise<CampaignInput> {
  return {
    name: form.name,
    segmentId: form.segment_id,
    scheduledAt: scheduledAtOf(form, await campaignZone()),
    config: { channels: form.channels as Channel[], reward: rewardOf(form), holdout_percent: figure(form.holdout_percent) as number },
    texts: Object.fromEntries(form.channels.map((channel) => [channel, form.texts[channel as Channel]])) as Partial<Texts>,
  }
}

/** Empty date: as soon as scheduled. A date without a time is 09:00; anything unreadable stays a string, for the error. */
function scheduledAtOf(form: CampaignForm, zone: string): Date | string | null {
  if (!form.send_date && !form.send_time) return null
  const at = DateTime.fromISO(`${form.send_date}T${form.send_time || '09:00'}`, { zone })
  return at.isValid && /^\d{4}-\d{2}-\d{2}$/.test(form.send_date) ? at.toJSDate() : `${form.send_date} ${form.send_time}`
}
