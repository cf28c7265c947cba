/**
 * OpenAPI 3.1 description of the POS API v1, served at
 * GET /api/v1/openapi.json. The functional tests validate every response
 * they receive against it, so it cannot drift from the code.
 */
import { error, json, ref, schemas } from '#pos/openapi_schemas'

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
    schemas,
  },
}
