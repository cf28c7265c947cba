import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import pg from 'pg'

/*
 * The database of this benchmark, fresh each run and migrated by the app's
 * own migrations (production mode, as ../animations/databases.js): a SQLite
 * file under tmp/bench/, or on Postgres a schema of its own in the `test`
 * database (search_path in the URL), dropped at the end. A poster reads a
 * store and its programmes: nothing here needs volume.
 */
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function pgQuery(sql) {
  const client = new pg.Client({ connectionString: PG_SERVER })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

/** The environment of a Comptoir process on a fresh, migrated database. */
export async function createAppDatabase({ connection, root }) {
  const env = {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    APP_URL: 'http://localhost:3333',
    DB_CONNECTION: connection,
    QUEUE_PREFIX: `cpt-bench-print-${process.pid}`,
    LOG_LEVEL: 'warn',
    TZ: 'Europe/Paris',
    CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  }
  const database = { connection }
  if (connection === 'sqlite') {
    mkdirSync(`${root}tmp/bench`, { recursive: true })
    database.file = `${root}tmp/bench/print-${process.pid}.sqlite3`
    removeSqlite(database.file)
    env.SQLITE_PATH = database.file
  } else {
    database.schema = `bench_print_${process.pid}`
    await pgQuery(`DROP SCHEMA IF EXISTS ${database.schema} CASCADE; CREATE SCHEMA ${database.schema}`)
    const url = new URL(PG_SERVER)
    url.searchParams.set('options', `-c search_path=${database.schema}`)
    env.DATABASE_URL = url.href
  }
  execFileSync(process.execPath, ['ace', 'migration:run', '--force'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  return { env, database }
}

export async function dropAppDatabase(database) {
  if (database.connection === 'sqlite') removeSqlite(database.file)
  else await pgQuery(`DROP SCHEMA IF EXISTS ${database.schema} CASCADE`)
}

function removeSqlite(file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}
