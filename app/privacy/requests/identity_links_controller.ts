import type { HttpContext } from '@adonisjs/core/http'
import { renderPortal } from '#privacy/portal/portal_page'
import { confirmIdentityLink, requestOfIdentityLink } from '#privacy/requests/identity_link'

/**
 * `/privacy/requests/confirm/:token`, public: the link mailed to check a
 * requester's address. GET only asks (mail scanners open links); POST
 * confirms. An unknown, used or expired link is the same 404 page.
 */
export default class IdentityLinksController {
  async show(ctx: HttpContext) {
    const request = await requestOfIdentityLink(ctx.params.token)
    if (!request) return gone(ctx)
    return renderPortal(ctx, 'privacy/requests/confirm_identity', { type: request.type, token: ctx.params.token })
  }

  async confirm(ctx: HttpContext) {
    const request = await confirmIdentityLink(ctx.params.token, ctx.request.ip())
    if (!request) return gone(ctx)
    return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy_requests.identity_page.title'), line: ctx.i18n.t('privacy_requests.identity_page.confirmed') })
  }
}

function gone(ctx: HttpContext) {
  return renderPortal(ctx, 'privacy/portal/message', { title: ctx.i18n.t('privacy_requests.identity_page.title'), line: ctx.i18n.t('privacy_requests.identity_page.gone') }, 404)
}
