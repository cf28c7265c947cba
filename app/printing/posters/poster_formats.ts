import type { PdfLayout } from '#printing/pdf_renderer'

/**
 * The paper a poster prints on (ISO 216, portrait) and what scales with
 * it: the margins an office printer needs (no bleed: nothing runs to the
 * edge), the type, and the QR code. A QR code reads from about ten times
 * its width, so 85 mm on an A4 scans from the queue, 120 mm on an A3
 * from across a small shop.
 */
export interface PosterFormat {
  name: PosterFormatName
  widthMm: number
  heightMm: number
  marginMm: number
  /** The root size every other size is a multiple of. */
  basePt: number
  qrMm: number
}

export const POSTER_FORMAT_NAMES = ['A3', 'A4', 'A5'] as const
export type PosterFormatName = (typeof POSTER_FORMAT_NAMES)[number]

const FORMATS: Record<PosterFormatName, PosterFormat> = {
  A3: { name: 'A3', widthMm: 297, heightMm: 420, marginMm: 15, basePt: 20, qrMm: 120 },
  A4: { name: 'A4', widthMm: 210, heightMm: 297, marginMm: 12, basePt: 14, qrMm: 85 },
  A5: { name: 'A5', widthMm: 148, heightMm: 210, marginMm: 9, basePt: 10, qrMm: 60 },
}

/** "a4" or "A4": the format; anything else: null. */
export function posterFormat(name: string): PosterFormat | null {
  const upper = name.toUpperCase()
  return (POSTER_FORMAT_NAMES as readonly string[]).includes(upper) ? FORMATS[upper as PosterFormatName] : null
}

/** The page for Chromium: exact millimetres, the margins outside the poster's box. */
export function pdfLayoutOf(format: PosterFormat): PdfLayout {
  const margin = `${format.marginMm}mm`
  return { width: `${format.widthMm}mm`, height: `${format.heightMm}mm`, margin: { top: margin, bottom: margin, left: margin, right: margin }, printBackground: true }
}

/** The poster's box, a millimetre short of the printable area: a box of exactly its height spills a blank second page. */
export function boxOf(format: PosterFormat) {
  return { widthMm: format.widthMm - 2 * format.marginMm, heightMm: format.heightMm - 2 * format.marginMm - 1 }
}
