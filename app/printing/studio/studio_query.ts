import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { SLUG } from '#stores/validators'
import { POSTER_TEMPLATES, type PrintPosterInput } from '#printing/posters/print_poster'

/** The query of the studio page, its preview and its PDF: what the owner chose, as text. */
export interface StudioChoice {
  template?: string
  store?: string
  format?: string
  locale?: string
  product?: string
  price?: string
  member_price?: string
  details?: string
  until?: string
}

export const STUDIO_FIELDS = ['template', 'store', 'format', 'locale', 'product', 'price', 'member_price', 'details', 'until'] as const
export const OFFER_FIELDS = ['product', 'price', 'member_price', 'details', 'until'] as const
export const POSTER_LOCALES = ['fr', 'en'] as const

/** Longest accepted values: a 10 KB product name is refused here, before any template sees it. */
export const STUDIO_MAX_LENGTHS: Record<(typeof STUDIO_FIELDS)[number], number> = { template: 32, store: 64, format: 8, locale: 2, product: 80, price: 32, member_price: 32, details: 160, until: 32 }

const text = (field: (typeof OFFER_FIELDS)[number]) => vine.string().trim().maxLength(STUDIO_MAX_LENGTHS[field]).optional()

const studioQueryValidator = vine.compile(
  vine.object({
    template: vine.enum(POSTER_TEMPLATES).optional(),
    store: vine.string().maxLength(STUDIO_MAX_LENGTHS.store).regex(SLUG).optional(),
    format: vine.string().maxLength(STUDIO_MAX_LENGTHS.format).regex(/^[A-Za-z0-9-]+$/).optional(),
    locale: vine.enum(POSTER_LOCALES).optional(),
    product: text('product'),
    price: text('price'),
    member_price: text('member_price'),
    details: text('details'),
    until: text('until'),
  })
)

/** One sentence per field, whatever rule failed (a repeated parameter, a wrong type, too long, not in the list). */
class StudioMessages implements MessagesProviderContact {
  constructor(protected i18n: I18n) {}

  getMessage(_raw: string, _rule: string, field: FieldContext) {
    const name = String(field.name) as (typeof STUDIO_FIELDS)[number]
    return this.i18n.t(`printing_studio.validation.${name in STUDIO_MAX_LENGTHS ? name : 'invalid'}`, { max: STUDIO_MAX_LENGTHS[name] ?? 0 })
  }
}

export type AskedChoice = { ok: true; choice: StudioChoice } | { ok: false; choice: StudioChoice; errors: Record<string, string[]> }

/**
 * The owner's choice from the query string, checked. An empty field (a
 * GET form sends every field) counts as not given; a repeated parameter
 * arrives as an array and is refused like any other wrong value.
 */
export async function readStudioQuery(query: Record<string, unknown>, i18n: I18n): Promise<AskedChoice> {
  const given = Object.fromEntries(STUDIO_FIELDS.filter((name) => query[name] !== undefined && query[name] !== '').map((name) => [name, query[name]]))
  const [error, choice] = await studioQueryValidator.tryValidate(given, { messagesProvider: new StudioMessages(i18n) })
  if (!error) return { ok: true, choice }
  return { ok: false, choice: textsOf(given), errors: errorsByField(error.messages) }
}

/** VineJS's messages grouped by field, as the form shows them. */
export function errorsByField(messages: unknown) {
  const errors: Record<string, string[]> = {}
  for (const { field, message } of messages as Array<{ field: string; message: string }>) (errors[field] ??= []).push(message)
  return errors
}

/** What the poster code takes: the offer only for the member-price notice, as typed. */
export function posterInputOf(choice: StudioChoice): PrintPosterInput {
  const input: PrintPosterInput = { template: choice.template ?? 'enrolment', storeSlug: choice.store, format: choice.format, locale: choice.locale }
  if (input.template !== 'member-price') return input
  return { ...input, offer: { product: choice.product, price: choice.price, memberPrice: choice.member_price, details: choice.details, until: choice.until } }
}

/** The choice as a query string for the preview and the PDF (the offer's fields only where they count). */
export function queryOf(choice: StudioChoice) {
  const names = choice.template === 'member-price' ? STUDIO_FIELDS : STUDIO_FIELDS.filter((name) => !(OFFER_FIELDS as readonly string[]).includes(name))
  const params = new URLSearchParams()
  for (const name of names) if (choice[name]) params.set(name, choice[name]!)
  return params.toString()
}

/** Refused values shown back in the form: text only (an array or an object shows as nothing). */
function textsOf(given: Record<string, unknown>): StudioChoice {
  return Object.fromEntries(Object.entries(given).map(([name, value]) => [name, typeof value === 'string' ? value.slice(0, 500) : ''])) as StudioChoice
}
