import { DateTime } from 'luxon'
import { normalizePhone } from '#customers/phone'
import { normalizeEmail } from '#customers/identifier'
import type { MarketingPurpose } from '#customers/models/consent_record'
import type { CustomerIdentity } from '#customers/identity'
import type { TargetField } from '#customers/import/column_mapping'

export const REJECTION_REASONS = {
  missing_identifier: 'The row has neither a valid phone number nor an e-mail address',
  invalid_email: 'The e-mail address is not valid',
  invalid_phone: 'The phone number is not valid',
  invalid_name: 'A name is longer than 80 characters or contains control characters',
  invalid_birthday: 'The birthday is not a date (DD/MM/YYYY, YYYY-MM-DD or DD/MM)',
  invalid_tags: 'A tag is longer than 40 characters or there are more than 20 tags',
  duplicate_in_file: 'Same phone or e-mail as an earlier row of this file',
  duplicate_existing: 'A customer with this phone or e-mail already exists; left unchanged',
  insert_failed: 'The row could not be saved',
} as const
export type RejectionCode = keyof typeof REJECTION_REASONS

export const reasonText = (code: RejectionCode) => `${code}: ${REJECTION_REASONS[code]}`

export interface ImportedConsent {
  purpose: MarketingPurpose
  givenOn: string
  via: string
}

export interface NormalisedRow extends CustomerIdentity {
  tags: string[]
  consents: ImportedConsent[]
}

export type RowResult = { ok: true; row: NormalisedRow } | { ok: false; code: RejectionCode }

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const YES = new Set(['yes', 'oui', '1', 'true', 'y', 'o', 'x', 'vrai'])

function cellsByField(cells: string[], fields: TargetField[]) {
  const values: Partial<Record<TargetField, string>> = {}
  fields.forEach((field, index) => {
    if (field !== 'ignore' && values[field] === undefined) values[field] = (cells[index] ?? '').trim()
  })
  return values
}

function name(value: string | undefined): string | null | false {
  const text = (value ?? '').replace(/ {2,}/g, ' ')
  if (text === '') return null
  return text.length > 80 || CONTROL.test(text) ? false : text
}

/** DD/MM/YYYY, YYYY-MM-DD or DD/MM (also with - or . between parts). */
export function parseBirthday(value: string) {
  let match = value.match(/^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$/)
  let [day, month, year] = match ? [match[1], match[2], match[3]] : []
  if (!match) {
    match = value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/)
    if (!match) return null
    ;[year, month, day] = [match[1], match[2], match[3]]
  }
  const date = DateTime.utc(year ? Number(year) : 2000, Number(month), Number(day))
  if (!date.isValid) return null
  if (year && (date.year < 1900 || date > DateTime.utc())) return null
  return { birthDay: date.day, birthMonth: date.month, birthYear: year ? date.year : null }
}

/** A consent date: DD/MM/YYYY or YYYY-MM-DD, optionally with a time; never in the future. */
export function parseConsentDate(value: string) {
  const day = value.trim().split(/[ T]/)[0]
  const parsed = /^\d{4}-/.test(day) ? DateTime.fromISO(day, { zone: 'utc' }) : DateTime.fromFormat(day, 'd/M/yyyy', { zone: 'utc' })
  if (!parsed.isValid || parsed > DateTime.utc() || parsed.year < 1990) return null
  return parsed.toISODate()
}

function consentsOf(values: Partial<Record<TargetField, string>>): ImportedConsent[] {
  const consents: ImportedConsent[] = []
  for (const [purpose, prefix] of [['email_marketing', 'email'], ['sms_marketing', 'sms']] as const) {
    if (!YES.has((values[`${prefix}_consent`] ?? '').toLowerCase())) continue
    const givenOn = parseConsentDate(values[`${prefix}_consent_at`] ?? '')
    if (!givenOn) continue
    const via = (values[`${prefix}_consent_source`] ?? '').replace(CONTROL, ' ').slice(0, 120) || 'unspecified'
    consents.push({ purpose, givenOn, via })
  }
  return consents
}

/** One CSV row checked and normalised, or the first reason to reject it. */
export function normaliseRow(cells: string[], fields: TargetField[]): RowResult {
  const values = cellsByField(cells, fields)
  const firstName = name(values.first_name)
  const lastName = name(values.last_name)
  if (firstName === false || lastName === false) return { ok: false, code: 'invalid_name' }
  const email = values.email ? normalizeEmail(values.email) : null
  if (email && (email.length > 254 || !EMAIL_PATTERN.test(email))) return { ok: false, code: 'invalid_email' }
  const phoneE164 = values.phone ? normalizePhone(values.phone, 'FR') : null
  if (values.phone && !phoneE164) return { ok: false, code: 'invalid_phone' }
  if (!email && !phoneE164) return { ok: false, code: 'missing_identifier' }
  const birthday = values.birthday ? parseBirthday(values.birthday) : { birthDay: null, birthMonth: null, birthYear: null }
  if (!birthday) return { ok: false, code: 'invalid_birthday' }
  const tags = [...new Set((values.tags ?? '').split(/[,|]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean))]
  if (tags.length > 20 || tags.some((tag) => tag.length > 40 || CONTROL.test(tag))) return { ok: false, code: 'invalid_tags' }
  return { ok: true, row: { firstName, lastName, email, phoneE164, ...birthday, tags, consents: consentsOf(values) } }
}
