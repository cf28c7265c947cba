import vine from '@vinejs/vine'
import { amountRule } from '#till/amount'
import { birthdayFields, emailField, nameField, phoneField } from '#customers/validation'

export const enrolAtTillValidator = vine.compile(
  vine.object({
    first_name: nameField(),
    last_name: nameField(),
    phone: phoneField(),
    email: emailField(),
    ...birthdayFields,
    email_marketing: vine.boolean().optional(),
    sms_marketing: vine.boolean().optional(),
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
