import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import pg from 'pg'

/*
 * The databases of this benchmark: like ../pos/databases.js (production
 * mode, the app's own migrations, customers seeded in SQL), but in
 * databases of their own (comptoir_bench_anim*, not bench/pos's
 * comptoir_bench) and with what the passes select on: birthdays uniformly
 * over the year (~1/366 of the customers per day), last purchases uniformly
 * over the last two years (~1/730 per day), e-mail addresses, 90 % e-mail
 * consent, half SMS consent.
 */
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export function pgUrl(database) {
  const url = new URL(PG_SERVER)
  url.pathname = `/${database}`
  return url.href
}

export async function pgQuery(database, sql, params = []) {
  const client = new pg.Client({ connectionString: pgUrl(database) })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

/** A fresh, migrated Comptoir database; returns the environment of the processes that use it. */
export async function createAppDatabase({ connection, name, workDir, root, queuePrefix }) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    DB_CONNECTION: connection,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    TZ: 'Europe/Paris',
  }
  if (connection === 'sqlite') {
    env.SQLITE_PATH = `${workDir}${name}.sqlite3`
    removeSqlite(env.SQLITE_PATH)
  } else {
    await pgQuery('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await pgQuery('postgres', `CREATE DATABASE ${name}`)
    env.DATABASE_URL = pgUrl(name)
  }
  execFileSync(process.execPath, ['ace', 'migration:run', '--force'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] })
  return env
}

