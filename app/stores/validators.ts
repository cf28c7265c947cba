import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'
import type { FieldContext } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { TranslatedMessages } from '#staff/validation_messages'
import { BRAND_COLOUR } from '#stores/branding/brand_colour'

const timezoneRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value === 'string' && !IANAZone.isValidZone(value)) field.report('Unknown timezone', 'timezone', field)
})

/** Only web links: a javascript: or data: review link would run in customers' browsers. */
const webUrlRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return
  } catch {}
  field.report('Not a web address', 'webUrl', field)
})

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const optionalText = (max: number) => vine.string().trim().maxLength(max).optional()

/** The fields of a store, shared by the store form and the first-run page. */
export const storeFields = () => ({
  name: vine.string().trim().minLength(1).maxLength(120),
  slug: vine.string().trim().toLowerCase().maxLength(64).regex(SLUG),
  city: optionalText(100),
  timezone: vine.string().trim().maxLength(64).use(timezoneRule()),
  currency: vine.string().trim().toUpperCase().fixedLength(3).regex(/^[A-Z]{3}$/),
})

export const storeValidator = vine.compile(
  vine.object({
    ...storeFields(),
    address_line: optionalText(200),
    postal_code: optionalText(16),
    country: vine.string().trim().toUpperCase().fixedLength(2).regex(/^[A-Z]{2}$/),
    legal_name: optionalText(160),
    review_url: vine.string().trim().maxLength(500).use(webUrlRule()).optional(),
    // Absent: unchanged; empty: the default colour.
    brand_colour: vine.string().trim().toLowerCase().regex(BRAND_COLOUR).nullable().optional(),
    brand_colour_reset: vine.boolean().optional(),
  })
)

export const posTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(100),
    store_id: vine.string().trim().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  })
)

/** The staff messages, except for fields whose every error is better said once (`stores.validation.<field>`). */
class StoreFormMessages extends TranslatedMessages {
  getMessage(raw: string, rule: string, field: FieldContext, meta?: Record<string, any>) {
    const key = `stores.validation.${field.name}`
    if (this.i18n.hasMessage(key) || this.i18n.hasFallbackMessage(key)) return this.i18n.t(key)
    return super.getMessage(raw, rule, field, meta)
  }
}

export function storeFormMessages(i18n: I18n) {
  return { messagesProvider: new StoreFormMessages(i18n) }
}
