import type Store from '#stores/models/store'
import { BRAND_COLOUR, DEFAULT_BRAND_COLOUR, inkOn } from '#stores/branding/brand_colour'
import { boxOf, type PosterFormat } from '#printing/posters/poster_formats'

/**
 * What every poster shares: the paper, the store's colour, the colour of
 * text printed on it, and its logo. The colour goes into a stylesheet,
 * where HTML escaping protects nothing: only a plain #rrggbb is used,
 * anything else is the default. The logo is a data: URL of the checked
 * (SVG: sanitised) upload, so Chromium loads it without the network.
 */
export function posterLook(store: Pick<Store, 'brandColour'>, format: PosterFormat, locale: string, logo: string | null = null) {
  const stored = store.brandColour?.toLowerCase() ?? ''
  const brand = BRAND_COLOUR.test(stored) ? stored : DEFAULT_BRAND_COLOUR
  // ink: the brand where it reads on white paper (figures, stamp circles), the text colour where it is too light to.
  const { ink: onBrand, isLight } = inkOn(brand)
  return { locale, format, box: boxOf(format), brand, onBrand, ink: isLight ? onBrand : brand, logo: logo?.startsWith('data:image/') ? logo : null }
}

export type PosterLook = ReturnType<typeof posterLook>
