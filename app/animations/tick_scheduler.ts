import logger from '@adonisjs/core/services/logger'
import { QUEUES, queue, withRedisTimeout } from '#shared/queue'
import { releaseLease, takeLease } from '#shared/scheduler_marks'
import { runAnimationsTick } from '#animations/tick'

const SCHEDULER_ID = 'animations.tick'
const LEASE = 'animations.tick.lease'
const LEASE_MS = 10 * 60_000

/**
 * The scheduler role registers one BullMQ job scheduler: an
 * `animations.tick` job every minute, safe across processes (BullMQ keeps
 * one schedule per id). Until Redis answers, it tries again every 10 s.
 */
export function startAnimationsTickScheduler(everyMs = 60_000) {
  let registered = false
  const register = async () => {
    try {
      await withRedisTimeout(
        queue(QUEUES.jobs).upsertJobScheduler(SCHEDULER_ID, { every: everyMs }, { name: SCHEDULER_ID, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } })
      )
      registered = true
      clearInterval(timer)
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'animations tick not scheduled yet (Redis unavailable?)')
    }
  }
  const timer = setInterval(() => {
    if (!registered) void register()
  }, 10_000)
  void register()
  return async () => clearInterval(timer)
}

/**
 * The `animations.tick` job: one pass at a time across every worker (a
 * lease in the database), since a long pass must not overlap the next
 * minute's. The log line carries counts only.
 */
export async function handleAnimationsTick() {
  if (!(await takeLease(LEASE, LEASE_MS))) return
  try {
    const report = await runAnimationsTick(new Date())
    const fired = report.passes.reduce((sum, pass) => sum + pass.fired, 0)
    if (fired > 0 || report.sweep.requeued > 0 || report.sweep.interrupted > 0) {
      logger.info({ task: SCHEDULER_ID, passes: report.passes.length, fired, ...report.sweep }, 'animations tick done')
    }
  } finally {
    await releaseLease(LEASE)
  }
}
