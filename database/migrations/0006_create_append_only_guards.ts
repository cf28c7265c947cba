import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Append-only tables are guarded below the ORM: the database itself refuses
 * UPDATE and DELETE. Purchases may only have their customer link changed
 * (erasure unlinks them); amounts, store, time and reference never change.
 */
const APPEND_ONLY = ['audit_logs', 'consent_records', 'purchase_lines']
const PURCHASE_FROZEN_COLUMNS = 'public_id, store_id, total_cents, currency, reference, source, occurred_at, created_at'

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const statements = db.dialect.name === 'postgres' ? postgresGuards() : sqliteGuards()
      for (const sql of statements) await db.rawQuery(sql)
    })
  }

  async down() {
    this.defer(async (db) => {
      const tables = [...APPEND_ONLY, 'purchases']
      for (const table of tables) {
        if (db.dialect.name === 'postgres') {
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`)
        } else {
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${table}_no_update`)
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${table}_no_delete`)
        }
      }
    })
  }
}

function postgresGuards() {
  return [
    `CREATE OR REPLACE FUNCTION comptoir_refuse_change() RETURNS trigger AS $$
     BEGIN
       RAISE EXCEPTION '% on % is refused: append-only', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
     END; $$ LANGUAGE plpgsql`,
    ...APPEND_ONLY.map(
      (table) =>
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_change()`
    ),
    `CREATE TRIGGER purchases_append_only BEFORE UPDATE OF ${PURCHASE_FROZEN_COLUMNS} OR DELETE ON purchases FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_change()`,
  ]
}

function sqliteGuards() {
  const refuse = (what: string) => `BEGIN SELECT RAISE(ABORT, '${what} is refused: append-only'); END`
  return [
    ...APPEND_ONLY.flatMap((table) => [
      `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} ${refuse(`UPDATE on ${table}`)}`,
      `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ${refuse(`DELETE on ${table}`)}`,
    ]),
    `CREATE TRIGGER purchases_no_update BEFORE UPDATE OF ${PURCHASE_FROZEN_COLUMNS} ON purchases ${refuse('UPDATE on purchases')}`,
    `CREATE TRIGGER purchases_no_delete BEFORE DELETE ON purchases ${refuse('DELETE on purchases')}`,
  ]
}
