import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace loyalty:check [--customer=ID]`: rebuilds every balance and open
 * lot from the ledger entries and reports each difference
 * (app/loyalty/check_ledger.ts); --customer checks one customer's accounts.
 * Exit code 0 when the caches match the ledger, 1 otherwise. Ids only,
 * never personal data.
 */
export default class LoyaltyCheck extends BaseCommand {
  static commandName = 'loyalty:check'
  static description = 'Rebuild loyalty balances from the ledger and report any difference (exit code 1 if any)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Public id of one customer whose accounts to check (a support case)' })
  declare customer?: string

  async run() {
    const { checkLedger } = await import('#loyalty/check_ledger')
    const accountIds = this.customer ? await this.accountsOfCustomer(this.customer) : undefined
    if (accountIds === null) return
    const started = Date.now()
    let shown = 0
    const check = await checkLedger({
      accountIds,
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

  /** The customer's account ids; null (exit code 1) when no customer has this id. */
  private async accountsOfCustomer(publicId: string): Promise<number[] | null> {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const customer = await db.from('customers').where('public_id', publicId.toUpperCase()).first()
    if (!customer) {
      this.logger.error(`No customer has the id ${publicId}.`)
      this.exitCode = 1
      return null
    }
    const accounts = await db.from('loyalty_accounts').where('customer_id', customer.id).select('id')
    return accounts.map((account) => Number(account.id))
  }
}
