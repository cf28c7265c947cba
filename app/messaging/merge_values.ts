import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { balancesAndTierOf, type CustomerLoyalty } from '#loyalty/customer_balances'
import { FIELD_GROUPS, scopeFrom, type MergeField, type MergeScope } from '#messaging/templates/merge_fields'
import type { Sender } from '#messaging/email_layout'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { formatMoney } from '#shared/format'
import { read, sql, type Row, type SqlProgram } from '#shared/sql_program'

/** The recipient as a message needs them: contact, consent, language, store. */
export interface Recipient {
  id: number
  publicId: string
  email: string | null
  phone: string | null
  emailMarketing: boolean
  smsMarketing: boolean
  /** Offers chosen from purchase history (behaviour rules) need this consent too. */
  personalisation: boolean
  /** Review requests need this consent too. */
  reviewRequests: boolean
  gone: boolean
  /** Processing restricted (Art. 18): no message at all. */
  restricted: boolean
  locale: 'fr' | 'en'
  storeId: number
  timezone: string
  sender: Sender
  row: Record<string, any>
}

/** What a message reads of its recipient (`customers as c` joined with their `stores as s`). */
export const RECIPIENT_COLUMNS = `c.id, c.public_id, c.first_name, c.last_name, c.card_code, c.referral_code, c.email, c.phone_e164, c.locale,
  c.email_marketing, c.sms_marketing, c.personalisation, c.review_requests, c.birth_day, c.birth_month, c.erased_at, c.merged_into_id, c.restricted_at, c.store_id,
  s.name AS store_name, s.legal_name, s.address_line, s.postal_code, s.city, s.timezone, s.review_url, s.brand_colour`

export async function loadRecipient(customerId: number, client: QueryClientContract = db.connection()): Promise<Recipient | null> {
  const row = await client
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .where('c.id', customerId)
    .select(client.raw(RECIPIENT_COLUMNS))
    .first()
  return row ? recipientOf(row) : null
}

/** A row of RECIPIENT_COLUMNS as a recipient. */
export function recipientOf(row: Record<string, any>): Recipient {
  const locale = row.locale === 'en' ? 'en' : 'fr'
  const address = [row.address_line, [row.postal_code, row.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return {
    id: Number(row.id),
    publicId: row.public_id,
    email: row.email,
    phone: row.phone_e164,
    emailMarketing: Boolean(row.email_marketing),
    smsMarketing: Boolean(row.sms_marketing),
    personalisation: Boolean(row.personalisation),
    reviewRequests: Boolean(row.review_requests),
    gone: row.erased_at !== null || row.merged_into_id !== null,
    restricted: row.restricted_at !== null && row.restricted_at !== undefined,
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
 * language and the store's time. Only the groups in `uses` that need a
 * query are read (a message reads what its template names).
 */
export async function mergeScopeFor(
  recipient: Recipient,
  firing: { voucherId: number | null; pointsAwarded: number },
  /** A preview's voucher: the reward's terms with a sample code (nothing is issued). */
  sampleVoucher?: { code: string; kind: string; value_cents: number | null; percent: number | null; product_label: string | null; expires_at: Date } | null,
  /** The fields only this occasion fills (animations/occasion_values.ts); they take precedence. */
  occasion: Partial<Record<MergeField, string | number | null>> = {},
  uses: ReadonlySet<string> = FIELD_GROUPS
): Promise<MergeScope> {
  const { row, locale, timezone } = recipient
  const now = dbInstant(new Date(), db.connection().dialect.name)
  const { loyalty, voucher, expiring } = await read(valuesToRead(recipient, firing, uses, now))
  const shownVoucher = voucher ?? (uses.has('voucher') ? (sampleVoucher ?? null) : null)
  // Validity ends at a local midnight: the last day it can be used is the one before.
  const day = (value: unknown) =>
    DateTime.fromMillis(instantFromDb(value).getTime() - 1, { zone: timezone }).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString(DateTime.DATE_FULL)
  return scopeFrom({
    'customer.first_name': row.first_name,
    'customer.last_name': row.last_name,
    'customer.card_code': row.card_code,
    'customer.referral_code': row.referral_code,
    'balance.points': loyalty?.balances.points,
    'balance.stamps': loyalty?.balances.stamps,
    'balance.cashback': loyalty && formatMoney(loyalty.balances.cashback_cents, 'EUR', locale),
    'tier.name': loyalty?.tier?.name,
    'voucher.code': shownVoucher?.code as string | undefined,
    'voucher.value': shownVoucher ? voucherValue(shownVoucher as Parameters<typeof voucherValue>[0], locale) : null,
    'voucher.expires_on': shownVoucher ? day(shownVoucher.expires_at) : null,
    'points.expiring': expiring?.points,
    'points.expires_on': expiring ? day(expiring.at) : null,
    'reward.points': firing.pointsAwarded || null,
    'store.name': row.store_name,
    'store.city': row.city,
    'links.review': row.review_url,
    ...occasion,
  })
}

/** The values that need a query, for the groups used: one read program (SQLite: synchronous, prepared). */
function* valuesToRead(recipient: Recipient, firing: { voucherId: number | null }, uses: ReadonlySet<string>, now: string): SqlProgram<{
  loyalty: Omit<CustomerLoyalty, 'vouchers'> | null
  voucher: Row | null
  expiring: { points: number; at: unknown } | null
}> {
  const loyalty = uses.has('balance') || uses.has('tier') ? yield* balancesAndTierOf(recipient.id, recipient.storeId) : null
  const voucher = firing.voucherId && uses.has('voucher') ? ((yield sql('SELECT code, kind, value_cents, percent, product_label, expires_at FROM vouchers WHERE id = ?', [firing.voucherId]))[0] ?? null) : null
  const expiring = uses.has('points') ? yield* nextPointsExpiry(recipient.id, recipient.storeId, now) : null
  return { loyalty, voucher, expiring }
}

export function voucherValue(voucher: { kind: string; value_cents: unknown; percent: unknown; product_label: string | null }, locale: string) {
  if (voucher.kind === 'percent') return locale === 'en' ? `${voucher.percent}% off` : `${voucher.percent} % de réduction`
  if (voucher.kind === 'product') return voucher.product_label ?? ''
  return formatMoney(Number(voucher.value_cents), 'EUR', locale)
}

function* nextPointsExpiry(customerId: number, storeId: number, now: string): SqlProgram<{ points: number; at: unknown } | null> {
  const rows = yield sql(
    `SELECT o.remaining, o.expires_at FROM ledger_open_items o
     JOIN loyalty_accounts a ON a.id = o.account_id JOIN loyalty_programs p ON p.id = a.program_id
     WHERE a.customer_id = ? AND p.status = 'active' AND (p.store_id IS NULL OR p.store_id = ?)
       AND o.unit = 'points' AND o.side = 'credit' AND o.expires_at > ?
     ORDER BY o.expires_at LIMIT 50`,
    [customerId, storeId, now]
  )
  if (rows.length === 0) return null
  const first = instantFromDb(rows[0].expires_at).getTime()
  const points = rows.filter((lot) => instantFromDb(lot.expires_at).getTime() === first).reduce((sum, lot) => sum + Number(lot.remaining), 0)
  return { points, at: rows[0].expires_at }
}
