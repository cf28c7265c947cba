import { escapeHtml } from '#messaging/templates/message_body'
import { bandColour, brandedEmailHtml } from '#messaging/email_layout'
import type { SummaryContent } from '#analytics/weekly_summary/summary_content'

/** The chart's Content-ID: it travels inside the message, so clients that block remote images still have it. */
export const CHART_CID = 'weekly-summary-chart@comptoir'

const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e0d8'

/**
 * The summary's HTML in the frame of every e-mail (the store's band, a
 * white card, a small footer), with the owner's footer in place of the
 * marketing one: why they get it and how to stop it.
 */
export async function summaryHtml(content: SummaryContent, storeName: string, colour: string) {
  const { t } = content
  return brandedEmailHtml({
    locale: content.lang,
    storeName,
    colour,
    title: escapeHtml(content.subject),
    preview: escapeHtml(content.intro),
    attributes: '\n      <mj-table font-size="14px" color="#222222" />',
    card: `
        <mj-text><h1 style="font-size:22px;margin:0 0 8px">${escapeHtml(content.title)}</h1><p style="margin:0">${escapeHtml(content.intro)}</p></mj-text>
        <mj-table>${figuresTable(content)}</mj-table>
        <mj-text><h2 style="font-size:18px;margin:16px 0 0">${escapeHtml(t('mail.chart_title'))}</h2></mj-text>
        <mj-image src="cid:${CHART_CID}" alt="${escapeHtml(content.chartAlt)}" width="568px" padding="8px 16px" />
        <mj-table>${daysTable(content)}</mj-table>
        <mj-button href="${escapeHtml(content.dashboardUrl)}" background-color="${bandColour(colour)}" color="#ffffff" align="left">${escapeHtml(t('mail.dashboard'))}</mj-button>`,
    footer: `${escapeHtml(content.why)}<br><a href="${escapeHtml(content.switchOffUrl)}" style="color:#555555">${escapeHtml(t('mail.switch_off'))}</a>`,
  })
}

function figuresTable(content: SummaryContent) {
  const { t } = content
  const rows = content.lines.map((line) => `<tr>${cell(line.label, 'th', 'left', 'row')}${cell(line.value)}${cell(line.before)}${cell(line.change ?? '—')}</tr>`)
  return `${head([t('mail.figure'), t('mail.this_week'), t('mail.week_before'), t('mail.change')])}${rows.join('')}`
}

/** The chart's figures again, for clients that show no image. */
function daysTable(content: SummaryContent) {
  const { t } = content
  const rows = content.days.map((day) => `<tr>${cell(day.day, 'th', 'left', 'row')}${cell(day.revenue)}${cell(day.purchases)}${cell(day.newMembers)}</tr>`)
  return `${head([t('mail.day'), t('figures.revenue'), t('figures.purchases'), t('figures.new_members')])}${rows.join('')}`
}

function head(labels: string[]) {
  return `<tr>${labels.map((label, index) => cell(label, 'th', index === 0 ? 'left' : 'right', 'col')).join('')}</tr>`
}

function cell(value: string, tag: 'td' | 'th' = 'td', align = 'right', scope?: 'row' | 'col') {
  const weight = scope === 'row' ? ';font-weight:normal' : ''
  const wrap = align === 'right' ? ';white-space:nowrap' : ''
  return `<${tag}${scope ? ` scope="${scope}"` : ''} style="${CELL};text-align:${align}${weight}${wrap}">${escapeHtml(value)}</${tag}>`
}
