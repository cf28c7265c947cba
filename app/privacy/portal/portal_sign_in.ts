import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { appUrl } from '#config/app'
import { normalizeEmail } from '#customers/identifier'
import { sendServiceMail } from '#privacy/service_mail'
import { dbInstant } from '#shared/db_time'
import { hashSecretToken, newSecretToken } from '#shared/secret_token'

export const SIGN_IN_MINUTES = 10
/** Wrong codes allowed for one sign-in before it is spent. */
export const MAX_CODE_ATTEMPTS = 5
export const SIGN_IN_TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * A 6-digit code can be tried offline in a million guesses: the database
 * keeps an HMAC keyed with the app key (and salted with the sign-in's own
 * link hash), so a stolen copy of it does not give the codes away.
 */
function codeHash(linkHash: string, code: string) {
  return createHmac('sha256', env.get('APP_KEY')).update(`${linkHash}:${code}`).digest('hex')
}

/** Customers a portal may open for an address: still here, not merged into another. */
function reachableByEmail(email: string) {
  return db.from('customers as c').where('c.email', normalizeEmail(email)).whereNull('c.erased_at').whereNull('c.merged_into_id')
}

/**
 * Mails a sign-in code and link to the customer with this address, if any
 * (not erased). The caller answers the same either way: nobody learns from
 * the portal who is a customer.
 */
export async function requestSignIn(email: string, request: { ip: string | null }): Promise<void> {
  const customer = await reachableByEmail(email).join('stores as s', 's.id', 'c.store_id').select('c.id', 'c.email', 'c.first_name', 'c.locale', 's.name as store_name').first()
  if (!customer) return
  const dialect = db.connection().dialect.name
  const now = new Date()
  const link = newSecretToken(32)
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  // One live sign-in per customer: a new request spends the older ones.
  await db.from('portal_sign_ins').where('customer_id', customer.id).whereNull('used_at').update({ used_at: dbInstant(now, dialect) })
  await db.table('portal_sign_ins').insert({
    customer_id: customer.id,
    link_hash: link.hash,
    code_hash: codeHash(link.hash, code),
    attempts: 0,
    ip: request.ip,
    expires_at: dbInstant(new Date(now.getTime() + SIGN_IN_MINUTES * 60_000), dialect),
    created_at: dbInstant(now, dialect),
  })
  await sendServiceMail({
    to: customer.email,
    locale: customer.locale === 'en' ? 'en' : 'fr',
    storeName: customer.store_name,
    subjectKey: 'privacy.mail.sign_in_subject',
    bodyKey: 'privacy.mail.sign_in_body',
    ctaKey: 'privacy.mail.sign_in_cta',
    firstName: customer.first_name,
    link: `${appUrl}/portal/sign-in/${link.token}`,
    extra: { code },
  })
}

/** The customer a code opens: the live sign-in of that address, the code right, within its attempts. */
export async function signInWithCode(email: string, code: string): Promise<number | null> {
  const dialect = db.connection().dialect.name
  const now = dbInstant(new Date(), dialect)
  const live = await reachableByEmail(email)
    .join('portal_sign_ins as p', 'p.customer_id', 'c.id')
    .whereNull('p.used_at')
    .where('p.expires_at', '>', now)
    .select('p.id', 'p.customer_id', 'p.link_hash', 'p.code_hash', 'p.attempts')
    .first()
  if (!live) return null
  const expected = Buffer.from(String(live.code_hash), 'hex')
  const given = Buffer.from(codeHash(String(live.link_hash), code), 'hex')
  if (expected.length === given.length && timingSafeEqual(expected, given)) return spend(Number(live.id), Number(live.customer_id))
  // Each wrong guess counts; the last one allowed spends the sign-in.
  const attempts = Number(live.attempts) + 1
  await db.from('portal_sign_ins').where('id', live.id).update({ attempts, ...(attempts >= MAX_CODE_ATTEMPTS ? { used_at: now } : {}) })
  return null
}

/** The customer a mailed link opens (once, within its minutes). */
export async function signInWithLink(token: string): Promise<number | null> {
  const live = await liveLink(token)
  return live ? spend(live.id, live.customerId) : null
}

/** Whether a link is still good (its page asks before spending it: mail scanners open links). */
export async function liveLink(token: string) {
  const row = await db
    .from('portal_sign_ins')
    .where('link_hash', hashSecretToken(token))
    .whereNull('used_at')
    .where('expires_at', '>', dbInstant(new Date(), db.connection().dialect.name))
    .select('id', 'customer_id')
    .first()
  return row ? { id: Number(row.id), customerId: Number(row.customer_id) } : null
}

/** Single use: only the request that marks it used signs in (two at once: one wins). */
async function spend(signInId: number, customerId: number) {
  const used = await db.from('portal_sign_ins').where('id', signInId).whereNull('used_at').update({ used_at: dbInstant(new Date(), db.connection().dialect.name) })
  return Number(used) === 1 ? customerId : null
}
