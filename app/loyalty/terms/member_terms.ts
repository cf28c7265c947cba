import db from '@adonisjs/lucid/services/db'
import { formatDate } from '#shared/format'
import { fromDbTimestamp } from '#shared/db_time'
import { currentTerms, termsVersionNamed, upcomingTerms } from '#loyalty/terms/program_terms'

/**
 * A member's terms, for the portal: the version they joined under (their
 * first membership record), the version in force, the one announced.
 */
export async function memberTerms(customerId: number, { timezone, locale }: { timezone: string; locale: string }) {
  const [joined, inForce, upcoming] = await Promise.all([
    db.from('consent_records').where('customer_id', customerId).where('purpose', 'loyalty_membership').where('decision', 'granted').orderBy('id').select('notice_version', 'created_at').first(),
    currentTerms(),
    upcomingTerms(),
  ])
  const acceptedVersion = joined ? termsVersionNamed(joined.notice_version) : null
  const day = (value: Parameters<typeof formatDate>[0]) => formatDate(value, timezone, locale)
  return {
    accepted: acceptedVersion ? { version: acceptedVersion, date: day(fromDbTimestamp(joined.created_at)) } : null,
    inForce: { version: inForce.version, date: day(inForce.effectiveFrom) },
    upcoming: upcoming ? { version: upcoming.version, date: day(upcoming.effectiveFrom) } : null,
  }
}
