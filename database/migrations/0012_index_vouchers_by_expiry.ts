import { BaseSchema } from '@adonisjs/lucid/schema'

/** The voucher-expiry reminder reads the vouchers still issued that end on one day, through this index. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('vouchers', (table) => table.index(['status', 'expires_at']))
  }

  async down() {
    this.schema.alterTable('vouchers', (table) => table.dropIndex(['status', 'expires_at']))
  }
}
