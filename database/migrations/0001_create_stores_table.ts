import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('stores', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('slug', 64).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('legal_name', 160).nullable()
      table.string('address_line', 200).nullable()
      table.string('postal_code', 16).nullable()
      table.string('city', 100).nullable()
      table.string('country', 2).notNullable().defaultTo('FR')
      table.string('timezone', 64).notNullable().defaultTo('Europe/Paris')
      table.string('currency', 3).notNullable().defaultTo('EUR')
      table.string('review_url', 500).nullable()
      table.boolean('is_default').notNullable().defaultTo(false)
      table.timestamp('archived_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    // Store API tokens (one store per token) for the POS API.
    this.schema.createTable('pos_tokens', (table) => {
      table.increments('id')
      table.integer('tokenable_id').notNullable().unsigned().references('id').inTable('stores').onDelete('CASCADE')
      table.string('type').notNullable()
      table.string('name', 100).nullable()
      table.string('hash').notNullable()
      table.text('abilities').notNullable()
      table.timestamp('created_at', { useTz: true })
      table.timestamp('updated_at', { useTz: true })
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.index(['tokenable_id'])
    })
  }

  async down() {
    this.schema.dropTable('pos_tokens')
    this.schema.dropTable('stores')
  }
}
