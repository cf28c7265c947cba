import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { emailField, nameField, phoneField, REFERRAL_CODE } from '#customers/validation'

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** ISO 8601 date-time with an explicit offset ("Z" or "+02:00"): a till's local time is ambiguous otherwise. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/

/** "1990-04-12", or "--04-12" when the customer gives no year; the date must exist and be past. */
const birthdayRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value !== 'string') return
  const match = value.match(/^(\d{4}|-)-(\d{2})-(\d{2})$/)
  const year = match && match[1] !== '-' ? Number(match[1]) : null
  const [month, day] = match ? [Number(match[2]), Number(match[3])] : [0, 0]
  const date = new Date(Date.UTC(year ?? 2000, month - 1, day))
  const exists = match !== null && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  const plausible = year === null || (year >= 1900 && date.getTime() <= Date.now())
  if (!exists || !plausible) return field.report('The birthday must be YYYY-MM-DD or --MM-DD', 'birthday', field)
})

const strictBoolean = () => vine.boolean({ strict: true }).optional()

export const enrolCustomerValidator = vine.compile(
  vine.object({
    phone: phoneField(),
    email: emailField(),
    first_name: nameField(),
    last_name: nameField(),
    birthday: vine.string().trim().maxLength(10).use(birthdayRule()).optional(),
    consents: vine.object({ email_marketing: strictBoolean(), sms_marketing: strictBoolean() }).optional(),
    referral_code: vine.string().trim().toUpperCase().regex(REFERRAL_CODE).optional(),
  })
)

const cents = (min: number) => vine.number({ strict: true }).withoutDecimals().range([min, 100_000_000])

export const recordPurchaseValidator = vine.compile(
  vine.object({
    customer_id: vine.string().trim().toUpperCase().regex(ULID).optional(),
    card: vine.string().trim().maxLength(254).optional(),
    phone: phoneField(),
    total_cents: cents(1),
    occurred_at: vine.string().trim().maxLength(40).regex(ISO_WITH_OFFSET).optional(),
    store: vine.string().trim().maxLength(64).optional(),
    reference: vine.string().trim().minLength(1).maxLength(64).optional(),
    lines: vine
      .array(
        vine.object({
          sku: vine.string().trim().minLength(1).maxLength(64),
          name: vine.string().trim().minLength(1).maxLength(120),
          quantity: vine.number({ strict: true }).withoutDecimals().range([1, 100_000]),
          unit_price_cents: cents(0),
          category: vine.string().trim().maxLength(64).optional(),
        })
      )
      .maxLength(200)
      .optional(),
  })
)

/** Splits "1990-04-12" / "--04-12" into the customer's birth columns. */
export function birthParts(birthday: string | undefined) {
  const match = birthday?.match(/^(\d{4}|-)-(\d{2})-(\d{2})$/)
  if (!match) return {}
  return { birthYear: match[1] === '-' ? null : Number(match[1]), birthMonth: Number(match[2]), birthDay: Number(match[3]) }
}

const VOUCHER_CODE = /^[2-9A-HJKMNP-Z]{10}$/

/** Exactly one of voucher_code, reward_id, points, cashback_cents (checked in app/pos/redemptions_controller.ts). */
export const redemptionValidator = vine.compile(
  vine.object({
    customer_id: vine.string().trim().toUpperCase().regex(ULID),
    voucher_code: vine.string().trim().toUpperCase().maxLength(10).regex(VOUCHER_CODE).optional(),
    reward_id: vine.string().trim().toUpperCase().regex(ULID).optional(),
    points: vine.number({ strict: true }).withoutDecimals().range([1, 10_000_000]).optional(),
    cashback_cents: cents(1).optional(),
    total_cents: cents(1).optional(),
    purchase_id: vine.string().trim().toUpperCase().regex(ULID).optional(),
  })
)

/** Exactly one of amount_cents or lines; a position at most once. */
export const refundValidator = vine.compile(
  vine.object({
    amount_cents: cents(1).optional(),
    lines: vine
      .array(
        vine.object({
          position: vine.number({ strict: true }).withoutDecimals().range([1, 200]),
          quantity: vine.number({ strict: true }).withoutDecimals().range([1, 100_000]),
        })
      )
      .minLength(1)
      .maxLength(200)
      .distinct('position')
      .optional(),
  })
)
