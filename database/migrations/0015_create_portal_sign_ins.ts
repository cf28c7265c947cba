import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The customer portal's passwordless sign-in: a mailed 6-digit code and
 * link, single use, 10 minutes. Only an HMAC of the code (keyed with the
 * app key) and the SHA-256 of the link's token are kept.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('portal_sign_ins', (table) => {
      table.bigIncrements('id')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.string('code_hash', 64).notNullable()
      table.string('link_hash', 64).notNullable().unique()
      table.smallint('attempts').notNullable().defaultTo(0)
      table.string('ip', 45).nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['customer_id', 'used_at'])
    })
  }

  async down() {
    this.schema.dropTable('portal_sign_ins')
  }
}
