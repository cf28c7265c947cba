import type Store from '#stores/models/store'
import { boxOf, type PosterFormat } from '#printing/posters/poster_formats'

/** The e-mail layout's default brown, for stores with no colour of their own. */
const DEFAULT_BRAND = '#6b4226'

/**
 * What every poster shares: the paper, the store's colour and the colour
 * of text printed on it. The colour goes into a stylesheet, where HTML
 * escaping protects nothing: only a plain #rrggbb is used, anything else
 * is the default.
 */
export function posterLook(store: Pick<Store, 'brandColour'>, format: PosterFormat, locale: string) {
  const brand = /^#[0-9a-f]{6}$/i.test(store.brandColour ?? '') ? store.brandColour!.toLowerCase() : DEFAULT_BRAND
  return { locale, format, box: boxOf(format), brand, onBrand: isLight(brand) ? '#1d1d1f' : '#ffffff' }
}

export type PosterLook = ReturnType<typeof posterLook>

/** Relative luminance (WCAG) above the point where dark text reads better than white. */
function isLight(hex: string) {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179
}
