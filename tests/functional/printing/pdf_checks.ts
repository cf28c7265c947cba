import type { Assert } from '@japa/assert'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { printPoster } from '#printing/posters/print_poster'

/**
 * What the printing tests read in a PDF, with the tools a print shop or a
 * phone would use: poppler (pdfinfo, pdftotext, pdftoppm) and zbar.
 */

export const POINTS_PER_MM = 72 / 25.4

/** ISO 216 in points, portrait; Chromium rounds the page to its own grid, so a size is right within a point. */
export const SIZES = { A3: [841.89, 1190.55], A4: [595.28, 841.89], A5: [419.53, 595.28], A6: [297.64, 419.53] } as const

/** A folder of this group's PDFs, removed at the end (group.setup's cleanup); KEEP_PRINTS=1 keeps it to look at them. */
export function pdfFolder() {
  const folder = mkdtempSync(join(tmpdir(), 'printables-'))
  return { file: (name: string) => join(folder, name), remove: () => (process.env.KEEP_PRINTS ? console.log(`PDFs kept in ${folder}`) : rmSync(folder, { recursive: true, force: true })) }
}

export async function printedTo(path: string, input: Parameters<typeof printPoster>[0]) {
  const { pdf } = await printPoster(input)
  writeFileSync(path, pdf)
  return path
}

/** Pages, page size and boxes in points as poppler reads them ("Page size: 595.92 x 841.92 pts (A4)", "TrimBox: 8.50 …"). */
export function pdfInfo(path: string) {
  const info = execFileSync('pdfinfo', ['-box', path], { encoding: 'utf8' })
  const box = (name: string) => info.match(new RegExp(`^${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'm'))!.slice(1).map(Number)
  const [, width, height] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m)!
  return { pages: Number(info.match(/^Pages:\s+(\d+)$/m)![1]), width: Number(width), height: Number(height), mediaBox: box('MediaBox'), trimBox: box('TrimBox'), bleedBox: box('BleedBox') }
}

/**
 * Every cross-reference section, from the last one back along /Prev,
 * starts where startxref says, and each object it lists starts where it
 * says: poppler repairs a file that is off by a byte without a word,
 * stricter readers call it damaged.
 */
export function crossReferencesOf(path: string) {
  const text = readFileSync(path).toString('latin1')
  const problems: string[] = []
  let at: number | undefined = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1])
  while (at !== undefined) {
    if (!text.startsWith('xref', at)) return [...problems, `no xref at ${at}`]
    const section = text.slice(at, text.indexOf('trailer', at))
    for (const [, first, entries] of section.matchAll(/(\d+) \d+\n((?:\d{10} \d{5} [nf] ?\r?\n)+)/g)) {
      entries.split(/\r?\n/).filter(Boolean).forEach((entry, index) => {
        const [offset, , kind] = entry.trim().split(' ')
        const object = `${Number(first) + index} 0 obj`
        if (kind === 'n' && !text.startsWith(object, Number(offset))) problems.push(`${object} is not at ${Number(offset)}`)
      })
    }
    const previous: string | undefined = /\/Prev (\d+)/.exec(text.slice(at, text.indexOf('startxref', at)))?.[1]
    at = previous === undefined ? undefined : Number(previous)
  }
  return problems
}

/** One page of this size in millimetres (or an ISO name, landscape turning it), within a point. */
export function assertOnePage(assert: Assert, path: string, size: keyof typeof SIZES | [number, number], orientation: 'portrait' | 'landscape' = 'portrait') {
  const info = pdfInfo(path)
  assert.equal(info.pages, 1)
  const [width, height] = typeof size === 'string' ? SIZES[size] : size.map((mm) => mm * POINTS_PER_MM)
  const [expectedWidth, expectedHeight] = orientation === 'landscape' ? [height, width] : [width, height]
  assert.closeTo(info.width, expectedWidth, 1)
  assert.closeTo(info.height, expectedHeight, 1)
  return info
}

/** The PDF's text on one line: a sentence wrapped over two lines still reads whole; no-break spaces read as spaces. */
export function pdfText(path: string) {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

/** Each word and its box, in points from the page's top-left corner. */
export function wordBoxes(path: string) {
  const xhtml = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' })
  return [...xhtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((match) => ({
    word: match[5],
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
    yMax: Number(match[4]),
  }))
}

/** The page as a 150 dpi image, read by zbar as a phone camera would: each code's content and which way its top points. */
export function scannedQrs(path: string) {
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path, `${path}-page`])
  // zbar complains on stderr that there is no D-Bus here: kept out of the test output.
  const xml = execFileSync('zbarimg', ['--xml', '-q', `${path}-page.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return [...xml.matchAll(/orientation='(\w+)'><data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)].map((match) => ({ data: match[2], orientation: match[1] }))
}

/** The one QR code on the page, its content. */
export function scannedQr(path: string) {
  const codes = scannedQrs(path)
  if (codes.length !== 1) throw new Error(`${codes.length} QR codes on ${path}`)
  return codes[0].data
}

/**
 * The page as 150 dpi RGB pixels (poppler's PPM: a header, then three
 * bytes a pixel): how many pixels within `insetMm` of the page's edge
 * differ from `hex` by more than anti-aliasing does, and the box (mm from
 * the top-left corner) of everything that is not that colour.
 */
export function pixelsOffColourNearEdge(path: string, insetMm: number, hex: string) {
  execFileSync('pdftoppm', ['-r', '150', '-singlefile', path, `${path}-pixels`])
  const image = readFileSync(`${path}-pixels.ppm`)
  const match = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(image.toString('latin1', 0, 40))!
  const header = match[0].length
  // The last column and row may be a pixel only partly on the page (its rest is poppler's white): whole pixels only.
  const page = pdfInfo(path)
  const [width, height] = [Math.min(Number(match[1]), Math.floor((page.width / 72) * 150)), Math.min(Number(match[2]), Math.floor((page.height / 72) * 150))]
  const stride = Number(match[1])
  const colour = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16))
  const band = Math.floor((insetMm / 25.4) * 150)
  const seen = { off: 0, left: width, top: height, right: -1, bottom: -1 }
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = header + (y * stride + x) * 3
      if (colour.every((channel, index) => Math.abs(image[at + index] - channel) <= 3)) continue
      if (x < band || y < band || x >= width - band || y >= height - band) seen.off += 1
      Object.assign(seen, { left: Math.min(seen.left, x), top: Math.min(seen.top, y), right: Math.max(seen.right, x), bottom: Math.max(seen.bottom, y) })
    }
  }
  const mm = (pixels: number) => (pixels / 150) * 25.4
  return { off: seen.off, content: { leftMm: mm(seen.left), topMm: mm(seen.top), widthMm: mm(seen.right - seen.left + 1), heightMm: mm(seen.bottom - seen.top + 1) } }
}
