import type { I18n } from '@adonisjs/i18n'
import { DEFAULT_RETENTION, EEA_COUNTRIES, PROCESSOR_KINDS, type PrivacySettings, type RetentionCategory } from '#privacy/privacy_settings'
import { countryName } from '#privacy/register/describe_activities'

/**
 * The settings page's form, as typed: what the page shows back after an
 * error, and what becomes the settings. Processors are rows of a plain
 * HTML form (no script): a few blank rows to add one, a "remove" box, and
 * a row left blank is no processor.
 */
export const RETENTION_CATEGORIES = Object.keys(DEFAULT_RETENTION) as RetentionCategory[]

const BLANK_ROWS = 3
const MAX_PROCESSORS = 20

export interface ProcessorRow {
  name: string
  kind: string
  purpose: string
  country: string
  safeguards: string
  remove: boolean
}

export interface PrivacySettingsForm {
  controller_name: string
  controller_address: string
  controller_email: string
  dpo: string
  retention: Record<RetentionCategory, string>
  processors: ProcessorRow[]
}

const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '')

/** Rows come as an array, or as an object once qs passes its index limit (20): both are read, in order. */
function rowsOf(value: unknown): Array<Record<string, unknown>> {
  if (!value || typeof value !== 'object') return []
  const rows = Array.isArray(value) ? value : Object.entries(value).sort(([a], [b]) => Number(a) - Number(b)).map(([, row]) => row)
  return rows.filter((row): row is Record<string, unknown> => Boolean(row) && typeof row === 'object').slice(0, MAX_PROCESSORS + BLANK_ROWS)
}

export function typedForm(body: Record<string, any>): PrivacySettingsForm {
  const retention = body.retention && typeof body.retention === 'object' ? body.retention : {}
  return {
    controller_name: text(body.controller_name, 400),
    controller_address: text(body.controller_address, 600),
    controller_email: text(body.controller_email, 400),
    dpo: text(body.dpo, 600),
    retention: Object.fromEntries(RETENTION_CATEGORIES.map((category) => [category, text(retention[category], 6)])) as Record<RetentionCategory, string>,
    processors: rowsOf(body.processors).map((row) => ({
      name: text(row.name, 240),
      kind: text(row.kind, 16),
      purpose: text(row.purpose, 400),
      country: text(row.country, 8),
      safeguards: text(row.safeguards, 600),
      remove: row.remove === 'on' || row.remove === '1',
    })),
  }
}

const isBlank = (row: ProcessorRow) => !row.name.trim() && !row.purpose.trim() && !row.safeguards.trim()

/** "36" → 36; anything else is passed as typed, for the validator to name. */
const figure = (value: string) => (/^\s*\d{1,4}\s*$/.test(value) ? Number(value) : value)

/** The settings to validate, and for each processor its row on the page (blank and removed rows are left out). */
export function settingsOf(form: PrivacySettingsForm) {
  const kept = form.processors.map((row, index) => ({ row, index })).filter(({ row }) => !row.remove && !isBlank(row))
  return {
    input: {
      controller: { name: form.controller_name, address: form.controller_address, email: form.controller_email, dpo: form.dpo.trim() ? form.dpo : null },
      retention: Object.fromEntries(RETENTION_CATEGORIES.map((category) => [category, figure(form.retention[category])])),
      processors: kept.map(({ row }) => ({ name: row.name, kind: row.kind, purpose: row.purpose, country: row.country, safeguards: row.safeguards.trim() ? row.safeguards : null })),
    },
    rowOf: kept.map(({ index }) => index),
  }
}

export function formOf(settings: PrivacySettings): PrivacySettingsForm {
  return {
    controller_name: settings.controller.name,
    controller_address: settings.controller.address,
    controller_email: settings.controller.email,
    dpo: settings.controller.dpo ?? '',
    retention: Object.fromEntries(RETENTION_CATEGORIES.map((category) => [category, String(settings.retention[category])])) as Record<RetentionCategory, string>,
    processors: settings.processors.map((processor) => ({
      name: processor.name,
      kind: processor.kind ?? 'other',
      purpose: processor.purpose,
      country: processor.country,
      safeguards: processor.safeguards ?? '',
      remove: false,
    })),
  }
}

/** The rows the page shows: the typed ones, then blank ones to add processors, up to the limit. */
export function rowsToShow(form: PrivacySettingsForm): ProcessorRow[] {
  const blanks = Math.max(0, Math.min(BLANK_ROWS, MAX_PROCESSORS + BLANK_ROWS - form.processors.length))
  const blank: ProcessorRow = { name: '', kind: 'other', purpose: '', country: '', safeguards: '', remove: false }
  return [...form.processors, ...Array.from({ length: blanks }, () => ({ ...blank }))]
}

/**
 * Validation messages by form field ("controller_name",
 * "retention_members_months", "processors_2_country"), in the owner's
 * language, with the page's row numbers.
 */
export function fieldErrorsOf(messages: Array<{ field: string }>, rowOf: number[], i18n: I18n) {
  const errors: Record<string, string[]> = {}
  for (const { field } of messages) {
    const [section, second, third] = field.split('.')
    let key: string
    let message: string
    if (section === 'processors' && second !== undefined && third !== undefined) {
      const row = rowOf[Number(second)] ?? Number(second)
      key = `processors_${row}_${third}`
      message = i18n.t(`privacy_notice.settings.errors.processors.${third}`, { row: row + 1 })
    } else if (section === 'processors') {
      key = 'processors'
      message = i18n.t('privacy_notice.settings.errors.processors.list')
    } else {
      key = `${section}_${second}`
      message = i18n.t(`privacy_notice.settings.errors.${section}.${second}`)
    }
    const list = (errors[key] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return errors
}

/** The countries offered for a processor: the EEA and the usual destinations, by name, plus any already chosen. */
const COMMON_COUNTRIES = ['CH', 'GB', 'US', 'CA', 'JP', 'KR', 'NZ', 'IL', 'AR', 'UY', 'AD', 'MC', 'MA', 'TN', 'SN', 'IN', 'SG', 'AU', 'BR', 'CN']

export function countryOptions(locale: string, chosen: string[]) {
  const codes = new Set([...EEA_COUNTRIES, ...COMMON_COUNTRIES, ...chosen.filter((code) => /^[A-Z]{2}$/.test(code))])
  return [...codes].map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale))
}

export const PROCESSOR_KIND_OPTIONS = PROCESSOR_KINDS
