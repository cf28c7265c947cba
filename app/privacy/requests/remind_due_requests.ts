import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { dbTimestamp, instantFromDb } from '#shared/db_time'
import { formatDate } from '#shared/format'
import { OPEN_STATUSES } from '#privacy/requests/privacy_requests'

const REMINDERS = [
  { days: 7, column: 'reminded_d7_at' },
  { days: 1, column: 'reminded_d1_at' },
] as const

/**
 * The owners hear of every open request due within 7 days, then within a
 * day (R20 d): one mail per owner and reminder listing them, each request
 * reminded once per stage (an extension starts the stages again).
 */
export async function remindDueRequests(now = DateTime.utc()) {
  let reminded = 0
  for (const reminder of REMINDERS) {
    const rows = await db
      .from('privacy_requests')
      .whereIn('status', OPEN_STATUSES)
      .whereNull(reminder.column)
      .where('due_at', '<=', dbTimestamp(now.plus({ days: reminder.days })))
      .orderBy('due_at')
      .select('id', 'public_id', 'type', 'due_at')
    if (rows.length === 0) continue
    const owners = await db.from('staff_members').where('role', 'owner').whereNull('disabled_at').select('email', 'locale')
    for (const owner of owners) {
      try {
        await mailOwner(owner, rows, reminder.days)
      } catch (error) {
        // The reminder stays due: the next pass tries again.
        logger.warn({ err: error }, 'privacy requests: reminder not sent')
        return reminded
      }
    }
    await db.from('privacy_requests').whereIn('id', rows.map((row) => row.id)).update({ [reminder.column]: dbTimestamp(now) })
    reminded += rows.length
  }
  return reminded
}

async function mailOwner(owner: { email: string; locale: string }, rows: Array<Record<string, any>>, days: number) {
  const i18n = i18nManager.locale(owner.locale ?? 'fr')
  const lines = rows.map((row) => {
    const due = formatDate(DateTime.fromJSDate(instantFromDb(row.due_at)), 'Europe/Paris', owner.locale)
    return `- ${i18n.t(`privacy_requests.types.${row.type}`)} · ${i18n.t('privacy_requests.reminder.due', { date: due })} · ${appUrl}/admin/privacy/requests/${row.public_id}`
  })
  const subject = i18n.t(days === 1 ? 'privacy_requests.reminder.subject_d1' : 'privacy_requests.reminder.subject_d7', { count: rows.length })
  await mail.send((message) => {
    message
      .to(owner.email)
      .subject(subject)
      .text(`${i18n.t('privacy_requests.reminder.intro', { count: rows.length, days })}\n\n${lines.join('\n')}\n\n${appUrl}/admin/privacy\n`)
      .header('Auto-Submitted', 'auto-generated')
  })
}
