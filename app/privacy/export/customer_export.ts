import { instantFromDb } from '#shared/db_time'

/**
 * The shape of an access and portability export (Art. 15 and 20), format
 * `comptoir.customer-export/1`: everything held about one customer, named
 * by public ids only (internal row ids never leave the database). Money is
 * integer cents, instants are ISO 8601 in UTC. Nothing here names another
 * person: no staff member, no referee, no other customer merged away.
 * A change that removes or renames a field is a new format version.
 */
export const EXPORT_FORMAT = 'comptoir.customer-export/1'

export type Instant = string

export interface CustomerExport {
  format: typeof EXPORT_FORMAT
  generated_at: Instant
  locale: string
  customer: ExportedProfile
  tags: string[]
  loyalty_accounts: ExportedAccount[]
  ledger_entries: ExportedLedgerEntry[]
  vouchers: ExportedVoucher[]
  redemptions: ExportedRedemption[]
  purchases: ExportedPurchase[]
  consents: { current: { email_marketing: boolean; sms_marketing: boolean; personalisation: boolean; review_requests: boolean }; history: ExportedConsent[] }
  messages: ExportedMessage[]
  rights_requests: ExportedRightsRequest[]
  referrals: { referred_by_a_member: boolean; customers_referred: number }
  portal: { sign_ins: Array<{ created_at: Instant; used_at: Instant | null; ip: string | null }>; pending_email_change: { new_email: string; created_at: Instant; expires_at: Instant } | null }
  notice: ExportedNotice
}

export interface ExportedProfile {
  id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  birth_day: number | null
  birth_month: number | null
  birth_year: number | null
  locale: string
  store: { id: string; name: string }
  card_code: string
  referral_code: string
  /** How the data reached us: till, api, import, admin, join (the person themself) or seed. */
  source: string
  created_at: Instant
  restricted_at: Instant | null
  last_contact_at: Instant | null
  portal_seen_at: Instant | null
  activity: { total_spent_cents: number; visit_count: number; last_purchase_at: Instant | null }
}

export interface ExportedAccount {
  program: { id: string; name: string }
  points: number
  stamps: number
  cashback_cents: number
  tier: string | null
  tier_floor: string | null
  tier_since: Instant | null
  created_at: Instant
}

export interface ExportedLedgerEntry {
  id: string
  program_id: string
  unit: string
  kind: string
  amount: number
  expires_at: Instant | null
  available_at: Instant | null
  /** What caused it; the id only when it names one of this customer's own records, an animation or a reward. */
  cause: { type: string; id: string | null }
  reason: string | null
  occurred_at: Instant
}

export interface ExportedVoucher {
  id: string
  code: string
  program_id: string | null
  reward: string | null
  source: string
  kind: string
  value_cents: number | null
  percent: number | null
  product_label: string | null
  product_sku: string | null
  status: string
  issued_at: Instant
  expires_at: Instant
  redeemed_at: Instant | null
}

export interface ExportedRedemption {
  id: string
  store: string
  kind: string
  voucher_code: string | null
  reward: string | null
  purchase_id: string | null
  units: number
  discount_cents: number | null
  discount_percent: number | null
  product_label: string | null
  status: string
  created_at: Instant
}

export interface ExportedPurchase {
  id: string
  store: { id: string; name: string }
  occurred_at: Instant
  total_cents: number
  currency: string
  reference: string | null
  source: string
  lines: Array<{ position: number; sku: string; name: string; category: string | null; quantity: number; unit_price_cents: number; total_cents: number }>
  /** Vouchers, rewards, points or cashback used on this purchase. */
  discounts: Array<{ redemption_id: string; kind: string; voucher_code: string | null; units: number; discount_cents: number | null; discount_percent: number | null; product_label: string | null; status: string }>
  refunds: Array<{ id: string; amount_cents: number; occurred_at: Instant; lines: Array<{ position: number; sku: string | null; name: string | null; quantity: number; amount_cents: number }> }>
}

export interface ExportedConsent {
  purpose: string
  decision: string
  source: string
  notice_version: string | null
  evidence: string | null
  ip: string | null
  user_agent: string | null
  recorded_at: Instant
}

export interface ExportedMessage {
  id: string
  /** animation or campaign */
  sent_by: string
  name: string | null
  channel: string
  status: string
  reason: string | null
  created_at: Instant
  sent_at: Instant | null
}

export interface ExportedRightsRequest {
  id: string
  type: string
  channel: string
  status: string
  details: string | null
  received_at: Instant
  due_at: Instant
  extension_reason: string | null
  extended_at: Instant | null
  identity_method: string | null
  identity_checked_at: Instant | null
  answer: string | null
  closed_at: Instant | null
  steps: Array<{ action: string; note: string | null; at: Instant }>
}

export interface ExportedNotice {
  controller: { name: string; address: string; email: string; contact: string }
  activities: Array<{
    code: string
    name: string
    purpose: string
    legal_bases: Array<{ code: string; label: string }>
    basis_detail: string
    data: string[]
    recipients: string[]
    transfers: string[]
    retention: Array<{ category: string; months: number; text: string }>
  }>
  processors: Array<{ name: string; service: string; purpose: string; country: string; outside_eea: boolean; safeguards: string | null }>
  rights: Array<{ code: string; text: string }>
  how_to_exercise: string
  complaint: { authority: string; url: string; text: string }
  data_source: { code: string; text: string }
}

/** A timestamp from a raw row (Date on Postgres, UTC text on SQLite) as ISO 8601 UTC. */
export function instant(value: unknown): Instant {
  return instantFromDb(value).toISOString()
}

export function instantOrNull(value: unknown): Instant | null {
  return value === null || value === undefined ? null : instant(value)
}

/** bigint columns come back as text from Postgres. */
export function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value)
}
