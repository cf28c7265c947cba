import type { PdfLayout } from '#printing/pdf_renderer'

/**
 * The paper a printable prints on and what scales with it: the margins,
 * the type, and the QR code. A QR code reads from about ten times its
 * width, so 85 mm on an A4 scans from the queue, 120 mm on an A3 from
 * across a small shop.
 *
 * Three kinds of sheet:
 * - paper (ISO 216, portrait): margins an office printer needs, nothing
 *   runs to the edge;
 * - stickers (square, for a print shop): the page is the sticker plus
 *   `bleedMm` on each side, the colour runs to the page's edge, the cut
 *   line (trim box) is `bleedMm` inside it, and `marginMm` is the safe
 *   zone inside the cut line that text and the QR code stay within;
 * - table tents (ISO 216, landscape): folded in the middle (`folded`) into
 *   two faces half the sheet each, standing back to back.
 */
export interface PosterFormat {
  name: string
  /** The sheet once trimmed, as it lies in the printer (landscape for a table tent). */
  widthMm: number
  heightMm: number
  /** Paper: the printer's margin. Sticker: the safe zone inside the cut line. */
  marginMm: number
  /** Printed past the cut line on each side, so a blade that drifts still cuts through colour. */
  bleedMm: number
  /** Folded in half across its width into two faces. */
  folded: boolean
  /** The root size every other size is a multiple of. */
  basePt: number
  qrMm: number
}

const paper = (name: string, widthMm: number, heightMm: number, marginMm: number, basePt: number, qrMm: number): PosterFormat => ({ name, widthMm, heightMm, marginMm, bleedMm: 0, folded: false, basePt, qrMm })

export const PAPER_FORMATS = {
  A3: paper('A3', 297, 420, 15, 20, 120),
  A4: paper('A4', 210, 297, 12, 14, 85),
  A5: paper('A5', 148, 210, 9, 10, 60),
  A6: paper('A6', 105, 148, 6, 7.5, 34),
}

/** The bleed print shops ask for; the safe zone is 5 mm, a millimetre more than the 4 mm they ask for. */
const sticker = (sideMm: number, basePt: number): PosterFormat => ({ name: `S${sideMm}`, widthMm: sideMm, heightMm: sideMm, marginMm: 5, bleedMm: 3, folded: false, basePt, qrMm: sideMm - 10 })

/** Square window stickers, named by their side in millimetres. The QR code takes what the two lines of text leave. */
export const STICKER_FORMATS = { S80: sticker(80, 6.5), S100: sticker(100, 8), S150: sticker(150, 12) }

/** Named by the sheet: an A4 folds into two A5 landscape faces, an A3 into two A4 ones. */
export const TENT_FORMATS = {
  A4: { name: 'A4', widthMm: 297, heightMm: 210, marginMm: 8, bleedMm: 0, folded: true, basePt: 10, qrMm: 50 },
  A3: { name: 'A3', widthMm: 420, heightMm: 297, marginMm: 10, bleedMm: 0, folded: true, basePt: 14, qrMm: 70 },
} satisfies Record<string, PosterFormat>

/**
 * The page for Chromium, in exact millimetres: paper with its margins
 * outside the poster's box; a sticker's page with its bleed and no margin
 * (the safe zone is the template's); a tent's sheet in landscape.
 */
export function pdfLayoutOf(format: PosterFormat): PdfLayout {
  const side = `${format.marginMm}mm`
  const margin = format.bleedMm > 0 ? { top: '0mm', bottom: '0mm', left: '0mm', right: '0mm' } : { top: side, bottom: side, left: side, right: side }
  if (format.folded) return { width: `${format.heightMm}mm`, height: `${format.widthMm}mm`, landscape: true, margin, printBackground: true }
  const [width, height] = [format.widthMm + 2 * format.bleedMm, format.heightMm + 2 * format.bleedMm]
  return { width: `${width}mm`, height: `${height}mm`, margin, printBackground: true }
}

/**
 * The printable's box. On paper, a millimetre short of the printable area:
 * a box of exactly its height spills a blank second page. On a sticker,
 * the safe zone, placed `insetMm` from the page's edge.
 */
export function boxOf(format: PosterFormat) {
  if (format.bleedMm > 0) {
    return { widthMm: format.widthMm - 2 * format.marginMm, heightMm: format.heightMm - 2 * format.marginMm, insetMm: format.bleedMm + format.marginMm }
  }
  return { widthMm: format.widthMm - 2 * format.marginMm, heightMm: format.heightMm - 2 * format.marginMm - 1, insetMm: 0 }
}
