import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace privacy:replay-erasures`: after restoring a backup, erases
 * again every customer the erasure journal names (the file outside the
 * database and the table), so a restore never brings an erased person back.
 */
export default class PrivacyReplayErasures extends BaseCommand {
  static commandName = 'privacy:replay-erasures'
  static description = 'Re-apply journalled erasures (run after restoring a backup)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { replayErasures } = await import('#privacy/erasure/replay_erasures')
    const { journalled, erasedAgain } = await replayErasures()
    this.logger.success(`${journalled} erasures in the journal, ${erasedAgain} applied again`)
  }
}
