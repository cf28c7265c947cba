import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import { loyaltyOf } from '#privacy/export/export_loyalty'
import { purchasesOf } from '#privacy/export/export_purchases'
import { noticeFor } from '#privacy/export/export_notice'
import {
  EXPORT_FORMAT,
  instant,
  instantOrNull,
  numberOrNull,
  type CustomerExport,
  type ExportedConsent,
  type ExportedMessage,
  type ExportedProfile,
  type ExportedRightsRequest,
} from '#privacy/export/customer_export'

/** Nobody to export: no such customer, erased, or merged into another (whose export holds the data). */
export class ExportSubjectMissing extends Exception {
  static status = 404
  static code = 'E_EXPORT_SUBJECT_MISSING'
}

type Row = Record<string, any>

/**
 * Everything Comptoir holds about one customer, and nothing about anyone
 * else (R22): every read below starts from this customer's id. What other
 * rows say about them without being theirs (a staff member's name, who
 * referred them, whom they referred) is reduced to a type or a count.
 */
export async function buildCustomerExport(customerId: number): Promise<CustomerExport> {
  const profile = await profileOf(customerId)
  const purchases = await purchasesOf(customerId)
  const ownIds = new Set(purchases.flatMap((purchase) => [purchase.id, ...purchase.refunds.map((refund) => refund.id)]))
  const [loyalty, tags, consents, messages, requests, referrals, portal, notice] = await Promise.all([
    loyaltyOf(customerId, ownIds),
    db.from('customer_tags').where('customer_id', customerId).orderBy('tag').select('tag').then((rows) => rows.map((row) => String(row.tag))),
    consentsOf(customerId),
    messagesOf(customerId),
    rightsRequestsOf(customerId),
    referralsOf(customerId, profile.referredById),
    portalOf(customerId),
    noticeFor(profile.export.locale === 'en' ? 'en' : 'fr', profile.export.source),
  ])
  return {
    format: EXPORT_FORMAT,
    generated_at: new Date().toISOString(),
    locale: profile.export.locale,
    customer: profile.export,
    tags,
    loyalty_accounts: loyalty.accounts,
    ledger_entries: loyalty.ledger,
    vouchers: loyalty.vouchers,
    redemptions: loyalty.redemptions,
    purchases,
    consents: { current: profile.consents, history: consents },
    messages,
    rights_requests: requests,
    referrals,
    portal,
    notice,
  }
}

async function profileOf(customerId: number) {
  const row = await db
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .leftJoin('customer_activity as a', 'a.customer_id', 'c.id')
    .where('c.id', customerId)
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .select('c.*', 's.public_id as store_public_id', 's.name as store_name', 'a.total_spent_cents', 'a.visit_count', 'a.last_purchase_at')
    .first()
  if (!row) throw new ExportSubjectMissing('No customer to export')
  const exported: ExportedProfile = {
    id: row.public_id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    phone: row.phone_e164,
    birth_day: numberOrNull(row.birth_day),
    birth_month: numberOrNull(row.birth_month),
    birth_year: numberOrNull(row.birth_year),
    locale: row.locale,
    store: { id: row.store_public_id, name: row.store_name },
    card_code: row.card_code,
    referral_code: row.referral_code,
    source: row.source,
    created_at: instant(row.created_at),
    restricted_at: instantOrNull(row.restricted_at),
    last_contact_at: instantOrNull(row.last_contact_at),
    portal_seen_at: instantOrNull(row.portal_seen_at),
    activity: { total_spent_cents: Number(row.total_spent_cents ?? 0), visit_count: Number(row.visit_count ?? 0), last_purchase_at: instantOrNull(row.last_purchase_at) },
  }
  return { export: exported, referredById: row.referred_by_id as number | null, consents: { email_marketing: Boolean(row.email_marketing), sms_marketing: Boolean(row.sms_marketing), personalisation: Boolean(row.personalisation), review_requests: Boolean(row.review_requests) } }
}

