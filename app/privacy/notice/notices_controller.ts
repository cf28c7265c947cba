import type { HttpContext } from '@adonisjs/core/http'
import Store from '#stores/models/store'
import { SLUG } from '#stores/validators'
import { formatDate } from '#shared/format'
import { askedLanguage, LANGUAGE_NAMES, LANGUAGES, privacyRegister } from '#privacy/register/privacy_register'

/** The portal to exercise rights, and the CNIL's complaint form (R26). */
const CNIL_COMPLAINTS = 'https://www.cnil.fr/fr/plaintes'
const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'withdrawal'] as const

/**
 * `/privacy/:store`: the full privacy notice (Art. 13), linked from the
 * join page before its button and from the portal. Rendered from the same
 * activities as the register, in the visitor's language or `?lang=`.
 */
export default class NoticesController {
  /** `/privacy`: the notice of the default store (the portal has no store in its address). */
  async index({ response }: HttpContext) {
    const store: Store | undefined = await Store.defaultStore()
    return store ? response.redirect(`/privacy/${store.slug}`) : response.notFound()
  }

  async show(ctx: HttpContext) {
    const store = await storeBySlug(ctx.params.store)
    const i18n = askedLanguage(ctx)
    if (!store) return ctx.response.status(404).send(await ctx.view.render('privacy/join_message', { i18n, locale: i18n.locale, title: i18n.t('privacy_notice.notice.title'), lines: [i18n.t('privacy_notice.notice.unknown_store')] }))
    const register = await privacyRegister(i18n)
    const updatedOn = register.savedAt ? formatDate(register.savedAt, store.timezone, i18n.locale) : null
    const transfers = register.processors.filter((processor) => processor.outsideEea)
    return ctx.view.render('privacy/notice', { i18n, locale: i18n.locale, store, register, updatedOn, transfers, rights: RIGHTS, languages: LANGUAGES, languageNames: LANGUAGE_NAMES, cnilComplaints: CNIL_COMPLAINTS })
  }
}

async function storeBySlug(slug: unknown) {
  if (typeof slug !== 'string' || slug.length > 64 || !SLUG.test(slug)) return null
  return Store.findBySlug(slug)
}
