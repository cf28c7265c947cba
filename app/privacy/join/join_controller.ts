import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { fieldMessages } from '#customers/validation'
import { JOIN_PURPOSES, wordingOf } from '#privacy/consent_wording'
import { confirmJoin, pendingJoin } from '#privacy/join/confirm_join'
import { joinDetailsOf, joinValidator } from '#privacy/join/join_form'
import { JoinMailFailed, requestJoin } from '#privacy/join/join_request'
import { consumeQuota } from '#shared/rate_limit'
import { hashSecretToken } from '#shared/secret_token'
import { SLUG } from '#stores/validators'
import { currentTerms } from '#loyalty/terms/program_terms'

/** Joins from one device, and join mails to one address: enough for a family at the counter, not for a mail bomb. */
const PER_DEVICE = { requests: 10, durationSeconds: 3600 }
const PER_ADDRESS = { requests: 3, durationSeconds: 3600 }

/**
 * `/join/:store`, where the poster's QR code lands: the form (boxes
 * unticked, the short notice before the button), then a mailed link that
 * confirms both the address and the consents (double opt-in).
 */
export default class JoinController {
  async show(ctx: HttpContext) {
    const store = await storeBySlug(ctx.params.store)
    if (!store) return notFound(ctx)
    // The form's own errors come back through the referrer (redirect back): only to this site.
    return render(ctx, 'privacy/join', { store, boxes: boxesFor(ctx, store), terms: await currentTerms() }, 200, 'same-origin')
  }

  async store(ctx: HttpContext) {
    const { request, response, i18n } = ctx
    const store = await storeBySlug(ctx.params.store)
    if (!store) return notFound(ctx)
    const input = await request.validateUsing(joinValidator, { messagesProvider: fieldMessages(i18n) })
    const terms = await currentTerms()
    const details = joinDetailsOf(input, { i18n, storeName: store.name, timezone: store.timezone, ip: request.ip(), userAgent: request.header('user-agent') ?? null, terms })
    for (const [key, quota] of [
      [`join-device:${request.ip()}`, PER_DEVICE],
      [`join-address:${hashSecretToken(details.email)}`, PER_ADDRESS],
    ] as const) {
      const verdict = await consumeQuota(key, quota)
      if (!verdict.allowed) {
        response.header('Retry-After', String(verdict.retryAfterSeconds))
        return render(ctx, 'privacy/join_message', { title: i18n.t('privacy.join.title'), lines: [i18n.t('privacy.join.too_many', { seconds: verdict.retryAfterSeconds })] }, 429)
      }
    }
    try {
      await requestJoin(store, details)
    } catch (error) {
      if (!(error instanceof JoinMailFailed)) throw error
      return render(ctx, 'privacy/join', { store, boxes: boxesFor(ctx, store), terms, failed: true }, 503, 'same-origin')
    }
    return render(ctx, 'privacy/join_message', { title: i18n.t('privacy.join.sent_title'), lines: [i18n.t('privacy.join.sent', { email: details.email }), i18n.t('privacy.join.sent_more')] })
  }

  /** The link's page asks before it changes anything: mail scanners open links. */
  async confirmation(ctx: HttpContext) {
    const pending = await pendingJoin(String(ctx.params.token))
    if (!pending) return invalidLink(ctx)
    return render(ctx, 'privacy/join_confirm', { token: ctx.params.token, question: ctx.i18n.t('privacy.join.confirm_question', { email: pending.details.email, store: pending.storeName }) })
  }

  async confirm(ctx: HttpContext) {
    const { i18n, request } = ctx
    const outcome = await confirmJoin(String(ctx.params.token), { ip: request.ip(), userAgent: request.header('user-agent') ?? null })
    if (outcome.kind === 'invalid') return invalidLink(ctx)
    if (outcome.kind === 'already') return render(ctx, 'privacy/join_message', { title: i18n.t('privacy.join.confirmed_title'), lines: [i18n.t('privacy.join.already_member', { email: outcome.email, store: outcome.storeName })] })
    const choices = outcome.marketing.map((purpose) => i18n.t(`customers.purposes.${purpose}`)).join(', ')
    const lines = [
      i18n.t('privacy.join.confirmed', { store: outcome.storeName, card: outcome.customer.cardCode }),
      outcome.marketing.length > 0 ? i18n.t('privacy.join.confirmed_marketing', { choices }) : i18n.t('privacy.join.confirmed_no_marketing'),
    ]
    if (outcome.phoneLeftOut) lines.push(i18n.t('privacy.join.phone_left_out'))
    return render(ctx, 'privacy/join_message', { title: i18n.t('privacy.join.confirmed_title'), lines })
  }
}

async function storeBySlug(slug: unknown) {
  if (typeof slug !== 'string' || slug.length > 64 || !SLUG.test(slug)) return null
  const store = await Store.findBySlug(slug)
  return store ? { id: store.id, slug: store.slug, name: store.name, controller: store.legalName ?? store.name, timezone: store.timezone } : null
}

/** Each box with the exact words shown (their version is what the proof keeps). */
function boxesFor(ctx: HttpContext, store: { name: string }) {
  return JOIN_PURPOSES.map((purpose) => ({ purpose, text: wordingOf(purpose, ctx.i18n.locale, store.name).text }))
}

/** No cache, and no referrer by default: the confirmation's URL carries its token. */
async function render({ view, response }: HttpContext, template: string, state: Record<string, unknown>, status = 200, referrerPolicy = 'no-referrer') {
  response.header('Cache-Control', 'no-store')
  response.header('Referrer-Policy', referrerPolicy)
  return response.status(status).send(await view.render(template, state))
}

function notFound(ctx: HttpContext) {
  return render(ctx, 'privacy/join_message', { title: ctx.i18n.t('privacy.join.title'), lines: [ctx.i18n.t('privacy.join.unknown_store')] }, 404)
}

function invalidLink(ctx: HttpContext) {
  return render(ctx, 'privacy/join_message', { title: ctx.i18n.t('privacy.join.link_invalid_title'), lines: [ctx.i18n.t('privacy.join.link_invalid')] }, 404)
}
