import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Stored answers to POS writes, per token and Idempotency-Key (invariant 3).
    this.schema.createTable('idempotency_keys', (table) => {
      table.bigIncrements('id')
      table.string('scope', 64).notNullable()
      table.string('key', 255).notNullable()
      table.string('request_hash', 64).notNullable()
      table.string('state', 12).notNullable().checkIn(['processing', 'done'])
      table.smallint('response_status').nullable()
      table.text('response_body').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      table.unique(['scope', 'key'])
      table.index(['created_at'])
    })

    // Domain events written in the transaction of the change (invariant 6).
    this.schema.createTable('outbox_events', (table) => {
      table.bigIncrements('id')
      table.string('type', 64).notNullable()
      table.text('payload').notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('dispatched_at', { useTz: true }).nullable()
    })
    this.schema.raw('CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE dispatched_at IS NULL')

    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.string('action', 64).notNullable()
      table.string('subject_type', 32).nullable()
      table.string('subject_id', 26).nullable()
      table.text('details').nullable()
      table.string('ip', 45).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['subject_type', 'subject_id', 'id'])
      table.index(['created_at'])
    })

    this.schema.createTable('customer_imports', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.string('file_name', 200).notNullable()
      table.string('file_hash', 64).notNullable()
      table.text('mapping').notNullable()
      table.string('status', 12).notNullable().checkIn(['queued', 'running', 'done', 'failed'])
      table.integer('total_rows').notNullable().defaultTo(0)
      table.integer('processed_rows').notNullable().defaultTo(0)
      table.integer('created_count').notNullable().defaultTo(0)
      table.integer('duplicate_count').notNullable().defaultTo(0)
      table.integer('rejected_count').notNullable().defaultTo(0)
      table.string('error', 500).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
    })

    this.schema.createTable('customer_import_rejections', (table) => {
      table.bigIncrements('id')
      table.integer('customer_import_id').unsigned().notNullable().references('id').inTable('customer_imports').onDelete('CASCADE')
      table.integer('row_number').notNullable()
      table.string('reason', 300).notNullable()
      table.text('row').notNullable()
      table.index(['customer_import_id', 'row_number'])
    })
  }

  async down() {
    this.schema.dropTable('customer_import_rejections')
    this.schema.dropTable('customer_imports')
    this.schema.dropTable('audit_logs')
    this.schema.dropTable('outbox_events')
    this.schema.dropTable('idempotency_keys')
  }
}
