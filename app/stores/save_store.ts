import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import { audit } from '#shared/audit'
import { BRAND_COLOUR, DEFAULT_BRAND_COLOUR } from '#stores/branding/brand_colour'

export interface StoreInput {
  name: string
  slug: string
  city?: string | null
  timezone: string
  currency: string
  addressLine?: string | null
  postalCode?: string | null
  country?: string
  legalName?: string | null
  reviewUrl?: string | null
  /** "#rrggbb"; null: the default; undefined: unchanged. */
  brandColour?: string | null
}

export interface Actor {
  staffMemberId: number | null
  ip?: string | null
}

/** The slug is in the join-page URL and must stay unique. */
export class SlugTakenError extends Error {}

/**
 * Creates a store (or saves changes to one) and audits which fields
 * changed, in one transaction. The first store becomes the default one.
 */
export async function saveStore(input: StoreInput, actor: Actor, existing?: Store) {
  return db.transaction(async (trx) => {
    const taken = Store.query({ client: trx }).where('slug', input.slug)
    if (existing) taken.whereNot('id', existing.id)
    if (await taken.first()) throw new SlugTakenError()
    const store = existing ? existing.useTransaction(trx) : new Store().useTransaction(trx)
    store.merge(attributesOf(input))
    if (!existing) store.isDefault = !(await Store.query({ client: trx }).first())
    const changed = Object.keys(store.$dirty)
    await store.save()
    await audit(
      { ...actor, action: existing ? 'store.updated' : 'store.created', subjectType: 'store', subjectId: store.publicId, details: { fields: changed } },
      trx
    )
    return store
  })
}

function attributesOf(input: StoreInput) {
  return {
    ...brandColourOf(input.brandColour),
    name: input.name,
    slug: input.slug,
    city: input.city ?? null,
    timezone: input.timezone,
    currency: input.currency,
    addressLine: input.addressLine ?? null,
    postalCode: input.postalCode ?? null,
    country: input.country ?? 'FR',
    legalName: input.legalName ?? null,
    reviewUrl: input.reviewUrl ?? null,
  }
}

/** Choosing the default colour is choosing none: the store follows the default if it ever changes. */
function brandColourOf(colour: string | null | undefined) {
  if (colour === undefined) return {}
  if (colour !== null && !BRAND_COLOUR.test(colour)) throw new Error(`Not a brand colour: ${colour}`)
  return { brandColour: colour === DEFAULT_BRAND_COLOUR ? null : colour }
}
