import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { lockCustomer } from '#customers/customer_lock'
import { composeEmailFor, composeSmsFor, templateFor } from '#messaging/compose_message'
import { enqueueDeliveries } from '#messaging/delivery_jobs'
import { settingsFrom, type MessagingSettings } from '#messaging/messaging_settings'
import { mergeScopeFor, recipientOf, RECIPIENT_COLUMNS, type Recipient } from '#messaging/merge_values'
import { valuesFor } from '#animations/occasion_values'
import { parseConfig } from '#animations/animation_config'
import { holdReason, nextAllowedSlot, type Channel } from '#messaging/send_window'
import { smsDriver } from '#messaging/transports/sms/sms_driver_registry'
import { SmsRejected } from '#messaging/transports/sms/sms_driver'
import { newUnsubscribeToken } from '#messaging/unsubscribe_token'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { later, sql, write, writeAlone, type SqlProgram } from '#shared/sql_program'

export type SendOutcome = 'sent' | 'held' | 'skipped' | 'failed' | 'retry' | 'nothing'

/** Statuses a send job may take a delivery from. */
const CLAIMABLE = ['queued', 'held']

interface Claimed {
  delivery: { id: number; publicId: string; channel: Channel; firingId: number }
  recipient: Recipient
  firing: { sourceType: string; sourceId: number; occurrenceKey: string; voucherId: number | null; pointsAwarded: number; animation: { kind: string; config: string } | null }
  /** The source's templates as of the claim (cached by it). */
  templateVersion: number | null
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
  // `at`: the instant the guards judge (tests of quiet hours and the SMS window); now by default.
  const now = options.at ?? new Date()
  // The write fast path: prepared statements on Postgres; on SQLite, BEGIN IMMEDIATE group-committed with the other sends.
  const decision = await write((dialect) => decide(deliveryId, now, dialect))
  if (decision.kind === 'held') {
    await enqueueDeliveries([{ id: deliveryId, dueAt: decision.until }])
    return 'held'
  }
  if (decision.kind !== 'claimed') return decision.kind
  return handOver(decision.claimed, options)
}

type Decision = { kind: 'nothing' | 'skipped' } | { kind: 'held'; until: Date } | { kind: 'claimed'; claimed: Claimed }

/**
 * Everything the decision and the message need, in one read: the delivery,
 * its firing and animation (the occasion's merge fields), the recipient and
 * their store, the messaging settings, and which version of the source's
 * templates is current (saving them writes new rows: their highest id).
 */
const CLAIM_SQL = `SELECT d.id AS delivery_id, d.public_id AS delivery_public_id, d.channel, d.status, d.due_at, d.firing_id,
    f.source_type, f.source_id, f.occurrence_key, f.voucher_id, f.points_awarded, a.kind AS animation_kind, a.config AS animation_config,
    (SELECT settings FROM messaging_settings WHERE id = 1) AS messaging_settings,
    (SELECT max(t.id) FROM message_templates t WHERE t.source_type = f.source_type AND t.source_id = f.source_id AND t.channel = d.channel) AS template_version,
    ${RECIPIENT_COLUMNS}
  FROM deliveries d JOIN firings f ON f.id = d.firing_id
  LEFT JOIN animations a ON a.id = f.source_id AND f.source_type = 'animation'
  LEFT JOIN customers c ON c.id = d.customer_id LEFT JOIN stores s ON s.id = c.store_id
  WHERE d.id = ?`

const CLAIMABLE_SQL = `status IN (${CLAIMABLE.map((status) => `'${status}'`).join(', ')})`

