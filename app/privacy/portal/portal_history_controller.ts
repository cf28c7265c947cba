import type { HttpContext } from '@adonisjs/core/http'
import { portalCustomerOf } from '#privacy/portal/portal_session'
import { portalNotFound, renderPortal } from '#privacy/portal/portal_page'
import { PUBLIC_ID, purchaseOf, purchasesPageOf } from '#privacy/portal/portal_history'
import { ledgerPageOf } from '#privacy/portal/portal_ledger'

/**
 * `/portal/purchases` and `/portal/points`: the customer's own history
 * (purchases with their lines, refunds and discounts; the loyalty ledger).
 * An id that is not one of theirs is a 404, the same as an unknown one.
 */
export default class PortalHistoryController {
  async index(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const before = cursorOf(ctx)
    const page = before === undefined ? null : await purchasesPageOf(customer.id, before, ctx.i18n)
    if (!page) return portalNotFound(ctx)
    return renderPortal(ctx, 'privacy/portal/history', { customer, ...page, paged: Boolean(before) })
  }

  async show(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const publicId = String(ctx.params.purchaseId)
    const purchase = PUBLIC_ID.test(publicId) ? await purchaseOf(customer.id, publicId, ctx.i18n) : null
    if (!purchase) return portalNotFound(ctx)
    return renderPortal(ctx, 'privacy/portal/history_purchase', { customer, purchase })
  }

  async points(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const before = cursorOf(ctx)
    const page = before === undefined ? null : await ledgerPageOf(customer.id, before, { timezone: customer.timezone, i18n: ctx.i18n })
    if (!page) return portalNotFound(ctx)
    return renderPortal(ctx, 'privacy/portal/history_points', { customer, ...page, paged: Boolean(before) })
  }
}

/** `?before=` a public id (null: the first page; undefined: not an id at all). */
function cursorOf(ctx: HttpContext): string | null | undefined {
  const before = ctx.request.qs().before
  if (before === undefined || before === '') return null
  return typeof before === 'string' && PUBLIC_ID.test(before) ? before : undefined
}
