import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Imported rows whose e-mail or phone is on the suppression list (an
 * erased or objecting person coming back): the customer is created, but
 * never with marketing consent (R5), and the import report counts them.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('customer_imports', (table) => {
      table.integer('suppressed_count').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('customer_imports', (table) => {
      table.dropColumn('suppressed_count')
    })
  }
}
