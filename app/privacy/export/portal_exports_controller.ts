import { existsSync } from 'node:fs'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { formatDateTime } from '#shared/format'
import { consumeQuota, type Quota } from '#shared/rate_limit'
import { portalCustomerOf } from '#privacy/portal/portal_session'
import { requestExport } from '#privacy/export/request_export'
import { closeRequest, openRequest } from '#privacy/requests/privacy_requests'
import { openExport } from '#privacy/export/export_access'
import { exportFilePath } from '#privacy/export/export_files'
import { EXPORT_FORMATS, type ExportFormat } from '#privacy/export/export_formats'
import { renderPortal } from '#privacy/portal/portal_page'

/** Exports a customer may ask for: each one reads their whole history and prints a PDF. */
const EXPORTS_PER_CUSTOMER: Quota = { requests: 3, durationSeconds: 3600 }

/**
 * `/portal/exports`: the signed-in customer asks for a copy of their data,
 * follows its preparation (the page refreshes itself, no JavaScript) and
 * downloads its files. Every page of an export needs both the customer's
 * own session and the link's token; anything else is the same 404.
 */
export default class PortalExportsController {
  async store(ctx: HttpContext) {
    const customer = await portalCustomerOf(ctx)
    if (!customer) return ctx.response.redirect('/portal/sign-in')
    const verdict = await consumeQuota(`privacy-export-customer:${customer.publicId}`, EXPORTS_PER_CUSTOMER)
    if (!verdict.allowed) {
      ctx.response.header('Retry-After', String(verdict.retryAfterSeconds))
      return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy_export.portal.title'), line: ctx.i18n.t('privacy_export.portal.too_many', { seconds: verdict.retryAfterSeconds }) }, 429)
    }
    // An access request like any other (the customer follows it under "My requests"), answered at once by the export.
    const actor = { staffMemberId: null, ip: ctx.request.ip() }
    const asked = await openRequest({ customerId: customer.id, type: 'access', channel: 'portal', identityMethod: 'portal_session' }, actor)
    const requested = await requestExport(customer.id, { ip: ctx.request.ip(), privacyRequestId: asked.id })
    await closeRequest(asked, { status: 'done', answer: ctx.i18n.t('privacy_requests.portal.export_built') }, actor)
    if (requested.mailed) ctx.session.flash('success', ctx.i18n.t('privacy_export.portal.mailed'))
    return ctx.response.redirect(`/portal/exports/${requested.exportId}?token=${requested.token}`)
  }

  async show(ctx: HttpContext) {
    const opened = await openedBy(ctx)
    if (!opened) return notFound(ctx)
    const { customer, exported, token } = opened
    const working = exported.status === 'pending' || exported.status === 'building'
    if (working) ctx.response.header('Refresh', '3')
    const expires = formatDateTime(DateTime.fromJSDate(exported.expiresAt), customer.timezone, ctx.i18n.locale)
    const links = EXPORT_FORMATS.map((format) => ({ format, href: `/portal/exports/${exported.publicId}/${format}?token=${token}` }))
    return renderPortal(ctx, 'privacy/export/status', { exported, working, expires, links, self: `/portal/exports/${exported.publicId}?token=${token}` })
  }

  async download(ctx: HttpContext) {
    const opened = await openedBy(ctx)
    const format = String(ctx.params.format) as ExportFormat
    if (!opened || opened.exported.status !== 'ready' || !EXPORT_FORMATS.includes(format)) return notFound(ctx)
    const path = exportFilePath(opened.exported.directory, format)
    if (!existsSync(path)) return notFound(ctx)
    ctx.response.header('Cache-Control', 'no-store')
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.attachment(path, `${ctx.i18n.t('privacy_export.portal.file_name')}-${DateTime.utc().toFormat('yyyyLLdd')}.${format}`)
  }
}

/** The export this request may open: the portal's customer, the export's id in the path, its token in the query. */
async function openedBy(ctx: HttpContext) {
  const customer = await portalCustomerOf(ctx)
  if (!customer) return null
  const token = ctx.request.qs().token
  const exported = await openExport(customer.id, String(ctx.params.publicId), token)
  return exported ? { customer, exported, token: String(token) } : null
}

function notFound(ctx: HttpContext) {
  return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy_export.portal.not_found_title'), line: ctx.i18n.t('privacy_export.portal.not_found') }, 404)
}

/** Portal pages hold personal data and links carry a token: never cached, never sent as a referrer. */
