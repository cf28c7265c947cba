import vine from '@vinejs/vine'
import { amountRule } from '#till/amount'
import { birthdayFields, emailField, nameField, phoneField, REFERRAL_CODE } from '#customers/validation'

export const enrolAtTillValidator = vine.compile(
  vine.object({
    first_name: nameField(),
    last_name: nameField(),
    phone: phoneField(),
    email: emailField(),
    ...birthdayFields,
    email_marketing: vine.boolean().optional(),
    sms_marketing: vine.boolean().optional(),
    referral_code: vine.string().trim().toUpperCase().regex(REFERRAL_CODE).optional(),
  })
)

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export const tillPurchaseValidator = vine.compile(
  vine.object({
    amount: vine.string().trim().maxLength(20).use(amountRule()).transform((cents) => Number(cents)),
    token: vine.string().trim().regex(ULID),
    lines: vine
      .array(
        vine.object({
          sku: vine.string().trim().maxLength(64).optional(),
          name: vine.string().trim().maxLength(120).optional(),
          quantity: vine.number().withoutDecimals().range([1, 999]).optional(),
          unit_price: vine.string().trim().maxLength(20).use(amountRule()).transform((cents) => Number(cents)).optional(),
        })
      )
      .maxLength(50)
      .optional(),
  })
)

const euros = () => vine.string().trim().maxLength(20).use(amountRule()).transform((cents) => Number(cents))

/** One redemption at the till: what is given (one of the four), and the basket when it matters. */
export const tillRedemptionValidator = vine.compile(
  vine.object({
    token: vine.string().trim().regex(ULID),
    voucher_code: vine.string().trim().toUpperCase().regex(/^[2-9A-HJKMNP-Z]{10}$/).optional(),
    reward_id: vine.string().trim().regex(ULID).optional(),
    points: vine.number().withoutDecimals().range([1, 10_000_000]).optional(),
    cashback: euros().optional(),
    basket_total: euros().optional(),
  })
)

/** A refund at the till: an amount in euros, or the whole purchase. */
export const tillRefundValidator = vine.compile(
  vine.object({
    token: vine.string().trim().regex(ULID),
    refund_amount: euros().optional(),
    full: vine.boolean().optional(),
  })
)
