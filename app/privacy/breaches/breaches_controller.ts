import type { HttpContext } from '@adonisjs/core/http'
import Breach from '#privacy/breaches/breach'
import { blankBreachForm, formOfBreach, typedBreachForm, validateBreach, type BreachField, type BreachForm } from '#privacy/breaches/breach_form'
import { breachListRow, breachPage } from '#privacy/breaches/breach_view'
import { businessTimezone } from '#privacy/breaches/business_time'
import { recordBreach } from '#privacy/breaches/record_breach'
import { loadPrivacySettings } from '#privacy/privacy_settings'

/**
 * The breach register (/admin/privacy/breaches), owners only: the list, a
 * new entry, and each entry shown with its 72-hour deadline and edited in
 * place. Bad input comes back as typed (422) and changes nothing.
 */
export default class BreachesController {
  async index({ view, i18n }: HttpContext) {
    const zone = await businessTimezone()
    const breaches = await Breach.query().orderBy('discoveredAt', 'desc').orderBy('id', 'desc').limit(500)
    return view.render('privacy/admin/breaches/index', { rows: breaches.map((breach) => breachListRow(breach, zone, i18n)), section: 'breaches' })
  }

  async create(ctx: HttpContext) {
    const { controller } = await loadPrivacySettings()
    return render(ctx, null, blankBreachForm(await businessTimezone(), controller.dpo ?? controller.email), [])
  }

  async store(ctx: HttpContext) {
    return save(ctx, null)
  }

  async show(ctx: HttpContext) {
    const breach = await Breach.query().where('publicId', ctx.params.id).firstOrFail()
    return render(ctx, breach, formOfBreach(breach, await businessTimezone()), [])
  }

  async update(ctx: HttpContext) {
    return save(ctx, await Breach.query().where('publicId', ctx.params.id).firstOrFail())
  }
}

async function save(ctx: HttpContext, existing: Breach | null) {
  const { request, response, session, i18n, auth } = ctx
  const form = typedBreachForm(request.body())
  const checked = await validateBreach(form, await businessTimezone())
  if ('invalid' in checked) return render(ctx, existing, form, checked.invalid, 422)
  const breach = await recordBreach(checked.input, { staffMemberId: auth.use('web').user!.id, ip: request.ip() }, existing ?? undefined)
  session.flash('success', i18n.t(existing ? 'privacy_notice.breaches.updated' : 'privacy_notice.breaches.recorded'))
  return response.redirect(`/admin/privacy/breaches/${breach.publicId}`)
}

async function render({ view, response, i18n }: HttpContext, breach: Breach | null, form: BreachForm, invalid: BreachField[], status = 200) {
  const page = breachPage(breach, form, invalid, await businessTimezone(), i18n)
  return response.status(status).send(await view.render('privacy/admin/breaches/form', { ...page, section: 'breaches' }))
}
