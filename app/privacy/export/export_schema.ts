import { EXPORT_FORMAT } from '#privacy/export/customer_export'

/**
 * JSON Schema (2020-12) of `comptoir.customer-export/1`, the contract a
 * receiving service can check an export against (portability, Art. 20).
 * Strict: every field is required (null when unknown), none is added.
 */
const str = { type: 'string' }
const nullableString = { type: ['string', 'null'] }
const int = { type: 'integer' }
const nullableInt = { type: ['integer', 'null'] }
const bool = { type: 'boolean' }
const instant = { type: 'string', format: 'date-time' }
const nullableInstant = { type: ['string', 'null'], format: 'date-time' }
const publicId = { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' }
const nullablePublicId = { type: ['string', 'null'], pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' }
const list = (items: object) => ({ type: 'array', items })
const strings = list(str)

function record(properties: Record<string, object>) {
  return { type: 'object', required: Object.keys(properties), properties, additionalProperties: false }
}

const named = record({ id: publicId, name: str })

const purchase = record({
  id: publicId,
  store: named,
  occurred_at: instant,
  total_cents: int,
  currency: str,
  reference: nullableString,
  source: str,
  lines: list(record({ position: int, sku: str, name: str, category: nullableString, quantity: int, unit_price_cents: int, total_cents: int })),
  discounts: list(
    record({ redemption_id: publicId, kind: str, voucher_code: nullableString, units: int, discount_cents: nullableInt, discount_percent: nullableInt, product_label: nullableString, status: str })
  ),
  refunds: list(
    record({
      id: publicId,
      amount_cents: int,
      occurred_at: instant,
      lines: list(record({ position: int, sku: nullableString, name: nullableString, quantity: int, amount_cents: int })),
    })
  ),
})

const notice = record({
  controller: record({ name: str, address: str, email: str, contact: str }),
  activities: list(
    record({
      code: str,
      name: str,
      purpose: str,
      legal_bases: list(record({ code: str, label: str })),
      basis_detail: str,
      data: strings,
      recipients: strings,
      transfers: strings,
      retention: list(record({ category: str, months: int, text: str })),
    })
  ),
  processors: list(record({ name: str, service: str, purpose: str, country: str, outside_eea: bool, safeguards: nullableString })),
  rights: list(record({ code: str, text: str })),
  how_to_exercise: str,
  complaint: record({ authority: str, url: { type: 'string', format: 'uri' }, text: str }),
  data_source: record({ code: str, text: str }),
})

export const customerExportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://comptoir.app/schemas/customer-export-1.json',
  title: EXPORT_FORMAT,
  ...record({
    format: { const: EXPORT_FORMAT },
    generated_at: instant,
    locale: str,
    customer: record({
      id: publicId,
      first_name: nullableString,
      last_name: nullableString,
      email: nullableString,
      phone: nullableString,
      birth_day: nullableInt,
      birth_month: nullableInt,
      birth_year: nullableInt,
      locale: str,
      store: named,
      card_code: str,
      referral_code: str,
      source: str,
      created_at: instant,
      restricted_at: nullableInstant,
      last_contact_at: nullableInstant,
      portal_seen_at: nullableInstant,
      activity: record({ total_spent_cents: int, visit_count: int, last_purchase_at: nullableInstant }),
    }),
    tags: strings,
    loyalty_accounts: list(record({ program: named, points: int, stamps: int, cashback_cents: int, tier: nullableString, tier_floor: nullableString, tier_since: nullableInstant, created_at: instant })),
    ledger_entries: list(
      record({
        id: publicId,
        program_id: publicId,
        unit: { enum: ['points', 'stamps', 'cashback'] },
        kind: { enum: ['earn', 'bonus', 'redeem', 'expire', 'reverse', 'adjust'] },
        amount: int,
        expires_at: nullableInstant,
        available_at: nullableInstant,
        cause: record({ type: str, id: nullableString }),
        reason: nullableString,
        occurred_at: instant,
      })
    ),
    vouchers: list(
      record({
        id: publicId,
        code: str,
        program_id: nullablePublicId,
        reward: nullableString,
        source: str,
        kind: str,
        value_cents: nullableInt,
        percent: nullableInt,
        product_label: nullableString,
        product_sku: nullableString,
        status: str,
        issued_at: instant,
        expires_at: instant,
        redeemed_at: nullableInstant,
      })
    ),
    redemptions: list(
      record({
        id: publicId,
        store: str,
        kind: str,
        voucher_code: nullableString,
        reward: nullableString,
        purchase_id: nullablePublicId,
        units: int,
        discount_cents: nullableInt,
        discount_percent: nullableInt,
        product_label: nullableString,
        status: str,
        created_at: instant,
      })
    ),
    purchases: list(purchase),
    consents: record({
      current: record({ email_marketing: bool, sms_marketing: bool, personalisation: bool, review_requests: bool }),
      history: list(record({ purpose: str, decision: { enum: ['granted', 'withdrawn', 'refused'] }, source: str, notice_version: nullableString, evidence: nullableString, ip: nullableString, user_agent: nullableString, recorded_at: instant })),
    }),
    messages: list(record({ id: publicId, sent_by: { enum: ['animation', 'campaign'] }, name: nullableString, channel: { enum: ['email', 'sms'] }, status: str, reason: nullableString, created_at: instant, sent_at: nullableInstant })),
    rights_requests: list(
      record({
        id: publicId,
        type: str,
        channel: str,
        status: str,
        details: nullableString,
        received_at: instant,
        due_at: instant,
        extension_reason: nullableString,
        extended_at: nullableInstant,
        identity_method: nullableString,
        identity_checked_at: nullableInstant,
        answer: nullableString,
        closed_at: nullableInstant,
        steps: list(record({ action: str, note: nullableString, at: instant })),
      })
    ),
    referrals: record({ referred_by_a_member: bool, customers_referred: int }),
    portal: record({
      sign_ins: list(record({ created_at: instant, used_at: nullableInstant, ip: nullableString })),
      pending_email_change: { oneOf: [{ type: 'null' }, record({ new_email: str, created_at: instant, expires_at: instant })] },
    }),
    notice,
  }),
}
