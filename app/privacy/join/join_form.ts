import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import { birthdayFields, checkBirthday, emailField, fieldError, nameField, phoneField } from '#customers/validation'
import { JOIN_PURPOSES, wordingOf, type JoinPurpose } from '#privacy/consent_wording'
import type { JoinDetails } from '#privacy/join/join_request'
import { membershipVersion, type TermsVersion } from '#loyalty/terms/program_terms'

export const joinValidator = vine.compile(
  vine.object({
    first_name: nameField(),
    email: emailField(),
    phone: phoneField(),
    ...birthdayFields,
    locale: vine.enum(['fr', 'en']),
    loyalty_membership: vine.boolean().optional(),
    email_marketing: vine.boolean().optional(),
    sms_marketing: vine.boolean().optional(),
    personalisation: vine.boolean().optional(),
    review_requests: vine.boolean().optional(),
  })
)

type JoinInput = Awaited<ReturnType<typeof joinValidator.validate>>

/** The age a person has reached on `today` (their birthday this year passed or not). */
export function ageOn(today: DateTime, birth: { year: number; month: number; day: number }) {
  const birthdayPassed = today.month > birth.month || (today.month === birth.month && today.day >= birth.day)
  return today.year - birth.year - (birthdayPassed ? 0 : 1)
}

/** Below this age a person cannot consent to marketing themselves (France: Loi Informatique et Libertés, art. 45). */
export const CONSENT_AGE = 15

/**
 * The join as it will be kept: the rules the validator cannot express
 * (an e-mail and the terms are required; under 15, no marketing; text
 * messages need a phone), each broken one a field error.
 */
export function joinDetailsOf(
  input: JoinInput,
  context: { i18n: I18n; storeName: string; timezone: string; ip: string | null; userAgent: string | null; terms: Pick<TermsVersion, 'version' | 'sha256'> }
): JoinDetails {
  const { i18n } = context
  if (!input.email) throw fieldError('email', i18n.t('privacy.join.errors.email_required'), 'required')
  checkBirthday(input, i18n.t('customers.validation.birthday'))
  if (!input.loyalty_membership) throw fieldError('loyalty_membership', i18n.t('privacy.join.errors.membership_required'), 'accepted')
  const marketing = input.email_marketing || input.sms_marketing || input.personalisation || input.review_requests
  const today = DateTime.now().setZone(context.timezone)
  if (marketing && input.birth_year && input.birth_month && input.birth_day && ageOn(today, { year: input.birth_year, month: input.birth_month, day: input.birth_day }) < CONSENT_AGE) {
    const field = (['email_marketing', 'sms_marketing', 'personalisation', 'review_requests'] as const).find((purpose) => input[purpose])!
    throw fieldError(field, i18n.t('privacy.join.errors.too_young'), 'too_young')
  }
  if (input.sms_marketing && !input.phone) throw fieldError('phone', i18n.t('privacy.join.errors.sms_needs_phone'), 'required')
  const ticked = JOIN_PURPOSES.filter((purpose: JoinPurpose) => input[purpose])
  return {
    firstName: input.first_name ?? null,
    email: input.email,
    phoneE164: input.phone ?? null,
    birthDay: input.birth_day ?? null,
    birthMonth: input.birth_month ?? null,
    birthYear: input.birth_year ?? null,
    locale: input.locale,
    // The words next to each box, in the language the page was shown in; for the membership, with the terms linked beside it.
    choices: ticked.map((purpose) => {
      const wording = wordingOf(purpose, i18n.locale, context.storeName)
      return { purpose, version: purpose === 'loyalty_membership' ? membershipVersion(context.terms, i18n.locale, wording.text) : wording.version }
    }),
    submitted: { at: new Date().toISOString(), ip: context.ip, userAgent: context.userAgent?.slice(0, 300) ?? null },
  }
}
