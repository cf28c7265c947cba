import db from '@adonisjs/lucid/services/db'
import { migrateDatabase } from '#shared/migrate'

/**
 * Tests run on committed data (the concurrency and outbox tests need real
 * commits), so each run starts from an empty schema and every test creates
 * the records it needs with unique identifiers.
 */
export async function resetDatabase() {
  if (db.connection().dialect.name === 'postgres') {
    await db.rawQuery('DROP SCHEMA IF EXISTS public CASCADE')
    await db.rawQuery('CREATE SCHEMA public')
  }
  await migrateDatabase()
}
