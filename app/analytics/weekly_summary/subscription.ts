import db from '@adonisjs/lucid/services/db'
import type StaffMember from '#staff/models/staff_member'
import { dbTimestamp } from '#shared/db_time'
import { DateTime } from 'luxon'

/** What the dashboard's weekly summary form needs: only owners see it. */
export function weeklySummaryState(user: StaffMember | undefined) {
  return { isOwner: user?.isOwner ?? false, isSubscribed: Boolean(user?.weeklySummary), email: user?.email ?? '' }
}

/**
 * The owner asks for the weekly summary, or stops it; asking twice changes
 * nothing. The week already sent stays marked, so stopping and asking
 * again within a week sends no second summary.
 */
export async function setWeeklySummary(owner: StaffMember, wanted: boolean) {
  await db
    .from('staff_members')
    .where('id', owner.id)
    .update({ weekly_summary: wanted ? 1 : 0, updated_at: dbTimestamp(DateTime.utc()) })
  owner.weeklySummary = wanted
}
