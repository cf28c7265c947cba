import type { I18n } from '@adonisjs/i18n'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import { formatDate, formatDateTime } from '#shared/format'
import { termsHistory, termsInForce, termsVersionNamed, upcomingTerms, type TermsVersion } from '#loyalty/terms/program_terms'
import { liveTermsSnapshot, snapshotHash } from '#loyalty/terms/terms_snapshot'
import { termsDocument } from '#loyalty/terms/terms_document'
import { announcementCounts } from '#loyalty/terms/announce_terms'
import { RECOMMENDED_NOTICE_DAYS } from '#loyalty/terms/publish_terms'

/**
 * What the owner's terms page shows: the version in force and the one
 * announced, whether the configuration has moved on since, the text a new
 * version would have, and every version with how many memberships name it.
 */
export async function termsAdminState(i18n: I18n) {
  const store = await Store.defaultStore()
  const timezone = store?.timezone ?? 'Europe/Paris'
  const [history, inForce, upcoming, live] = await Promise.all([termsHistory(), termsInForce(), upcomingTerms(), liveTermsSnapshot()])
  const latest = upcoming ?? inForce
  const members = await membershipsByVersion()
  const draft: TermsVersion = { id: 0, version: (history[0]?.version ?? 0) + 1, snapshot: live, sha256: snapshotHash(live), effectiveFrom: DateTime.utc(), changes: null, publishedAt: DateTime.utc(), supersededAt: null, announcedAt: null }
  const date = (version: TermsVersion) => formatDate(version.effectiveFrom, timezone, i18n.locale)
  return {
    storeSlug: store?.slug ?? null,
    timezone,
    inForce: inForce ? { version: inForce.version, date: date(inForce) } : null,
    upcoming: upcoming ? { version: upcoming.version, date: date(upcoming), announced: Boolean(upcoming.announcedAt), ...(await announcementCounts(upcoming.id)) } : null,
    changedSince: latest && latest.sha256 !== draft.sha256 ? latest.version : null,
    upToDate: Boolean(latest && latest.sha256 === draft.sha256),
    draft: termsDocument(draft, i18n, { timezone, storeSlug: store?.slug ?? '' }),
    noticeDays: RECOMMENDED_NOTICE_DAYS,
    suggestedDay: DateTime.now().setZone(timezone).plus({ days: inForce ? RECOMMENDED_NOTICE_DAYS : 0 }).toISODate(),
    today: DateTime.now().setZone(timezone).toISODate(),
    needsChanges: Boolean(inForce),
    history: history.map((version) => ({
      version: version.version,
      effective: date(version),
      published: formatDateTime(version.publishedAt, timezone, i18n.locale),
      members: members.get(version.version) ?? 0,
      state: version.supersededAt ? 'superseded' : version.version === inForce?.version ? 'in_force' : version.version === upcoming?.version ? 'upcoming' : 'past',
    })),
  }
}

/** Memberships per terms version, from the consent records (one membership record per join). */
async function membershipsByVersion() {
  const rows = await db.from('consent_records').where('purpose', 'loyalty_membership').where('decision', 'granted').whereLike('notice_version', 'terms.v%').groupBy('notice_version').select('notice_version').count('* as count')
  const counts = new Map<number, number>()
  for (const row of rows) {
    const version = termsVersionNamed(row.notice_version)
    if (version) counts.set(version, (counts.get(version) ?? 0) + Number(row.count))
  }
  return counts
}
