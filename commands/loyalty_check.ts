import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace loyalty:check`: rebuilds every balance and open lot from the
 * ledger entries and reports each difference (app/loyalty/check_ledger.ts).
 * Exit code 0 when the caches match the ledger, 1 otherwise. Ids only,
 * never personal data.
 */
export default class LoyaltyCheck extends BaseCommand {
  static commandName = 'loyalty:check'
  static description = 'Rebuild loyalty balances from the ledger and report any difference (exit code 1 if any)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { checkLedger } = await import('#loyalty/check_ledger')
    const started = Date.now()
    let shown = 0
    const check = await checkLedger({
      onProgress: (done, total) => {
        // A line every tenth of the way on big ledgers.
        if (total >= 20_000 && done >= ((shown + 1) * total) / 10) {
          shown = Math.floor((done * 10) / total)
          this.logger.info(`${done} / ${total} accounts checked`)
        }
      },
    })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    for (const difference of check.differences) {
      const what = difference.kind === 'balance' ? 'cached balance' : difference.kind === 'open_item' ? `open remainder of entry ${difference.entryId}` : `allocations beyond entry ${difference.entryId}`
      this.logger.error(`account ${difference.accountId} ${difference.unit}: ${what} is ${difference.found}, the ledger gives ${difference.expected}`)
    }
    if (check.total > check.differences.length) this.logger.error(`… and ${check.total - check.differences.length} more`)
    const summary = `${check.accounts} accounts, ${check.entries} ledger entries checked in ${seconds} s: ${check.total} difference${check.total === 1 ? '' : 's'}`
    if (check.total === 0) this.logger.success(summary)
    else this.logger.error(summary)
    this.exitCode = check.total === 0 ? 0 : 1
  }
}
