import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { CONSENT_PURPOSES, type ConsentPurpose } from '#customers/models/consent_record'

/** The signed-in customer's public id in the (encrypted cookie) session; staff sessions are separate. */
export const PORTAL_SESSION_KEY = 'portal_customer'

export interface PortalCustomer {
  id: number
  publicId: string
  firstName: string | null
  cardCode: string
  storeId: number
  storeName: string
  storeSlug: string
  timezone: string
  locale: string
  hasEmail: boolean
  hasPhone: boolean
  birth: { year: number; month: number; day: number } | null
  consents: Record<ConsentPurpose, boolean>
}

/** The customer this session belongs to, if still here (an erased or merged customer is signed out). */
export async function portalCustomerOf({ session }: HttpContext): Promise<PortalCustomer | null> {
  const publicId = session.get(PORTAL_SESSION_KEY)
  if (typeof publicId !== 'string') return null
  const row = await db
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.public_id', publicId)
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .select('c.id', 'c.public_id', 'c.first_name', 'c.card_code', 'c.store_id', 'c.locale', 'c.email', 'c.phone_e164', 'c.birth_year', 'c.birth_month', 'c.birth_day', 'c.email_marketing', 'c.sms_marketing', 'c.personalisation', 'c.review_requests', 's.name as store_name', 's.slug as store_slug', 's.timezone')
    .first()
  if (!row) {
    session.forget(PORTAL_SESSION_KEY)
    return null
  }
  return {
    id: Number(row.id),
    publicId: row.public_id,
    firstName: row.first_name,
    cardCode: row.card_code,
    storeId: Number(row.store_id),
    storeName: row.store_name,
    storeSlug: row.store_slug,
    timezone: row.timezone,
    locale: row.locale,
    hasEmail: Boolean(row.email),
    hasPhone: Boolean(row.phone_e164),
    birth: row.birth_year && row.birth_month && row.birth_day ? { year: Number(row.birth_year), month: Number(row.birth_month), day: Number(row.birth_day) } : null,
    consents: Object.fromEntries(CONSENT_PURPOSES.map((purpose) => [purpose, Boolean(row[purpose])])) as Record<ConsentPurpose, boolean>,
  }
}
