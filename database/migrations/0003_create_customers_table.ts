import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('customers', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.string('first_name', 80).nullable()
      table.string('last_name', 80).nullable()
      // Lower-cased copy of the names for prefix search without a function index.
      table.string('search_name', 170).nullable()
      table.string('email', 254).nullable().unique()
      table.string('phone_e164', 16).nullable().unique()
      table.string('card_code', 16).notNullable().unique()
      table.string('referral_code', 12).notNullable().unique()
      table.smallint('birth_day').nullable()
      table.smallint('birth_month').nullable()
      table.smallint('birth_year').nullable()
      table.string('locale', 5).notNullable().defaultTo('fr')
      table.string('source', 16).notNullable()
      table.boolean('email_marketing').notNullable().defaultTo(false)
      table.boolean('sms_marketing').notNullable().defaultTo(false)
      table.bigInteger('total_spent_cents').notNullable().defaultTo(0)
      table.integer('visit_count').notNullable().defaultTo(0)
      table.timestamp('last_purchase_at', { useTz: true }).nullable()
      table.timestamp('erased_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.index(['birth_month', 'birth_day'])
      table.index(['last_purchase_at', 'id'])
      table.index(['total_spent_cents', 'id'])
      table.index(['store_id', 'id'])
      table.index(['search_name', 'id'])
    })

    this.schema.createTable('customer_tags', (table) => {
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.string('tag', 40).notNullable()
      table.primary(['customer_id', 'tag'])
      table.index(['tag', 'customer_id'])
    })

    // Append-only proof of each consent decision (the privacy issue extends it).
    this.schema.createTable('consent_records', (table) => {
      table.bigIncrements('id')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers').onDelete('CASCADE')
      table.string('purpose', 32).notNullable()
      table.string('decision', 16).notNullable().checkIn(['granted', 'withdrawn', 'refused'])
      table.string('source', 16).notNullable()
      table.string('notice_version', 64).nullable()
      table.string('evidence', 500).nullable()
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.string('ip', 45).nullable()
      table.string('user_agent', 300).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['customer_id', 'purpose', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('consent_records')
    this.schema.dropTable('customer_tags')
    this.schema.dropTable('customers')
  }
}
