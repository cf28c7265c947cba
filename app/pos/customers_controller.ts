import type { HttpContext } from '@adonisjs/core/http'
import { enrolCustomer } from '#customers/enrol_customer'
import { findCustomer, findCustomerByPublicId } from '#customers/find_customer'
import { DuplicateCustomerError } from '#customers/errors'
import { fieldError } from '#customers/validation'
import { referrerByCode } from '#customers/referral'
import type Customer from '#customers/models/customer'
import CustomerActivity from '#customers/models/customer_activity'
import { customerJson } from '#pos/customer_json'
import { posErrors } from '#pos/errors'
import { acceptJsonBody } from '#pos/request_guards'
import { birthParts, enrolCustomerValidator } from '#pos/validators'
import { lookupIdentifier } from '#pos/lookup_identifier'
import { isUniqueViolation } from '#pos/idempotency'
import { customerLoyaltyOf } from '#loyalty/customer_balances'
import { dbInstant } from '#shared/db_time'
import { read } from '#shared/sql_program'
import db from '@adonisjs/lucid/services/db'

/** Balances and tier in the store's first programme, usable vouchers: two indexed queries. */
function loyaltyOf(customerId: number, storeId: number) {
  return read(customerLoyaltyOf(customerId, storeId, dbInstant(new Date(), db.connection().dialect.name)))
}

/** POS API v1 customers: enrol, look up by identifier, show by id. */
export default class PosCustomersController {
  async store({ request, response, auth }: HttpContext) {
    const payload = await enrolCustomerValidator.validate(acceptJsonBody(request))
    if (!payload.phone && !payload.email) throw fieldError('phone', 'A phone number or an e-mail is required', 'contact')
    const token = auth.use('api').user!.currentAccessToken
    const referredById = await referrerByCode(payload.referral_code)
    try {
      const customer = await enrolCustomer({
        storeId: auth.use('api').user!.id,
        source: 'api',
        firstName: payload.first_name,
        lastName: payload.last_name,
        email: payload.email,
        phoneE164: payload.phone,
        ...birthParts(payload.birthday),
        consents: payload.consents,
        consentEvidence: `pos-token:${token.identifier}`,
        referredById,
        ip: request.ip(),
        userAgent: request.header('user-agent'),
      })
      return response.status(201).send(customerJson(customer, null))
    } catch (error) {
      const duplicate = error instanceof DuplicateCustomerError ? error : await raceDuplicate(error, payload)
      return response.status(409).send({
        errors: [{ code: 'E_CUSTOMER_EXISTS', field: duplicate.field, message: duplicate.message }],
        id: duplicate.existingPublicId,
      })
    }
  }

  async lookup({ request, response, auth }: HttpContext) {
    const identifier = lookupIdentifier(request.qs())
    const customer = await findCustomer(identifier)
    if (!customer) throw posErrors.customerNotFound()
    return response.send(await customerJsonWithFigures(customer, auth.use('api').user!.id))
  }

  async show({ params, response, auth }: HttpContext) {
    const customer = await findCustomerByPublicId(String(params.id))
    if (!customer) throw posErrors.customerNotFound()
    return response.send(await customerJsonWithFigures(customer, auth.use('api').user!.id))
  }
}

/** The customer with their visit figures and their loyalty in the store. */
async function customerJsonWithFigures(customer: Customer, storeId: number) {
  const [activity, loyalty] = await Promise.all([CustomerActivity.find(customer.id), loyaltyOf(customer.id, storeId)])
  return customerJson(customer, activity, loyalty)
}

/** Two enrolments of the same phone at once: the unique index refused the second. */
async function raceDuplicate(error: unknown, payload: { email?: string; phone?: string }) {
  if (!isUniqueViolation(error)) throw error
  for (const [field, value] of [['phone', payload.phone], ['email', payload.email]] as const) {
    const existing = value ? await findCustomer({ kind: field, value }) : null
    if (existing) return new DuplicateCustomerError(existing.publicId, field)
  }
  throw error
}
