import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An e-mail address change asked from the customer portal, waiting for the
 * new address to confirm it (a mailed link, single use, 24 hours). Only the
 * SHA-256 of the link's token is kept. One live change per customer: a new
 * request deletes the older ones, confirming deletes the row, so the table
 * only holds addresses still waiting (erasure deletes a customer's rows).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('portal_email_changes', (table) => {
      table.bigIncrements('id')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.string('new_email', 254).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.string('ip', 45).nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['customer_id'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('portal_email_changes')
  }
}
