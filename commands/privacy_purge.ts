import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace privacy:purge [--dry-run]`: applies the retention policies now
 * (app/privacy/retention/apply_purge.ts), the same purge the scheduler runs
 * every night. One report line per category; --dry-run counts what would
 * go and changes nothing. Counts only, never personal data. Exit code 0.
 */
export default class PrivacyPurge extends BaseCommand {
  static commandName = 'privacy:purge'
  static description = 'Apply the retention policies now (RGPD): delete and erase what is past its retention; --dry-run only counts'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Count what the purge would delete or erase, and change nothing' })
  declare dryRun?: boolean

  async run() {
    const { applyPurge } = await import('#privacy/retention/apply_purge')
    const { PURGE_BATCH } = await import('#privacy/retention/purge_context')
    const { default: i18nManager } = await import('@adonisjs/i18n/services/main')
    const i18n = i18nManager.locale('en')
    const started = Date.now()
    const report = await applyPurge(new Date(), {
      dryRun: this.dryRun === true,
      // Big bases: a line per batch, so a long purge shows it is moving.
      onProgress: (category, done) => {
        if (done >= PURGE_BATCH) this.logger.info(`${category}: ${done} so far`)
      },
    })
    for (const [category, count] of Object.entries(report.counts)) {
      this.logger.info(i18n.t(`privacy_retention.report.${category}.${report.dryRun ? 'would' : 'done'}`, { count }))
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    this.logger.success(report.dryRun ? `Dry run in ${seconds} s: nothing was changed` : `Retention purge done in ${seconds} s`)
  }
}