export async function dropAppDatabase({ connection, name, env }) {
  if (connection === 'sqlite') removeSqlite(env.SQLITE_PATH)
  else await pgQuery('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

function removeSqlite(file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
}

const STORE_SQL = `INSERT INTO stores (public_id, slug, name, country, timezone, currency, is_default, created_at, updated_at)
  VALUES ('01BENCH0000000000000000000', 'bench', 'Café du Bench', 'FR', 'Europe/Paris', 'EUR', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`

/** `customers` customers, their activity rows (last purchase spread over 2 years before now). */
export async function seedCustomers({ connection, env, customers }) {
  if (connection === 'sqlite') return seedSqlite(env.SQLITE_PATH, customers)
  const database = new URL(env.DATABASE_URL).pathname.slice(1)
  await pgQuery(database, STORE_SQL)
  await pgQuery(
    database,
    `INSERT INTO customers (public_id, store_id, first_name, last_name, search_name, email, phone_e164, card_code, referral_code,
                            birth_day, birth_month, birth_year, locale, source, email_marketing, sms_marketing, created_at, updated_at)
     SELECT '01BENCHC' || lpad(g::text, 18, '0'), (SELECT id FROM stores WHERE slug = 'bench'), 'Camille', 'Bench' || g, 'camille bench' || g,
            'client' || g || '@example.fr', '+336' || lpad((10000000 + g)::text, 8, '0'), 'B' || lpad(g::text, 9, '0'), 'R' || lpad(g::text, 7, '0'),
            extract(day FROM b.d), extract(month FROM b.d), 1950 + (g * 31) % 56, CASE WHEN g % 10 = 9 THEN 'en' ELSE 'fr' END, 'seed',
            g % 10 <> 3, g % 2 = 0, now() - interval '3 years', now() - interval '3 years'
     FROM generate_series(0, $1::bigint - 1) g CROSS JOIN LATERAL (SELECT date '2000-01-01' + ((g * 7919) % 366)::int AS d) b`,
    [customers]
  )
  await pgQuery(
    database,
    `INSERT INTO customer_activity (customer_id, total_spent_cents, visit_count, last_purchase_at)
     SELECT id, 1250 * (1 + id % 20), 1 + id % 20, now() - ((id::bigint * 104729) % (730 * 86400)) * interval '1 second' FROM customers`
  )
}

function seedSqlite(file, customers) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(STORE_SQL)
  const storeId = db.prepare("SELECT id FROM stores WHERE slug = 'bench'").get().id
  const insert = db.prepare(`INSERT INTO customers (public_id, store_id, first_name, last_name, search_name, email, phone_e164, card_code, referral_code,
      birth_day, birth_month, birth_year, locale, source, email_marketing, sms_marketing, created_at, updated_at)
    VALUES (?, ?, 'Camille', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed', ?, ?, ?, ?)`)
  const created = sqliteInstant(new Date(Date.now() - 3 * 365 * 86_400_000))
  db.transaction(() => {
    for (let g = 0; g < customers; g++) {
      const birthday = new Date(Date.UTC(2000, 0, 1) + ((g * 7919) % 366) * 86_400_000)
      insert.run(
        `01BENCHC${String(g).padStart(18, '0')}`, storeId, `Bench${g}`, `camille bench${g}`, `client${g}@example.fr`, `+336${String(10000000 + g).padStart(8, '0')}`,
        `B${String(g).padStart(9, '0')}`, `R${String(g).padStart(7, '0')}`, birthday.getUTCDate(), birthday.getUTCMonth() + 1, 1950 + ((g * 31) % 56),
        g % 10 === 9 ? 'en' : 'fr', g % 10 !== 3 ? 1 : 0, g % 2 === 0 ? 1 : 0, created, created
      )
    }
  })()
  const now = Math.floor(Date.now() / 1000)
  db.prepare(`INSERT INTO customer_activity (customer_id, total_spent_cents, visit_count, last_purchase_at)
    SELECT id, 1250 * (1 + id % 20), 1 + id % 20, strftime('%Y-%m-%d %H:%M:%S', ? - (id * 104729) % (730 * 86400), 'unixepoch') FROM customers`).run(now)
  db.close()
}

export function sqliteInstant(date) {
  const iso = date.toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

/** Statistics, dirty pages out, the whole database in the page cache (as ../pos/databases.js). */
export async function settle({ connection, env }) {
  if (connection === 'sqlite') {
    const db = new Database(env.SQLITE_PATH)
    db.exec('ANALYZE')
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    execFileSync('sync')
    execFileSync('sh', ['-c', `cat "${env.SQLITE_PATH}" > /dev/null`])
    return
  }
  const database = new URL(env.DATABASE_URL).pathname.slice(1)
  for (const table of ['customers', 'customer_activity', 'loyalty_accounts']) await pgQuery(database, `VACUUM ANALYZE ${table}`)
  await pgQuery(database, 'CHECKPOINT')
  execFileSync('sync')
  await pgQuery(database, 'CREATE EXTENSION IF NOT EXISTS pg_prewarm')
  await pgQuery(database, "SELECT pg_prewarm(c.oid, 'read') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')")
}

/**
 * The bare queries (the denominators): plain SQL on one warm connection,
 * rows fetched into Node. `reachable`: the pass concerns only customers a
 * message may reach (an animation without reward), else every customer.
 */
export async function bareQueries({ connection, env, reachable }) {
  const reach = reachable ? ' AND c.email_marketing = TRUE AND c.email IS NOT NULL' : ''
  const alive = 'c.store_id = STORE AND c.erased_at IS NULL AND c.merged_into_id IS NULL'
  const sql = {
    count: 'SELECT count(*) AS total FROM customers',
    birthday: `SELECT c.id FROM customers c WHERE c.birth_month = P1 AND c.birth_day = P2 AND ${alive}${reach}`,
    dormant: `SELECT c.id, a.last_purchase_at FROM customer_activity a JOIN customers c ON c.id = a.customer_id
              WHERE a.last_purchase_at >= P1 AND a.last_purchase_at < P2 AND ${alive}${reach}`,
  }
  if (connection === 'sqlite') {
    const db = new Database(env.SQLITE_PATH, { readonly: true })
    const storeId = db.prepare("SELECT id FROM stores WHERE slug = 'bench'").get().id
    const statements = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text.replace(/P\d/g, '?').replace('STORE', String(storeId)))]))
    return {
      count: async () => Number(statements.count.get().total),
      birthday: async (month, day) => statements.birthday.all(month, day),
      dormant: async (from, to) => statements.dormant.all(sqliteInstant(from), sqliteInstant(to)),
      close: async () => db.close(),
    }
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL })
  await client.connect()
  const storeId = (await client.query("SELECT id FROM stores WHERE slug = 'bench'")).rows[0].id
  const text = (name) => sql[name].replace(/P(\d)/g, '$$$1').replace('STORE', String(storeId))
  return {
    count: async () => Number((await client.query(text('count'))).rows[0].total),
    birthday: async (month, day) => (await client.query(text('birthday'), [month, day])).rows,
    dormant: async (from, to) => (await client.query(text('dormant'), [from.toISOString(), to.toISOString()])).rows,
    close: () => client.end(),
  }
}
