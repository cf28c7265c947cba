import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('staff_members', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('email', 254).notNullable().unique()
      table.string('full_name', 120).notNullable()
      table.string('password').nullable()
      table.string('role', 16).notNullable().checkIn(['owner', 'marketer', 'cashier'])
      table.integer('store_id').unsigned().nullable().references('id').inTable('stores').onDelete('SET NULL')
      table.string('locale', 5).notNullable().defaultTo('fr')
      table.string('invitation_hash', 64).nullable().unique()
      table.timestamp('invitation_expires_at', { useTz: true }).nullable()
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.timestamp('last_sign_in_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('staff_members')
  }
}
