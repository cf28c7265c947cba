import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { audit } from '#shared/audit'
import { csvHeaders } from '#customers/export/csv_stream'
import { askedLanguage, LANGUAGES, privacyRegister } from '#privacy/register/privacy_register'
import { registerCsv, registerFileName, registerJson } from '#privacy/register/register_export'
import { formatDateTime } from '#shared/format'
import { businessTimezone } from '#privacy/breaches/business_time'

/**
 * `/admin/privacy/register`: the record of processing (Art. 30) as a page,
 * and as CSV or JSON for the owner's files or the CNIL, in French or
 * English (`?lang=`). Downloads are audited (R56).
 */
export default class RegisterController {
  async show(ctx: HttpContext) {
    const i18n = askedLanguage(ctx)
    const register = await privacyRegister(i18n)
    const generatedOn = formatDateTime(DateTime.utc(), await businessTimezone(), i18n.locale)
    return ctx.view.render('privacy/admin/register', { i18n, locale: i18n.locale, register, generatedOn, languages: LANGUAGES, section: 'register' })
  }

  async csv(ctx: HttpContext) {
    const i18n = askedLanguage(ctx)
    const text = registerCsv(await privacyRegister(i18n), i18n)
    await exported(ctx, 'csv', i18n.locale)
    for (const [name, value] of Object.entries(csvHeaders(registerFileName(i18n, 'csv')))) ctx.response.header(name, value)
    return ctx.response.send(text)
  }

  async json(ctx: HttpContext) {
    const i18n = askedLanguage(ctx)
    const body = registerJson(await privacyRegister(i18n))
    await exported(ctx, 'json', i18n.locale)
    ctx.response.header('Content-Disposition', `attachment; filename="${registerFileName(i18n, 'json')}"`)
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.response.json(body)
  }
}

function exported({ auth, request }: HttpContext, format: 'csv' | 'json', locale: string) {
  return audit({ staffMemberId: auth.use('web').user!.id, action: 'privacy.register_exported', details: { format, locale }, ip: request.ip() })
}
