import type { I18n } from '@adonisjs/i18n'
import { stringify } from 'csv-stringify/sync'
import { safeCsvCell } from '#customers/export/safe_csv_cell'
import type { PrivacyRegister } from '#privacy/register/privacy_register'

/**
 * The register as files: one CSV row per activity (UTF-8 with a BOM, `;`
 * between cells, CRLF, as French spreadsheets expect; lists inside a cell
 * separated by " | "), and JSON with the codes beside the words.
 */
export const REGISTER_COLUMNS = [
  'activity_code',
  'activity',
  'purpose',
  'legal_basis',
  'data_subjects',
  'data_categories',
  'recipients',
  'transfers',
  'retention',
  'retention_months',
  'security_measures',
  'mandatory',
] as const

const LIST = ' | '

export function registerCsv(register: PrivacyRegister, i18n: I18n) {
  const t = (key: string) => i18n.t(`privacy_notice.${key}`)
  const header = REGISTER_COLUMNS.map((column) => t(`register.columns.${column}`))
  const rows = register.activities.map((activity) => [
    activity.key,
    activity.name,
    activity.purpose,
    `${activity.bases.map((basis) => basis.label).join(LIST)} — ${activity.basisDetail}`,
    activity.subjects.join(LIST),
    activity.data.join(LIST),
    activity.recipients.join(LIST),
    activity.transfers.length ? activity.transfers.join(LIST) : t('transfers.none'),
    activity.retention.map((line) => line.text).join(LIST),
    activity.retention.map((line) => line.months).join(LIST),
    activity.security.join(LIST),
    activity.mandatory,
  ])
  return stringify([header, ...rows].map((row) => row.map(safeCsvCell)), { delimiter: ';', record_delimiter: 'windows', bom: true })
}

export function registerJson(register: PrivacyRegister) {
  return {
    locale: register.locale,
    settings_saved_at: register.savedAt?.toISO() ?? null,
    controller: { name: register.controller.name, address: register.controller.address, email: register.controller.email, dpo_or_contact: register.controller.contact },
    activities: register.activities.map((activity) => ({
      code: activity.key,
      name: activity.name,
      purpose: activity.purpose,
      legal_bases: activity.bases,
      legal_basis_detail: activity.basisDetail,
      data_subjects: activity.subjects,
      data_categories: activity.data,
      recipients: activity.recipients,
      transfers_outside_eea: activity.transfers,
      retention: activity.retention.map((line) => ({ category: line.source, months: line.months, text: line.text })),
      security_measures: activity.security,
      mandatory: activity.mandatory,
    })),
    processors: register.processors.map((processor) => ({
      name: processor.name,
      service: processor.kind,
      purpose: processor.purpose,
      country: processor.country,
      outside_eea: processor.outsideEea,
      safeguards: processor.safeguards,
    })),
  }
}

export function registerFileName(i18n: I18n, extension: 'csv' | 'json') {
  return `${i18n.t('privacy_notice.register.file_name')}_${i18n.locale}.${extension}`
}
