import db from '@adonisjs/lucid/services/db'
import { changeMarketingConsent } from '#privacy/change_consent'
import { hashUnsubscribeToken, UNSUBSCRIBE_TOKEN } from '#messaging/unsubscribe_token'

export interface UnsubscribeTarget {
  customerId: number
  deliveryPublicId: string
  storeName: string
  locale: 'fr' | 'en'
  maskedEmail: string
  subscribed: boolean
}

/** Who a token names, or null (unknown, malformed, or the customer is gone). Reads only. */
export async function findUnsubscribeTarget(token: string): Promise<UnsubscribeTarget | null> {
  if (!UNSUBSCRIBE_TOKEN.test(token)) return null
  const row = await db
    .from('deliveries as d')
    .join('customers as c', 'c.id', 'd.customer_id')
    .join('stores as s', 's.id', 'c.store_id')
    .where('d.unsubscribe_hash', hashUnsubscribeToken(token))
    .whereNull('c.erased_at')
    .select('c.id', 'c.email', 'c.locale', 'c.email_marketing', 'd.public_id', 's.name as store_name')
    .first()
  if (!row || !row.email) return null
  return {
    customerId: Number(row.id),
    deliveryPublicId: row.public_id,
    storeName: row.store_name,
    locale: row.locale === 'en' ? 'en' : 'fr',
    maskedEmail: maskEmail(row.email),
    subscribed: Boolean(row.email_marketing),
  }
}

/**
 * Withdraws e-mail marketing consent at once (RFC 8058 one-click, or the
 * confirmation page's button): a `withdrawn` consent record naming the
 * message, and the customer's flag off — messages already queued check it
 * when they are sent, so none of them goes out. Twice: no second record.
 */
export async function unsubscribe(target: UnsubscribeTarget, web: { ip: string | null; userAgent: string | null }) {
  await changeMarketingConsent({ customerId: target.customerId, purpose: 'email_marketing', granted: false, source: 'unsubscribe', evidence: `message ${target.deliveryPublicId}`, ip: web.ip, userAgent: web.userAgent })
}

/** "marie.dupont@exemple.fr" → "m…t@exemple.fr": enough to recognise, not to harvest. */
export function maskEmail(email: string) {
  const [local, domain] = email.split('@')
  if (!domain) return '…'
  return local.length <= 2 ? `${local[0]}…@${domain}` : `${local[0]}…${local[local.length - 1]}@${domain}`
}
