import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import logger from '@adonisjs/core/services/logger'
import Store from '#stores/models/store'
import { bandColour } from '#messaging/email_layout'
import { businessTimezone } from '#loyalty/reports/liability_period'
import { dueSummaryWeek, type SummaryWeek } from '#analytics/weekly_summary/summary_week'
import { weeklySummaryFigures } from '#analytics/weekly_summary/weekly_summary_figures'
import { renderSummaryChart } from '#analytics/weekly_summary/summary_chart'
import { composeWeeklySummary, sendWeeklySummaryMail, type ComposedSummary } from '#analytics/weekly_summary/weekly_summary_mail'

interface DueOwner {
  id: number
  email: string
  locale: string
  weekly_summary_week: string | null
}

interface Letter {
  summary: ComposedSummary
  chart: Buffer
}

/**
 * The schedule calls this every five minutes: from Monday 08:00 business
 * time on (later in the week if the machine was off), every enabled owner
 * who asked for it gets last week's summary, once. Each owner's week is
 * claimed by a conditional update before the mail goes, so overlapping
 * passes or two schedulers send it once; a send the SMTP server refuses
 * gives the claim back for the next pass. A crash between the claim and
 * the server's answer loses that week's mail rather than risk sending it
 * twice: the figures stay on the dashboard.
 */
export async function sendWeeklySummaries(now: DateTime = DateTime.utc()) {
  const week = dueSummaryWeek(now, await businessTimezone())
  const owners = week ? await dueOwners(week) : []
  if (!week || owners.length === 0) return { sent: 0, failed: 0 }
  // Everything that can fail before a claim (figures, Chromium) is done first: a failure there leaves every owner due.
  const letters = await lettersFor(week, new Set(owners.map((owner) => languageOf(owner.locale))))
  const counts = { sent: 0, failed: 0 }
  for (const owner of owners) {
    if (!(await claimWeek(owner.id, week))) continue
    try {
      const letter = letters.get(languageOf(owner.locale))!
      await sendWeeklySummaryMail(owner.email, letter.summary, letter.chart)
      counts.sent += 1
    } catch (error) {
      await releaseWeek(owner, week)
      counts.failed += 1
      logger.warn({ task: 'analytics.weekly_summary', code: (error as { code?: string }).code, responseCode: (error as { responseCode?: number }).responseCode }, 'weekly summary not sent')
    }
  }
  return counts
}

const languageOf = (locale: string) => (locale === 'en' ? 'en' : 'fr')

/** Subscribed, enabled owners whose summary of `week` is not claimed yet (1: SQLite has no booleans). */
function notYetClaimed(query: DatabaseQueryBuilderContract, week: SummaryWeek) {
  return query.where('role', 'owner').where('weekly_summary', 1).whereNull('disabled_at').where((inner) => inner.whereNull('weekly_summary_week').orWhereNot('weekly_summary_week', week.isoWeek))
}

async function dueOwners(week: SummaryWeek) {
  const rows = await notYetClaimed(db.from('staff_members'), week).orderBy('id').select('id', 'email', 'locale', 'weekly_summary_week')
  return rows as DueOwner[]
}

/** One composed mail and one chart per language, for every owner who reads it. */
async function lettersFor(week: SummaryWeek, languages: Set<string>) {
  const figures = await weeklySummaryFigures(week)
  const store = await Store.defaultStore()
  const sender = { storeName: store?.name ?? 'Comptoir', colour: bandColour(store?.brandColour ?? '') }
  const letters = new Map<string, Letter>()
  for (const language of languages) {
    const [summary, chart] = await Promise.all([composeWeeklySummary(figures, sender, language), renderSummaryChart(figures.series, language, sender.colour)])
    letters.set(language, { summary, chart })
  }
  return letters
}

async function claimWeek(ownerId: number, week: SummaryWeek) {
  const claimed = await notYetClaimed(db.from('staff_members').where('id', ownerId), week).update({ weekly_summary_week: week.isoWeek })
  return Number(claimed) === 1
}

async function releaseWeek(owner: DueOwner, week: SummaryWeek) {
  await db.from('staff_members').where('id', owner.id).where('weekly_summary_week', week.isoWeek).update({ weekly_summary_week: owner.weekly_summary_week })
}
