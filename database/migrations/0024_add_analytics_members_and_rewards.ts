import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The rest of the dashboard's figures, kept from the outbox events like the
 * first ones (0023), so no page ever counts the customers or the purchases:
 *
 * - analytics_daily gains members who left (erased, merged away), members
 *   last seen that day (so "active in the last 30 days" is a sum of 30
 *   rows), vouchers issued and redeemed, and what rewards cost (the
 *   discounts granted, less those a refund took back);
 * - analytics_hourly: visits per store, local day and hour (the heat map,
 *   the quiet hours);
 * - analytics_members: each current member's home store, enrolment month
 *   and last day seen; analytics_member_months: the months a member bought
 *   in (each counted once in its cohort's cell); analytics_cohorts: per
 *   store, enrolment month and month of activity, how many current members
 *   bought; analytics_cohort_sizes: how many current members each cohort
 *   has. A member erased or merged away leaves their cohort (their
 *   purchases are unlinked or moved to the member they joined).
 *
 * analytics_liability: the balances' worth, summed every 10 minutes.
 *
 * customers.merged_at: when a customer was merged into another (the day
 * they stop counting as a member).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('analytics_daily', (table) => {
      table.integer('members_left').notNullable().defaultTo(0)
      table.integer('members_last_seen').notNullable().defaultTo(0)
      table.integer('rewards_issued').notNullable().defaultTo(0)
      table.integer('rewards_redeemed').notNullable().defaultTo(0)
      table.bigInteger('reward_cost_cents').notNullable().defaultTo(0)
    })

    this.schema.createTable('analytics_hourly', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('day', 10).notNullable()
      // ISO weekday of `day` (1 = Monday … 7 = Sunday) and the local hour (0–23).
      table.smallint('weekday').notNullable()
      table.smallint('hour').notNullable()
      table.integer('purchases').notNullable().defaultTo(0)
      table.unique(['store_id', 'day', 'hour'])
      table.index(['day'])
    })

    this.schema.createTable('analytics_members', (table) => {
      table.integer('customer_id').unsigned().primary().references('id').inTable('customers')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('cohort_month', 7).notNullable()
      table.string('last_day', 10).nullable()
    })

    this.schema.createTable('analytics_member_months', (table) => {
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers')
      table.string('month', 7).notNullable()
      table.primary(['customer_id', 'month'])
    })

    this.schema.createTable('analytics_cohorts', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('cohort_month', 7).notNullable()
      table.string('active_month', 7).notNullable()
      table.integer('members').notNullable().defaultTo(0)
      table.unique(['store_id', 'cohort_month', 'active_month'])
      // The grid reads the last 12 cohorts of every store; the frequency, one month's cells.
      table.index(['cohort_month', 'active_month'])
      table.index(['active_month'])
    })

    this.schema.createTable('analytics_cohort_sizes', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('cohort_month', 7).notNullable()
      table.integer('members').notNullable().defaultTo(0)
      table.unique(['store_id', 'cohort_month'])
    })

    // What the balances were worth when last summed (every 10 minutes by the scheduler): summing a million accounts is too slow for a page.
    this.schema.createTable('analytics_liability', (table) => {
      table.integer('id').primary()
      table.bigInteger('cents').notNullable()
      table.boolean('unvalued').notNullable()
      table.timestamp('taken_at', { useTz: true }).notNullable()
    })

    this.schema.alterTable('customers', (table) => {
      table.timestamp('merged_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable('customers', (table) => table.dropColumn('merged_at'))
    this.schema.dropTable('analytics_liability')
    this.schema.dropTable('analytics_cohort_sizes')
    this.schema.dropTable('analytics_cohorts')
    this.schema.dropTable('analytics_member_months')
    this.schema.dropTable('analytics_members')
    this.schema.dropTable('analytics_hourly')
    this.schema.alterTable('analytics_daily', (table) => {
      for (const column of ['members_left', 'members_last_seen', 'rewards_issued', 'rewards_redeemed', 'reward_cost_cents']) table.dropColumn(column)
    })
  }
}
