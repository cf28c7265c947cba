import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { audit } from '#shared/audit'
import { dbTimestamp } from '#shared/db_time'
import { fieldError } from '#customers/validation'
import { liveTermsSnapshot, snapshotHash } from '#loyalty/terms/terms_snapshot'
import { termsInForce, termsVersion, upcomingTerms } from '#loyalty/terms/program_terms'

/** Notice owners are advised to give members before new terms apply. */
export const RECOMMENDED_NOTICE_DAYS = 30

export interface PublishTermsInput {
  /** The day the version applies from, in the business's time zone (today: at once). */
  effectiveOn: DateTime
  /** What changes, in the owner's words: mailed to members with the link (required once members are bound by a version). */
  changes: string | null
  staffMemberId: number
  ip: string | null
  timezone: string
}

/**
 * Publishes the configuration as it is now as the next version of the
 * terms, applying from the chosen day. A version still waiting for its day
 * is replaced by this one (it never applies). Refused, with the field, when
 * the day has passed, when nothing changed since the latest version, or
 * when the change is not explained to members already bound by terms.
 * Members are told by the scheduler (announce_terms.ts).
 */
export async function publishTerms(input: PublishTermsInput) {
  const today = DateTime.now().setZone(input.timezone).startOf('day')
  const day = input.effectiveOn.setZone(input.timezone, { keepLocalTime: true }).startOf('day')
  if (day < today) throw fieldError('effective_on', 'The date has passed: choose today or a later day', 'after_or_equal')
  const inForce = await termsInForce()
  if (inForce && !input.changes) throw fieldError('changes', 'Say what changes: members receive it with the link to the new terms', 'required')
  const snapshot = await liveTermsSnapshot()
  const sha256 = snapshotHash(snapshot)
  const latest = (await upcomingTerms()) ?? inForce
  if (latest?.sha256 === sha256) throw fieldError('effective_on', `Nothing changed since version ${latest.version}: change the programme first`, 'unchanged')
  const now = DateTime.utc()
  const effectiveFrom = day.equals(today) ? now : day.toUTC()
  const version = await db.transaction(async (trx) => {
    const last = await trx.from('program_terms').max('version as version').first()
    const next = Number(last?.version ?? 0) + 1
    await trx.from('program_terms').whereNull('superseded_at').where('effective_from', '>', dbTimestamp(now, trx)).update({ superseded_at: dbTimestamp(now, trx) })
    await trx.table('program_terms').insert({
      version: next,
      snapshot: JSON.stringify(snapshot),
      sha256,
      effective_from: dbTimestamp(effectiveFrom, trx),
      changes: input.changes,
      published_by: input.staffMemberId,
      published_at: dbTimestamp(now, trx),
      // The first terms bind no one yet: there is nobody to tell.
      announced_at: inForce ? null : dbTimestamp(now, trx),
    })
    await audit({ staffMemberId: input.staffMemberId, action: 'terms.published', subjectType: 'program_terms', subjectId: String(next), details: { effective_from: effectiveFrom.toISO(), replaces_upcoming: latest !== inForce ? latest?.version : null }, ip: input.ip }, trx)
    return next
  })
  return (await termsVersion(version))!
}
