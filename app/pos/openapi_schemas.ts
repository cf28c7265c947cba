/**
 * The schemas of the POS API's OpenAPI document (app/pos/openapi.ts), and
 * the small builders the paths use too.
 */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
export const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } })
export const error = (description: string) => json(ref('Error'), description)
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra })
const cents = { type: 'integer', minimum: 0 }
const dateTime = { type: 'string', format: 'date-time' }

const Balances = {
  type: 'object',
  required: ['points', 'stamps', 'cashback_cents'],
  properties: { points: { type: 'integer' }, stamps: { type: 'integer' }, cashback_cents: { type: 'integer' } },
  additionalProperties: false,
}

const Customer = {
  type: 'object',
  required: ['id', 'card_code', 'first_name', 'last_name', 'email', 'phone', 'birthday', 'consents', 'referral_code', 'visit_count', 'total_spent_cents', 'last_purchase_at', 'created_at', 'balances', 'tier', 'vouchers'],
  properties: {
    id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'Public id (ULID)' },
    card_code: { type: 'string' },
    first_name: nullable('string'),
    last_name: nullable('string'),
    email: nullable('string', { format: 'email' }),
    phone: nullable('string', { description: 'E.164' }),
    birthday: nullable('string', { pattern: '^(\\d{4}|-)-\\d{2}-\\d{2}$' }),
    consents: {
      type: 'object',
      required: ['email_marketing', 'sms_marketing'],
      properties: { email_marketing: { type: 'boolean' }, sms_marketing: { type: 'boolean' } },
    },
    referral_code: { type: 'string' },
    visit_count: { type: 'integer', minimum: 0 },
    total_spent_cents: cents,
    last_purchase_at: nullable('string', { format: 'date-time' }),
    created_at: dateTime,
    balances: { ...ref('Balances'), description: "In the first programme of the token's store (store-wide or this store, by position); negative while a refund debt is open" },
    tier: { ...ref('Tier'), description: 'Tier in that programme; null without account or tiers' },
    vouchers: { type: 'array', maxItems: 50, items: ref('UsableVoucher'), description: 'Vouchers usable now, soonest expiry first' },
  },
  additionalProperties: false,
}

const ErrorItem = {
  type: 'object',
  required: ['message'],
  properties: { field: { type: 'string' }, rule: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
  additionalProperties: false,
}
const ErrorBody = { type: 'object', required: ['errors'], properties: { errors: { type: 'array', minItems: 1, items: ref('ErrorItem') } } }

const NewCustomer = {
  type: 'object',
  description: 'At least phone or email.',
  properties: {
    phone: { type: 'string', maxLength: 32, description: 'Any French format; stored as E.164' },
    email: { type: 'string', format: 'email', maxLength: 254 },
    first_name: { type: 'string', maxLength: 80 },
    last_name: { type: 'string', maxLength: 80 },
    birthday: { type: 'string', pattern: '^(\\d{4}|-)-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, or --MM-DD without year' },
    consents: { type: 'object', properties: { email_marketing: { type: 'boolean' }, sms_marketing: { type: 'boolean' } } },
    referral_code: { type: 'string', pattern: '^[2-9A-HJKMNP-Za-hjkmnp-z]{8}$' },
  },
}

const NewPurchase = {
  type: 'object',
  required: ['total_cents'],
  description: 'At most one of customer_id, card, phone; none records an anonymous sale.',
  properties: {
    customer_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$' },
    card: { type: 'string', maxLength: 254 },
    phone: { type: 'string', maxLength: 32 },
    total_cents: { type: 'integer', minimum: 1, maximum: 100000000 },
    occurred_at: { ...dateTime, description: 'With an offset; at most 5 minutes ahead and 1 year old. Default: now' },
    store: { type: 'string', description: "Slug; must be the token's store (403 otherwise)" },
    reference: { type: 'string', minLength: 1, maxLength: 64, description: 'Unique per store (409 when already recorded)' },
    lines: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        required: ['sku', 'name', 'quantity', 'unit_price_cents'],
        properties: {
          sku: { type: 'string', maxLength: 64 },
          name: { type: 'string', maxLength: 120 },
          quantity: { type: 'integer', minimum: 1, maximum: 100000 },
          unit_price_cents: { type: 'integer', minimum: 0, maximum: 100000000 },
          category: { type: 'string', maxLength: 64 },
        },
      },
    },
  },
}

