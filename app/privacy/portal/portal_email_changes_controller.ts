import type { HttpContext } from '@adonisjs/core/http'
import { confirmEmailChange, liveEmailChange } from '#privacy/portal/email_change'
import { renderPortal } from '#privacy/portal/portal_page'

/**
 * `/portal/email-change/:token`, opened from the new address's mailbox:
 * no portal session needed (the link proves the address; the change was
 * asked from a signed-in session). The page asks, the form applies.
 */
export default class PortalEmailChangesController {
  async confirmation(ctx: HttpContext) {
    const change = await liveEmailChange(String(ctx.params.token))
    if (!change) return message(ctx, 'invalid', 404)
    return renderPortal(ctx, 'privacy/portal/email_change_confirm', { token: ctx.params.token, email: change.email, storeName: change.storeName })
  }

  async confirm(ctx: HttpContext) {
    const outcome = await confirmEmailChange(String(ctx.params.token), ctx.request.ip())
    if (outcome.kind === 'invalid') return message(ctx, 'invalid', 404)
    if (outcome.kind === 'taken') return message(ctx, 'taken', 409)
    return message(ctx, 'done', 200, outcome.email)
  }
}

function message(ctx: HttpContext, outcome: 'invalid' | 'taken' | 'done', status: number, email = '') {
  const { i18n } = ctx
  return renderPortal(ctx, 'privacy/portal/email_change_message', { title: i18n.t(`portal_profile.email_change.${outcome}_title`), line: i18n.t(`portal_profile.email_change.${outcome}`, { email }) }, status)
}
