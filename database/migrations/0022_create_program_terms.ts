import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The programme's terms ("règlement"), one row per published version: the
 * configuration it was written from (snapshot, so a version reads the same
 * years later) and the date it applies from. A version published while an
 * earlier one was still waiting to apply replaces it (superseded_at).
 * Members are told of a new version once each (program_terms_notices,
 * inserted before the mail is sent).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('program_terms', (table) => {
      table.increments('id')
      table.integer('version').notNullable().unique()
      table.text('snapshot').notNullable()
      table.string('sha256', 64).notNullable()
      table.timestamp('effective_from', { useTz: true }).notNullable()
      table.text('changes').nullable()
      table.integer('published_by').unsigned().nullable().references('id').inTable('staff_members')
      table.timestamp('published_at', { useTz: true }).notNullable()
      table.timestamp('superseded_at', { useTz: true }).nullable()
      table.timestamp('announced_at', { useTz: true }).nullable()
      table.index(['effective_from'])
    })

    this.schema.createTable('program_terms_notices', (table) => {
      table.bigIncrements('id')
      table.integer('terms_id').unsigned().notNullable().references('id').inTable('program_terms')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.string('status', 8).notNullable().checkIn(['sending', 'sent', 'failed'])
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['terms_id', 'customer_id'])
    })
  }

  async down() {
    this.schema.dropTable('program_terms_notices')
    this.schema.dropTable('program_terms')
  }
}
