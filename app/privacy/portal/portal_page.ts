import type { HttpContext } from '@adonisjs/core/http'

/**
 * A portal page: personal data, so never cached, and no referrer (some
 * URLs carry a token). The same headers as the rest of the portal.
 */
export async function renderPortal({ view, response }: HttpContext, template: string, state: Record<string, unknown>, status = 200) {
  response.header('Cache-Control', 'no-store')
  response.header('Referrer-Policy', 'no-referrer')
  return response.status(status).send(await view.render(template, state))
}

/**
 * One answer for an id that is nobody's and for an id that is another
 * customer's: the same page, the same size (no enumeration, R42).
 */
export function portalNotFound(ctx: HttpContext) {
  return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('portal_profile.not_found_title'), line: ctx.i18n.t('portal_profile.not_found') }, 404)
}
