import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A store's logo, for posters and e-mails, kept in its own table rather
 * than as columns of `stores`: stores are read whole (`SELECT *`) on the
 * POS API's every request, on the till and in every store list, and none
 * of them should drag up to half a megabyte along. One row per store,
 * holding the bytes as checked and (for SVG) sanitised on upload; the
 * limits are repeated here so that no other path can store more.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('store_logos', (table) => {
      table.increments('id')
      table.integer('store_id').unsigned().notNullable().unique().references('id').inTable('stores').onDelete('CASCADE')
      table.string('content_type', 16).notNullable().checkIn(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'])
      // blob on SQLite, bytea on Postgres; length() counts bytes on both.
      table.binary('data').notNullable()
      table.string('sha256', 64).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check('length(data) between 1 and 524288', [], 'store_logos_data_size')
    })
  }

  async down() {
    this.schema.dropTable('store_logos')
  }
}