function* decide(deliveryId: number, now: Date, dialect: string): SqlProgram<Decision> {
  const [row] = yield sql(dialect === 'postgres' ? `${CLAIM_SQL} FOR UPDATE OF d` : CLAIM_SQL, [deliveryId])
  if (!row || !CLAIMABLE.includes(String(row.status))) return { kind: 'nothing' }
  // An early job (the delivery was held to a later slot since): the job for that slot will come.
  if (instantFromDb(row.due_at).getTime() > now.getTime() + 1000) return { kind: 'nothing' }
  const nowDb = dbInstant(now, dialect)
  const settings = settingsFrom((row.messaging_settings as string | null) ?? null)
  const recipient = row.id === null ? null : recipientOf(row)
  const channel = row.channel as Channel
  const skipped = (reason: string) => {
    // Written with the commit: nothing here waits for it.
    return later(`UPDATE deliveries SET status = 'skipped', reason = ?, updated_at = ? WHERE id = ? AND ${CLAIMABLE_SQL}`, [reason, nowDb, deliveryId])
  }
  const reasonToSkip = skipReason(recipient, channel, row.animation_kind === null ? null : String(row.animation_kind))
  if (reasonToSkip) {
    yield skipped(reasonToSkip)
    return { kind: 'skipped' }
  }
  yield* lockCustomer(recipient!.id, dialect)
  if (yield* capReached(recipient!.id, settings, now, dialect)) {
    yield skipped('frequency_cap')
    return { kind: 'skipped' }
  }

  const reason = holdReason(DateTime.fromJSDate(now), channel, settings, recipient!.timezone)
  const slot = reason && nextAllowedSlot(DateTime.fromJSDate(now), channel, settings, recipient!.timezone)
  // A slot less than half a minute away is as good as now.
  if (reason && slot && slot.toMillis() > now.getTime() + 30_000) {
    yield later(`UPDATE deliveries SET status = 'held', reason = ?, due_at = ?, updated_at = ? WHERE id = ? AND ${CLAIMABLE_SQL}`, [reason, dbInstant(slot.toJSDate(), dialect), nowDb, deliveryId])
    return { kind: 'held', until: slot.toJSDate() }
  }

  const unsubscribe = channel === 'email' ? newUnsubscribeToken() : null
  const claimed = yield sql(
    `UPDATE deliveries SET status = 'sending', reason = NULL, attempts = attempts + 1, unsubscribe_hash = ?, updated_at = ? WHERE id = ? AND ${CLAIMABLE_SQL} RETURNING id`,
    [unsubscribe?.hash ?? null, nowDb, deliveryId]
  )
  if (claimed.length === 0) return { kind: 'nothing' }
  return {
    kind: 'claimed',
    claimed: {
      delivery: { id: deliveryId, publicId: String(row.delivery_public_id), channel, firingId: Number(row.firing_id) },
      recipient: recipient!,
      firing: {
        sourceType: String(row.source_type),
        sourceId: Number(row.source_id),
        occurrenceKey: String(row.occurrence_key),
        voucherId: row.voucher_id === null ? null : Number(row.voucher_id),
        pointsAwarded: Number(row.points_awarded),
        animation: row.animation_kind ? { kind: String(row.animation_kind), config: String(row.animation_config) } : null,
      },
      templateVersion: row.template_version === null ? null : Number(row.template_version),
      unsubscribe,
      smsSender: settings.sms_sender,
    },
  }
}

/** The consent an animation kind needs beyond the channel's (a review request, offers chosen from purchase history). */
const PURPOSE_OF_KIND: Record<string, 'reviewRequests' | 'personalisation'> = { review_request: 'reviewRequests', behaviour_rule: 'personalisation' }

function skipReason(recipient: Recipient | null, channel: Channel, animationKind: string | null) {
  if (!recipient || recipient.gone) return 'customer_gone'
  if (recipient.restricted) return 'restricted'
  if (channel === 'email' ? !recipient.email : !recipient.phone) return 'no_address'
  if (channel === 'email' ? !recipient.emailMarketing : !recipient.smsMarketing) return 'no_consent'
  const purpose = animationKind ? PURPOSE_OF_KIND[animationKind] : undefined
  if (purpose && !recipient[purpose]) return 'no_consent'
  return null
}

/** Marketing messages received in the cap's window, or being sent now, count against the cap. */
function* capReached(customerId: number, settings: MessagingSettings, now: Date, dialect: string): SqlProgram<boolean> {
  const since = dbInstant(new Date(now.getTime() - settings.frequency_cap.days * 86_400_000), dialect)
  // Read through the customer's index only: a planner that ORs in the status index walks every
  // delivery ever sent (and the dead entries the sends leave), a cost growing with the whole log.
  const [{ total }] = yield sql(
    `SELECT count(*) AS total FROM deliveries
     WHERE customer_id = ? AND CASE WHEN status = 'sending' THEN 1 WHEN status = 'sent' AND sent_at > ? THEN 1 ELSE 0 END = 1`,
    [customerId, since]
  )
  return Number(total) >= settings.frequency_cap.count
}

/** Composes and hands the message to its transport; records what happened. */
async function handOver(claimed: Claimed, options: { finalAttempt: boolean }): Promise<SendOutcome> {
  const { delivery, recipient, firing } = claimed
  const now = () => new Date()
  const template = await templateFor({ type: firing.sourceType, id: firing.sourceId }, delivery.channel, recipient.locale, claimed.templateVersion)
  if (!template) {
    await fail(delivery.id, 'no_template', now())
    return 'failed'
  }
  const occasion = firing.animation ? valuesFor(firing.animation.kind, parseConfig(firing.animation.config), firing.occurrenceKey, recipient) : {}
  const scope = await mergeScopeFor(recipient, firing, null, occasion, template.uses)
  try {
    const providerId = delivery.channel === 'email' ? await sendEmail(claimed, await composeEmailFor(template, scope, recipient, claimed.unsubscribe!.url)) : await sendSms(claimed, composeSmsFor(template, scope, recipient))
    const sentAt = dbInstant(now(), db.connection().dialect.name)
    await writeAlone(sql(`UPDATE deliveries SET status = 'sent', provider_id = ?, sent_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'`, [providerId.slice(0, 200), sentAt, sentAt, delivery.id]))
    return 'sent'
  } catch (error) {
    const permanent = isPermanent(error)
    if (permanent || options.finalAttempt) {
      await fail(delivery.id, permanent ? 'rejected' : 'transport_error', now())
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

/** A claimed delivery that will not go out. */
function fail(deliveryId: number, reason: string, now: Date) {
  return db
    .from('deliveries')
    .where('id', deliveryId)
    .where('status', 'sending')
    .update({ status: 'failed', reason, updated_at: dbInstant(now, db.connection().dialect.name) })
}
