import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { lockCustomer } from '#customers/customer_lock'
import { composeEmailFor, composeSmsFor, templateFor } from '#messaging/compose_message'
import { enqueueDeliveries } from '#messaging/delivery_jobs'
import { loadMessagingSettings, type MessagingSettings } from '#messaging/messaging_settings'
import { loadRecipient, mergeScopeFor, type Recipient } from '#messaging/merge_values'
import { valuesFor } from '#animations/occasion_values'
import { parseConfig } from '#animations/animation_config'
import { holdReason, nextAllowedSlot, type Channel } from '#messaging/send_window'
import { smsDriver } from '#messaging/transports/sms/sms_driver_registry'
import { SmsRejected } from '#messaging/transports/sms/sms_driver'
import { newUnsubscribeToken } from '#messaging/unsubscribe_token'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { runOn } from '#shared/sql_program'

export type SendOutcome = 'sent' | 'held' | 'skipped' | 'failed' | 'retry' | 'nothing'

/** Statuses a send job may take a delivery from. */
const CLAIMABLE = ['queued', 'held']

interface Claimed {
  delivery: { id: number; publicId: string; channel: Channel; firingId: number }
  recipient: Recipient
  firing: { sourceType: string; sourceId: number; occurrenceKey: string; voucherId: number | null; pointsAwarded: number; animation: { kind: string; config: string } | null }
  unsubscribe: ReturnType<typeof newUnsubscribeToken> | null
  smsSender: string
}

/**
 * Sends one delivery, at most once. In one transaction (the customer's
 * lock held, so the frequency cap counts right under concurrency): checks
 * what must hold at the moment of sending — the customer still here, an
 * address, consent for this channel, the cap, quiet hours and the SMS
 * window (else held to the next allowed slot) — then claims the delivery
 * (`sending`). Only then is the message composed and handed over. A job
 * that finds its delivery `sending` never sends it again: if the worker
 * died during the hand-off, the sweep marks it `interrupted` rather than
 * risk a duplicate.
 */
export async function sendDelivery(deliveryId: number, options: { finalAttempt: boolean; at?: Date }): Promise<SendOutcome> {
  const settings = await loadMessagingSettings()
  // `at`: the instant the guards judge (tests of quiet hours and the SMS window); now by default.
  const now = options.at ?? new Date()
  const decision = await db.transaction(async (trx) => decide(trx, deliveryId, settings, now))
  if (decision.kind === 'held') {
    await enqueueDeliveries([{ id: deliveryId, dueAt: decision.until }])
    return 'held'
  }
  if (decision.kind !== 'claimed') return decision.kind
  return handOver(decision.claimed, options)
}

type Decision = { kind: 'nothing' | 'skipped' } | { kind: 'held'; until: Date } | { kind: 'claimed'; claimed: Claimed }

async function decide(trx: TransactionClientContract, deliveryId: number, settings: MessagingSettings, now: Date): Promise<Decision> {
  const dialect = trx.dialect.name
  // The animation's kind and configuration come along: the occasion's merge fields need them (no query per message).
  const query = trx
    .from('deliveries as d')
    .join('firings as f', 'f.id', 'd.firing_id')
    .leftJoin('animations as a', (join) => join.on('a.id', 'f.source_id').andOnVal('f.source_type', 'animation'))
    .where('d.id', deliveryId)
  if (dialect === 'postgres') query.forUpdate('d')
  const row = await query.select('d.id', 'd.public_id', 'd.channel', 'd.status', 'd.due_at', 'd.customer_id', 'd.firing_id', 'f.source_type', 'f.source_id', 'f.occurrence_key', 'f.voucher_id', 'f.points_awarded', 'a.kind as animation_kind', 'a.config as animation_config').first()
  if (!row || !CLAIMABLE.includes(row.status)) return { kind: 'nothing' }
  // An early job (the delivery was held to a later slot since): the job for that slot will come.
  if (instantFromDb(row.due_at).getTime() > now.getTime() + 1000) return { kind: 'nothing' }
  await runOn(trx, lockCustomer(Number(row.customer_id), dialect))
  const recipient = await loadRecipient(Number(row.customer_id), trx)
  const channel = row.channel as Channel
  const skip = (reason: string) => finish(trx, deliveryId, 'skipped', reason, now).then(() => ({ kind: 'skipped' }) as const)

  if (!recipient || recipient.gone) return skip('customer_gone')
  if (channel === 'email' ? !recipient.email : !recipient.phone) return skip('no_address')
  if (channel === 'email' ? !recipient.emailMarketing : !recipient.smsMarketing) return skip('no_consent')
  if (await capReached(trx, recipient.id, settings, now)) return skip('frequency_cap')

  const reason = holdReason(DateTime.fromJSDate(now), channel, settings, recipient.timezone)
  const slot = reason && nextAllowedSlot(DateTime.fromJSDate(now), channel, settings, recipient.timezone)
  // A slot less than half a minute away is as good as now.
  if (reason && slot && slot.toMillis() > now.getTime() + 30_000) {
    await trx.from('deliveries').where('id', deliveryId).whereIn('status', CLAIMABLE).update({ status: 'held', reason, due_at: dbInstant(slot.toJSDate(), dialect), updated_at: dbInstant(now, dialect) })
    return { kind: 'held', until: slot.toJSDate() }
  }

  const unsubscribe = channel === 'email' ? newUnsubscribeToken() : null
  const claimed = await trx
    .from('deliveries')
    .where('id', deliveryId)
    .whereIn('status', CLAIMABLE)
    .update({ status: 'sending', reason: null, attempts: trx.knexRawQuery('attempts + 1'), unsubscribe_hash: unsubscribe?.hash ?? null, updated_at: dbInstant(now, dialect) })
  if (Number(claimed) === 0) return { kind: 'nothing' }
  return {
    kind: 'claimed',
    claimed: {
      delivery: { id: deliveryId, publicId: row.public_id, channel, firingId: Number(row.firing_id) },
      recipient,
      firing: { sourceType: row.source_type, sourceId: Number(row.source_id), occurrenceKey: row.occurrence_key, voucherId: row.voucher_id === null ? null : Number(row.voucher_id), pointsAwarded: Number(row.points_awarded), animation: row.animation_kind ? { kind: row.animation_kind, config: row.animation_config } : null },
      unsubscribe,
      smsSender: settings.sms_sender,
    },
  }
}

