import { Worker, type Job } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import { QUEUES, queuePrefix, redisConnection } from '#shared/queue'
import { eventSubscribers } from '#start/events'
import { jobHandlers } from '#start/jobs'

/**
 * The BullMQ workers of this process. Jobs carry ids only; each handler
 * loads what it needs and must be idempotent (BullMQ runs a job at least once).
 */
export function startWorkers() {
  const options = { connection: redisConnection('worker'), prefix: queuePrefix() }
  const events = new Worker(QUEUES.events, (job) => handleEvent(job), { ...options, concurrency: 20 })
  const jobs = new Worker(QUEUES.jobs, (job) => handleJob(job), { ...options, concurrency: 2 })
  // Sending waits on SMTP or an SMS provider, not on the CPU: many at once.
  const messages = new Worker(QUEUES.messages, (job) => handleJob(job), { ...options, concurrency: 16 })
  for (const worker of [events, jobs, messages]) {
    worker.on('error', (error) => logger.warn({ err: { message: error.message } }, 'worker connection error'))
    worker.on('failed', (job, error) => logger.error({ job: job?.name, jobId: job?.id, err: { message: error.message } }, 'job failed'))
  }
  return async () => {
    await Promise.allSettled([events.close(), jobs.close(), messages.close()])
  }
}

async function handleEvent(job: Job) {
  for (const subscriber of eventSubscribers[job.name] ?? []) {
    await subscriber(job.data)
  }
}

async function handleJob(job: Job) {
  const handler = jobHandlers[job.name]
  if (!handler) throw new Error(`No handler for job ${job.name}`)
  await handler(job.data, job)
}
