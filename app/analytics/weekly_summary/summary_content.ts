import i18nManager from '@adonisjs/i18n/services/main'
import { appUrl } from '#config/app'
import { dayLines, summaryLines, weekdayText } from '#analytics/weekly_summary/summary_lines'
import { dayText } from '#analytics/figure_format'
import type { WeeklySummaryFigures } from '#analytics/weekly_summary/weekly_summary_figures'

/**
 * The switch-off link opens the dashboard's toggle, behind sign-in: an
 * owner's account is at stake, and a signed GET link would be followed by
 * the mail scanners that open every link of a message.
 */
export const switchOffUrl = () => `${appUrl}/admin/dashboard#weekly-summary`

export type SummaryContent = ReturnType<typeof summaryContent>

/** What a week's summary says in one language, every text translated and every figure formatted. */
export function summaryContent(figures: WeeklySummaryFigures, storeName: string, locale: string) {
  const i18n = i18nManager.locale(locale)
  const t = (key: string, values: Record<string, string> = {}) => i18n.t(`weekly_summary.${key}`, values)
  const span = { from: dayText(figures.week.fromOn, locale), to: dayText(figures.week.toOn, locale) }
  const lines = summaryLines(figures, locale).map((line) => ({ ...line, label: t(`figures.${line.key}`) }))
  const days = dayLines(figures, locale)
  const revenue = lines[0]
  const best = figures.series.reduce((top, day) => (day.revenueCents > top.revenueCents ? day : top), figures.series[0])
  return {
    lang: locale === 'en' ? 'en' : 'fr',
    t,
    lines,
    days,
    subject: t('mail.subject', { ...span, revenue: revenue.change ? `${revenue.value} (${revenue.change})` : revenue.value }),
    title: t('mail.title', span),
    intro: t('mail.intro', span),
    chartAlt: t('mail.chart_alt', { ...span, best_day: weekdayText(best.day, locale), best: days[figures.series.indexOf(best)].revenue }),
    dashboardUrl: `${appUrl}/admin/dashboard?${new URLSearchParams({ from: figures.week.fromOn, to: figures.week.toOn })}`,
    why: t('mail.why', { store: storeName }),
    switchOffUrl: switchOffUrl(),
  }
}

/** The plain-text part, for clients that show no HTML. */
export function summaryText(content: SummaryContent) {
  const { t } = content
  const line = (figure: SummaryContent['lines'][number]) =>
    t(figure.change ? 'mail.line_change' : 'mail.line', { label: figure.label, value: figure.value, before: figure.before, change: figure.change ?? '' })
  const days = content.days.map((day) => t('mail.day_line', { day: day.day, revenue: day.revenue, purchases: day.purchases, new_members: day.newMembers }))
  return [
    content.title,
    content.intro,
    content.lines.map(line).join('\n'),
    `${t('mail.chart_title')}\n${days.join('\n')}`,
    t('mail.dashboard_link', { url: content.dashboardUrl }),
    `-- \n${content.why}\n${t('mail.switch_off_link', { url: content.switchOffUrl })}\n`,
  ].join('\n\n')
}
