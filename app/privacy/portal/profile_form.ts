import vine, { errors as vineErrors } from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import type { MessagesProviderContact } from '@vinejs/vine/types'
import { birthdayFields, checkBirthday, emailField, fieldError, fieldMessages, lettersRule, phoneField } from '#customers/validation'
import type { ProfileChanges } from '#privacy/portal/rectify_profile'

/** The only fields the portal's profile form reads (no mass assignment, R43). */
export const PROFILE_FORM_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'birth_day', 'birth_month', 'birth_year', 'locale'] as const

/** Names typed by the public: no markup, no control characters (they would only ever be typing accidents or probes). */
const PLAIN_TEXT = /^[^<>\p{Cc}\p{Cf}]*$/u
const nameField = () => vine.string().trim().maxLength(80).regex(PLAIN_TEXT).use(lettersRule()).optional()

export const profileValidator = vine.compile(
  vine.object({
    first_name: nameField(),
    last_name: nameField(),
    email: emailField(),
    phone: phoneField(),
    ...birthdayFields,
    locale: vine.enum(['fr', 'en'] as const),
  })
)

export type ProfileInput = Awaited<ReturnType<typeof profileValidator.validate>>

export type FieldErrors = Record<string, string[]>

/**
 * The form checked as a whole: VineJS, then what it cannot express (the
 * e-mail stays required: it is how the customer signs in; the birthday
 * must exist). Field errors instead of an exception, to show the form
 * again as typed, with a 422.
 */
export async function readProfileForm(raw: Record<string, unknown>, i18n: I18n): Promise<{ input: ProfileInput } | { errors: FieldErrors }> {
  try {
    const input = await profileValidator.validate(raw, { messagesProvider: messagesOf(i18n) })
    if (!input.email) throw fieldError('email', i18n.t('portal_profile.errors.email_required'), 'required')
    checkBirthday(input, i18n.t('customers.validation.birthday'))
    return { input }
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) return { errors: errorsByField(error.messages) }
    throw error
  }
}

/** The staff forms' messages, and a clearer one for a name with markup or control characters. */
function messagesOf(i18n: I18n): MessagesProviderContact {
  const base = fieldMessages(i18n)
  return { getMessage: (message, rule, field, args) => (rule === 'regex' ? i18n.t('portal_profile.errors.plain_text') : base.getMessage(message, rule, field, args)) }
}

export function errorsByField(messages: Array<{ field: string; message: string }>): FieldErrors {
  const errors: FieldErrors = {}
  for (const { field, message } of messages) (errors[field] ??= []).push(message)
  return errors
}

export function changesOf(input: ProfileInput): ProfileChanges {
  return {
    firstName: input.first_name ?? null,
    lastName: input.last_name ?? null,
    phoneE164: input.phone ?? null,
    birthDay: input.birth_day ?? null,
    birthMonth: input.birth_month ?? null,
    birthYear: input.birth_year ?? null,
    locale: input.locale,
  }
}

/** What the form shows: the stored profile, or what was typed (cut short: a 10 kB paste is not echoed whole). */
export function formValues(source: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {}
  for (const field of PROFILE_FORM_FIELDS) {
    const value = source[field]
    values[field] = typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 254) : ''
  }
  return values
}
