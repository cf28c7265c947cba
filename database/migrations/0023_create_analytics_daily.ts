import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The dashboard's daily figures per store and local day, kept up to date
 * from the outbox events (each applied once: analytics_applied_events) and
 * rebuilt from the purchases for repairs (analytics:rebuild). A purchase
 * says whether a member made it (by_member), set when it is recorded, so
 * an erasure, which unlinks the purchase, does not move it to "non-member".
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('purchases', (table) => {
      table.boolean('by_member').notNullable().defaultTo(false)
    })
    this.defer(async (db) => {
      await db.rawQuery('UPDATE purchases SET by_member = (customer_id IS NOT NULL)')
    })

    this.schema.createTable('analytics_daily', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      // The store's local calendar day, YYYY-MM-DD: the same text on both databases, sorted as dates.
      table.string('day', 10).notNullable()
      table.integer('purchases').notNullable().defaultTo(0)
      table.bigInteger('revenue_cents').notNullable().defaultTo(0)
      table.integer('member_purchases').notNullable().defaultTo(0)
      table.bigInteger('member_revenue_cents').notNullable().defaultTo(0)
      table.integer('refunds').notNullable().defaultTo(0)
      table.bigInteger('refunded_cents').notNullable().defaultTo(0)
      table.integer('new_members').notNullable().defaultTo(0)
      table.unique(['store_id', 'day'])
      table.index(['day'])
    })

    this.schema.createTable('analytics_applied_events', (table) => {
      table.bigInteger('event_id').primary()
      table.timestamp('applied_at', { useTz: true }).notNullable()
      table.index(['applied_at'])
    })
  }

  async down() {
    this.schema.dropTable('analytics_applied_events')
    this.schema.dropTable('analytics_daily')
    this.schema.alterTable('purchases', (table) => {
      table.dropColumn('by_member')
    })
  }
}
