import type { PosterFormat } from '#printing/posters/poster_formats'

const POINTS_PER_MM = 72 / 25.4

/**
 * Writes a sticker's cut line into its one-page PDF, for the print shop's
 * software: a TrimBox `bleedMm` inside the page's top-left corner (where
 * Chromium lays the page out from, whatever it rounds the page up to) and
 * the BleedBox around it. Chromium writes neither box, so both default to
 * the whole page. The page object is written again in an incremental
 * update (ISO 32000-1 §7.5.6): bytes appended after Chromium's, which stay
 * as they are.
 */
export function withTrimBox(pdf: Buffer, format: Pick<PosterFormat, 'widthMm' | 'heightMm' | 'bleedMm'>): Buffer {
  const text = pdf.toString('latin1')
  const { number, dictionary, left, top } = pageOf(text)
  const [bleed, width, height] = [format.bleedMm, format.widthMm, format.heightMm].map((mm) => mm * POINTS_PER_MM)
  const box = (inset: number) => `[${[left + bleed - inset, top - bleed - height - inset, left + bleed + width + inset, top - bleed + inset].map((pt) => pt.toFixed(2)).join(' ')}]`
  const object = `\n${number} 0 obj\n${dictionary.replace(/^<</, `<</TrimBox ${box(0)}\n/BleedBox ${box(bleed)}\n`)}\nendobj\n`
  const { entries, previousXref } = trailerOf(text)
  // A cross-reference entry is 20 bytes: ten-digit offset, generation, "n", space and newline.
  const xref = `xref\n${number} 1\n${String(pdf.length + 1).padStart(10, '0')} 00000 n \n`
  const trailer = `trailer\n<<${entries} /Prev ${previousXref}>>\nstartxref\n${pdf.length + object.length}\n%%EOF\n`
  return Buffer.concat([pdf, Buffer.from(object + xref + trailer, 'latin1')])
}

/** The one page object: its number, its dictionary and the MediaBox's left and top edges. */
function pageOf(text: string) {
  const pages = [...text.matchAll(/(\d+) 0 obj\s*(<<\s*\/Type \/Page\b[\s\S]*?)\s*endobj/g)]
  const media = pages.length === 1 ? /\/MediaBox \[\s*([\d.]+) [\d.]+ [\d.]+ ([\d.]+)\s*\]/.exec(pages[0][2]) : null
  if (!media) throw new Error('The trim box writer expects one page with a MediaBox, as Chromium prints it')
  return { number: pages[0][1], dictionary: pages[0][2], left: Number(media[1]), top: Number(media[2]) }
}

/** The last trailer's Size, Root and Info, and where its cross-reference table starts. */
function trailerOf(text: string) {
  const trailer = /trailer\s*(<<[\s\S]*?>>)\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(text)
  if (!trailer) throw new Error('The trim box writer expects a classic cross-reference table, as Chromium writes it')
  const entries = ['Size', 'Root', 'Info'].map((key) => new RegExp(`/${key} [^/>]+`).exec(trailer[1])?.[0].trim()).filter(Boolean)
  return { entries: entries.join(' '), previousXref: trailer[2] }
}
