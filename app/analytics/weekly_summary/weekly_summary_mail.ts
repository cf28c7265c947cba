import mail from '@adonisjs/mail/services/main'
import { summaryContent, summaryText, switchOffUrl } from '#analytics/weekly_summary/summary_content'
import { CHART_CID, summaryHtml } from '#analytics/weekly_summary/summary_layout'
import type { WeeklySummaryFigures } from '#analytics/weekly_summary/weekly_summary_figures'

export interface ComposedSummary {
  subject: string
  html: string
  text: string
}

/** The owners' summary in one language: the same for every owner who reads it, so composed once per pass and language. */
export async function composeWeeklySummary(figures: WeeklySummaryFigures, sender: { storeName: string; colour: string }, locale: string): Promise<ComposedSummary> {
  const content = summaryContent(figures, sender.storeName, locale)
  return { subject: content.subject, text: summaryText(content), html: await summaryHtml(content, sender.storeName, sender.colour) }
}

/** One summary to one owner's own address, its chart inline. Not marketing: the owner asked for it, and the footer says how to stop it. */
export async function sendWeeklySummaryMail(to: string, summary: ComposedSummary, chart: Buffer) {
  await mail.send((message) => {
    message
      .to(to)
      .subject(summary.subject)
      .text(summary.text)
      .html(summary.html)
      .embedData(chart, CHART_CID, { filename: 'weekly-summary.png', contentType: 'image/png' })
      .header('Auto-Submitted', 'auto-generated')
      .header('List-Unsubscribe', `<${switchOffUrl()}>`)
  })
}
