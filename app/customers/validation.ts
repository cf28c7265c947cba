import vine, { SimpleMessagesProvider, errors as vineErrors } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { normalizePhone } from '#customers/phone'
import { normalizeEmail } from '#customers/identifier'

/** A referral code as randomCode(8) makes it (typed in any case: it is upper-cased first). */
export const REFERRAL_CODE = /^[2-9A-HJKMNP-Z]{8}$/

const RULES = ['required', 'string', 'email', 'maxLength', 'minLength', 'number', 'withoutDecimals', 'min', 'max', 'range', 'boolean', 'enum', 'in', 'regex', 'phone', 'letters', 'date', 'amount', 'birthday', 'contact', 'referral_code']

/** Field errors in the staff member's language (keys under customers.validation). */
export function fieldMessages(i18n: I18n) {
  const messages: Record<string, string> = {}
  for (const rule of RULES) messages[rule] = i18n.t(`customers.validation.${rule}`)
  return new SimpleMessagesProvider(messages)
}

/** One field error, raised like VineJS does: HTML forms get it flashed under the field. */
export function fieldError(field: string, message: string, rule = 'invalid') {
  return new vineErrors.E_VALIDATION_ERROR([{ field, message, rule }])
}

/** Any French way of writing a phone number, stored as E.164. */
export const phoneRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const e164 = normalizePhone(value)
  if (!e164) return field.report('The phone number is not valid', 'phone', field)
  field.mutate(e164, field)
})

/** Names need at least one letter: emoji-only or punctuation-only names are typing accidents. */
export const lettersRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value === 'string' && !/\p{L}/u.test(value)) field.report('Must contain letters', 'letters', field)
})

export const nameField = () => vine.string().trim().maxLength(80).use(lettersRule()).optional()
export const emailField = () => vine.string().trim().maxLength(254).email().transform(normalizeEmail).optional()
export const phoneField = () => vine.string().trim().maxLength(32).use(phoneRule()).optional()

export const birthdayFields = {
  birth_day: vine.number().withoutDecimals().range([1, 31]).optional(),
  birth_month: vine.number().withoutDecimals().range([1, 12]).optional(),
  birth_year: vine.number().withoutDecimals().range([1900, new Date().getFullYear()]).optional(),
}

/** Day and month must both be given (or neither) and exist together (29 February is fine). */
export function checkBirthday(input: { birth_day?: number; birth_month?: number; birth_year?: number }, message: string) {
  const { birth_day: day, birth_month: month, birth_year: year } = input
  if (!day && !month && !year) return
  if (!day || !month) throw fieldError('birth_day', message, 'birthday')
  const date = new Date(Date.UTC(year ?? 2000, month - 1, day))
  if (date.getUTCDate() !== day) throw fieldError('birth_day', message, 'birthday')
}
