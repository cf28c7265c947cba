import type { PdfLayout } from '#printing/pdf_renderer'

/** Puppeteer's paper formats, in inches (A series from the centimetres, to four places). */
const PAPER_INCHES: Record<string, [number, number]> = {
  letter: [8.5, 11], legal: [8.5, 14], tabloid: [11, 17], ledger: [17, 11],
  a0: [33.1102, 46.811], a1: [23.3858, 33.1102], a2: [16.5354, 23.3858], a3: [11.6929, 16.5354], a4: [8.2677, 11.6929], a5: [5.8268, 8.2677], a6: [4.1339, 5.8268],
}

/** CSS pixels per unit, as Puppeteer converts them for page.pdf (its 3.78 px/mm, not 96/25.4), so the preview is the PDF's sheet. */
const PX_PER_UNIT: Record<string, number> = { px: 1, in: 96, cm: 37.8, mm: 3.78 }

/**
 * The sheet page.pdf prints on, in CSS pixels: its size (the format, or
 * width and height; Letter when neither, as Puppeteer does; landscape
 * turns it) and the margins inside it.
 */
export function sheetOf(layout: PdfLayout) {
  const [width, height] = layout.format ? formatPixels(layout.format) : [pixelsOf(layout.width) ?? 816, pixelsOf(layout.height) ?? 1056]
  const margin = { top: pixelsOf(layout.margin?.top) ?? 0, right: pixelsOf(layout.margin?.right) ?? 0, bottom: pixelsOf(layout.margin?.bottom) ?? 0, left: pixelsOf(layout.margin?.left) ?? 0 }
  return layout.landscape ? { width: height, height: width, margin } : { width, height, margin }
}

function formatPixels(format: string) {
  const inches = PAPER_INCHES[format.toLowerCase()]
  if (!inches) throw new RangeError(`Unknown paper format: ${format}`)
  return inches.map((length) => length * 96)
}

/** "12mm", "0.5in", "40px", "40" or 40: CSS pixels; undefined when absent. */
function pixelsOf(length: string | number | undefined) {
  if (length === undefined) return undefined
  if (typeof length === 'number') return length
  const [, value, unit] = /^\s*([\d.]+)\s*(px|in|cm|mm)?\s*$/i.exec(length) ?? []
  if (value === undefined) throw new RangeError(`Not a length: ${length}`)
  return Number(value) * PX_PER_UNIT[(unit ?? 'px').toLowerCase()]
}

/**
 * A screen has no @page margins: the content is held in from the sheet's
 * edges as the PDF's margins hold it. Appended last, so it wins over the
 * document's own html rules; only numbers go in.
 */
export function marginsStyle(margin: ReturnType<typeof sheetOf>['margin']) {
  const padding = [margin.top, margin.right, margin.bottom, margin.left].map((px) => `${px.toFixed(2)}px`).join(' ')
  return `<style>html { padding: ${padding} !important; }</style>`
}
