import { runDailyPasses, type PassReport } from '#animations/triggers/daily_pass'
import { sweepDeliveries, type SweepReport } from '#animations/sweep_deliveries'
import { runCampaigns, type CampaignReport } from '#animations/campaigns/fan_out'

export interface TickReport {
  at: Date
  passes: PassReport[]
  campaigns: CampaignReport[]
  sweep: SweepReport
}

/**
 * One scheduler pass as if now were `at`: the daily animations due by then
 * in each store's time, the campaigns due (or still sending), then the
 * sending safety net. Run every minute by a
 * BullMQ job scheduler, or by `node ace animations:tick --at=…`.
 */
export async function runAnimationsTick(at = new Date()): Promise<TickReport> {
  const passes = await runDailyPasses(at)
  const campaigns = await runCampaigns(at)
  const sweep = await sweepDeliveries()
  return { at, passes, campaigns, sweep }
}
