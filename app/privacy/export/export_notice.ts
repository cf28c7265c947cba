import i18nManager from '@adonisjs/i18n/services/main'
import { loadPrivacySettings } from '#privacy/privacy_settings'
import { describeActivities, describeController, describeProcessor } from '#privacy/register/describe_activities'
import type { ExportedNotice } from '#privacy/export/customer_export'

export const CNIL_COMPLAINT_URL = 'https://www.cnil.fr/fr/plaintes'

const RIGHTS = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'withdrawal'] as const

/**
 * What Art. 15(1) adds to the copy of the data: purposes and legal bases,
 * recipients, retention, the other rights, the right to complain to the
 * CNIL, and where the data came from. Read from the owner's settings
 * through the same description as the privacy notice and the register,
 * so the three cannot disagree.
 */
export async function noticeFor(locale: string, source: string): Promise<ExportedNotice> {
  const i18n = i18nManager.locale(locale)
  const t = (key: string, data?: Record<string, unknown>) => i18n.t(`privacy_export.${key}`, data)
  const settings = await loadPrivacySettings()
  const controller = describeController(settings, i18n)
  return {
    controller: { name: controller.name, address: controller.address, email: controller.email, contact: controller.contact },
    activities: describeActivities(settings, i18n).map((activity) => ({
      code: activity.key,
      name: activity.name,
      purpose: activity.purpose,
      legal_bases: activity.bases,
      basis_detail: activity.basisDetail,
      data: activity.data,
      recipients: activity.recipients,
      transfers: activity.transfers,
      retention: activity.retention.map(({ source: category, months, text }) => ({ category, months, text })),
    })),
    processors: settings.processors.map((processor) => describeProcessor(processor, i18n)).map((processor) => ({
      name: processor.name,
      service: processor.kind,
      purpose: processor.purpose,
      country: processor.country,
      outside_eea: processor.outsideEea,
      safeguards: processor.safeguards,
    })),
    rights: RIGHTS.map((code) => ({ code, text: t(`rights.${code}`) })),
    how_to_exercise: t('rights_how', { email: controller.email }),
    complaint: { authority: 'CNIL', url: CNIL_COMPLAINT_URL, text: t('complaint', { url: CNIL_COMPLAINT_URL }) },
    data_source: { code: source, text: i18n.hasMessage(`privacy_export.sources.${source}`) ? t(`sources.${source}`) : t('sources.other') },
  }
}
