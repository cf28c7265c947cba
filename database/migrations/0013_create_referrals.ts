import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Referral: the customer whose code a new customer gave at enrolment (the
 * referral animation rewards both at the referee's first purchase). The
 * enrolment reminder reads the customers enrolled on one day through the
 * `created_at` index.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('customers', (table) => {
      table.integer('referred_by_id').unsigned().nullable().references('id').inTable('customers').onDelete('SET NULL')
      table.index(['referred_by_id'])
      table.index(['created_at', 'id'])
    })
  }

  async down() {
    this.schema.alterTable('customers', (table) => {
      table.dropIndex(['created_at', 'id'])
      table.dropIndex(['referred_by_id'])
      table.dropForeign(['referred_by_id'])
      table.dropColumn('referred_by_id')
    })
  }
}
