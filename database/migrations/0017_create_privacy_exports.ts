import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Access and portability exports (Art. 15 and 20): one row per export a
 * customer (or the owner's request queue) asked for, built in the
 * background. The files live under tmp/privacy-exports/<directory>/ and
 * the link that downloads them carries a 256-bit token of which only the
 * SHA-256 is kept here. Rows and files go 24 hours after the request
 * (deleteExpiredExports), or at once when the customer is erased.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('privacy_exports', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.integer('privacy_request_id').unsigned().nullable().references('id').inTable('privacy_requests').onDelete('SET NULL')
      table.string('status', 8).notNullable().checkIn(['pending', 'building', 'ready', 'failed'])
      table.string('token_hash', 64).notNullable().unique()
      // A random name (never the customer's id), so the file system says nothing of whose files they are.
      table.string('directory', 32).notNullable().unique()
      table.smallint('progress').notNullable().defaultTo(0)
      table.string('error', 500).nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('ready_at', { useTz: true }).nullable()
      table.index(['customer_id', 'id'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable('privacy_exports')
  }
}
