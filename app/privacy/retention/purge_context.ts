import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbInstant } from '#shared/db_time'
import { loadPrivacySettings, type PrivacySettings } from '#privacy/privacy_settings'

/** Rows per query and per write: a purge of a million customers never holds one long transaction. */
export const PURGE_BATCH = 500

/** The portal warns this many days before it closes, and closes no sooner than this after the warning (R3). */
export const PORTAL_WARNING_DAYS = 30

/** Rejected import rows and development messages: a month for the staff who read them, then gone. */
export const WORKING_COPY_DAYS = 30

/** The database refuses to delete audit rows younger than six months (migration 0016); a day of margin for clocks. */
const AUDIT_FLOOR = { months: 6, days: 1 }

export type Retention = PrivacySettings['retention']

/** One purge's view of time: each clock's cutoff, as the database compares instants. */
export interface PurgeContext {
  now: Date
  dialect: string
  retention: Retention
  at: {
    now: string
    members: string
    prospects: string
    /** Portal seen before this: warned. */
    portalWarning: string
    /** Portal seen before this (and warned long enough ago): closed. */
    portalClosing: string
    /** A warning sent before this is old enough for the portal to close. */
    warnedBefore: string
    auditLogs: string
    requests: string
    suppression: string
    workingCopies: string
  }
}

/** The cutoffs from the retention the owner saved (or the CNIL defaults), as of `now`. */
export async function purgeContext(now: Date, retention?: Retention): Promise<PurgeContext> {
  const months = retention ?? (await loadPrivacySettings()).retention
  const dialect = db.connection().dialect.name
  const clock = DateTime.fromJSDate(now, { zone: 'utc' })
  const instant = (value: DateTime) => dbInstant(value.toJSDate(), dialect)
  const auditCutoff = DateTime.min(clock.minus({ months: months.audit_log_months }), DateTime.utc().minus(AUDIT_FLOOR))
  return {
    now,
    dialect,
    retention: months,
    at: {
      now: instant(clock),
      members: instant(clock.minus({ months: months.members_months })),
      prospects: instant(clock.minus({ months: months.prospects_months })),
      portalWarning: instant(clock.minus({ months: months.portal_inactive_months }).plus({ days: PORTAL_WARNING_DAYS })),
      portalClosing: instant(clock.minus({ months: months.portal_inactive_months })),
      warnedBefore: instant(clock.minus({ days: PORTAL_WARNING_DAYS })),
      auditLogs: instant(auditCutoff),
      requests: instant(clock.minus({ months: months.request_months })),
      suppression: instant(clock.minus({ months: months.suppression_months })),
      workingCopies: instant(clock.minus({ days: WORKING_COPY_DAYS })),
    },
  }
}
