import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'
import { liveTermsSnapshot, snapshotHash, type TermsSnapshot } from '#loyalty/terms/terms_snapshot'

export interface TermsVersion {
  id: number
  version: number
  snapshot: TermsSnapshot
  sha256: string
  effectiveFrom: DateTime
  changes: string | null
  publishedAt: DateTime
  supersededAt: DateTime | null
  announcedAt: DateTime | null
}

const COLUMNS = ['id', 'version', 'snapshot', 'sha256', 'effective_from', 'changes', 'published_at', 'superseded_at', 'announced_at']

/** Every version, newest first (the owner's history). */
export async function termsHistory(): Promise<TermsVersion[]> {
  const rows = await db.from('program_terms').orderBy('version', 'desc').select(COLUMNS)
  return rows.map(versionOf)
}

export async function termsVersion(version: number): Promise<TermsVersion | null> {
  const row = await db.from('program_terms').where('version', version).select(COLUMNS).first()
  return row ? versionOf(row) : null
}

/** The version members are bound by at this instant: the latest to have reached its date (a replaced one never applies). */
export async function termsInForce(at = DateTime.utc()): Promise<TermsVersion | null> {
  const row = await db
    .from('program_terms')
    .whereNull('superseded_at')
    .where('effective_from', '<=', dbTimestamp(at))
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .select(COLUMNS)
    .first()
  return row ? versionOf(row) : null
}

/** The version announced and not yet applying, if any. */
export async function upcomingTerms(at = DateTime.utc()): Promise<TermsVersion | null> {
  const row = await db.from('program_terms').whereNull('superseded_at').where('effective_from', '>', dbTimestamp(at)).orderBy('version', 'desc').select(COLUMNS).first()
  return row ? versionOf(row) : null
}

/**
 * The terms in force; on a business that has never published any, the
 * first version is written at once from the configuration, so the join
 * page always links to real terms. Two first calls at once: one insert
 * wins (unique version), the other reads it.
 */
export async function currentTerms(): Promise<TermsVersion> {
  const inForce = await termsInForce()
  if (inForce) return inForce
  const snapshot = await liveTermsSnapshot()
  const now = DateTime.utc()
  try {
    await db.table('program_terms').insert({ version: 1, snapshot: JSON.stringify(snapshot), sha256: snapshotHash(snapshot), effective_from: dbTimestamp(now), changes: null, published_by: null, published_at: dbTimestamp(now) })
  } catch (error) {
    if (!(await termsVersion(1))) throw error
  }
  return (await termsInForce(DateTime.utc().plus({ seconds: 1 })))!
}

/**
 * What a membership record names: the terms' version and a hash of the
 * sentence ticked together with the terms' content ("terms.v3.fr:…", ≤ 64
 * characters), so the proof points at the exact words agreed to.
 */
export function membershipVersion(terms: Pick<TermsVersion, 'version' | 'sha256'>, locale: string, sentence: string) {
  const hash = createHash('sha256').update(`${sentence}\n${terms.sha256}`).digest('hex').slice(0, 40)
  return `terms.v${terms.version}.${locale}:${hash}`
}

/** The version number a membership record names (null for records written before versioned terms). */
export function termsVersionNamed(noticeVersion: string | null) {
  const match = noticeVersion?.match(/^terms\.v(\d+)\./)
  return match ? Number(match[1]) : null
}

function versionOf(row: Record<string, any>): TermsVersion {
  return {
    id: Number(row.id),
    version: Number(row.version),
    snapshot: JSON.parse(String(row.snapshot)) as TermsSnapshot,
    sha256: String(row.sha256),
    effectiveFrom: fromDbTimestamp(row.effective_from)!,
    changes: row.changes ?? null,
    publishedAt: fromDbTimestamp(row.published_at)!,
    supersededAt: fromDbTimestamp(row.superseded_at),
    announcedAt: fromDbTimestamp(row.announced_at),
  }
}
