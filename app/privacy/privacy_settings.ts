import vine from '@vinejs/vine'
import type { FieldContext, Infer } from '@vinejs/vine/types'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'
import { defaultProcessors } from '#privacy/settings/default_processors'

const months = (min: number, max: number) => vine.number().withoutDecimals().range([min, max])
const text = (max: number) => vine.string().trim().minLength(1).maxLength(max)

/** What a processor does for the controller: the register lists it under the activities that use it ('other': under all). */
export const PROCESSOR_KINDS = ['hosting', 'email', 'sms', 'pos', 'other'] as const
export type ProcessorKind = (typeof PROCESSOR_KINDS)[number]

/** The European Economic Area (EU 27, Iceland, Liechtenstein, Norway): a processor elsewhere is a transfer (Art. 44–49). */
export const EEA_COUNTRIES = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO'])

export const isInEea = (country: string) => EEA_COUNTRIES.has(country.trim().toUpperCase())

/** A transfer outside the EEA must name its safeguards (adequacy decision, standard clauses…), so the notice can (R26). */
const safeguardsOutsideEea = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    const country = String(field.parent?.country ?? '')
    if (/^[A-Za-z]{2}$/.test(country.trim()) && !isInEea(country) && !(typeof value === 'string' && value.trim())) {
      field.report('Name the safeguards of a transfer outside the EEA', 'safeguards', field)
    }
  },
  { implicit: true }
)

/**
 * What the privacy notice, the processing register (Art. 30) and the
 * retention purge read. The owner edits it; nothing is hard-coded
 * elsewhere, so the notice, the register and the purge cannot disagree.
 */
export const privacySettingsSchema = vine.object({
  /** The data controller (the merchant), as the notice names them. */
  controller: vine.object({
    name: text(200),
    address: text(300),
    email: vine.string().trim().email().maxLength(254),
    /** A DPO or a privacy contact point, when there is one. */
    dpo: vine.string().trim().maxLength(300).nullable(),
  }),
  /** Months, from the event each category names (CNIL defaults, which the owner may justify changing). */
  retention: vine.object({
    /** Customers who never bought with the card: from the last contact that came from them. */
    prospects_months: months(1, 60),
    /** Members: from their last activity (purchase with the card, portal change, contact), never an e-mail open. */
    members_months: months(1, 60),
    /** Portal use: after this, the portal access is closed (a warning goes out a month before). */
    portal_inactive_months: months(1, 60),
    /** Staff actions on personal data (traceability); six months at least. */
    audit_log_months: months(6, 36),
    /** Closed rights requests and their steps, kept as proof of the answer. */
    request_months: months(12, 72),
    /** The suppression list (opt-outs, erasures): at least three years from the objection. */
    suppression_months: months(36, 120),
  }),
  /** Who processes data for the controller (Art. 28): named in the notice and the register. */
  processors: vine
    .array(
      vine.object({
        name: text(120),
        purpose: text(200),
        /** ISO 3166-1 alpha-2 ("FR", "US"): where the processor is established decides whether it is a transfer. */
        country: vine.string().trim().toUpperCase().regex(/^[A-Z]{2}$/),
        safeguards: vine.string().trim().maxLength(300).use(safeguardsOutsideEea()).nullable(),
        /** Absent in rows saved before kinds existed: such a processor is listed under every activity. */
        kind: vine.enum(PROCESSOR_KINDS).optional(),
      })
    )
    .maxLength(20),
})

export type PrivacySettings = Infer<typeof privacySettingsSchema>
export type RetentionCategory = keyof PrivacySettings['retention']

/** CNIL référentiel 2021-131 and the journalisation recommendation (research/rgpd-security.md R1–R8). */
export const DEFAULT_RETENTION: PrivacySettings['retention'] = {
  prospects_months: 36,
  members_months: 36,
  portal_inactive_months: 24,
  audit_log_months: 12,
  request_months: 36,
  suppression_months: 36,
}

export const validatePrivacySettings = vine.compile(privacySettingsSchema)

/** The stored settings, or defaults drawn from the default store until the owner saves them. */
export async function loadPrivacySettings(): Promise<PrivacySettings> {
  const row = await db.from('privacy_settings').where('id', 1).first()
  if (row) {
    const stored = JSON.parse(row.settings) as PrivacySettings
    return { ...stored, retention: { ...DEFAULT_RETENTION, ...stored.retention } }
  }
  return defaultSettings()
}

/** When the owner last saved the settings; null: the defaults are in use, still to be checked. */
export async function privacySettingsSavedAt() {
  const row = await db.from('privacy_settings').where('id', 1).select('updated_at').first()
  return row ? fromDbTimestamp(row.updated_at) : null
}

export async function savePrivacySettings(settings: PrivacySettings) {
  const values = [JSON.stringify(settings), dbTimestamp(DateTime.utc())]
  await db.rawQuery(
    'INSERT INTO privacy_settings (id, settings, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at',
    values
  )
}

async function defaultSettings(): Promise<PrivacySettings> {
  const store = await db.from('stores').orderBy('is_default', 'desc').orderBy('id').first()
  const address = store ? [store.address_line, [store.postal_code, store.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : ''
  const from = process.env.MAIL_FROM?.match(/<([^>]+)>/)?.[1] ?? process.env.MAIL_FROM ?? ''
  return {
    controller: { name: store?.legal_name || store?.name || 'Comptoir', address: address || '-', email: from || 'contact@example.invalid', dpo: null },
    retention: { ...DEFAULT_RETENTION },
    processors: defaultProcessors(process.env, store?.country ?? 'FR'),
  }
}
