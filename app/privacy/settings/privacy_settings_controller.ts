import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import { loadPrivacySettings, privacySettingsSavedAt, savePrivacySettings, validatePrivacySettings, type PrivacySettings } from '#privacy/privacy_settings'
import { countryOptions, fieldErrorsOf, formOf, PROCESSOR_KIND_OPTIONS, RETENTION_CATEGORIES, rowsToShow, settingsOf, typedForm, type PrivacySettingsForm } from '#privacy/settings/privacy_settings_form'
import { audit } from '#shared/audit'

/**
 * The owner's privacy settings (/admin/privacy/settings): the controller's
 * identity and contact, retention per category, processors. What is saved
 * here is what the notice, the register and the purge read. A form with
 * errors comes back as typed (422) and changes nothing.
 */
export default class PrivacySettingsController {
  async edit(ctx: HttpContext) {
    return render(ctx, formOf(await loadPrivacySettings()), {})
  }

  async update(ctx: HttpContext) {
    const { request, response, session, i18n, auth } = ctx
    const form = typedForm(request.body())
    const { input, rowOf } = settingsOf(form)
    const [error, settings] = await validatePrivacySettings.tryValidate(input)
    if (error) {
      if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
      return render(ctx, form, fieldErrorsOf(error.messages, rowOf, i18n), 422)
    }
    const before = await loadPrivacySettings()
    await savePrivacySettings(settings)
    await audit({ staffMemberId: auth.use('web').user!.id, action: 'privacy.settings_changed', details: changesOf(before, settings), ip: request.ip() })
    session.flash('success', i18n.t('privacy_notice.settings.saved'))
    return response.redirect('/admin/privacy/settings')
  }
}

async function render({ view, response, i18n }: HttpContext, form: PrivacySettingsForm, fieldErrors: Record<string, string[]>, status = 200) {
  const rows = rowsToShow(form)
  const countries = countryOptions(i18n.locale, rows.map((row) => row.country))
  const state = { form, rows, errors: fieldErrors, countries, kinds: PROCESSOR_KIND_OPTIONS, categories: RETENTION_CATEGORIES, savedAt: await privacySettingsSavedAt(), section: 'settings' }
  return response.status(status).send(await view.render('privacy/admin/settings', state))
}

/** Which parts changed, the durations and the processors' names: the controller's contact details stay out of the log. */
function changesOf(before: PrivacySettings, after: PrivacySettings) {
  const parts = ['controller', 'retention', 'processors'] as const
  const changed = parts.filter((part) => JSON.stringify(before[part]) !== JSON.stringify(after[part]))
  return { changed, retention: after.retention, processors: after.processors.map((processor) => processor.name) }
}
