import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace analytics:rebuild --from=YYYY-MM-DD`: the dashboard's daily
 * figures from that day on, recomputed from the purchases, refunds and
 * enrolments (app/analytics/rebuild_daily.ts). Events wait while it runs;
 * sales too on SQLite (run it while the shop is closed), not on Postgres.
 * Exit code 1 for a day that is not one.
 */
export default class AnalyticsRebuild extends BaseCommand {
  static commandName = 'analytics:rebuild'
  static description = "Recompute the dashboard's daily figures from a day on, from the purchases themselves"
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The first day to recompute (YYYY-MM-DD, each store’s calendar)', required: true })
  declare from: string

  async run() {
    const { rebuildDailyFigures } = await import('#analytics/rebuild_daily')
    try {
      const result = await rebuildDailyFigures(this.from)
      this.logger.success(`dashboard figures from ${this.from} rebuilt: ${result.days} store-days, ${result.hours} store-hours, ${result.members} members, ${result.eventsMarked} pending events marked as counted`)
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      this.logger.error(error.message)
      this.exitCode = 1
    }
  }
}
