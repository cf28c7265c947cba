import { renderPng, type PdfLayout } from '#printing/pdf_renderer'
import { sheetOf } from '#printing/pdf_sheet'
import { posterHtml, type PrintPosterInput } from '#printing/posters/print_poster'

/** The studio's thumbnail width: the headline reads, and it redraws fast enough to follow the form. */
export const PREVIEW_WIDTH_PX = 480

/** The poster's first page as the PDF prints it, as a PNG thumbnail; refused for the same reasons as the PDF. */
export async function previewPoster(input: PrintPosterInput) {
  const { html, layout } = await posterHtml(input)
  return renderPng(html, layout, { widthPx: PREVIEW_WIDTH_PX })
}

/** The thumbnail's size (as renderPng scales the sheet), for the page's <img> before it loads. */
export function previewSizeOf(layout: PdfLayout) {
  const sheet = sheetOf(layout)
  return { width: PREVIEW_WIDTH_PX, height: Math.round((PREVIEW_WIDTH_PX * Math.round(sheet.height)) / Math.round(sheet.width)) }
}
