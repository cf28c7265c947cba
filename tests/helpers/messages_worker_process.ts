/*
 * A separate worker process for the crash tests
 * (tests/functional/animations/worker_crash.spec.ts): boots the app without HTTP nor roles and runs the `messages`
 * queue with the production handlers (start/jobs.ts), as app/shared/workers.ts
 * does, on the database, Redis and queue prefix of its environment.
 *
 * One difference: a short BullMQ lock (2 s instead of 30 s), so that a new
 * worker notices within seconds that this process died while holding a job.
 * CRASH_WORKER_HOLD=1: jobs are taken (active, locked) but their handler is
 * not run — a process killed after taking a job, before claiming the delivery.
 * Prints `ready` once it listens to the queue, then `taken <job id>` per job.
 */
import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

const APP_ROOT = new URL('../../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

try {
  const app = new Ignitor(APP_ROOT, { importer: IMPORTER })
    .tap((application) => application.booting(async () => void (await import('#start/env'))))
    .createApp('console')
  await app.init()
  await app.boot()
  await app.start(async () => {
    const { Worker } = await import('bullmq')
    const { QUEUES, queuePrefix, redisConnection } = await import('#shared/queue')
    const { jobHandlers } = await import('#start/jobs')
    const hold = process.env.CRASH_WORKER_HOLD === '1'
    const worker = new Worker(
      QUEUES.messages,
      async (job) => {
        process.stdout.write(`taken ${job.id}\n`)
        if (hold) return new Promise<void>(() => {})
        await jobHandlers[job.name](job.data, job)
      },
      { connection: redisConnection('worker'), prefix: queuePrefix(), concurrency: 16, lockDuration: 2000, stalledInterval: 1000 }
    )
    worker.on('error', () => {})
    await worker.waitUntilReady()
    process.stdout.write('ready\n')
  })
} catch (error) {
  process.exitCode = 1
  prettyPrintError(error)
}
