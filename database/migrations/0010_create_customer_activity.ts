import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The figures every sale changes (spend, visits, last purchase) move out of
 * `customers` into a narrow table of their own, one row per customer.
 *
 * Why: on Postgres an UPDATE that changes an indexed column cannot be a HOT
 * update, so each sale wrote a new entry into every one of the customers'
 * ten indexes (measured: 13 full-page images, 81 kB of WAL per sale at a
 * million customers, against 8 kB for an update of unindexed columns).
 * Here a sale touches one row and the two indexes that need its figures
 * (dormant customers by last purchase, the list sorted by spend); the
 * customer's own row, read at every till lookup, is left alone. The row is
 * also the customer's loyalty lock (app/customers/customer_lock.ts).
 */
const MOVED = ['total_spent_cents', 'visit_count', 'last_purchase_at']

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('customer_activity', (table) => {
      table.integer('customer_id').unsigned().primary().references('id').inTable('customers').onDelete('CASCADE')
      table.bigInteger('total_spent_cents').notNullable().defaultTo(0)
      table.integer('visit_count').notNullable().defaultTo(0)
      table.timestamp('last_purchase_at', { useTz: true }).nullable()
      table.index(['last_purchase_at', 'customer_id'])
      table.index(['total_spent_cents', 'customer_id'])
    })
    this.defer(async (db) => {
      await db.rawQuery(
        'INSERT INTO customer_activity (customer_id, total_spent_cents, visit_count, last_purchase_at) SELECT id, total_spent_cents, visit_count, last_purchase_at FROM customers'
      )
      await db.rawQuery('DROP INDEX customers_last_purchase_at_id_index')
      await db.rawQuery('DROP INDEX customers_total_spent_cents_id_index')
      // Native DROP COLUMN (SQLite ≥ 3.35): the table is not rebuilt, its triggers and references stay.
      for (const column of MOVED) await db.rawQuery(`ALTER TABLE customers DROP COLUMN ${column}`)
      // Accounts change at every sale but their indexed columns rarely: room on each page lets Postgres update them in place.
      if (db.dialect.name === 'postgres') await db.rawQuery('ALTER TABLE loyalty_accounts SET (fillfactor = 85)')
    })
  }

  async down() {
    this.schema.alterTable('customers', (table) => {
      table.bigInteger('total_spent_cents').notNullable().defaultTo(0)
      table.integer('visit_count').notNullable().defaultTo(0)
      table.timestamp('last_purchase_at', { useTz: true }).nullable()
    })
    this.defer(async (db) => {
      for (const column of MOVED) {
        await db.rawQuery(`UPDATE customers SET ${column} = (SELECT a.${column} FROM customer_activity a WHERE a.customer_id = customers.id)`)
      }
      await db.rawQuery('CREATE INDEX customers_last_purchase_at_id_index ON customers (last_purchase_at, id)')
      await db.rawQuery('CREATE INDEX customers_total_spent_cents_id_index ON customers (total_spent_cents, id)')
      await db.rawQuery('DROP TABLE customer_activity')
    })
  }
}
