import type { Channel } from '#animations/animation_config'
import type Animation from '#animations/models/animation'
import { composeEmailFor, composeSmsFor, templateFor } from '#messaging/compose_message'
import { loadRecipient, mergeScopeFor, type Recipient } from '#messaging/merge_values'
import { voucherExpiry } from '#loyalty/validity'
import { sampleOccurrenceKey, valuesFor } from '#animations/occasion_values'

export interface MessagePreview {
  channel: Channel
  subject: string | null
  html: string | null
  text: string
}

/**
 * The animation's messages as this customer would receive them today: the
 * same composition as sending, with a sample voucher code in place of one
 * that would be issued. Nothing is stored, nothing is sent.
 */
export async function previewMessages(animation: Animation, customerId: number): Promise<{ recipient: Recipient; messages: MessagePreview[] } | null> {
  const recipient = await loadRecipient(customerId)
  if (!recipient || recipient.gone) return null
  const config = animation.parsedConfig
  const reward = config.reward
  const sample =
    reward?.type === 'voucher'
      ? { code: 'EXEMPLE000', kind: reward.voucher.kind, value_cents: reward.voucher.value_cents ?? null, percent: reward.voucher.percent ?? null, product_label: reward.voucher.product_label ?? null, expires_at: voucherExpiry(new Date(), reward.voucher.validity_days, recipient.timezone) }
      : null
  const occasion = valuesFor(animation.kind, config, sampleOccurrenceKey(animation.kind, recipient.timezone), recipient)
  const scope = await mergeScopeFor(recipient, { voucherId: null, pointsAwarded: reward?.type === 'points' ? reward.points : 0 }, sample, occasion)
  const messages: MessagePreview[] = []
  for (const channel of config.channels) {
    const template = await templateFor({ type: 'animation', id: animation.id }, channel, recipient.locale)
    if (!template) continue
    if (channel === 'email') {
      const email = await composeEmailFor(template, scope, recipient, 'https://unsubscribe.example/preview')
      messages.push({ channel, subject: email.subject, html: email.html, text: email.text })
    } else {
      messages.push({ channel, subject: null, html: null, text: composeSmsFor(template, scope, recipient) })
    }
  }
  return { recipient, messages }
}
