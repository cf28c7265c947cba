import { errors as vineErrors } from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'

/**
 * VineJS messages in the staff member's language: each rule's text lives
 * under `staff.validation.<rule>` (ICU, with the rule's options as
 * arguments, e.g. {max}). Unknown rules fall back to `invalid`.
 */
export class TranslatedMessages implements MessagesProviderContact {
  constructor(protected i18n: I18n) {}

  getMessage(_raw: string, rule: string, _field: FieldContext, meta?: Record<string, any>) {
    const key = `staff.validation.${rule}`
    const known = this.i18n.hasMessage(key) || this.i18n.hasFallbackMessage(key)
    return this.i18n.t(known ? key : 'staff.validation.invalid', meta ?? {})
  }
}

export function translatedMessages(i18n: I18n) {
  return { messagesProvider: new TranslatedMessages(i18n) }
}

/** One field error raised like VineJS does, so HTML forms show it under the field. */
export function fieldError(field: string, message: string, rule = 'invalid') {
  return new vineErrors.E_VALIDATION_ERROR([{ field, message, rule }])
}
