/*
 * The scheduler role's whole schedule, in one place. Every task is
 * idempotent (a double run changes nothing) and only one scheduler runs per
 * deployment. The outbox dispatcher runs beside it (app/shared/outbox_dispatcher.ts).
 */
import logger from '@adonisjs/core/services/logger'
import { pruneIdempotencyKeys } from '#pos/prune_idempotency_keys'
import { requeueStuckImports } from '#customers/import/requeue_stuck_imports'
import { expireDueLots } from '#loyalty/expiry_pass'
import { recalculateTiers } from '#loyalty/tier_pass'
import { requeueStuckExports } from '#privacy/export/request_export'
import { deleteExpiredExports } from '#privacy/export/export_files'
import { remindDueRequests } from '#privacy/requests/remind_due_requests'
import { runNightlyPurge } from '#privacy/retention/nightly_purge'
import { announceTerms } from '#loyalty/terms/announce_terms'
import { pruneAppliedEvents } from '#analytics/prune_applied_events'
import { snapshotLiability } from '#analytics/points_liability'
import { sendWeeklySummaries } from '#analytics/weekly_summary/send_weekly_summaries'

const EVERY_FIVE_MINUTES = 5 * 60_000
const TEN_MINUTES = 10 * 60_000
const HOURLY = 60 * 60_000

export const schedule = [
  { name: 'pos.prune_idempotency_keys', everyMs: HOURLY, run: () => pruneIdempotencyKeys() },
  { name: 'customers.requeue_stuck_imports', everyMs: EVERY_FIVE_MINUTES, run: () => requeueStuckImports() },
  // Lots expire at local midnight; a sale expires its customer's due lots itself in between.
  { name: 'loyalty.expire_lots', everyMs: EVERY_FIVE_MINUTES, run: () => expireDueLots().then(logIfAny('loyalty.expire_lots')) },
  // Downgrades as purchases leave the rolling 365 days (upgrades happen at the sale).
  { name: 'loyalty.recalculate_tiers', everyMs: HOURLY, run: () => recalculateTiers().then(logIfAny('loyalty.recalculate_tiers')) },
  // The dashboard's marks of counted events, kept 30 days (a redelivery comes within minutes).
  { name: 'analytics.prune_applied_events', everyMs: HOURLY, run: () => pruneAppliedEvents().then(logIfAny('analytics.prune_applied_events')) },
  // What the balances are worth, for the dashboard: summing every account is too slow for a page.
  { name: 'analytics.snapshot_liability', everyMs: TEN_MINUTES, run: () => snapshotLiability().then(() => undefined) },
  // Members hear of new programme terms before they apply (each member once per version).
  { name: 'loyalty.announce_terms', everyMs: EVERY_FIVE_MINUTES, run: () => announceTerms().then(logIfAny('loyalty.announce_terms')) },
  // Exports of personal data: enqueued again if Redis missed them; files gone within the hour after their 24 hours.
  { name: 'privacy.requeue_stuck_exports', everyMs: EVERY_FIVE_MINUTES, run: () => requeueStuckExports() },
  { name: 'privacy.delete_expired_exports', everyMs: HOURLY, run: () => deleteExpiredExports() },
  // Owners hear of rights requests due within 7 days, then within a day (each request once per stage).
  { name: 'privacy.remind_due_requests', everyMs: HOURLY, run: () => remindDueRequests() },
  // The retention purge, once a night at 03:30 business time (or at start, if the machine was off then).
  { name: 'privacy.purge', everyMs: EVERY_FIVE_MINUTES, run: () => runNightlyPurge() },
  // Owners who asked for it get last week's summary from Monday 08:00 business time (each owner once per week).
  { name: 'analytics.weekly_summary', everyMs: EVERY_FIVE_MINUTES, run: () => sendWeeklySummaries().then(logIfAny('analytics.weekly_summary')) },
]

/** Counts only: a pass's result carries no personal data. */
function logIfAny(task: string) {
  return (result: object) => {
    if (Object.values(result).some((value) => value !== 0)) logger.info({ task, ...result }, 'scheduled task done')
  }
}

export function startSchedule() {
  const timers = schedule.map((task) => {
    const run = () =>
      task.run().catch((error: Error) => logger.warn({ err: { message: error.message }, task: task.name }, 'scheduled task postponed'))
    void run()
    return setInterval(run, task.everyMs)
  })
  return async () => timers.forEach((timer) => clearInterval(timer))
}
