import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import { doneUntil, markDone, releaseLease, takeLease } from '#shared/scheduler_marks'
import { businessTimezone } from '#privacy/breaches/business_time'
import { applyPurge } from '#privacy/retention/apply_purge'

/** When the purge runs, in the business's time: a quiet hour, after midnight's loyalty expiry. */
export const NIGHTLY_PURGE_AT = { hour: 3, minute: 30 }

const MARK = 'privacy.purge'
const LEASE = 'privacy.purge.lease'
/** A purge of a big base with many erasures takes a while: the schedule's next calls wait for it. */
const LEASE_MS = 6 * 3600_000

/** The last 03:30 (local) at or before `at`; 03:30 exists on both DST change days in Europe. */
export function lastNightlySlot(at: Date, zone: string): Date {
  const local = DateTime.fromJSDate(at, { zone })
  const today = local.set({ ...NIGHTLY_PURGE_AT, second: 0, millisecond: 0 })
  return (today <= local ? today : today.minus({ days: 1 }).set(NIGHTLY_PURGE_AT)).toJSDate()
}

/**
 * The schedule calls this every few minutes: once the night's slot has
 * passed and it has not run for it, the purge runs (a machine off at night
 * catches up when it starts). The mark records the slot done; the lease
 * keeps a long purge from overlapping the next call.
 */
export async function runNightlyPurge(at = new Date()) {
  const slot = lastNightlySlot(at, await businessTimezone())
  const done = await doneUntil(MARK)
  if (done && done >= slot) return null
  if (!(await takeLease(LEASE, LEASE_MS))) return null
  try {
    const report = await applyPurge(at)
    await markDone(MARK, slot)
    logger.info({ task: MARK, ...report.counts }, 'retention purge done')
    return report
  } finally {
    await releaseLease(LEASE)
  }
}
