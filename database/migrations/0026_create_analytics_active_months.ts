import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * How many current members bought in each month, per home store: what the
 * cohort cells of a month add up to, kept on its own so "visits per active
 * member" reads a row per store and month, however many cohorts there are.
 * Filled from the cohort cells already kept.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('analytics_active_months', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('month', 7).notNullable()
      table.integer('members').notNullable().defaultTo(0)
      table.unique(['store_id', 'month'])
      table.index(['month'])
    })
    this.defer(async (db) => {
      await db.rawQuery(
        'INSERT INTO analytics_active_months (store_id, month, members) SELECT store_id, active_month, SUM(members) FROM analytics_cohorts GROUP BY store_id, active_month'
      )
    })
  }

  async down() {
    this.schema.dropTable('analytics_active_months')
  }
}
