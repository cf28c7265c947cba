import type { I18n } from '@adonisjs/i18n'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { FormProblem } from '#loyalty/admin/form_reader'

export type FieldErrors = Record<string, string[]>

/** Problems as sentences (programs.validation.<code>), grouped by field for the views. */
export function fieldErrorsOf(problems: FormProblem[], i18n: I18n): FieldErrors {
  const errors: FieldErrors = {}
  for (const problem of problems) {
    const key = `programs.validation.${problem.code}`
    const known = i18n.hasMessage(key) || i18n.hasFallbackMessage(key)
    const message = known ? i18n.t(key, problem.params ?? {}) : i18n.t('programs.validation.invalid')
    ;(errors[problem.field] ??= []).push(message)
  }
  return errors
}

/**
 * VineJS rules → our codes, with only the figures each message reads (a
 * missing ICU variable is a 500): counts for plurals, limits written out
 * ("1 000 000").
 */
const CODES: Record<string, { code: string; counts?: string[]; limits?: string[] }> = {
  required: { code: 'required' },
  minLength: { code: 'required' },
  maxLength: { code: 'max_length', counts: ['max'] },
  range: { code: 'range', limits: ['min', 'max'] },
  number: { code: 'whole' },
  withoutDecimals: { code: 'whole' },
  enum: { code: 'choice' },
  euros: { code: 'euros' },
  reward_name_taken: { code: 'reward_name_taken' },
}

/** VineJS messages for the loyalty admin's forms, in the staff member's language. */
export class LoyaltyAdminMessages implements MessagesProviderContact {
  constructor(protected i18n: I18n) {}

  getMessage(_raw: string, rule: string, _field: FieldContext, meta?: Record<string, any>) {
    const known = CODES[rule]
    if (!known) return this.i18n.t('programs.validation.invalid')
    const figure = (name: string) => Number(meta?.[name] ?? 0)
    const written = new Intl.NumberFormat(this.i18n.locale === 'en' ? 'en-GB' : 'fr-FR')
    const params = {
      ...Object.fromEntries((known.counts ?? []).map((name) => [name, figure(name)])),
      ...Object.fromEntries((known.limits ?? []).map((name) => [name, written.format(figure(name))])),
    }
    return this.i18n.t(`programs.validation.${known.code}`, params)
  }
}

export function loyaltyAdminMessages(i18n: I18n) {
  return { messagesProvider: new LoyaltyAdminMessages(i18n) }
}

/** A thrown VineJS error as field errors; messages are already in the reader's language. */
export function fieldErrorsOfVine(messages: Array<{ field: string; message: string }>): FieldErrors {
  const errors: FieldErrors = {}
  for (const { field, message } of messages) (errors[field] ??= []).push(message)
  return errors
}
