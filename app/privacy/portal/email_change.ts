import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import { appUrl } from '#config/app'
import Customer from '#customers/models/customer'
import { refuseDuplicates } from '#customers/enrol_customer'
import { DuplicateCustomerError } from '#customers/errors'
import { isUniqueViolation } from '#privacy/portal/rectify_profile'
import { sendServiceMail } from '#privacy/service_mail'
import { audit } from '#shared/audit'
import { dbInstant, dbTimestamp, instantFromDb } from '#shared/db_time'
import { recordEvent } from '#shared/outbox'
import { hashSecretToken, newSecretToken } from '#shared/secret_token'

/**
 * A changed e-mail address is not applied until the new address confirms
 * it: a link (256-bit token, only its hash kept, single use, 24 hours) is
 * mailed there, and the old address is told that a change was asked (so
 * a stolen session cannot quietly move the account). Confirming checks
 * again that no other customer has the address meanwhile.
 */
export const EMAIL_CHANGE_HOURS = 24
export const EMAIL_CHANGE_TOKEN = /^[A-Za-z0-9_-]{43}$/

export type EmailChangeOutcome = { kind: 'invalid' } | { kind: 'taken' } | { kind: 'done'; email: string }

const now = () => dbInstant(new Date(), db.connection().dialect.name)

/** Mails the link to `newEmail` and the notice to the current address; false when the link could not be sent (nothing kept). */
export async function requestEmailChange(customerId: number, newEmail: string, ip: string | null): Promise<boolean> {
  const customer = await db.from('customers as c').join('stores as s', 's.id', 'c.store_id').where('c.id', customerId).select('c.email', 'c.first_name', 'c.locale', 's.name as store_name').firstOrFail()
  const link = newSecretToken(32)
  const created = new Date()
  const dialect = db.connection().dialect.name
  // One live change per customer: a new request replaces the older ones.
  await db.transaction(async (trx) => {
    await trx.from('portal_email_changes').where('customer_id', customerId).delete()
    await trx.table('portal_email_changes').insert({ customer_id: customerId, new_email: newEmail, token_hash: link.hash, ip, expires_at: dbInstant(new Date(created.getTime() + EMAIL_CHANGE_HOURS * 3_600_000), dialect), created_at: dbInstant(created, dialect) })
  })
  const mail = { locale: customer.locale === 'en' ? 'en' : 'fr', storeName: customer.store_name, firstName: customer.first_name }
  try {
    await sendServiceMail({ ...mail, to: newEmail, subjectKey: 'portal_profile.mail.confirm_subject', bodyKey: 'portal_profile.mail.confirm_body', ctaKey: 'portal_profile.mail.confirm_cta', link: `${appUrl}/portal/email-change/${link.token}` })
  } catch (error) {
    logger.warn({ err: error }, 'portal e-mail change: the confirmation could not be sent')
    await db.from('portal_email_changes').where('token_hash', link.hash).delete()
    return false
  }
  if (customer.email) await sendNotice(customer.email, newEmail, mail)
  return true
}

/** The old address learns that a change was asked (the new one half hidden), not where exactly. */
async function sendNotice(to: string, newEmail: string, mail: { locale: string; storeName: string; firstName: string | null }) {
  await sendServiceMail({ ...mail, to, subjectKey: 'portal_profile.mail.notice_subject', bodyKey: 'portal_profile.mail.notice_body', ctaKey: 'portal_profile.mail.notice_cta', link: `${appUrl}/portal`, extra: { address: maskEmail(newEmail) } }).catch(
    (error) => logger.warn({ err: error }, 'portal e-mail change: the notice to the old address could not be sent')
  )
}

/** "m***@example.fr": enough to recognise one's own address, not to learn someone else's. */
export function maskEmail(email: string) {
  const [local, domain] = email.split('@')
  return `${local.slice(0, 1)}***@${domain}`
}

/** The customer's change waiting for confirmation, if any (for the profile page). */
export async function pendingEmailChangeOf(customerId: number) {
  const row = await db.from('portal_email_changes').where('customer_id', customerId).where('expires_at', '>', now()).select('new_email', 'expires_at').first()
  return row ? { email: row.new_email as string, expiresAt: DateTime.fromJSDate(instantFromDb(row.expires_at)) } : null
}

/** The live change a link names (its page asks before applying: mail scanners open links). */
export async function liveEmailChange(token: string) {
  if (!EMAIL_CHANGE_TOKEN.test(token)) return null
  const row = await liveChanges(db.from('portal_email_changes as x'), token).select('x.new_email', 's.name as store_name').first()
  return row ? { email: row.new_email as string, storeName: row.store_name as string } : null
}

function liveChanges<Q extends ReturnType<typeof db.from>>(query: Q, token: string) {
  return query
    .join('customers as c', 'c.id', 'x.customer_id')
    .join('stores as s', 's.id', 'c.store_id')
    .where('x.token_hash', hashSecretToken(token))
    .where('x.expires_at', '>', now())
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
}

class AddressTaken extends Error {}

/**
 * Applies a confirmed change, once: the request that deletes the row wins.
 * If another customer has the address by now, nothing changes (the link
 * stays as it was). Audit, event and the last contact as any correction.
 */
export async function confirmEmailChange(token: string, ip: string | null): Promise<EmailChangeOutcome> {
  if (!EMAIL_CHANGE_TOKEN.test(token)) return { kind: 'invalid' }
  try {
    return await db.transaction(async (trx) => {
      const row = await liveChanges(trx.from('portal_email_changes as x'), token).select('x.id', 'x.customer_id', 'x.new_email').first()
      if (!row || Number(await trx.from('portal_email_changes').where('id', row.id).delete()) !== 1) return { kind: 'invalid' } as const
      const customer = await Customer.query({ client: trx }).where('id', row.customer_id).firstOrFail()
      await refuseDuplicates({ email: row.new_email }, trx, customer.id).catch((error) => {
        throw error instanceof DuplicateCustomerError ? new AddressTaken() : error
      })
      customer.email = row.new_email
      await customer.useTransaction(trx).save()
      await trx.from('customers').where('id', customer.id).update({ last_contact_at: dbTimestamp(DateTime.utc(), trx) })
      await audit({ staffMemberId: null, action: 'customer.rectified', subjectType: 'customer', subjectId: customer.publicId, details: { fields: ['email'] }, ip }, trx)
      await recordEvent(trx, 'customer.updated', { customer_id: customer.publicId })
      return { kind: 'done', email: row.new_email as string } as const
    })
  } catch (error) {
    if (error instanceof AddressTaken || isUniqueViolation(error)) return { kind: 'taken' }
    throw error
  }
}
