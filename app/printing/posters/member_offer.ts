import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import type { MemberOffer } from '#printing/posters/print_poster'

/** 10 000 €: a shop's shelf price, not a typing slip. */
const MAX_CENTS = 10_000_00

/** "2,50", "2.50", "2,5", "2" or "2 €" → 250; anything else → null. */
export function centsOf(typed: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?\s*€?$/.exec(typed.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'))
}

/** Euros as an owner types them, kept as integer cents (invariant 1), from 0,01 € to 10 000 €. */
const eurosRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const cents = typeof value === 'string' ? centsOf(value) : null
  if (cents === null) return field.report('Type the price in euros, e.g. 2,50', 'euros', field)
  if (cents < 1 || cents > MAX_CENTS) field.report('The price is between 0,01 € and 10 000 €', 'euros_range', field)
})

/** The member price is an offer: below the regular price (when both read as euros). */
const belowPriceRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const [memberCents, priceCents] = [value, field.parent.price].map((typed) => (typeof typed === 'string' ? centsOf(typed) : null))
  if (memberCents !== null && priceCents !== null && memberCents >= priceCents) field.report('The member price is lower than the regular price', 'below_price', field)
})

/** A day as YYYY-MM-DD, today or later in the store's time zone (meta.today). */
const untilRule = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value) : null
  if (!day?.isValid) return field.report('Type the date as YYYY-MM-DD', 'until_date', field)
  if ((value as string) < field.meta.today) field.report('The offer ends today or later', 'until_past', field)
})

const euros = () => vine.string().trim().use(eurosRule())
const cents = (typed: string) => centsOf(typed)!

const memberOfferValidator = vine.withMetaData<{ today: string }>().compile(
  vine.object({
    product: vine.string().trim().minLength(1).maxLength(80),
    price: euros().transform(cents),
    member_price: euros().use(belowPriceRule()).transform(cents),
    details: vine.string().trim().maxLength(160).optional(),
    until: vine.string().trim().use(untilRule()).optional(),
  })
)

/**
 * The owner's offer, checked: VineJS's validation error (fields product,
 * price, member_price, details, until) in the poster's language when it
 * does not hold. Blank optional fields are absent.
 */
export function validateMemberOffer(offer: MemberOffer, i18n: I18n, timezone: string) {
  const typed = { product: offer.product, price: offer.price, member_price: offer.memberPrice, details: offer.details, until: offer.until }
  const given = Object.fromEntries(Object.entries(typed).filter(([, value]) => typeof value !== 'string' || value.trim() !== ''))
  const today = DateTime.now().setZone(timezone).toISODate()!
  return memberOfferValidator.validate(given, { meta: { today }, messagesProvider: new MemberOfferMessages(i18n) })
}

/** VineJS rules → printing.member_price.errors.<field>_<code>, with the figure a length message reads. */
const CODES: Record<string, string> = { required: 'required', string: 'required', minLength: 'required', maxLength: 'too_long', euros: 'euros', euros_range: 'euros_range', below_price: 'below_price', until_date: 'date', until_past: 'past' }

class MemberOfferMessages implements MessagesProviderContact {
  constructor(protected i18n: I18n) {}

  getMessage(_raw: string, rule: string, field: FieldContext, meta?: Record<string, any>) {
    const key = `printing.member_price.errors.${field.name}_${CODES[rule] ?? 'invalid'}`
    const known = this.i18n.hasMessage(key) || this.i18n.hasFallbackMessage(key)
    return known ? this.i18n.t(key, { max: Number(meta?.max ?? 0) }) : this.i18n.t('printing.member_price.errors.invalid')
  }
}
