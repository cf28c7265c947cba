import { Worker, type Job } from 'bullmq'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#shared/db_time'
import { QUEUES, queue, queuePrefix, redisConnection, type QueueName } from '#shared/queue'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { eventSubscribers } from '#start/events'
import { jobHandlers } from '#start/jobs'

/**
 * Runs a real BullMQ worker on a queue until nothing is ready to run
 * (jobs delayed to later stay delayed), then stops it: tests see the work
 * done by the same handlers as production, through Redis. The timeout
 * only turns a hang into a failure: a drain also runs what earlier tests
 * left queued (every event now feeds the daily figures too).
 */
export async function drainQueue(name: QueueName, timeoutMs = 60_000) {
  const connection = redisConnection('worker')
  const handler = name === QUEUES.events ? (job: Job) => runSubscribers(job) : (job: Job) => jobHandlers[job.name](job.data, job)
  const worker = new Worker(name, handler, { connection, prefix: queuePrefix(), concurrency: 4 })
  worker.on('error', () => {})
  // A failing handler is a test failure worth reading: show why.
  worker.on('failed', (job, error) => console.error(`job ${job?.name} ${job?.id} failed: ${error.stack}`))
  const producer = queue(name)
  const deadline = Date.now() + timeoutMs
  try {
    let idleRounds = 0
    while (idleRounds < 3) {
      if (Date.now() > deadline) throw new Error(`queue ${name} did not drain within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 40))
      const counts = await producer.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')
      const busy = Object.values(counts).reduce((sum, count) => sum + count, 0)
      idleRounds = busy === 0 ? idleRounds + 1 : 0
    }
  } finally {
    await worker.close()
    await connection.quit().catch(() => {})
  }
}

async function runSubscribers(job: Job) {
  for (const subscriber of eventSubscribers[job.name] ?? []) await subscriber(job.data)
}

/** Outbox → events queue → subscribers (animations fire) → messages queue → SMTP / SMS. */
export async function deliverEverything() {
  await dispatchPendingEvents()
  await drainQueue(QUEUES.events)
  await drainQueue(QUEUES.messages)
}

/** The id of the last outbox event written so far (0 when there is none). */
export async function lastEventId() {
  const row = await db.from('outbox_events').max('id as id').first()
  return Number(row?.id ?? 0)
}

/**
 * Marks the events written since `afterId` as dispatched without running
 * them: for a test whose thousands of sales are about the ledger alone, so
 * that the next test to drain the queue does not run their subscribers
 * (the dashboard's figures, the animations' triggers) on its own clock.
 */
export async function setAsideEventsSince(afterId: number) {
  await db.from('outbox_events').where('id', '>', afterId).whereNull('dispatched_at').update({ dispatched_at: dbTimestamp(DateTime.utc()) })
}