/** The full history, oldest first (R14): each decision with the words it answered and where it was taken. */
async function consentsOf(customerId: number): Promise<ExportedConsent[]> {
  const rows = await db.from('consent_records').where('customer_id', customerId).orderBy('id')
  return rows.map((row) => ({
    purpose: row.purpose,
    decision: row.decision,
    source: row.source,
    notice_version: row.notice_version,
    evidence: row.evidence,
    ip: row.ip,
    user_agent: row.user_agent,
    recorded_at: instant(row.created_at),
  }))
}

async function messagesOf(customerId: number): Promise<ExportedMessage[]> {
  const rows = await db
    .from('deliveries as d')
    .join('firings as f', 'f.id', 'd.firing_id')
    .leftJoin('animations as an', (join) => join.on('an.id', 'f.source_id').andOnVal('f.source_type', 'animation'))
    .leftJoin('campaigns as ca', (join) => join.on('ca.id', 'f.source_id').andOnVal('f.source_type', 'campaign'))
    .where('d.customer_id', customerId)
    .orderBy('d.id')
    .select('d.public_id', 'f.source_type', 'an.name as animation_name', 'ca.name as campaign_name', 'd.channel', 'd.status', 'd.reason', 'd.created_at', 'd.sent_at')
  return rows.map((row) => ({
    id: row.public_id,
    sent_by: row.source_type,
    name: row.animation_name ?? row.campaign_name ?? null,
    channel: row.channel,
    status: row.status,
    reason: row.reason,
    created_at: instant(row.created_at),
    sent_at: instantOrNull(row.sent_at),
  }))
}

/** Their rights requests and how each was handled (who handled it stays out: that is the staff's data). */
async function rightsRequestsOf(customerId: number): Promise<ExportedRightsRequest[]> {
  const [requests, steps] = await Promise.all([
    db.from('privacy_requests').where('customer_id', customerId).orderBy('id'),
    db
      .from('privacy_request_steps as st')
      .join('privacy_requests as r', 'r.id', 'st.privacy_request_id')
      .where('r.customer_id', customerId)
      .orderBy('st.id')
      .select('st.privacy_request_id', 'st.action', 'st.note', 'st.created_at'),
  ])
  return requests.map((row: Row) => ({
    id: row.public_id,
    type: row.type,
    channel: row.channel,
    status: row.status,
    details: row.details,
    received_at: instant(row.received_at),
    due_at: instant(row.due_at),
    extension_reason: row.extension_reason,
    extended_at: instantOrNull(row.extended_at),
    identity_method: row.identity_method,
    identity_checked_at: instantOrNull(row.identity_checked_at),
    answer: row.answer,
    closed_at: instantOrNull(row.closed_at),
    steps: steps.filter((step: Row) => Number(step.privacy_request_id) === Number(row.id)).map((step: Row) => ({ action: step.action, note: step.note, at: instant(step.created_at) })),
  }))
}

/** Whom they referred is the referees' data: a count only; who referred them, a yes or no. */
async function referralsOf(customerId: number, referredById: number | null) {
  const row = await db.from('customers').where('referred_by_id', customerId).count('* as total').first()
  return { referred_by_a_member: referredById !== null, customers_referred: Number(row?.total ?? 0) }
}

async function portalOf(customerId: number): Promise<CustomerExport['portal']> {
  const [signIns, change] = await Promise.all([
    db.from('portal_sign_ins').where('customer_id', customerId).orderBy('id').select('created_at', 'used_at', 'ip'),
    db.from('portal_email_changes').where('customer_id', customerId).orderBy('id', 'desc').select('new_email', 'created_at', 'expires_at').first(),
  ])
  return {
    sign_ins: signIns.map((row) => ({ created_at: instant(row.created_at), used_at: instantOrNull(row.used_at), ip: row.ip })),
    pending_email_change: change ? { new_email: change.new_email, created_at: instant(change.created_at), expires_at: instant(change.expires_at) } : null,
  }
}
