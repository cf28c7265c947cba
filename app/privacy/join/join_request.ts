import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import type { JoinPurpose } from '#privacy/consent_wording'
import { sendServiceMail } from '#privacy/service_mail'
import { dbInstant } from '#shared/db_time'
import { newSecretToken } from '#shared/secret_token'

export const JOIN_LINK_HOURS = 24
/** 256 random bits, URL-safe (newSecretToken(32)). */
export const JOIN_TOKEN = /^[A-Za-z0-9_-]{43}$/

/** What a person typed on the join page, kept until they confirm from their mailbox. */
export interface JoinDetails {
  firstName: string | null
  email: string
  phoneE164: string | null
  birthDay: number | null
  birthMonth: number | null
  birthYear: number | null
  locale: 'fr' | 'en'
  /** The boxes ticked, each with the version of the words shown next to it. */
  choices: Array<{ purpose: JoinPurpose; version: string }>
  /** Where and when the form was sent (the confirmation's click brings its own). */
  submitted: { at: string; ip: string | null; userAgent: string | null }
}

export class JoinMailFailed extends Error {}

/**
 * Keeps a join under the SHA-256 of a new link token and mails the link
 * (a service message, not marketing). The answer is the same whether or
 * not the address already has a card: only its mailbox learns which.
 * The mail failing: the request goes too, so trying again starts afresh.
 */
export async function requestJoin(store: { id: number; name: string }, details: JoinDetails): Promise<void> {
  const { token, hash } = newSecretToken(32)
  const now = new Date()
  const dialect = db.connection().dialect.name
  // What nobody confirmed in time goes first: nothing typed waits longer than its link lives.
  await db.from('join_requests').where('expires_at', '<', dbInstant(now, dialect)).delete()
  await db.table('join_requests').insert({
    store_id: store.id,
    token_hash: hash,
    email: details.email,
    details: JSON.stringify(details),
    expires_at: dbInstant(new Date(now.getTime() + JOIN_LINK_HOURS * 3_600_000), dialect),
    created_at: dbInstant(now, dialect),
  })
  try {
    await sendServiceMail({
      to: details.email,
      locale: details.locale,
      storeName: store.name,
      subjectKey: 'privacy.mail.join_subject',
      bodyKey: 'privacy.mail.join_body',
      ctaKey: 'privacy.mail.join_cta',
      firstName: details.firstName,
      link: `${appUrl}/join/confirm/${token}`,
    })
  } catch (error) {
    await db.from('join_requests').where('token_hash', hash).delete()
    throw new JoinMailFailed((error as Error).message)
  }
}
