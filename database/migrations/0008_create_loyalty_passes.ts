import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the loyalty passes of the scheduler need (app/loyalty/*_pass.ts):
 * - `scheduler_marks`: how far a pass has got, so one that missed hours
 *   (downtime) catches up from there, and a double run does nothing more;
 * - ledger entries by `occurred_at` (the liability report reads a period's
 *   movements, not the whole ledger); nothing read them by `created_at`;
 * - refunds by `created_at` (the tier pass reads the refunds since its mark).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('scheduler_marks', (table) => {
      table.string('name', 64).primary()
      table.timestamp('done_until', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.alterTable('ledger_entries', (table) => {
      table.dropIndex(['created_at'])
      table.index(['occurred_at'])
    })
    this.schema.alterTable('refunds', (table) => {
      table.index(['created_at'])
    })
  }

  async down() {
    this.schema.alterTable('refunds', (table) => table.dropIndex(['created_at']))
    this.schema.alterTable('ledger_entries', (table) => {
      table.dropIndex(['occurred_at'])
      table.index(['created_at'])
    })
    this.schema.dropTable('scheduler_marks')
  }
}
