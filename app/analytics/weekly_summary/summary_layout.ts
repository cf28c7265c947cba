import mjml2html from 'mjml'
import { escapeHtml } from '#messaging/templates/message_body'
import type { SummaryContent } from '#analytics/weekly_summary/summary_content'

/** The chart's Content-ID: it travels inside the message, so clients that block remote images still have it. */
export const CHART_CID = 'weekly-summary-chart@comptoir'

const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e0d8'

/**
 * The summary's HTML, in the layout of the messages (app/messaging/email_layout.ts:
 * the store's band, a white card, a small footer) with the owner's footer
 * in place of the marketing one: why they get it and how to stop it.
 */
export async function summaryHtml(content: SummaryContent, storeName: string, colour: string) {
  const { t } = content
  const source = `<mjml lang="${content.lang}">
  <mj-head>
    <mj-title>${escapeHtml(content.subject)}</mj-title>
    <mj-preview>${escapeHtml(content.intro)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#222222" />
      <mj-table font-size="14px" color="#222222" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1ec">
    <mj-section background-color="${colour}" padding="16px">
      <mj-column><mj-text color="#ffffff" font-size="20px" font-weight="bold">${escapeHtml(storeName)}</mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px 16px">
      <mj-column>
        <mj-text><h1 style="font-size:22px;margin:0 0 8px">${escapeHtml(content.title)}</h1><p style="margin:0">${escapeHtml(content.intro)}</p></mj-text>
        <mj-table>${figuresTable(content)}</mj-table>
        <mj-text><h2 style="font-size:18px;margin:16px 0 0">${escapeHtml(t('mail.chart_title'))}</h2></mj-text>
        <mj-image src="cid:${CHART_CID}" alt="${escapeHtml(content.chartAlt)}" width="568px" padding="8px 16px" />
        <mj-table>${daysTable(content)}</mj-table>
        <mj-button href="${escapeHtml(content.dashboardUrl)}" background-color="${colour}" color="#ffffff" align="left">${escapeHtml(t('mail.dashboard'))}</mj-button>
      </mj-column>
    </mj-section>
    <mj-section padding="16px">
      <mj-column>
        <mj-text font-size="12px" color="#555555">${escapeHtml(content.why)}<br><a href="${escapeHtml(content.switchOffUrl)}" style="color:#555555">${escapeHtml(t('mail.switch_off'))}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`
  return (await mjml2html(source, { validationLevel: 'strict', keepComments: false })).html
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
