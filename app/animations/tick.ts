import { runDailyPasses, type PassReport } from '#animations/triggers/daily_pass'
import { sweepDeliveries, type SweepReport } from '#animations/sweep_deliveries'

export interface TickReport {
  at: Date
  passes: PassReport[]
  sweep: SweepReport
}

/**
 * One scheduler pass as if now were `at`: the daily animations due by then
 * in each store's time, then the sending safety net. Run every minute by a
 * BullMQ job scheduler, or by `node ace animations:tick --at=…`.
 */
export async function runAnimationsTick(at = new Date()): Promise<TickReport> {
  const passes = await runDailyPasses(at)
  const sweep = await sweepDeliveries()
  return { at, passes, sweep }
}
