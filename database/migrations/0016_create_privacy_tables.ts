import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * RGPD tooling:
 * - `privacy_settings`: the controller's identity, retention per category and processors (one JSON row);
 * - `privacy_requests` and their `privacy_request_steps`: the owner's queue of rights requests, with deadlines;
 * - `suppression_list`: keyed hashes of erased or objecting addresses, so an import cannot re-add them for marketing;
 * - `erasure_journal`: the public ids erased (also appended to a file outside the database, replayed after a restore);
 * - `breaches`: the Art. 33 register;
 * - on customers: restriction (Art. 18), the last contact from them and the portal's last use (retention clocks).
 *
 * Consent records stay append-only, except that the rows of an erased
 * customer may be deleted (they hold an IP and a user agent); audit rows may
 * be deleted once older than six months (the shortest retention the CNIL
 * accepts for traceability logs), by the retention purge only.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('privacy_settings', (table) => {
      table.integer('id').primary()
      table.text('settings').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.alterTable('customers', (table) => {
      table.timestamp('restricted_at', { useTz: true }).nullable()
      table.timestamp('last_contact_at', { useTz: true }).nullable()
      table.timestamp('portal_seen_at', { useTz: true }).nullable()
      table.timestamp('portal_warned_at', { useTz: true }).nullable()
    })

    this.schema.createTable('privacy_requests', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.integer('customer_id').unsigned().nullable().references('id').inTable('customers')
      table.string('type', 16).notNullable().checkIn(['access', 'portability', 'rectification', 'erasure', 'objection', 'restriction'])
      table.string('channel', 16).notNullable().checkIn(['portal', 'email', 'counter', 'letter'])
      table.string('status', 20).notNullable().checkIn(['received', 'awaiting_identity', 'in_progress', 'done', 'refused'])
      table.text('details').nullable()
      table.timestamp('received_at', { useTz: true }).notNullable()
      table.timestamp('due_at', { useTz: true }).notNullable()
      table.text('extension_reason').nullable()
      table.timestamp('extended_at', { useTz: true }).nullable()
      table.string('identity_method', 16).nullable()
      table.timestamp('identity_checked_at', { useTz: true }).nullable()
      // A request by e-mail or letter: the SHA-256 of a link mailed to the address on file (control of the address, R21).
      table.string('identity_token_hash', 64).nullable().unique()
      table.timestamp('identity_token_expires_at', { useTz: true }).nullable()
      table.text('answer').nullable()
      table.timestamp('reminded_d7_at', { useTz: true }).nullable()
      table.timestamp('reminded_d1_at', { useTz: true }).nullable()
      table.timestamp('closed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'due_at'])
      table.index(['customer_id', 'id'])
    })

    this.schema.createTable('privacy_request_steps', (table) => {
      table.bigIncrements('id')
      table.integer('privacy_request_id').unsigned().notNullable().references('id').inTable('privacy_requests').onDelete('CASCADE')
      table.string('action', 32).notNullable()
      table.text('note').nullable()
      table.integer('staff_member_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['privacy_request_id', 'id'])
    })

    this.schema.createTable('suppression_list', (table) => {
      table.string('hash', 64).primary()
      table.string('kind', 8).notNullable().checkIn(['email', 'phone'])
      table.string('reason', 16).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('erasure_journal', (table) => {
      table.bigIncrements('id')
      table.string('customer_public_id', 26).notNullable().unique()
      table.string('cause', 16).notNullable()
      table.timestamp('erased_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('breaches', (table) => {
      table.increments('id')
      table.string('public_id', 26).notNullable().unique()
      table.timestamp('discovered_at', { useTz: true }).notNullable()
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('ended_at', { useTz: true }).nullable()
      table.text('nature').notNullable()
      table.string('categories', 500).notNullable()
      table.integer('subjects_count').notNullable()
      table.integer('records_count').notNullable()
      table.string('contact_point', 500).notNullable()
      table.text('consequences').notNullable()
      table.text('measures').notNullable()
      table.string('risk', 8).notNullable().checkIn(['none', 'risk', 'high'])
      table.timestamp('cnil_notified_at', { useTz: true }).nullable()
      table.text('late_reason').nullable()
      table.timestamp('subjects_notified_at', { useTz: true }).nullable()
      table.integer('recorded_by_id').unsigned().nullable().references('id').inTable('staff_members').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.defer(async (db) => {
      const statements = db.dialect.name === 'postgres' ? postgresGuards() : sqliteGuards()
      for (const sql of statements) await db.rawQuery(sql)
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await db.rawQuery('DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records')
        await db.rawQuery('DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs')
        await db.rawQuery(
          'CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_change()'
        )
        await db.rawQuery('CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_change()')
      } else {
        for (const table of ['consent_records', 'audit_logs']) {
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${table}_no_delete`)
          await db.rawQuery(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, 'DELETE on ${table} is refused: append-only'); END`)
        }
      }
    })
    for (const name of ['breaches', 'erasure_journal', 'suppression_list', 'privacy_request_steps', 'privacy_requests', 'privacy_settings']) {
      this.schema.dropTable(name)
    }
    this.schema.alterTable('customers', (table) => {
      table.dropColumns('restricted_at', 'last_contact_at', 'portal_seen_at', 'portal_warned_at')
    })
  }
}

/** The only deletions the append-only tables accept (see above). */
const ERASED_CUSTOMER = 'EXISTS (SELECT 1 FROM customers WHERE customers.id = OLD.customer_id AND customers.erased_at IS NOT NULL)'

function postgresGuards() {
  return [
    `CREATE OR REPLACE FUNCTION comptoir_consent_records_guard() RETURNS trigger AS $$
     BEGIN
       IF TG_OP = 'DELETE' AND ${ERASED_CUSTOMER} THEN RETURN OLD; END IF;
       RAISE EXCEPTION '% on consent_records is refused: append-only', TG_OP USING ERRCODE = 'restrict_violation';
     END; $$ LANGUAGE plpgsql`,
    `CREATE OR REPLACE FUNCTION comptoir_audit_logs_guard() RETURNS trigger AS $$
     BEGIN
       IF TG_OP = 'DELETE' AND OLD.created_at < now() - interval '6 months' THEN RETURN OLD; END IF;
       RAISE EXCEPTION '% on audit_logs is refused: append-only', TG_OP USING ERRCODE = 'restrict_violation';
     END; $$ LANGUAGE plpgsql`,
    'DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records',
    'CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records FOR EACH ROW EXECUTE FUNCTION comptoir_consent_records_guard()',
    'DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs',
    'CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs FOR EACH ROW EXECUTE FUNCTION comptoir_audit_logs_guard()',
  ]
}

function sqliteGuards() {
  // Timestamps are UTC text on SQLite ("YYYY-MM-DD HH:MM:SS"), which datetime() also writes.
  return [
    'DROP TRIGGER IF EXISTS consent_records_no_delete',
    `CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records WHEN NOT ${ERASED_CUSTOMER}
     BEGIN SELECT RAISE(ABORT, 'DELETE on consent_records is refused: append-only'); END`,
    'DROP TRIGGER IF EXISTS audit_logs_no_delete',
    `CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs WHEN OLD.created_at >= datetime('now', '-6 months')
     BEGIN SELECT RAISE(ABORT, 'DELETE on audit_logs is refused: append-only'); END`,
  ]
}
