import type { HttpContext } from '@adonisjs/core/http'
import type { I18n } from '@adonisjs/i18n'
import i18nManager from '@adonisjs/i18n/services/main'
import { loadPrivacySettings, privacySettingsSavedAt } from '#privacy/privacy_settings'
import { describeActivities, describeController, describeProcessor } from '#privacy/register/describe_activities'

/** Everything the register and the notice show, read once, in one language. */
export async function privacyRegister(i18n: I18n) {
  const settings = await loadPrivacySettings()
  return {
    locale: i18n.locale,
    savedAt: await privacySettingsSavedAt(),
    controller: describeController(settings, i18n),
    activities: describeActivities(settings, i18n),
    processors: settings.processors.map((processor) => describeProcessor(processor, i18n)),
  }
}

export type PrivacyRegister = Awaited<ReturnType<typeof privacyRegister>>

export const LANGUAGES = ['fr', 'en'] as const

/** Each language in its own words, for the switches. */
export const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { fr: 'Français', en: 'English' }

/**
 * `?lang=fr|en` picks the language of a notice or a download; otherwise
 * the visitor's. The page around it (layout, `<html lang>`) follows.
 */
export function askedLanguage(ctx: HttpContext): I18n {
  const lang = ctx.request.qs().lang
  if (typeof lang !== 'string' || !(LANGUAGES as readonly string[]).includes(lang) || lang === ctx.i18n.locale) return ctx.i18n
  const i18n = i18nManager.locale(lang)
  ctx.view.share({ i18n, locale: i18n.locale })
  return i18n
}
