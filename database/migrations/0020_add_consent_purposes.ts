import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Two more consents, each its own box and record: personalisation (offers
 * chosen from purchase history: behaviour rules and segments on spending
 * and visits) and review requests. Like the marketing flags, each caches
 * the latest decision of `consent_records`, and sends and segments read it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('customers', (table) => {
      table.boolean('personalisation').notNullable().defaultTo(false)
      table.boolean('review_requests').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('customers', (table) => {
      table.dropColumns('personalisation', 'review_requests')
    })
  }
}
