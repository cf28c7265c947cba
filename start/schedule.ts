/*
 * The scheduler role's whole schedule, in one place. Every task is
 * idempotent (a double run changes nothing) and only one scheduler runs per
 * deployment. The outbox dispatcher runs beside it (app/shared/outbox_dispatcher.ts).
 */
import logger from '@adonisjs/core/services/logger'
import { pruneIdempotencyKeys } from '#pos/prune_idempotency_keys'
import { requeueStuckImports } from '#customers/import/requeue_stuck_imports'

const EVERY_FIVE_MINUTES = 5 * 60_000

export const schedule = [
  { name: 'pos.prune_idempotency_keys', everyMs: 60 * 60_000, run: () => pruneIdempotencyKeys() },
  { name: 'customers.requeue_stuck_imports', everyMs: EVERY_FIVE_MINUTES, run: () => requeueStuckImports() },
]

export function startSchedule() {
  const timers = schedule.map((task) => {
    const run = () =>
      task.run().catch((error: Error) => logger.warn({ err: { message: error.message }, task: task.name }, 'scheduled task postponed'))
    void run()
    return setInterval(run, task.everyMs)
  })
  return async () => timers.forEach((timer) => clearInterval(timer))
}
