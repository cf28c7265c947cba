import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import { portalCustomerOf, type PortalCustomer } from '#privacy/portal/portal_session'
import { renderPortal } from '#privacy/portal/portal_page'
import { consumeQuota, type Quota } from '#shared/rate_limit'
import { formatDate } from '#shared/format'
import { closeRequest, openRequest, requestFromRow } from '#privacy/requests/privacy_requests'
import { applyObjection, setRestriction } from '#privacy/requests/apply_rights'

const askValidator = vine.compile(
  vine.object({
    type: vine.enum(['erasure', 'objection', 'restriction'] as const),
    details: vine.string().trim().maxLength(2000).optional(),
    confirm: vine.accepted().optional(),
  })
)

const REQUESTS_PER_CUSTOMER: Quota = { requests: 5, durationSeconds: 3600 }

/**
 * `/portal/requests`: the signed-in customer asks for erasure, objects to
 * marketing or asks for restriction, and follows every request they made
 * (whichever the channel). Objection and restriction take effect at once;
 * erasure goes to the owner's queue with its deadline (the owner checks
 * nothing the law keeps — open disputes — stands in the way).
 */
export default class PortalRequestsController {
  async index(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    return renderRequests(ctx, customer)
  }

  async store(ctx: HttpContext) {
    const { request, response, session, i18n } = ctx
    const customer = await portalCustomerOf(ctx)
    if (!customer) return response.redirect('/portal/sign-in')
    const input = await askValidator.validate(request.only(['type', 'details', 'confirm'])).catch(() => null)
    if (!input || (input.type === 'erasure' && !input.confirm)) {
      return renderRequests(ctx, customer, i18n.t(input ? 'privacy_requests.portal.confirm_needed' : 'privacy_requests.portal.invalid'), 422)
    }
    const verdict = await consumeQuota(`privacy-request-customer:${customer.publicId}`, REQUESTS_PER_CUSTOMER)
    if (!verdict.allowed) {
      response.header('Retry-After', String(verdict.retryAfterSeconds))
      return renderPortal(ctx, 'privacy/portal/message', { title: i18n.t('privacy_requests.portal.title'), line: i18n.t('privacy.portal.too_many', { seconds: verdict.retryAfterSeconds }) }, 429)
    }
    const actor = { staffMemberId: null, ip: request.ip() }
    const ask = { customerId: customer.id, type: input.type, channel: 'portal' as const, details: input.details, identityMethod: 'portal_session' as const }
    if (input.type === 'erasure') {
      const open = await db.from('privacy_requests').where('customer_id', customer.id).where('type', 'erasure').whereIn('status', ['received', 'awaiting_identity', 'in_progress']).first()
      if (!open) await openRequest(ask, actor)
      session.flash('success', i18n.t('privacy_requests.portal.erasure_received'))
      return response.redirect('/portal/requests')
    }
    await db.transaction(async (trx) => {
      const opened = await openRequest(ask, actor, trx)
      if (input.type === 'objection') await applyObjection(customer.id, 'objection', trx)
      else await setRestriction(customer.id, true, trx)
      await closeRequest(opened, { status: 'done', answer: i18n.t(`privacy_requests.portal.${input.type}_applied`) }, actor, trx)
    })
    session.flash('success', i18n.t(`privacy_requests.portal.${input.type}_applied`))
    return response.redirect('/portal/requests')
  }
}

async function renderRequests(ctx: HttpContext, customer: PortalCustomer, error: string | null = null, status = 200) {
    const rows = await db.from('privacy_requests').where('customer_id', customer.id).orderBy('id', 'desc').limit(100)
    const locale = ctx.i18n.locale
    const requests = rows.map((row) => {
      const request = requestFromRow(row)
      return {
        type: request.type,
        status: request.status,
        received: formatDate(request.receivedAt, customer.timezone, locale),
        due: formatDate(request.dueAt, customer.timezone, locale),
        extended: Boolean(request.extendedAt),
        extensionReason: request.extensionReason,
        answer: request.status === 'done' || request.status === 'refused' ? request.answer : null,
      }
    })
    const pendingErasure = requests.some((request) => request.type === 'erasure' && (request.status === 'in_progress' || request.status === 'received'))
    const restricted = Boolean((await db.from('customers').where('id', customer.id).select('restricted_at').first())?.restricted_at)
  return renderPortal(ctx, 'privacy/portal/requests', { customer, requests, pendingErasure, restricted, error }, status)
}
