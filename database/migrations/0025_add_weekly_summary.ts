import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The owners' weekly summary e-mail (app/analytics/weekly_summary):
 *
 * - staff_members.weekly_summary: the owner asked for it (opt-in);
 *   weekly_summary_week: the ISO week ("2026-W49") of the last summary
 *   claimed for them, so each week goes out once whatever the passes;
 * - weekly_summary_snapshots: the count of active members (a purchase in
 *   the last 30 days) as it stood when a week's summary first went out.
 *   That count cannot be rebuilt later (a member's activity keeps only
 *   their last visit), and next week's summary compares with it. Counts
 *   only, nobody named.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('staff_members', (table) => {
      table.boolean('weekly_summary').notNullable().defaultTo(false)
      table.string('weekly_summary_week', 8).nullable()
    })

    this.schema.createTable('weekly_summary_snapshots', (table) => {
      table.string('iso_week', 8).primary()
      table.integer('members_active30').notNullable()
      table.timestamp('taken_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('weekly_summary_snapshots')
    this.schema.alterTable('staff_members', (table) => {
      table.dropColumn('weekly_summary_week')
      table.dropColumn('weekly_summary')
    })
  }
}
