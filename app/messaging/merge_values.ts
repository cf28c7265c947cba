import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { customerLoyaltyOf } from '#loyalty/customer_balances'
import { scopeFrom, type MergeField, type MergeScope } from '#messaging/templates/merge_fields'
import type { Sender } from '#messaging/email_layout'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { formatMoney } from '#shared/format'
import { runOn } from '#shared/sql_program'

/** The recipient as a message needs them: contact, consent, language, store. */
export interface Recipient {
  id: number
  publicId: string
  email: string | null
  phone: string | null
  emailMarketing: boolean
  smsMarketing: boolean
  gone: boolean
  locale: 'fr' | 'en'
  storeId: number
  timezone: string
  sender: Sender
  row: Record<string, any>
}

export async function loadRecipient(customerId: number, client: QueryClientContract = db.connection()): Promise<Recipient | null> {
  const row = await client
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.id', customerId)
    .select(
      'c.id', 'c.public_id', 'c.first_name', 'c.last_name', 'c.card_code', 'c.referral_code', 'c.email', 'c.phone_e164', 'c.locale',
      'c.email_marketing', 'c.sms_marketing', 'c.birth_day', 'c.birth_month', 'c.erased_at', 'c.merged_into_id', 'c.store_id',
      's.name as store_name', 's.legal_name', 's.address_line', 's.postal_code', 's.city', 's.timezone', 's.review_url', 's.brand_colour'
    )
    .first()
  if (!row) return null
  const locale = row.locale === 'en' ? 'en' : 'fr'
  const address = [row.address_line, [row.postal_code, row.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return {
    id: Number(row.id),
    publicId: row.public_id,
    email: row.email,
    phone: row.phone_e164,
    emailMarketing: Boolean(row.email_marketing),
    smsMarketing: Boolean(row.sms_marketing),
    gone: row.erased_at !== null || row.merged_into_id !== null,
    locale,
    storeId: Number(row.store_id),
    timezone: row.timezone,
    sender: { storeName: row.store_name, legalName: row.legal_name, address: address || null, colour: row.brand_colour ?? '#6b4226', locale },
    row,
  }
}

/**
 * The merge fields' values for one recipient and firing: names, balances
 * and tier in the store's first programme, the firing's voucher, the next
 * points to expire, the store and its links — formatted in the customer's
 * language and the store's time.
 */
export async function mergeScopeFor(
  recipient: Recipient,
  firing: { voucherId: number | null; pointsAwarded: number },
  /** A preview's voucher: the reward's terms with a sample code (nothing is issued). */
  sampleVoucher?: { code: string; kind: string; value_cents: number | null; percent: number | null; product_label: string | null; expires_at: Date } | null,
  /** The fields only this occasion fills (animations/occasion_values.ts); they take precedence. */
  occasion: Partial<Record<MergeField, string | number | null>> = {}
): Promise<MergeScope> {
  const { row, locale, timezone } = recipient
  const client = db.connection()
  const now = dbInstant(new Date(), client.dialect.name)
  const loyalty = await runOn(client, customerLoyaltyOf(recipient.id, recipient.storeId, now))
  const voucher = firing.voucherId ? await db.from('vouchers').where('id', firing.voucherId).first() : (sampleVoucher ?? null)
  const expiring = await nextPointsExpiry(recipient.id, recipient.storeId, now)
  // Validity ends at a local midnight: the last day it can be used is the one before.
  const day = (value: unknown) =>
    DateTime.fromMillis(instantFromDb(value).getTime() - 1, { zone: timezone }).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_FULL)
  return scopeFrom({
    'customer.first_name': row.first_name,
    'customer.last_name': row.last_name,
    'customer.card_code': row.card_code,
    'customer.referral_code': row.referral_code,
    'balance.points': loyalty.balances.points,
    'balance.stamps': loyalty.balances.stamps,
    'balance.cashback': formatMoney(loyalty.balances.cashback_cents, 'EUR', locale),
    'tier.name': loyalty.tier?.name,
    'voucher.code': voucher?.code,
    'voucher.value': voucher ? voucherValue(voucher, locale) : null,
    'voucher.expires_on': voucher ? day(voucher.expires_at) : null,
    'points.expiring': expiring?.points,
    'points.expires_on': expiring ? day(expiring.at) : null,
    'reward.points': firing.pointsAwarded || null,
    'store.name': row.store_name,
    'store.city': row.city,
    'links.review': row.review_url,
    ...occasion,
  })
}

export function voucherValue(voucher: { kind: string; value_cents: unknown; percent: unknown; product_label: string | null }, locale: string) {
  if (voucher.kind === 'percent') return locale === 'en' ? `${voucher.percent}% off` : `${voucher.percent} % de réduction`
  if (voucher.kind === 'product') return voucher.product_label ?? ''
  return formatMoney(Number(voucher.value_cents), 'EUR', locale)
}

async function nextPointsExpiry(customerId: number, storeId: number, now: string) {
  const rows = await db
    .from('ledger_open_items as o')
    .join('loyalty_accounts as a', 'a.id', 'o.account_id')
    .join('loyalty_programs as p', 'p.id', 'a.program_id')
    .where('a.customer_id', customerId)
    .where('p.status', 'active')
    .where((query) => query.whereNull('p.store_id').orWhere('p.store_id', storeId))
    .where('o.unit', 'points')
    .where('o.side', 'credit')
    .where('o.expires_at', '>', now)
    .orderBy('o.expires_at')
    .limit(50)
    .select('o.remaining', 'o.expires_at')
  if (rows.length === 0) return null
  const first = instantFromDb(rows[0].expires_at).getTime()
  const points = rows.filter((lot) => instantFromDb(lot.expires_at).getTime() === first).reduce((sum, lot) => sum + Number(lot.remaining), 0)
  return { points, at: rows[0].expires_at }
}
