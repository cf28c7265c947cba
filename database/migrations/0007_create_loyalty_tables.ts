import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The loyalty engine (app/loyalty): programs and their rules, accounts with
 * cached balances, the append-only ledger with its FIFO allocations, the
 * open lots (a cache of lot remainders), vouchers, redemptions and refunds.
 * `node ace loyalty:check` proves the caches from the entries.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('loyalty_programs', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('name', 80).notNullable()
      // null: every store of the business; else the programme runs in that store only.
      table.integer('store_id').unsigned().nullable().references('id').inTable('stores')
      // auto: every customer belongs; manual: staff add members (e.g. a student programme).
      table.string('enrolment', 8).notNullable().checkIn(['auto', 'manual'])
      table.string('status', 8).notNullable().checkIn(['active', 'paused'])
      table.text('rules').notNullable()
      table.integer('rules_version').notNullable().defaultTo(1)
      table.smallint('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('rewards', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('program_id').unsigned().notNullable().references('id').inTable('loyalty_programs')
      table.string('name', 80).notNullable()
      table.string('description', 500).nullable()
      table.string('kind', 8).notNullable().checkIn(['amount', 'percent', 'product'])
      table.bigInteger('value_cents').nullable()
      table.smallint('percent').nullable()
      table.string('product_sku', 64).nullable()
      table.integer('cost_points').notNullable().checkPositive()
      table.integer('stock').nullable()
      table.integer('per_customer_limit').nullable()
      table.integer('validity_days').notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['program_id', 'active'])
    })

    this.schema.alterTable('customers', (table) => {
      table.integer('merged_into_id').unsigned().nullable().references('id').inTable('customers')
    })

    this.schema.createTable('loyalty_accounts', (table) => {
      table.increments('id')
      table.integer('customer_id').unsigned().notNullable().references('id').inTable('customers')
      table.integer('program_id').unsigned().notNullable().references('id').inTable('loyalty_programs')
      // Cached sums of the ledger per unit (loyalty:check rebuilds them).
      table.bigInteger('points').notNullable().defaultTo(0)
      table.bigInteger('stamps').notNullable().defaultTo(0)
      table.bigInteger('cashback_cents').notNullable().defaultTo(0)
      table.string('tier', 32).nullable()
      // A tier set by staff is a floor: recalculation never goes below it.
      table.string('tier_floor', 32).nullable()
      table.timestamp('tier_since', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['customer_id', 'program_id'])
      table.index(['program_id', 'tier'])
    })

    this.schema.createTable('ledger_entries', (table) => {
      table.bigIncrements('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('account_id').unsigned().notNullable().references('id').inTable('loyalty_accounts')
      table.string('unit', 8).notNullable().checkIn(['points', 'stamps', 'cashback'])
      table.string('kind', 8).notNullable().checkIn(['earn', 'bonus', 'redeem', 'expire', 'reverse', 'adjust'])
      table.bigInteger('amount').notNullable()
      // Credits (lots) only: when the remainder expires, when it becomes spendable.
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.timestamp('available_at', { useTz: true }).nullable()
      table.string('cause_type', 12).notNullable().checkIn(['purchase', 'refund', 'reward', 'voucher', 'redemption', 'staff', 'expiry', 'merge', 'animation'])
      table.string('cause_id', 26).nullable()
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members')
      table.string('reason', 200).nullable()
      // Why, line by line (codes and figures, rendered in the reader's language).
      table.text('details').nullable()
      table.integer('rules_version').nullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['account_id', 'unit', 'id'])
      table.index(['cause_type', 'cause_id'])
      table.index(['created_at'])
    })

    this.schema.createTable('ledger_allocations', (table) => {
      table.bigIncrements('id')
      table.bigInteger('debit_entry_id').unsigned().notNullable().references('id').inTable('ledger_entries')
      table.bigInteger('credit_entry_id').unsigned().notNullable().references('id').inTable('ledger_entries')
      table.bigInteger('amount').notNullable().checkPositive()
      table.index(['credit_entry_id'])
      table.index(['debit_entry_id'])
    })

    // Open items only: a lot with a remainder, or a debit not yet covered (a debt).
    // A row is deleted when it reaches zero; loyalty:check proves every remainder.
    this.schema.createTable('ledger_open_items', (table) => {
      table.bigInteger('entry_id').unsigned().primary().references('id').inTable('ledger_entries')
      table.integer('account_id').unsigned().notNullable().references('id').inTable('loyalty_accounts')
      table.string('unit', 8).notNullable()
      table.string('side', 6).notNullable().checkIn(['credit', 'debt'])
      table.bigInteger('remaining').notNullable().checkPositive()
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.timestamp('available_at', { useTz: true }).nullable()
      // FIFO lots of one unit; the soonest expiries of an account, whatever the unit; the expiry pass.
      table.index(['account_id', 'unit', 'side', 'expires_at'])
      table.index(['account_id', 'side', 'expires_at'])
      table.index(['expires_at'])
    })

    this.schema.createTable('redemptions', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.integer('customer_id').unsigned().nullable().references('id').inTable('customers')
      table.integer('account_id').unsigned().nullable().references('id').inTable('loyalty_accounts')
      table.string('kind', 8).notNullable().checkIn(['voucher', 'reward', 'points', 'cashback'])
      table.integer('voucher_id').unsigned().nullable()
      table.integer('reward_id').unsigned().nullable().references('id').inTable('rewards')
      table.integer('purchase_id').unsigned().nullable().references('id').inTable('purchases')
      table.bigInteger('units').notNullable().defaultTo(0)
      table.bigInteger('discount_cents').nullable()
      table.smallint('discount_percent').nullable()
      table.string('product_label', 120).nullable()
      table.bigInteger('debit_entry_id').unsigned().nullable().references('id').inTable('ledger_entries')
      table.string('status', 8).notNullable().checkIn(['applied', 'reversed'])
      table.integer('reversed_by_refund_id').unsigned().nullable()
      table.string('source', 8).notNullable().checkIn(['api', 'till'])
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members')
      table.integer('pos_token_id').unsigned().nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['customer_id', 'created_at'])
      table.index(['purchase_id'])
    })

    this.schema.createTable('vouchers', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.string('code', 16).notNullable().unique()
      table.integer('customer_id').unsigned().nullable().references('id').inTable('customers')
      table.integer('program_id').unsigned().nullable().references('id').inTable('loyalty_programs')
      table.integer('reward_id').unsigned().nullable().references('id').inTable('rewards')
      table.string('source', 10).notNullable().checkIn(['automatic', 'stamps', 'shop', 'animation', 'staff'])
      table.string('kind', 8).notNullable().checkIn(['amount', 'percent', 'product'])
      table.bigInteger('value_cents').nullable()
      table.smallint('percent').nullable()
      table.string('product_label', 120).nullable()
      table.string('product_sku', 64).nullable()
      table.string('status', 9).notNullable().checkIn(['issued', 'redeemed', 'cancelled'])
      table.timestamp('issued_at', { useTz: true }).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.bigInteger('cause_entry_id').unsigned().nullable().references('id').inTable('ledger_entries')
      table.integer('redemption_id').unsigned().nullable().references('id').inTable('redemptions')
      table.timestamp('redeemed_at', { useTz: true }).nullable()
      // The terms at issue time: a later rule change never rewrites them.
      table.text('terms').notNullable()
      table.index(['customer_id', 'status', 'expires_at'])
      table.index(['reward_id', 'customer_id'])
    })

    this.schema.createTable('refunds', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('purchase_id').unsigned().notNullable().references('id').inTable('purchases')
      table.integer('store_id').unsigned().notNullable().references('id').inTable('stores')
      table.bigInteger('amount_cents').notNullable().checkPositive()
      table.string('source', 8).notNullable().checkIn(['api', 'till'])
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members')
      table.integer('pos_token_id').unsigned().nullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['purchase_id'])
    })

    this.schema.createTable('refund_lines', (table) => {
      table.bigIncrements('id')
      table.integer('refund_id').unsigned().notNullable().references('id').inTable('refunds')
      table.smallint('position').notNullable()
      table.integer('quantity').notNullable().checkPositive()
      table.bigInteger('amount_cents').notNullable()
      table.unique(['refund_id', 'position'])
    })

    this.defer(async (db) => {
      for (const sql of db.dialect.name === 'postgres' ? postgresGuards() : sqliteGuards()) await db.rawQuery(sql)
    })
  }

  async down() {
    this.schema.dropTable('refund_lines')
    this.schema.dropTable('refunds')
    this.schema.dropTable('vouchers')
    this.schema.dropTable('redemptions')
    this.schema.dropTable('ledger_open_items')
    this.schema.dropTable('ledger_allocations')
    this.schema.dropTable('ledger_entries')
    this.schema.dropTable('loyalty_accounts')
    this.schema.alterTable('customers', (table) => table.dropColumn('merged_into_id'))
    this.schema.dropTable('rewards')
    this.schema.dropTable('loyalty_programs')
  }
}

