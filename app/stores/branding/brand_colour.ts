/** The colour of stores that chose none: the e-mail layout's and the posters' brown. */
export const DEFAULT_BRAND_COLOUR = '#6b4226'

/** The only form a brand colour is stored in: it ends up in stylesheets, where escaping protects nothing. */
export const BRAND_COLOUR = /^#[0-9a-f]{6}$/

const DARK_INK = '#1d1d1f'
const WHITE_INK = '#ffffff'

/** Below this contrast ratio (WCAG AA for normal text) the owner is warned. */
const READABLE_CONTRAST = 4.5

/**
 * The colour of text printed on the brand colour, as posters choose it:
 * dark on light colours, white on dark ones (WCAG relative luminance,
 * with the threshold where both inks contrast equally).
 */
export function inkOn(colour: string) {
  const background = luminance(colour)
  const isLight = background > 0.179
  const ink = isLight ? DARK_INK : WHITE_INK
  const contrast = contrastRatio(background, luminance(ink))
  return { ink, isLight, contrast, isReadable: contrast >= READABLE_CONTRAST }
}

function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrastRatio(a: number, b: number) {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
}

/** What the store form says about a store's colour: which it is, and how text will read on it. */
export function brandColourFacts(stored: string | null) {
  const colour = stored !== null && BRAND_COLOUR.test(stored) ? stored : DEFAULT_BRAND_COLOUR
  const { isLight, contrast, isReadable } = inkOn(colour)
  return { colour, defaultColour: DEFAULT_BRAND_COLOUR, isDefault: colour === DEFAULT_BRAND_COLOUR, isLight, contrast: Math.round(contrast * 10) / 10, isReadable }
}