const Voucher = {
  type: 'object',
  required: ['id', 'code', 'kind', 'value_cents', 'percent', 'product_label', 'source', 'expires_at'],
  properties: {
    id: { type: 'string' },
    code: { type: 'string', pattern: '^[2-9A-HJKMNP-Z]{10}$' },
    kind: { enum: ['amount', 'percent', 'product'] },
    value_cents: nullable('integer'),
    percent: nullable('integer'),
    product_label: nullable('string'),
    source: { enum: ['automatic', 'stamps', 'shop', 'animation', 'staff'] },
    expires_at: { ...dateTime, description: 'First instant it is no longer valid (local midnight of the store)' },
  },
  additionalProperties: false,
}

const Tier = nullable('object', { required: ['key', 'name'], properties: { key: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false })

const ProgramOutcome = {
  type: 'object',
  required: ['program_id', 'name', 'earned', 'balances', 'tier', 'rewards_issued'],
  properties: {
    program_id: { type: 'string' },
    name: { type: 'string' },
    earned: ref('Balances'),
    balances: ref('Balances'),
    tier: ref('Tier'),
    rewards_issued: { type: 'array', items: ref('Voucher') },
  },
  additionalProperties: false,
}

const PurchaseRecorded = {
  type: 'object',
  required: ['purchase_id', 'store', 'customer_id', 'total_cents', 'occurred_at', 'earned', 'balances', 'tier', 'rewards_issued', 'receipt_lines', 'programs'],
  properties: {
    purchase_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
    store: { type: 'string' },
    customer_id: nullable('string'),
    total_cents: { type: 'integer', minimum: 1 },
    occurred_at: dateTime,
    earned: { ...ref('Balances'), description: 'Earned in the first programme (all zero for an anonymous sale)' },
    balances: { oneOf: [ref('Balances'), { type: 'null' }], description: 'Balances after the sale in the first programme; null for an anonymous sale' },
    tier: { ...ref('Tier'), description: 'Tier after the sale in the first programme' },
    rewards_issued: { type: 'array', items: ref('Voucher'), description: 'Vouchers issued by this sale (full stamp card, points threshold), every programme' },
    receipt_lines: { type: 'array', items: { type: 'string' }, description: 'Short French lines to print on the receipt' },
    programs: { type: 'array', items: ref('ProgramOutcome'), description: 'Every programme the customer belongs to' },
  },
  additionalProperties: false,
}

const UsableVoucher = {
  type: 'object',
  required: ['code', 'kind', 'value_cents', 'percent', 'product_label', 'expires_at'],
  properties: {
    code: { type: 'string', pattern: '^[2-9A-HJKMNP-Z]{10}$' },
    kind: { enum: ['amount', 'percent', 'product'] },
    value_cents: nullable('integer'),
    percent: nullable('integer'),
    product_label: nullable('string'),
    expires_at: dateTime,
  },
  additionalProperties: false,
}

const ExplanationLine = {
  type: 'object',
  required: ['unit', 'code', 'amount', 'params', 'text'],
  properties: {
    unit: { enum: ['points', 'stamps', 'cashback'] },
    code: { enum: ['excluded_line', 'base', 'tier_multiplier', 'stamp_line', 'cashback'], description: 'Reason code; params carry its figures' },
    amount: { type: 'integer', description: 'Units this reason adds' },
    params: { type: 'object', additionalProperties: { type: ['string', 'integer'] } },
    text: { type: 'string', description: 'Short French sentence' },
  },
  additionalProperties: false,
}

const SimulatedVoucher = {
  type: 'object',
  required: ['source', 'kind', 'value_cents', 'percent', 'product_label', 'validity_days'],
  properties: {
    source: { enum: ['automatic', 'stamps'] },
    kind: { enum: ['amount', 'percent', 'product'] },
    value_cents: nullable('integer'),
    percent: nullable('integer'),
    product_label: nullable('string'),
    validity_days: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
}

const PurchasePreview = {
  type: 'object',
  required: ['customer_id', 'total_cents', 'earned', 'tier', 'rewards_issued', 'programs'],
  description: 'Nothing is stored. Without a customer: what a new member would earn in the automatic programmes.',
  properties: {
    customer_id: nullable('string'),
    total_cents: { type: 'integer', minimum: 1 },
    earned: { ...ref('Balances'), description: 'In the first programme' },
    tier: { ...ref('Tier'), description: 'Tier the first programme would apply (held when the sale starts)' },
    rewards_issued: { type: 'array', items: ref('SimulatedVoucher'), description: 'Vouchers the sale would issue, every programme' },
    programs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['program_id', 'name', 'member', 'tier', 'eligible_cents', 'earned', 'balances_before', 'lines', 'rewards_issued'],
        properties: {
          program_id: { type: 'string' },
          name: { type: 'string' },
          member: { type: 'boolean', description: 'false: the account would open with this sale' },
          tier: ref('Tier'),
          eligible_cents: { type: 'integer', minimum: 0 },
          earned: ref('Balances'),
          balances_before: ref('Balances'),
          lines: { type: 'array', items: ref('ExplanationLine') },
          rewards_issued: { type: 'array', items: ref('SimulatedVoucher') },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
}

const NewRedemption = {
  type: 'object',
  required: ['customer_id'],
  description: 'Exactly one of voucher_code, reward_id, points, cashback_cents.',
  properties: {
    customer_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$' },
    voucher_code: { type: 'string', pattern: '^[2-9A-HJKMNP-Za-hjkmnp-z]{10}$' },
    reward_id: { type: 'string', description: 'Public id of a reward of the shop' },
    points: { type: 'integer', minimum: 1, maximum: 10000000, description: 'Discount = points × point value of the programme' },
    cashback_cents: { type: 'integer', minimum: 1, maximum: 100000000 },
    total_cents: { type: 'integer', minimum: 1, maximum: 100000000, description: 'The basket: required for percentage vouchers; a voucher discount is capped at it, points or cashback worth more are refused (422 E_EXCEEDS_BASKET)' },
    purchase_id: { type: 'string', description: 'The sale this pays for (a full refund of it gives the redemption back)' },
  },
}

const RedemptionRecorded = {
  type: 'object',
  required: ['redemption_id', 'kind', 'discount_cents', 'discount_percent', 'product_label', 'balances', 'voucher'],
  description: 'Comptoir records no payment: the till applies this discount.',
  properties: {
    redemption_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
    kind: { enum: ['voucher', 'reward', 'points', 'cashback'] },
    discount_cents: { ...nullable('integer'), minimum: 0, description: 'null: a product voucher without a price' },
    discount_percent: nullable('integer'),
    product_label: nullable('string'),
    balances: { ...ref('Balances'), description: 'After the redemption, first programme' },
    voucher: { oneOf: [ref('Voucher'), { type: 'null' }], description: 'The voucher redeemed (a reward becomes a shop voucher, redeemed at once)' },
  },
  additionalProperties: false,
}

const NewRefund = {
  type: 'object',
  description: 'Exactly one of amount_cents or lines.',
  properties: {
    amount_cents: { type: 'integer', minimum: 1, maximum: 100000000 },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['position', 'quantity'],
        properties: { position: { type: 'integer', minimum: 1, maximum: 200, description: 'Line position in the sale (1-based, order sent)' }, quantity: { type: 'integer', minimum: 1 } },
      },
    },
  },
}

const RefundRecorded = {
  type: 'object',
  required: ['refund_id', 'purchase_id', 'amount_cents', 'refunded_total_cents', 'remaining_cents', 'lines', 'reversed', 'restored_redemptions', 'balances'],
  properties: {
    refund_id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
    purchase_id: { type: 'string' },
    amount_cents: { type: 'integer', minimum: 1 },
    refunded_total_cents: { type: 'integer', minimum: 1 },
    remaining_cents: { type: 'integer', minimum: 0 },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['position', 'quantity', 'amount_cents'],
        properties: { position: { type: 'integer' }, quantity: { type: 'integer' }, amount_cents: { type: 'integer', minimum: 0 } },
        additionalProperties: false,
      },
    },
    reversed: { ...ref('Balances'), description: 'Units taken back by this refund, every programme' },
    restored_redemptions: { type: 'array', items: { type: 'string' }, description: 'Redemptions given back (full refund)' },
    balances: { oneOf: [ref('Balances'), { type: 'null' }], description: 'After the refund, first programme; null for an anonymous sale' },
  },
  additionalProperties: false,
}

export const schemas = {
  Balances,
  Customer,
  ErrorItem,
  Error: ErrorBody,
  ExplanationLine,
  NewCustomer,
  NewPurchase,
  NewRedemption,
  NewRefund,
  ProgramOutcome,
  PurchasePreview,
  PurchaseRecorded,
  RedemptionRecorded,
  RefundRecorded,
  SimulatedVoucher,
  Tier,
  UsableVoucher,
  Voucher,
}
