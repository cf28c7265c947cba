/**
 * OpenAPI 3.1 description of the POS API v1, served at
 * GET /api/v1/openapi.json. The functional tests validate every response
 * they receive against it, so it cannot drift from the code.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } })
const error = (description: string) => json(ref('Error'), description)
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra })
const cents = { type: 'integer', minimum: 0 }
const dateTime = { type: 'string', format: 'date-time' }

const common = {
  '401': error('Missing, invalid or revoked token (code E_UNAUTHORIZED)'),
  '429': { ...error('Rate limit of the token exceeded (see Retry-After)'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
}
const writeErrors = {
  '400': error('Malformed JSON'),
  '413': error('Body larger than 64 kb'),
  '415': error('Body is not application/json'),
  '422': error('Field errors; E_CARD_DATA_REFUSED when the body carries payment-card data (R6)'),
}

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

const withId = (name: string, description: string) => ({
  allOf: [ref('Error'), { type: 'object', required: [name], properties: { [name]: { type: 'string' } } }],
  description,
})

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per sale (UUID v4 advised), 1–255 printable characters. A retry with the same key replays the first answer byte for byte.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Comptoir POS API', version: '1.0.0', description: 'Amounts in integer cents. Errors: { errors: [{ field?, rule?, code?, message }] }.' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/openapi.json': { get: { security: [], summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1 document') } } },
    '/customers': {
      post: {
        summary: 'Enrol a customer',
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewCustomer') } } },
        responses: { '201': json(ref('Customer'), 'Enrolled'), '409': json(withId('id', 'E_CUSTOMER_EXISTS'), 'Phone or e-mail already enrolled; id is the existing customer'), ...writeErrors, ...common },
      },
    },
    '/customers/lookup': {
      get: {
        summary: 'Find a customer by exactly one identifier',
        parameters: ['phone', 'email', 'card'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': json(ref('Customer'), 'Found'), '404': error('No such customer'), '422': error('None, several or an invalid identifier'), ...common },
      },
    },
    '/customers/{id}': {
      get: {
        summary: 'A customer by public id',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': json(ref('Customer'), 'Found'), '404': error('No such customer (also for malformed ids)'), ...common },
      },
    },
    '/purchases': {
      post: {
        summary: 'Record a sale (idempotent)',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewPurchase') } } },
        responses: {
          '201': json(ref('PurchaseRecorded'), 'Recorded (or the replay of the first answer)'),
          '403': error('store is not the token’s store'),
          '404': error('Unknown customer identifier'),
          '409': json({ anyOf: [withId('purchase_id', 'E_PURCHASE_EXISTS: same store and reference'), ref('Error')] }, 'Reference already recorded, or E_IDEMPOTENCY_IN_PROGRESS'),
          ...writeErrors,
          '422': error('Field errors, E_CARD_DATA_REFUSED, E_IDEMPOTENCY_KEY_REQUIRED, E_IDEMPOTENCY_KEY_REUSED'),
          ...common,
        },
      },
    },
    '/purchases/preview': {
      post: {
        summary: 'What a sale would earn, and why (nothing stored, no Idempotency-Key)',
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewPurchase') } } },
        responses: {
          '200': json(ref('PurchasePreview'), 'What the basket would earn per programme, line by line'),
          '403': error('store is not the token’s store'),
          '404': error('Unknown customer identifier'),
          ...writeErrors,
          ...common,
        },
      },
    },
    '/purchases/{id}/refunds': {
      post: {
        summary: 'Refund a sale, whole or part (idempotent)',
        description:
          'Earned units are reversed in proportion with cumulative rounding: reversed so far = floor(earned × refunded so far / total), so a full refund reverses exactly what was earned; stamps follow the refunded stamp lines when lines are given. ' +
          'Units already spent are not taken back from the vouchers they bought: the balance goes negative (a debt) and the next earnings pay it first. ' +
          "A full refund gives back the redemptions linked to the sale (purchase_id) when the programme's rules say so: the voucher is issued again if not expired, points or cashback re-credited with their original expiry; never twice.",
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewRefund') } } },
        responses: {
          '201': json(ref('RefundRecorded'), 'Recorded (or the replay of the first answer)'),
          '404': error('No such purchase in the token’s store (E_PURCHASE_NOT_FOUND)'),
          '409': error('E_REFUND_EXCEEDS_PURCHASE, E_REFUND_EXCEEDS_LINE, E_IDEMPOTENCY_IN_PROGRESS'),
          ...writeErrors,
          '422': error('Field errors (E_UNKNOWN_LINE…), E_IDEMPOTENCY_KEY_REQUIRED, E_IDEMPOTENCY_KEY_REUSED'),
          ...common,
        },
      },
    },
    '/redemptions': {
      post: {
        summary: 'Redeem a voucher, a reward, points or cashback (idempotent); answers the discount',
        description: 'A voucher or reward is redeemed at most once under any number of concurrent requests.',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewRedemption') } } },
        responses: {
          '201': json(ref('RedemptionRecorded'), 'Redeemed (or the replay of the first answer)'),
          '404': error('Unknown customer, voucher (another customer’s too), reward or purchase'),
          '409': error('E_ALREADY_REDEEMED, E_VOUCHER_EXPIRED, E_VOUCHER_CANCELLED, E_INSUFFICIENT_BALANCE, E_OUT_OF_STOCK, E_LIMIT_REACHED, E_IDEMPOTENCY_IN_PROGRESS'),
          ...writeErrors,
          '422': error('Field errors, E_TOTAL_REQUIRED, E_EXCEEDS_BASKET, E_UNIT_NOT_OFFERED, E_IDEMPOTENCY_KEY_REQUIRED, E_IDEMPOTENCY_KEY_REUSED'),
          ...common,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Per-store POS token (cpt_…)' } },
    schemas: {
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
    },
  },
}
