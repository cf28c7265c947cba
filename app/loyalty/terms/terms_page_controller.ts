import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import Store from '#stores/models/store'
import { SLUG } from '#stores/validators'
import { formatDate } from '#shared/format'
import { askedLanguage, LANGUAGE_NAMES, LANGUAGES } from '#privacy/register/privacy_register'
import { currentTerms, termsVersion, upcomingTerms } from '#loyalty/terms/program_terms'
import { termsDocument } from '#loyalty/terms/terms_document'

/**
 * `/terms/:store`: the programme's terms as a page, for the join page, the
 * portal and the mails announcing a new version. The version in force, or
 * `?version=N` (an earlier or an announced one); in the visitor's language
 * or `?lang=`. Public: the terms bind members who have no account here.
 */
export default class TermsPageController {
  async index({ response }: HttpContext) {
    const store: Store | undefined = await Store.defaultStore()
    return store ? response.redirect(`/terms/${store.slug}`) : response.notFound()
  }

  async show(ctx: HttpContext) {
    const i18n = askedLanguage(ctx)
    const slug = ctx.params.store
    const store = typeof slug === 'string' && slug.length <= 64 && SLUG.test(slug) ? await Store.findBySlug(slug) : null
    if (!store) return notFound(ctx, i18n, i18n.t('terms.page.unknown_store'))
    const inForce = await currentTerms()
    const asked = ctx.request.qs().version
    const number = typeof asked === 'string' && /^[1-9]\d{0,5}$/.test(asked) ? Number(asked) : asked === undefined ? inForce.version : null
    const terms = number === inForce.version ? inForce : number === null ? null : await termsVersion(number)
    if (!terms) return notFound(ctx, i18n, i18n.t('terms.page.unknown_version'))
    const upcoming = await upcomingTerms()
    return ctx.view.render('loyalty/terms/page', {
      i18n,
      locale: i18n.locale,
      store,
      document: termsDocument(terms, i18n, { timezone: store.timezone, storeSlug: store.slug }),
      inForce,
      upcoming: upcoming && upcoming.version !== terms.version ? { version: upcoming.version, date: formatDate(upcoming.effectiveFrom, store.timezone, i18n.locale) } : null,
      languages: LANGUAGES,
      languageNames: LANGUAGE_NAMES,
    })
  }
}

async function notFound(ctx: HttpContext, i18n: I18n, line: string) {
  return ctx.response.status(404).send(await ctx.view.render('privacy/join_message', { i18n, locale: i18n.locale, title: i18n.t('terms.title'), lines: [line] }))
}
