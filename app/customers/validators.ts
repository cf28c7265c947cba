import vine from '@vinejs/vine'
import { birthdayFields, emailField, nameField, phoneField } from '#customers/validation'
import { SORT_NAMES } from '#customers/customer_cursor'

const day = () => vine.date({ formats: ['YYYY-MM-DD'] }).optional()
const euros = () => vine.number().min(0).max(100_000_000).optional()

export const listCustomersValidator = vine.compile(
  vine.object({
    q: vine.string().trim().maxLength(254).optional(),
    store: vine.string().trim().maxLength(26).optional(),
    tag: vine.string().trim().maxLength(40).optional(),
    last_visit_after: day(),
    last_visit_before: day(),
    spend_min: euros(),
    spend_max: euros(),
    sort: vine.enum(SORT_NAMES).optional(),
    after: vine.string().maxLength(200).optional(),
    limit: vine.number().withoutDecimals().range([1, 100]).optional(),
  })
)

export const updateCustomerValidator = vine.compile(
  vine.object({
    first_name: nameField(),
    last_name: nameField(),
    email: emailField(),
    phone: phoneField(),
    ...birthdayFields,
    locale: vine.enum(['fr', 'en']),
    tags: vine.string().trim().maxLength(500).optional(),
  })
)

/** "vip, newsletter  , vip" → ['vip', 'newsletter']: tags are typed comma-separated. */
export function tagsFromText(text: string | null | undefined) {
  return [...new Set((text ?? '').split(',').map((tag) => tag.trim().toLowerCase().slice(0, 40)).filter(Boolean))]
}
