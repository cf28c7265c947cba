import type { HttpContext } from '@adonisjs/core/http'
import i18nManager from '@adonisjs/i18n/services/main'
import { findUnsubscribeTarget, unsubscribe } from '#messaging/unsubscribe'

/**
 * `/u/:token`, the link of every marketing e-mail. GET shows who would be
 * unsubscribed and a button, and changes nothing (link scanners and
 * previews fetch links). POST unsubscribes at once: the page's button, or
 * a mail client's one-click request (RFC 8058, `List-Unsubscribe=One-Click`),
 * which carries no CSRF token — the 128-bit token is the proof.
 */
export default class UnsubscribeController {
  async show(ctx: HttpContext) {
    return respond(ctx, false)
  }

  async store(ctx: HttpContext) {
    return respond(ctx, true)
  }
}

/** The page in the customer's language (or the one they switched to); POST unsubscribes first. */
async function respond({ params, view, response, request }: HttpContext, confirm: boolean) {
  const target = await findUnsubscribeTarget(String(params.token))
  const i18n = i18nManager.locale(request.plainCookie('locale') ?? target?.locale ?? 'fr')
  const state = { i18n, t: i18n.t.bind(i18n), locale: i18n.locale }
  response.header('Cache-Control', 'no-store')
  response.header('Referrer-Policy', 'no-referrer')
  if (!target) return response.status(404).send(await view.render('messaging/unsubscribe_unknown', state))
  if (confirm) await unsubscribe(target, { ip: request.ip(), userAgent: request.header('user-agent') ?? null })
  return view.render('messaging/unsubscribe', { ...state, target, token: params.token, done: confirm })
}