const APPEND_ONLY = ['ledger_entries', 'ledger_allocations', 'refunds', 'refund_lines']

function postgresGuards() {
  return [
    ...APPEND_ONLY.map((table) => `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_change()`),
    `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_amount_not_zero CHECK (amount <> 0)`,
    `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_adjust_has_reason CHECK (kind <> 'adjust' OR (reason IS NOT NULL AND length(trim(reason)) > 0))`,
  ]
}

/** SQLite cannot add CHECK constraints to an existing table: triggers refuse the same rows. */
function sqliteGuards() {
  const refuse = (what: string) => `BEGIN SELECT RAISE(ABORT, '${what}'); END`
  return [
    ...APPEND_ONLY.flatMap((table) => [
      `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} ${refuse(`UPDATE on ${table} is refused: append-only`)}`,
      `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ${refuse(`DELETE on ${table} is refused: append-only`)}`,
    ]),
    `CREATE TRIGGER ledger_entries_amount_not_zero BEFORE INSERT ON ledger_entries WHEN NEW.amount = 0 ${refuse('a ledger entry needs a non-zero amount')}`,
    `CREATE TRIGGER ledger_entries_adjust_has_reason BEFORE INSERT ON ledger_entries WHEN NEW.kind = 'adjust' AND (NEW.reason IS NULL OR length(trim(NEW.reason)) = 0) ${refuse('an adjustment needs a reason')}`,
  ]
}
