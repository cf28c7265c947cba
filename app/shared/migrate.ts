import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import { mkdirSync } from 'node:fs'

/**
 * Brings the schema up to date. Safe to run from every process at start:
 * Lucid takes a lock so concurrent starts migrate once.
 */
export async function migrateDatabase() {
  mkdirSync(app.tmpPath(), { recursive: true })
  const migrator = new MigrationRunner(db, app, { direction: 'up', dryRun: false })
  await migrator.run()
  if (migrator.error) throw migrator.error
  return Object.values(migrator.migratedFiles).filter((file) => file.status === 'completed').length
}
