import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace privacy:export CUSTOMER_ID --out=FILE.json`: the same JSON
 * export as the portal's (app/privacy/export/build_export.ts), written at
 * once, for a request received by letter or at the counter. CUSTOMER_ID is
 * the customer's public id. The file is readable by its owner only; the
 * export is audit-logged. Exit code 1 when nobody has that id.
 */
export default class PrivacyExport extends BaseCommand {
  static commandName = 'privacy:export'
  static description = "Write everything held about a customer as JSON (RGPD Art. 15 and 20)"
  static options: CommandOptions = { startApp: true }

  @args.string({ description: "The customer's public id" })
  declare customerId: string

  @flags.string({ description: 'Where to write the JSON file', required: true })
  declare out: string

  async run() {
    const { writeFile, chmod } = await import('node:fs/promises')
    const { resolve } = await import('node:path')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { buildCustomerExport, ExportSubjectMissing } = await import('#privacy/export/build_export')
    const { exportJson } = await import('#privacy/export/export_formats')
    const { audit } = await import('#shared/audit')
    const publicId = this.customerId.toUpperCase()
    const row = /^[0-9A-Z]{26}$/.test(publicId) ? await db.from('customers').where('public_id', publicId).select('id').first() : null
    const data = row ? await buildCustomerExport(Number(row.id)).catch((error) => (error instanceof ExportSubjectMissing ? null : Promise.reject(error))) : null
    if (!data) {
      this.logger.error(`No customer has the id ${this.customerId} (or they were erased or merged into another)`)
      this.exitCode = 1
      return
    }
    const path = resolve(this.out)
    await writeFile(path, exportJson(data), { mode: 0o600 })
    await chmod(path, 0o600)
    await audit({ staffMemberId: null, action: 'privacy.export_written', subjectType: 'customer', subjectId: data.customer.id, details: { channel: 'command', format: 'json' } })
    this.logger.success(
      `Export of ${data.customer.id} written to ${path}: ${data.purchases.length} purchases, ${data.ledger_entries.length} ledger entries, ${data.consents.history.length} consent records, ${data.messages.length} messages`
    )
  }
}
