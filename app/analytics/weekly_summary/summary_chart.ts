import { escapeHtml } from '#messaging/templates/message_body'
import { renderPng } from '#printing/pdf_renderer'
import { DateTime } from 'luxon'
import type { WeeklySummaryFigures } from '#analytics/weekly_summary/weekly_summary_figures'

/** The chart's size in CSS pixels (as the mail shows it), drawn at twice that for sharp screens. */
export const CHART = { width: 600, height: 240, top: 30, bottom: 36, scale: 2 }

type Series = WeeklySummaryFigures['series']

/** The week's revenue per day as bars, a PNG drawn by Chromium (which runs no script and loads nothing: the SVG is inline). */
export function renderSummaryChart(series: Series, locale: string, colour: string) {
  const layout = { width: `${CHART.width}px`, height: `${CHART.height}px`, printBackground: true }
  return renderPng(chartHtml(series, locale, colour), layout, { widthPx: CHART.width * CHART.scale })
}

export function chartHtml(series: Series, locale: string, colour: string) {
  const best = Math.max(1, ...series.map((day) => day.revenueCents))
  const column = CHART.width / Math.max(1, series.length)
  const plot = CHART.height - CHART.top - CHART.bottom
  const euros = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 })
  const marks = series.map((day, index) => {
    const height = Math.round((day.revenueCents / best) * plot)
    const centre = (index + 0.5) * column
    const top = CHART.top + plot - height
    const value = day.revenueCents > 0 ? `<text x="${centre}" y="${top - 8}" class="value">${escapeHtml(euros.format(day.revenueCents / 100))}</text>` : ''
    const bar = `<rect x="${(centre - column * 0.3).toFixed(1)}" y="${top}" width="${(column * 0.6).toFixed(1)}" height="${height}" fill="${colour}"/>`
    return `${bar}${value}<text x="${centre}" y="${CHART.height - 12}" class="day">${escapeHtml(shortDay(day.day, locale))}</text>`
  })
  const axis = `<line x1="0" x2="${CHART.width}" y1="${CHART.top + plot + 0.5}" y2="${CHART.top + plot + 0.5}" stroke="#999999"/>`
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; background: #ffffff; }
svg { display: block; font-family: Helvetica, Arial, sans-serif; }
text { text-anchor: middle; fill: #333333; }
.value { font-size: 13px; font-weight: bold; }
.day { font-size: 13px; }
</style></head><body><svg xmlns="http://www.w3.org/2000/svg" width="${CHART.width}" height="${CHART.height}" viewBox="0 0 ${CHART.width} ${CHART.height}">${axis}${marks.join('')}</svg></body></html>`
}

/** "lun. 9" / "Mon 9": seven of them fit under the bars. */
function shortDay(day: string, locale: string) {
  return DateTime.fromISO(day, { zone: 'utc' }).setLocale(locale === 'en' ? 'en-GB' : 'fr-FR').toLocaleString({ weekday: 'short', day: 'numeric' })
}
