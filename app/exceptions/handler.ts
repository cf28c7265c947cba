import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as vineErrors } from '@vinejs/vine'
import { apiErrorBody } from '#shared/api_errors'
import i18nManager from '@adonisjs/i18n/services/main'

/**
 * API requests (/api/*, /health, or JSON accepted) always get a JSON error
 * body; pages get a status page. Stack traces never leave the server in
 * production, and a 5xx is logged without the request body.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (_, { view }) => view.render('errors/forbidden'),
    '404': (_, { view }) => view.render('errors/not_found'),
    '500..599': (_, { view }) => view.render('errors/server_error'),
  }

  protected wantsJson(ctx: HttpContext) {
    const url = ctx.request.url()
    return url.startsWith('/api/') || url === '/health' || ctx.request.accepts(['html', 'json']) === 'json'
  }

  async handle(error: unknown, ctx: HttpContext) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR && !this.wantsJson(ctx)) {
      return super.handle(error, ctx)
    }
    if (this.wantsJson(ctx)) {
      const { status, body } = apiErrorBody(error)
      return ctx.response.status(status).send(body)
    }
    this.ensureLocale(ctx)
    if ((error as { code?: string })?.code === 'E_BAD_CSRF_TOKEN') {
      // A form without its token (or from an expired page) changes nothing (R49).
      return ctx.response.status(403).send(await ctx.view.render('errors/csrf'))
    }
    return super.handle(error, ctx)
  }

  /** Unmatched routes skip the router middleware: pick a language for the error page. */
  protected ensureLocale(ctx: HttpContext) {
    if (ctx.i18n) return
    const locale = ctx.request.language(i18nManager.supportedLocales()) || i18nManager.defaultLocale
    ctx.i18n = i18nManager.locale(locale)
    ctx.view.share({ i18n: ctx.i18n, locale })
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
