import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace animations:tick [--at=ISO-8601]`: one scheduler pass as if now
 * were that instant (catch-up after downtime, tests), then prints what it
 * fired and enqueued, per animation, store and local day. Counts only,
 * never personal data. The messages go out through the workers.
 */
export default class AnimationsTick extends BaseCommand {
  static commandName = 'animations:tick'
  static description = 'Run one pass of the animations as if now were --at, and print what it enqueued'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The instant to run the pass for (ISO 8601, e.g. 2027-02-28T09:00:00+01:00); default now' })
  declare at?: string

  async run() {
    const at = this.at ? new Date(this.at) : new Date()
    if (Number.isNaN(at.getTime()) || (this.at !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(this.at))) {
      this.logger.error(`--at must be an ISO 8601 instant such as 2027-02-28T09:00:00+01:00 (got "${this.at}")`)
      this.exitCode = 1
      return
    }
    const { runAnimationsTick } = await import('#animations/tick')
    const { closeQueues } = await import('#shared/queue')
    try {
      const report = await runAnimationsTick(at)
      this.logger.info(`animations tick at ${at.toISOString()}`)
      for (const pass of report.passes) {
        const held = pass.heldOut > 0 ? `, ${pass.heldOut} held out` : ''
        this.logger.info(`${pass.kind} "${pass.animation}" ${pass.store} ${pass.day}: ${pass.fired} fired, ${pass.deliveries} deliveries enqueued, ${pass.alreadyFired} already fired${held}`)
      }
      if (report.passes.length === 0) this.logger.info('no daily animation due')
      for (const campaign of report.campaigns) this.logger.info(`campaign "${campaign.campaign}": ${campaign.fannedOut} fanned out${campaign.finished ? '' : ', continues next tick'}`)
      this.logger.info(`sweep: ${report.sweep.requeued} deliveries enqueued again, ${report.sweep.interrupted} marked interrupted`)
      const enqueued = report.passes.reduce((sum, pass) => sum + pass.deliveries, 0) + report.sweep.requeued
      this.logger.success(`${enqueued} deliveries enqueued`)
    } finally {
      await closeQueues()
    }
  }
}
