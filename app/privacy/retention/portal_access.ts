import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { formatDate } from '#shared/format'
import { fromDbTimestamp } from '#shared/db_time'
import { sendServiceMail } from '#privacy/service_mail'
import { PORTAL_WARNING_DAYS, PURGE_BATCH, type PurgeContext } from '#privacy/retention/purge_context'
import { customersInScope, whereErasureDue, whereNotHeld } from '#privacy/retention/customer_clocks'
import { countOf, type Progress } from '#privacy/retention/purge_steps'

/**
 * Portal accounts unused for portal_inactive_months are closed, after a
 * warning a month before (R3). The portal has no password: closing it
 * deletes its sign-in links and forgets when it was used; the customer can
 * still sign in again with a new code, and their loyalty data follows the
 * member rule. Customers whose data the same purge erases are left to it.
 */
function portalCustomers(context: PurgeContext) {
  return customersInScope()
    .where(whereNotHeld)
    .whereNot((query) => whereErasureDue(query, context))
}

/** Unused since the warning point, and not warned since they last used it (a sign-in after a warning starts the clock again). */
function toWarn(context: PurgeContext) {
  return portalCustomers(context)
    .where('c.portal_seen_at', '<', context.at.portalWarning)
    .where((warned) => warned.whereNull('c.portal_warned_at').orWhereColumn('c.portal_warned_at', '<', 'c.portal_seen_at'))
}

/** Unused for the whole period, and warned since they last used it, at least a month ago. */
function toClose(context: PurgeContext) {
  return portalCustomers(context)
    .where('c.portal_seen_at', '<', context.at.portalClosing)
    .whereColumn('c.portal_warned_at', '>=', 'c.portal_seen_at')
    .where('c.portal_warned_at', '<=', context.at.warnedBefore)
}

export const countWarnings = (context: PurgeContext) => countOf(toWarn(context))
export const countClosings = (context: PurgeContext) => countOf(toClose(context))

/** One service mail each (not marketing: sent whatever the consents), then portal_warned_at. */
export async function warnInactivePortals(context: PurgeContext, progress: Progress) {
  let after = 0
  let warned = 0
  for (;;) {
    const rows = await toWarn(context)
      .join('stores as s', 's.id', 'c.store_id')
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(PURGE_BATCH)
      .select('c.id', 'c.email', 'c.first_name', 'c.locale', 'c.portal_seen_at', 's.name as store_name', 's.timezone')
    for (const row of rows) warned += await warn(row, context)
    progress(warned)
    if (rows.length < PURGE_BATCH) return warned
    after = Number(rows[rows.length - 1].id)
  }
}

async function warn(row: Record<string, any>, context: PurgeContext) {
  try {
    // Without an address nobody can sign in to the portal either: the warning is only recorded.
    if (row.email) await sendServiceMail(warningMail(row, context))
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message }, customer: Number(row.id) }, 'retention: portal warning not sent, tried again at the next purge')
    return 0
  }
  await db.from('customers').where('id', row.id).update({ portal_warned_at: context.at.now })
  return 1
}

function warningMail(row: Record<string, any>, context: PurgeContext) {
  const locale = row.locale === 'en' ? 'en' : 'fr'
  const seen = fromDbTimestamp(row.portal_seen_at)!
  const now = DateTime.fromJSDate(context.now, { zone: 'utc' })
  const closing = DateTime.max(seen.plus({ months: context.retention.portal_inactive_months }), now.plus({ days: PORTAL_WARNING_DAYS }))
  return {
    to: row.email as string,
    locale,
    storeName: row.store_name as string,
    subjectKey: 'privacy_retention.portal_warning.subject',
    bodyKey: 'privacy_retention.portal_warning.body',
    ctaKey: 'privacy_retention.portal_warning.cta',
    firstName: row.first_name as string | null,
    link: `${appUrl}/portal/sign-in`,
    extra: { date: formatDate(closing, row.timezone ?? 'Europe/Paris', locale), since: formatDate(seen, row.timezone ?? 'Europe/Paris', locale) },
  }
}

/** Sign-in links deleted, the portal's clocks cleared; 500 customers per transaction. */
export async function closeInactivePortals(context: PurgeContext, progress: Progress) {
  let closed = 0
  for (;;) {
    const ids = (await toClose(context).orderBy('c.id').limit(PURGE_BATCH).select('c.id')).map((row) => Number(row.id))
    if (ids.length === 0) return closed
    const done = await db.transaction(async (trx) => {
      // Still unused at the moment of closing: a sign-in meanwhile keeps the portal open.
      const updated = await trx.from('customers').whereIn('id', ids).where('portal_seen_at', '<', context.at.portalClosing).update({ portal_seen_at: null, portal_warned_at: null })
      await trx.from('portal_sign_ins').whereIn('customer_id', trx.from('customers').whereIn('id', ids).whereNull('portal_seen_at').select('id')).delete()
      return Number(updated)
    })
    closed += done
    progress(closed)
    if (ids.length < PURGE_BATCH || done === 0) return closed
  }
}
