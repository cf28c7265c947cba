import type { I18n } from '@adonisjs/i18n'
import { isInEea, type PrivacySettings } from '#privacy/privacy_settings'
import { processingActivities, type ActivityKey, type LegalBasis, type ProcessingActivity, type RetentionSource } from '#privacy/register/processing_activities'

/**
 * The processing activities in words, in one language: what the register
 * page, its CSV and JSON downloads and the public notice all show. Nothing
 * here invents a figure: durations and processors come from the settings.
 */
export interface DescribedActivity {
  key: ActivityKey
  name: string
  purpose: string
  bases: Array<{ code: LegalBasis; label: string }>
  basisDetail: string
  mandatory: string
  data: string[]
  subjects: string[]
  recipients: string[]
  transfers: string[]
  retention: Array<{ source: RetentionSource; months: number; text: string }>
  security: string[]
}

export interface DescribedProcessor {
  name: string
  kind: string
  purpose: string
  country: string
  countryName: string
  outsideEea: boolean
  safeguards: string | null
}

const N = 'privacy_notice'

export function describeActivities(settings: PrivacySettings, i18n: I18n): DescribedActivity[] {
  return processingActivities(settings).map((activity) => describeActivity(activity, i18n))
}

function describeActivity(activity: ProcessingActivity, i18n: I18n): DescribedActivity {
  const t = (key: string, data?: Record<string, unknown>) => i18n.t(`${N}.${key}`, data)
  const roles = activity.staff.map((role) => i18n.t(`common.roles.${role}`)).join(', ')
  return {
    key: activity.key,
    name: t(`activities.${activity.key}.name`),
    purpose: t(`activities.${activity.key}.purpose`),
    bases: activity.bases.map((code) => ({ code, label: t(`bases.${code}`) })),
    basisDetail: t(`activities.${activity.key}.basis`),
    mandatory: t(`activities.${activity.key}.mandatory`),
    data: activity.data.map((code) => t(`data.${code}`)),
    subjects: activity.subjects.map((code) => t(`subjects.${code}`)),
    recipients: [t('recipients.staff', { roles }), ...activity.processors.map((processor) => processorLine(describeProcessor(processor, i18n), i18n))],
    transfers: activity.transfers.map((processor) => transferLine(describeProcessor(processor, i18n), i18n)),
    retention: activity.retention.map(({ source, months }) => ({ source, months, text: retentionText(activity, source, months, i18n) })),
    security: activity.security.map((code) => t(`security.${code}`)),
  }
}

/** Consent-based activities last until the consent is withdrawn, and never beyond the activity clock. */
function retentionText(activity: ProcessingActivity, source: RetentionSource, months: number, i18n: I18n) {
  const untilWithdrawal = activity.bases.includes('consent') && source === 'members_months'
  return i18n.t(`${N}.retention.${untilWithdrawal ? 'members_months_consent' : source}`, { duration: durationText(months, i18n) })
}

/** Whole years read as years ("3 ans"), anything else as months ("30 mois"). */
export function durationText(months: number, i18n: I18n) {
  return months % 12 === 0 ? i18n.t(`${N}.duration.years`, { count: months / 12 }) : i18n.t(`${N}.duration.months`, { count: months })
}

export function describeProcessor(processor: PrivacySettings['processors'][number], i18n: I18n): DescribedProcessor {
  return {
    name: processor.name,
    kind: i18n.t(`${N}.processor_kinds.${processor.kind ?? 'other'}`),
    purpose: processor.purpose,
    country: processor.country,
    countryName: countryName(processor.country, i18n.locale),
    outsideEea: !isInEea(processor.country),
    safeguards: processor.safeguards,
  }
}

export function countryName(code: string, locale: string) {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code
  } catch {
    return code
  }
}

const processorLine = (processor: DescribedProcessor, i18n: I18n) => i18n.t(`${N}.recipients.processor`, { name: processor.name, kind: processor.kind, country: processor.countryName })

const transferLine = (processor: DescribedProcessor, i18n: I18n) =>
  i18n.t(`${N}.transfers.line`, { name: processor.name, country: processor.countryName, safeguards: processor.safeguards ?? i18n.t(`${N}.transfers.no_safeguards`) })

/** Who answers for the data, and whom to write to: the DPO when there is one, else the controller's address. */
export function describeController(settings: PrivacySettings, i18n: I18n) {
  const { name, address, email, dpo } = settings.controller
  return { name, address, email, contact: dpo?.trim() ? dpo : i18n.t(`${N}.controller.no_dpo`, { email }), hasDpo: Boolean(dpo?.trim()) }
}
