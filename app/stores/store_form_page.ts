import type Store from '#stores/models/store'
import { brandColourFacts } from '#stores/branding/brand_colour'
import { logoFacts } from '#stores/branding/store_logo'

/** What stores/form.edge shows: the store (null for a new one), its colour and, once it exists, its logo. */
export async function storeFormPage(store: Store | null, logoError: string | null = null) {
  return { store, colour: brandColourFacts(store?.brandColour ?? null), logo: store ? await logoFacts(store) : null, logoError }
}
