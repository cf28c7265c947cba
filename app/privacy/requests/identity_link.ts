import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import { sendServiceMail } from '#privacy/service_mail'
import { dbTimestamp } from '#shared/db_time'
import { hashSecretToken, newSecretToken } from '#shared/secret_token'
import { addStep, requestFromRow, verifyIdentity, type Actor, type PrivacyRequestRow } from '#privacy/requests/privacy_requests'
import { answerRecipientOf } from '#privacy/requests/apply_rights'
import i18nManager from '@adonisjs/i18n/services/main'

/** A link token: 256 bits, URL-safe (43 characters). */
export const IDENTITY_TOKEN = /^[A-Za-z0-9_-]{43}$/
const LINK_DAYS = 7

/**
 * Control of the e-mail address (R21): for a request that came by e-mail
 * or letter, a link goes to the address the customer has on file; opening
 * it asks, confirming marks the identity checked. No ID document needed.
 * A new link replaces the previous one. False when there is no address.
 */
export async function sendIdentityLink(request: PrivacyRequestRow, actor: Actor) {
  if (!request.customerId) return false
  const recipient = await answerRecipientOf(request.customerId)
  if (!recipient?.email) return false
  const { token, hash } = newSecretToken(32)
  const now = DateTime.utc()
  await db
    .from('privacy_requests')
    .where('id', request.id)
    .update({ identity_token_hash: hash, identity_token_expires_at: dbTimestamp(now.plus({ days: LINK_DAYS })), updated_at: dbTimestamp(now) })
  const i18n = i18nManager.locale(recipient.locale)
  await sendServiceMail({
    to: recipient.email,
    locale: recipient.locale,
    storeName: recipient.storeName,
    subjectKey: 'privacy_requests.identity_mail.subject',
    bodyKey: 'privacy_requests.identity_mail.body',
    ctaKey: 'privacy_requests.identity_mail.cta',
    firstName: recipient.firstName,
    link: `${appUrl}/privacy/requests/confirm/${token}`,
    extra: { type: i18n.t(`privacy_requests.types.${request.type}`) },
  })
  await addStep(db.connection(), request.id, 'identity_link_sent', actor)
  return true
}

/** The open request a live link names, or null (unknown, used, expired). */
export async function requestOfIdentityLink(token: string) {
  if (!IDENTITY_TOKEN.test(token)) return null
  const row = await db
    .from('privacy_requests')
    .where('identity_token_hash', hashSecretToken(token))
    .where('identity_token_expires_at', '>', dbTimestamp(DateTime.utc()))
    .whereIn('status', ['received', 'awaiting_identity', 'in_progress'])
    .first()
  return row ? requestFromRow(row) : null
}

/** Confirms once: the token is spent, the identity checked by control of the address. */
export async function confirmIdentityLink(token: string, ip: string | null) {
  const request = await requestOfIdentityLink(token)
  if (!request) return null
  const spent = await db.from('privacy_requests').where('id', request.id).where('identity_token_hash', hashSecretToken(token)).update({ identity_token_hash: null, identity_token_expires_at: null })
  if (Number(spent) === 0) return null
  await verifyIdentity(request, 'email_control', 'link confirmed from the address on file', { staffMemberId: null, ip })
  return request
}
