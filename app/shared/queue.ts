import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import env from '#start/env'
import { parseRedisUrl } from '#config/redis'

/** Domain events dispatched from the outbox; background jobs (imports, passes…); messages to send. */
export const QUEUES = { events: 'events', jobs: 'jobs', messages: 'messages' } as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

export const queuePrefix = () => env.get('QUEUE_PREFIX', 'comptoir')

/**
 * Workers block on Redis and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null). Producers fail fast while Redis is down so
 * the caller can keep the work in the database and retry later.
 */
export function redisConnection(role: 'worker' | 'producer') {
  const connection = new Redis({
    ...parseRedisUrl(env.get('REDIS_URL', 'redis://127.0.0.1:6379')),
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 2000,
    retryStrategy: (times: number) => Math.min(times * 250, 2000),
  })
  // Connection errors surface through the commands that fail; the 'error'
  // event would otherwise print to the console on every reconnect attempt.
  connection.on('error', () => {})
  return connection
}

const producers = new Map<QueueName, { queue: Queue; connection: Redis }>()

export function queue(name: QueueName) {
  let existing = producers.get(name)
  if (!existing) {
    const connection = redisConnection('producer')
    existing = { queue: new Queue(name, { connection, prefix: queuePrefix() }), connection }
    existing.queue.on('error', () => {})
    producers.set(name, existing)
  }
  return existing.queue
}

/** BullMQ leaves a connection it was given open: close the queues, then their connections. */
export async function closeQueues() {
  const all = [...producers.values()]
  producers.clear()
  await Promise.allSettled(all.map((entry) => entry.queue.close()))
  await Promise.allSettled(all.map((entry) => entry.connection.quit()))
}

/**
 * BullMQ waits for Redis to come back rather than failing. Callers that
 * keep the work in the database (outbox, queued imports) give up after a
 * while and retry later; a late enqueue is harmless, as they reuse job ids.
 */
export function withRedisTimeout<T>(promise: Promise<T>, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