/** Marketing messages received in the cap's window, or being sent now, count against the cap. */
async function capReached(trx: TransactionClientContract, customerId: number, settings: MessagingSettings, now: Date) {
  const since = dbInstant(new Date(now.getTime() - settings.frequency_cap.days * 86_400_000), trx.dialect.name)
  const [{ total }] = await trx
    .from('deliveries')
    .where('customer_id', customerId)
    .where((query) => query.where((sent) => sent.where('status', 'sent').where('sent_at', '>', since)).orWhere('status', 'sending'))
    .count('* as total')
  return Number(total) >= settings.frequency_cap.count
}

/** Composes and hands the message to its transport; records what happened. */
async function handOver(claimed: Claimed, options: { finalAttempt: boolean }): Promise<SendOutcome> {
  const { delivery, recipient, firing } = claimed
  const now = () => new Date()
  const template = await templateFor({ type: firing.sourceType, id: firing.sourceId }, delivery.channel, recipient.locale)
  if (!template) {
    await finish(db.connection(), delivery.id, 'failed', 'no_template', now(), 'sending')
    return 'failed'
  }
  const occasion = firing.animation ? valuesFor(firing.animation.kind, parseConfig(firing.animation.config), firing.occurrenceKey, recipient) : {}
  const scope = await mergeScopeFor(recipient, firing, null, occasion)
  try {
    const providerId = delivery.channel === 'email' ? await sendEmail(claimed, await composeEmailFor(template, scope, recipient, claimed.unsubscribe!.url)) : await sendSms(claimed, composeSmsFor(template, scope, recipient))
    await db.from('deliveries').where('id', delivery.id).where('status', 'sending').update({ status: 'sent', provider_id: providerId.slice(0, 200), sent_at: dbInstant(now(), db.connection().dialect.name), updated_at: dbInstant(now(), db.connection().dialect.name) })
    return 'sent'
  } catch (error) {
    const permanent = isPermanent(error)
    if (permanent || options.finalAttempt) {
      await finish(db.connection(), delivery.id, 'failed', permanent ? 'rejected' : 'transport_error', now(), 'sending')
      return 'failed'
    }
    // The transport said it did not take the message: it may be tried again.
    await db.from('deliveries').where('id', delivery.id).where('status', 'sending').update({ status: 'queued', reason: 'transport_error', updated_at: dbInstant(now(), db.connection().dialect.name) })
    throw error
  }
}

async function sendEmail(claimed: Claimed, email: { subject: string; html: string; text: string }) {
  const { recipient, delivery, unsubscribe } = claimed
  const response = await mail.send((message) => {
    message
      .to(recipient.email!)
      .subject(email.subject)
      .html(email.html)
      .text(email.text)
      .messageId(`<${delivery.publicId}@comptoir>`)
      .header('List-Unsubscribe', `<${unsubscribe!.url}>`)
      .header('List-Unsubscribe-Post', 'List-Unsubscribe=One-Click')
      .header('X-Comptoir-Delivery', delivery.publicId)
  })
  return response.messageId
}

async function sendSms(claimed: Claimed, text: string) {
  const { providerId } = await smsDriver().send({ to: claimed.recipient.phone!, text, sender: claimed.smsSender, reference: claimed.delivery.publicId })
  return providerId
}

/** SMTP 5xx, a refused recipient, a provider's 4xx: the same message would be refused again. */
function isPermanent(error: unknown) {
  if (error instanceof SmsRejected) return true
  const code = (error as { responseCode?: number }).responseCode
  return typeof code === 'number' && code >= 500
}

function finish(client: QueryClientContract, deliveryId: number, status: 'skipped' | 'failed', reason: string, now: Date, from: string | string[] = CLAIMABLE) {
  return client
    .from('deliveries')
    .where('id', deliveryId)
    .whereIn('status', Array.isArray(from) ? from : [from])
    .update({ status, reason, updated_at: dbInstant(now, db.connection().dialect.name) })
}
