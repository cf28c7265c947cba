import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Public enrolment (`/join/:store`) with double opt-in: what the person
 * typed waits here, under the SHA-256 of the link's token, until they
 * confirm from their mailbox (then the customer and their consents are
 * created and the row is emptied of personal data) or the link expires
 * (the next join deletes it). Nothing of an unconfirmed join reaches `customers`.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('join_requests', (table) => {
      table.bigIncrements('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('token_hash', 64).notNullable().unique()
      table.string('email', 254).nullable()
      table.text('details').nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('confirmed_at', { useTz: true }).nullable()
      table.integer('customer_id').unsigned().nullable().references('id').inTable('customers').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('join_requests')
  }
}
