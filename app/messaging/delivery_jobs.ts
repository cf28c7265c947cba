import logger from '@adonisjs/core/services/logger'
import { QUEUES, queue, withRedisTimeout } from '#shared/queue'

export interface DueDelivery {
  id: number
  dueAt: Date
}

/**
 * One `deliveries.send` job per delivery, delayed to its due time; the job
 * carries the delivery's id only. The id names the due time too, so a
 * delivery held to a later slot gets a new job while a repeated enqueue of
 * the same one is deduplicated by BullMQ. Redis down: nothing is lost, the
 * deliveries stay `queued` and the tick's sweep enqueues them again.
 */
/** Whether Redis took the jobs (false: they wait for the sweep). */
export async function enqueueDeliveries(due: DueDelivery[]): Promise<boolean> {
  if (due.length === 0) return true
  const now = Date.now()
  try {
    await withRedisTimeout(
      queue(QUEUES.messages).addBulk(
        due.map(({ id, dueAt }) => ({
          name: 'deliveries.send',
          data: { deliveryId: id },
          opts: {
            jobId: `dlv-${id}-${dueAt.getTime()}`,
            delay: Math.max(0, dueAt.getTime() - now),
            attempts: 6,
            backoff: { type: 'exponential', delay: 30_000 },
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        }))
      )
    )
    return true
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message }, count: due.length }, 'deliveries not enqueued yet (Redis unavailable?); the tick will retry')
    return false
  }
}
