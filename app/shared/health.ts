import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { QUEUES, queue } from '#shared/queue'
import { redisIsReady } from '#shared/redis_ready'

type Status = 'ok' | 'down'

async function probe(check: () => Promise<unknown>, timeoutMs = 1500): Promise<Status> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))])
    return 'ok'
  } catch {
    return 'down'
  }
}

/**
 * db: a query answers. redis: PING answers. queue: BullMQ answers and the
 * outbox has no event waiting for more than a minute (the dispatcher runs).
 */
export async function checkHealth() {
  const [database, cache] = await Promise.all([probe(() => db.rawQuery('SELECT 1')), probe(async () => {
      if (!(await redisIsReady())) throw new Error('redis not ready')
      return redis.ping()
    })])
  const pending = database === 'ok' ? await oldestPendingEventAgeSeconds() : null
  const queueStatus: Status = cache === 'ok' ? await probe(() => queue(QUEUES.events).getJobCounts('waiting')) : 'down'
  const stalled = pending !== null && pending > 60
  const body = {
    db: database,
    redis: cache,
    queue: queueStatus === 'ok' && !stalled ? 'ok' : 'down',
    outbox_pending_seconds: pending,
  }
  return { ok: body.db === 'ok' && body.redis === 'ok' && body.queue === 'ok', body }
}

async function oldestPendingEventAgeSeconds(): Promise<number | null> {
  const row = await db.from('outbox_events').whereNull('dispatched_at').orderBy('id').select('created_at').first()
  if (!row) return 0
  const created = row.created_at instanceof Date ? row.created_at : new Date(`${String(row.created_at).replace(' ', 'T')}Z`)
  return Math.max(0, Math.round((Date.now() - created.getTime()) / 1000))
}
