import { BaseSchema } from '@adonisjs/lucid/schema'

const DELIVERY_STATUSES = ['queued', 'held', 'sending', 'sent', 'skipped', 'failed', 'interrupted'] as const

/**
 * The scenario engine (app/animations) and messaging (app/messaging):
 * - `animations`: a preset's configuration (validated JSON) and its status;
 * - `firings`: one per animation (or campaign), customer and occurrence
 *   (`birthday:2027`, `dormant:<episode>`), unique, written with the reward
 *   in one transaction: a double tick or a retried event finds it and stops;
 * - `deliveries`: one per firing and channel, written before the message is
 *   handed to the transport (unique firing + channel, so unique animation,
 *   customer, occurrence and channel), with status, reason and provider id;
 * - `message_templates`: subject and body per channel and language;
 * - `segments`, `campaigns`: saved filters, one-off sends;
 * - `messaging_settings`: frequency cap, quiet hours, the SMS window;
 * - `dev_messages`: what the development transports "sent", for the outbox page.
 */
export default class extends BaseSchema {
  async up() {
    // The e-mail layout's colour (the store's branding); null: the default.
    this.schema.alterTable('stores', (table) => {
      table.string('brand_colour', 7).nullable()
    })

    this.schema.createTable('animations', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('name', 80).notNullable()
      // The presets are the application's (app/animations/presets.ts): a new one needs no migration.
      table.string('kind', 24).notNullable()
      table.string('status', 8).notNullable().checkIn(['draft', 'active', 'paused'])
      // null: customers of every store; else customers enrolled in that store.
      table.integer('store_id').unsigned().nullable().references('id').inTable('stores')
      table.text('config').notNullable()
      table.integer('created_by_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.timestamp('activated_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'kind'])
    })

    this.schema.createTable('segments', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('name', 80).notNullable()
      table.text('filters').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('campaigns', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('name', 80).notNullable()
      table.string('status', 10).notNullable().checkIn(['draft', 'scheduled', 'sending', 'sent', 'cancelled'])
      table.integer('segment_id').unsigned().nullable().references('id').inTable('segments')
      table.text('config').notNullable()
      table.timestamp('scheduled_at', { useTz: true }).nullable()
      // Fan-out progress: customers targeted, and the last customer id written (resumable).
      table.integer('targeted').notNullable().defaultTo(0)
      table.integer('fanned_out').notNullable().defaultTo(0)
      table.integer('cursor_customer_id').notNullable().defaultTo(0)
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.integer('created_by_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'scheduled_at'])
    })

    this.schema.createTable('message_templates', (table) => {
      table.increments('id')
      table.string('source_type', 10).notNullable().checkIn(['animation', 'campaign'])
      table.integer('source_id').unsigned().notNullable()
      table.string('channel', 8).notNullable().checkIn(['email', 'sms'])
      table.string('locale', 5).notNullable()
      table.string('subject', 200).nullable()
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['source_type', 'source_id', 'channel', 'locale'])
    })

    this.schema.createTable('firings', (table) => {
      table.bigIncrements('id')
      table.string('source_type', 10).notNullable().checkIn(['animation', 'campaign'])
      table.integer('source_id').unsigned().notNullable()
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers')
      table.string('occurrence_key', 64).notNullable()
      // Held out (control group): nothing sent, no reward; counted in results.
      table.boolean('holdout').notNullable().defaultTo(false)
      table.integer('voucher_id').unsigned().nullable().references('id').inTable('vouchers')
      table.bigInteger('points_awarded').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['source_type', 'source_id', 'customer_id', 'occurrence_key'])
      table.index(['customer_id', 'created_at'])
      table.index(['source_type', 'source_id', 'created_at'])
    })

    this.schema.createTable('deliveries', (table) => {
      table.bigIncrements('id')
      table.string('public_id', 26).notNullable().unique()
      table.bigInteger('firing_id').unsigned().notNullable().references('id').inTable('firings')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers')
      table.string('channel', 8).notNullable().checkIn(['email', 'sms'])
      table.string('status', 12).notNullable().checkIn([...DELIVERY_STATUSES])
      table.string('reason', 32).nullable()
      table.boolean('holdout').notNullable().defaultTo(false)
      table.string('provider_id', 200).nullable()
      // Not before: the animation's delay, or the next allowed slot of a held message.
      table.timestamp('due_at', { useTz: true }).notNullable()
      table.smallint('attempts').notNullable().defaultTo(0)
      // SHA-256 of the recipient's unsubscribe token (the token itself is only in the message).
      table.string('unsubscribe_hash', 64).nullable().unique()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['firing_id', 'channel'])
      table.index(['status', 'due_at'])
      table.index(['customer_id', 'sent_at'])
    })

    this.schema.createTable('messaging_settings', (table) => {
      table.integer('id').primary()
      table.text('settings').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('dev_messages', (table) => {
      table.bigIncrements('id')
      table.string('channel', 8).notNullable()
      table.string('recipient', 254).notNullable()
      table.string('subject', 200).nullable()
      table.text('html').nullable()
      table.text('text').notNullable()
      table.string('delivery_id', 26).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    for (const name of ['dev_messages', 'messaging_settings', 'deliveries', 'firings', 'message_templates', 'campaigns', 'segments', 'animations']) {
      this.schema.dropTable(name)
    }
    this.schema.alterTable('stores', (table) => table.dropColumn('brand_colour'))
  }
}
