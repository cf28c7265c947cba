import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace privacy:erase CUSTOMER_ID --reason=TEXT`: the same erasure as
 * the portal and the owner's request queue (app/privacy/erasure/erase_customer.ts),
 * for a request received by letter or at the counter. CUSTOMER_ID is the
 * customer's public id. Exit code 1 when nobody has it; erasing twice is a no-op.
 */
export default class PrivacyErase extends BaseCommand {
  static commandName = 'privacy:erase'
  static description = "Erase a customer's personal data (RGPD Art. 17); purchase amounts stay, unlinked"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: "The customer's public id" })
  declare customerId: string

  @flags.string({ description: 'Why (kept in the audit log; no personal data)', required: true })
  declare reason: string

  async run() {
    const reason = this.reason?.trim() ?? ''
    if (reason.length === 0 || reason.length > 500) {
      this.logger.error('--reason is required (1 to 500 characters), e.g. --reason="request received by letter on 2026-12-01"')
      this.exitCode = 1
      return
    }
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { eraseCustomer } = await import('#privacy/erasure/erase_customer')
    const row = /^[0-9A-Za-z]{26}$/.test(this.customerId) ? await db.from('customers').where('public_id', this.customerId.toUpperCase()).select('id').first() : null
    if (!row) {
      this.logger.error(`No customer has the id ${this.customerId}`)
      this.exitCode = 1
      return
    }
    const result = await eraseCustomer({ customerId: Number(row.id), cause: 'command', reason })
    if (result.erased) this.logger.success(`Customer ${result.publicId} erased; purchases kept without their link, e-mail and phone on the suppression list`)
    else this.logger.info(`Customer ${this.customerId.toUpperCase()} was already erased: nothing to do`)
  }
}
