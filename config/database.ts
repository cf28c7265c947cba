import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

/**
 * SQLite (embedded, WAL) is the default; DB_CONNECTION=pg runs on Postgres.
 * SQLite pragmas are applied on every new connection: WAL for concurrent
 * readers, a busy timeout so writers queue instead of failing, foreign keys,
 * secure_delete so erased data does not linger in free pages, and a page
 * cache sized for a shop's working set.
 */
const sqlitePath = env.get('SQLITE_PATH') ?? app.tmpPath('comptoir.sqlite3')
// FULL survives a power cut without losing the last commits; NORMAL is about
// twice as fast (research/performance.md §1.4). FULL is the safe default.
const sqliteSynchronous = env.get('SQLITE_SYNCHRONOUS', 'FULL')

const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION', 'sqlite'),
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: { filename: sqlitePath.startsWith('/') ? sqlitePath : app.makePath(sqlitePath) },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: any, done: (err: Error | null, conn: any) => void) => {
          conn.pragma('journal_mode = WAL')
          conn.pragma(`synchronous = ${sqliteSynchronous}`)
          conn.pragma('busy_timeout = 5000')
          conn.pragma('foreign_keys = ON')
          conn.pragma('secure_delete = ON')
          // SQLite's default page cache is 2 MB; a shop's working set (customers, accounts and
          // their indexes) is larger, and every miss is a system call.
          conn.pragma('cache_size = -65536')
          // Pages beyond the cache are read from the OS's page cache through a mapping, not a read() each.
          conn.pragma('mmap_size = 1073741824')
          done(null, conn)
        },
      },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
      debug: app.inTest,
    },
    pg: {
      client: 'pg',
      connection: env.get('DATABASE_URL') ?? 'postgres://postgres@127.0.0.1:5432/test',
      pool: { min: 0, max: 10 },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
      debug: app.inTest,
    },
  },
})

export default dbConfig
