import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('purchases', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.integer('customer_id').unsigned().nullable().references('id').inTable('customers').onDelete('SET NULL')
      table.bigInteger('total_cents').notNullable().checkPositive()
      table.string('currency', 3).notNullable()
      table.string('reference', 64).nullable()
      table.string('source', 8).notNullable().checkIn(['api', 'till', 'import', 'seed'])
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.integer('pos_token_id').unsigned().nullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['store_id', 'reference'])
      table.index(['customer_id', 'occurred_at'])
      table.index(['store_id', 'occurred_at'])
    })

    this.schema.createTable('purchase_lines', (table) => {
      table.bigIncrements('id')
      table.integer('purchase_id').unsigned().notNullable().references('id').inTable('purchases').onDelete('CASCADE')
      table.smallint('position').notNullable()
      table.string('sku', 64).notNullable()
      table.string('name', 120).notNullable()
      table.string('category', 64).nullable()
      table.integer('quantity').notNullable().checkPositive()
      table.bigInteger('unit_price_cents').notNullable()
      table.bigInteger('total_cents').notNullable()
      table.unique(['purchase_id', 'position'])
    })
  }

  async down() {
    this.schema.dropTable('purchase_lines')
    this.schema.dropTable('purchases')
  }
}
