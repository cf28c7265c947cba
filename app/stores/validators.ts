import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'
import type { FieldContext } from '@vinejs/vine/types'

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
  })
)

export const posTokenValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(100),
    store_id: vine.string().trim().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  })
)
