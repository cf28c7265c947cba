import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { dbTimestamp, fromDbTimestamp } from '#shared/db_time'
import { formatDate } from '#shared/format'
import { sendServiceMail } from '#privacy/service_mail'
import { sql, writeAlone } from '#shared/sql_program'

const BATCH = 200
/** One pass stops after this long; the next one (five minutes later) goes on. */
const PASS_BUDGET_MS = 60_000

/**
 * Tells every member with an e-mail address of a new version of the terms
 * before it applies: a service message (a change to the contract, sent
 * whatever the marketing consents). Each member at most once per version:
 * the notice row is written before the mail goes, so a crash never sends
 * twice (a mail interrupted mid-way is counted failed, not retried).
 * Erased, merged and restricted customers are not written to. When no one
 * is left, the version is marked announced.
 */
export async function announceTerms(now = DateTime.utc()) {
  const started = Date.now()
  let sent = 0
  const pending = await db.from('program_terms').whereNull('announced_at').whereNull('superseded_at').orderBy('version').select('id', 'version', 'effective_from', 'changes')
  for (const terms of pending) {
    while (Date.now() - started < PASS_BUDGET_MS) {
      const members = await membersToTell(Number(terms.id))
      if (members.length === 0) {
        await db.from('program_terms').where('id', terms.id).update({ announced_at: dbTimestamp(now) })
        break
      }
      for (const member of members) sent += await tell(member, terms, now)
    }
  }
  return { sent }
}

function membersToTell(termsId: number) {
  return db
    .from('customers as c')
    .join('stores as s', 's.id', 'c.store_id')
    .whereNull('c.erased_at')
    .whereNull('c.merged_into_id')
    .whereNull('c.restricted_at')
    .whereNotNull('c.email')
    .whereNotExists((notices) => notices.from('program_terms_notices as n').whereRaw('n.customer_id = c.id').where('n.terms_id', termsId))
    .orderBy('c.id')
    .limit(BATCH)
    .select('c.id', 'c.email', 'c.first_name', 'c.locale', 's.name as store_name', 's.slug', 's.timezone')
}

async function tell(member: Record<string, any>, terms: Record<string, any>, now: DateTime) {
  const claimed = await writeAlone(
    sql("INSERT INTO program_terms_notices (terms_id, customer_id, status, created_at) VALUES (?, ?, 'sending', ?) ON CONFLICT (terms_id, customer_id) DO NOTHING RETURNING id", [
      terms.id,
      member.id,
      dbTimestamp(now),
    ])
  )
  if (claimed.length === 0) return 0
  const locale = member.locale === 'en' ? 'en' : 'fr'
  const effectiveFrom = fromDbTimestamp(terms.effective_from)!
  let status: 'sent' | 'failed' = 'sent'
  try {
    await sendServiceMail({
      to: member.email,
      locale,
      storeName: member.store_name,
      subjectKey: 'terms.mail.subject',
      bodyKey: 'terms.mail.body',
      ctaKey: 'terms.mail.cta',
      firstName: member.first_name,
      link: `${appUrl}/terms/${member.slug}?version=${terms.version}&lang=${locale}`,
      extra: { version: String(terms.version), date: formatDate(effectiveFrom, member.timezone, locale), changes: String(terms.changes ?? '') },
    })
  } catch (error) {
    status = 'failed'
    logger.warn({ err: { message: (error as Error).message }, terms: terms.version }, 'terms: a member could not be told')
  }
  await db.from('program_terms_notices').where('terms_id', terms.id).where('customer_id', member.id).update({ status })
  return status === 'sent' ? 1 : 0
}

/** How the announcement of a version is going, for the owner. */
export async function announcementCounts(termsId: number) {
  const rows = await db.from('program_terms_notices').where('terms_id', termsId).groupBy('status').select('status').count('* as count')
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0)
  return { sent: count('sent'), failed: count('failed'), sending: count('sending') }
}
