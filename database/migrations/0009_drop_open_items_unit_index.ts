import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Open lots had two indexes led by the account: (account, unit, side,
 * expiry) and (account, side, expiry). An account has a few dozen open
 * rows at most, so the second serves every lookup (FIFO per unit, soonest
 * expiry, due lots, debts) with a filter on the unit; the first only cost
 * a random page write per sale, which grows with the customer base.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('ledger_open_items', (table) => table.dropIndex(['account_id', 'unit', 'side', 'expires_at']))
  }

  async down() {
    this.schema.alterTable('ledger_open_items', (table) => table.index(['account_id', 'unit', 'side', 'expires_at']))
  }
}
