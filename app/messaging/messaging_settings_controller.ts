import type { HttpContext } from '@adonisjs/core/http'
import { errors } from '@vinejs/vine'
import { loadMessagingSettings, saveMessagingSettings, validateSettings, type MessagingSettings } from '#messaging/messaging_settings'
import { audit } from '#shared/audit'
import { parseWhole } from '#loyalty/admin/form_values'

/**
 * The owner's sending rules (/admin/messaging/settings): the frequency cap
 * across all animations, quiet hours, the SMS window and sender. A form
 * with errors comes back as typed (422) and changes nothing.
 */
export default class MessagingSettingsController {
  async edit({ view }: HttpContext) {
    return view.render('messaging/settings', { form: formOf(await loadMessagingSettings()), errors: {} })
  }

  async update({ request, response, view, session, i18n, auth }: HttpContext) {
    const body = request.body()
    const form = typedForm(body)
    try {
      const settings = await validateSettings.validate(settingsOf(form))
      await saveMessagingSettings(settings)
      await audit({ staffMemberId: auth.use('web').user!.id, action: 'messaging.settings_changed', details: settings, ip: request.ip() })
      session.flash('success', i18n.t('messaging.settings.saved'))
      return response.redirect('/admin/messaging/settings')
    } catch (error) {
      if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string[]> = {}
      for (const message of error.messages as Array<{ field: string }>) {
        ;(fieldErrors[message.field.split('.').slice(0, 2).join('.')] ??= []).push(i18n.t(`messaging.settings.errors.${message.field.split('.')[0]}`))
      }
      response.status(422)
      return view.render('messaging/settings', { form, errors: fieldErrors })
    }
  }
}

interface SettingsForm {
  cap_count: string
  cap_days: string
  quiet: boolean
  quiet_start: string
  quiet_end: string
  sms_days: string[]
  sms_start: string
  sms_end: string
  skip_holidays: boolean
  sms_sender: string
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '')

function typedForm(body: Record<string, any>): SettingsForm {
  const days = Array.isArray(body.sms_days) ? body.sms_days : body.sms_days ? [body.sms_days] : []
  return {
    cap_count: text(body.cap_count, 4),
    cap_days: text(body.cap_days, 4),
    quiet: body.quiet === 'on' || body.quiet === '1',
    quiet_start: text(body.quiet_start, 5),
    quiet_end: text(body.quiet_end, 5),
    sms_days: days.filter((day: unknown) => typeof day === 'string').slice(0, 7),
    sms_start: text(body.sms_start, 5),
    sms_end: text(body.sms_end, 5),
    skip_holidays: body.skip_holidays === 'on' || body.skip_holidays === '1',
    sms_sender: text(body.sms_sender, 20),
  }
}

/** Typed figures become integers; anything else is passed as typed, for the validator to name. */
const figure = (value: string) => parseWhole(value) ?? value

function settingsOf(form: SettingsForm) {
  return {
    frequency_cap: { count: figure(form.cap_count), days: figure(form.cap_days) },
    quiet_hours: form.quiet ? { start: form.quiet_start, end: form.quiet_end } : null,
    sms_window: { days: form.sms_days.map(figure), start: form.sms_start, end: form.sms_end, skip_public_holidays: form.skip_holidays },
    sms_sender: form.sms_sender,
  }
}

function formOf(settings: MessagingSettings): SettingsForm {
  return {
    cap_count: String(settings.frequency_cap.count),
    cap_days: String(settings.frequency_cap.days),
    quiet: settings.quiet_hours !== null,
    quiet_start: settings.quiet_hours?.start ?? '21:00',
    quiet_end: settings.quiet_hours?.end ?? '08:00',
    sms_days: settings.sms_window.days.map(String),
    sms_start: settings.sms_window.start,
    sms_end: settings.sms_window.end,
    skip_holidays: settings.sms_window.skip_public_holidays,
    sms_sender: settings.sms_sender,
  }
}
