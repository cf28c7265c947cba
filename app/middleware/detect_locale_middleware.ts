import { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

export const LOCALE_COOKIE = 'comptoir-locale'

/**
 * Locale: the language switch (cookie) wins, then Accept-Language, then French.
 */
export default class DetectLocaleMiddleware {
  protected userLanguage(ctx: HttpContext) {
    const supported = i18nManager.supportedLocales()
    const chosen = ctx.request.plainCookie(LOCALE_COOKIE)
    if (typeof chosen === 'string' && supported.includes(chosen)) return chosen
    return ctx.request.language(supported) || i18nManager.defaultLocale
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const language = this.userLanguage(ctx)
    ctx.i18n = i18nManager.locale(language || i18nManager.defaultLocale)
    ctx.containerResolver.bindValue(I18n, ctx.i18n)
    if ('view' in ctx) {
      ctx.view.share({ i18n: ctx.i18n, locale: ctx.i18n.locale })
    }
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    i18n: I18n
  }
}
