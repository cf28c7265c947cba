import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { QUEUES, queue, withRedisTimeout } from '#shared/queue'
import { outboxSignal } from '#shared/outbox'
import { dbTimestamp } from '#shared/db_time'

const BATCH = 500
/** Completed event jobs are kept a day, so a re-dispatch after a crash is deduplicated by job id. */
const KEEP_COMPLETED_SECONDS = 24 * 3600
const COALESCE_MS = 20

/**
 * Moves committed outbox events to BullMQ, oldest first, and marks them
 * dispatched. The job id is the event id: if the process dies between the
 * enqueue and the mark, the next pass re-adds the same id and BullMQ keeps
 * one job. While Redis is down nothing is marked, so nothing is lost.
 */
export async function dispatchPendingEvents(): Promise<number> {
  let total = 0
  for (;;) {
    const rows = await db.from('outbox_events').whereNull('dispatched_at').orderBy('id').limit(BATCH).select('id', 'type', 'payload')
    if (rows.length === 0) return total
    await withRedisTimeout(queue(QUEUES.events).addBulk(
      rows.map((row) => ({
        name: row.type,
        data: { eventId: Number(row.id), ...JSON.parse(row.payload) },
        opts: { jobId: `evt-${row.id}`, removeOnComplete: { age: KEEP_COMPLETED_SECONDS }, removeOnFail: { age: 7 * 24 * 3600 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
      }))
    ))
    await db.from('outbox_events').whereIn('id', rows.map((row) => row.id)).update({ dispatched_at: dbTimestamp(DateTime.utc()) })
    total += rows.length
    if (rows.length < BATCH) return total
  }
}

/**
 * Runs the dispatcher in this process: on every commit signal, and every
 * `intervalMs` as a safety net (events written by other processes, Redis
 * coming back). One pass at a time.
 */
export function startOutboxDispatcher(intervalMs = 1000) {
  let running = false
  let again = false
  let stopped = false
  const pass = async () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        await dispatchPendingEvents()
      } while (again && !stopped)
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'outbox dispatch postponed (Redis unavailable?)')
    } finally {
      running = false
    }
  }
  // Commits signal often under load: gather them into one pass every few milliseconds.
  let scheduled: NodeJS.Timeout | null = null
  const soon = () => {
    scheduled ??= setTimeout(() => {
      scheduled = null
      void pass()
    }, COALESCE_MS)
  }
  outboxSignal.on('written', soon)
  const timer = setInterval(pass, intervalMs)
  void pass()
  return async () => {
    stopped = true
    clearInterval(timer)
    outboxSignal.off('written', soon)
    if (scheduled) clearTimeout(scheduled)
    while (running) await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
