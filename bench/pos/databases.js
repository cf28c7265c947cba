import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'

const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function pgQuery(database, sql, params = []) {
  const url = new URL(PG_SERVER)
  url.pathname = `/${database}`
  const client = new pg.Client({ connectionString: url.href })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

/** The bare-limit schema of ../shared/tools/perf: 1,000,000 customers by phone. */
export async function prepareLimitDatabase({ connection, workDir }) {
  if (connection === 'sqlite') {
    const dir = `${workDir}limits-sqlite`
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const db = new Database(`${dir}/crm.db`)
    db.pragma('journal_mode = WAL')
    db.exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, phone TEXT NOT NULL, points INT NOT NULL DEFAULT 0, last_purchase_at TEXT);
      CREATE TABLE purchases (id INTEGER PRIMARY KEY, customer_id INT NOT NULL, amount_cents INT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX purchases_c ON purchases (customer_id);
      CREATE TABLE points_ledger (id INTEGER PRIMARY KEY, customer_id INT NOT NULL, delta INT NOT NULL, reason TEXT NOT NULL, purchase_id INT, created_at TEXT NOT NULL);
      CREATE INDEX ledger_c ON points_ledger (customer_id);`)
    const insert = db.prepare('INSERT INTO customers (phone) VALUES (?)')
    db.transaction(() => {
      for (let n = 1; n <= 1_000_000; n++) insert.run('+336' + String(n).padStart(8, '0'))
    })()
    db.exec('CREATE UNIQUE INDEX customers_phone ON customers (phone); ANALYZE')
    db.close()
    return
  }
  const exists = await pgQuery('postgres', "SELECT 1 FROM pg_database WHERE datname = 'bench'")
  if (exists.rowCount === 0) await pgQuery('postgres', 'CREATE DATABASE bench')
  await pgQuery('bench', `DROP TABLE IF EXISTS customers, purchases, points_ledger;
    CREATE TABLE customers (id bigserial PRIMARY KEY, phone text NOT NULL, points int NOT NULL DEFAULT 0, last_purchase_at timestamptz);
    INSERT INTO customers (phone) SELECT '+336' || lpad(g::text, 8, '0') FROM generate_series(1, 1000000) g;
    CREATE UNIQUE INDEX customers_phone ON customers (phone);
    CREATE TABLE purchases (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, amount_cents int NOT NULL, created_at timestamptz NOT NULL);
    CREATE INDEX ON purchases (customer_id);
    CREATE TABLE points_ledger (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, delta int NOT NULL, reason text NOT NULL, purchase_id bigint, created_at timestamptz NOT NULL);
    CREATE INDEX ON points_ledger (customer_id);`)
  await pgQuery('bench', 'VACUUM ANALYZE customers')
}

/**
 * A fresh Comptoir database (production mode, migrated by the app's own
 * migrations), one store, `customers` customers with phones
 * +3361000000…, and a POS token made by `node ace pos:token`.
 */
export async function prepareAppDatabase({ connection, customers, ledgerRows = 0, workDir, root }) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    DB_CONNECTION: connection,
    QUEUE_PREFIX: `cpt-bench-${process.pid}`,
    LOG_LEVEL: 'warn',
  }
  if (connection === 'sqlite') {
    const file = `${workDir}app.sqlite3`
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    env.SQLITE_PATH = file
  } else {
    await pgQuery('postgres', 'DROP DATABASE IF EXISTS comptoir_bench WITH (FORCE)')
    await pgQuery('postgres', 'CREATE DATABASE comptoir_bench')
    const url = new URL(PG_SERVER)
    url.pathname = '/comptoir_bench'
    env.DATABASE_URL = url.href
  }
  const ace = (...args) => execFileSync(process.execPath, ['ace', ...args], { cwd: root, env, encoding: 'utf8' })
  ace('migration:run', '--force')
  // The demo programme (points, stamps on café, tiers, a voucher every 100 points), from the build.
  const { demoRules } = await import(`${root}build/app/loyalty/program_rules.js`)
  const rules = JSON.stringify(demoRules())
  if (connection === 'sqlite') seedSqlite(env.SQLITE_PATH, customers, rules, ledgerRows)
  else await seedPostgres(customers, rules, ledgerRows)
  const token = ace('pos:token', 'Bench', '--store=bench').trim().split('\n').pop().trim()
  // A big prefill leaves gigabytes of dirty pages: write them out now, not during the measure.
  execFileSync('sync')
  await prewarm(connection, env.SQLITE_PATH)
  return { env, token }
}

/**
 * Reads the whole database into the page cache before measuring: this VM
 * reclaims pages left untouched (kdamond), so a freshly built 5 GB database
 * would otherwise be measured from disk. A shop's server keeps its working
 * set in memory.
 */
async function prewarm(connection, sqlitePath) {
  if (connection === 'sqlite') {
    execFileSync('sh', ['-c', `cat "${sqlitePath}" > /dev/null`])
    return
  }
  await pgQuery('comptoir_bench', 'CREATE EXTENSION IF NOT EXISTS pg_prewarm')
  await pgQuery('comptoir_bench', "SELECT pg_prewarm(c.oid, 'read') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')")
}

const STORE_SQL = `INSERT INTO stores (public_id, slug, name, country, timezone, currency, is_default, created_at, updated_at)
  VALUES ('01BENCH0000000000000000000', 'bench', 'Bench', 'FR', 'Europe/Paris', 'EUR', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`

const PROGRAM_SQL = `INSERT INTO loyalty_programs (public_id, name, store_id, enrolment, status, rules, rules_version, position, created_at, updated_at)
  VALUES ('01BENCHP000000000000000000', 'Bench', NULL, 'auto', 'active', ?, 1, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`

// Every customer has its activity row (made at enrolment in the app).
const ACTIVITY_SQL = 'INSERT INTO customer_activity (customer_id, total_spent_cents, visit_count) SELECT id, 0, 0 FROM customers'

// Every customer is already a member (no account opened during the measure), at the entry tier.
const ACCOUNTS_SQL = `INSERT INTO loyalty_accounts (customer_id, program_id, points, stamps, cashback_cents, tier, created_at, updated_at)
  SELECT c.id, p.id, 0, 0, 0, 'bronze', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM customers c CROSS JOIN loyalty_programs p`

/**
 * History for the size sweep: `rows` earn entries of 1 point spread evenly over the accounts,
 * each an open lot expiring in the future, and balances that match (loyalty:check clean).
 * Balances stay far under the 100-point threshold, so the measured sale is the usual one.
 */
const LEDGER_SQL = {
  sqlite: `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
    INSERT INTO ledger_entries (public_id, account_id, unit, kind, amount, expires_at, cause_type, occurred_at, created_at)
    SELECT printf('01BENCHL%018d', i), (SELECT MIN(id) FROM loyalty_accounts) + (i % ?), 'points', 'earn', 1, '2027-10-01 00:00:00', 'purchase', '2026-10-01 00:00:00', '2026-10-01 00:00:00' FROM n`,
  pg: `INSERT INTO ledger_entries (public_id, account_id, unit, kind, amount, expires_at, cause_type, occurred_at, created_at)
    SELECT '01BENCHL' || lpad(i::text, 18, '0'), (SELECT MIN(id) FROM loyalty_accounts) + (i % $2), 'points', 'earn', 1, '2027-10-01', 'purchase', '2026-10-01', '2026-10-01'
    FROM generate_series(0, $1::bigint - 1) i`,
}
const OPEN_LOTS_SQL = `INSERT INTO ledger_open_items (entry_id, account_id, unit, side, remaining, expires_at, available_at)
  SELECT id, account_id, 'points', 'credit', 1, expires_at, NULL FROM ledger_entries`
const BALANCES_SQL = `UPDATE loyalty_accounts SET points = (SELECT COUNT(*) FROM ledger_entries e WHERE e.account_id = loyalty_accounts.id)`

function seedSqlite(file, customers, rules, ledgerRows) {
  const db = new Database(file)
  db.exec(STORE_SQL)
  db.prepare(PROGRAM_SQL).run(rules)
  const storeId = db.prepare("SELECT id FROM stores WHERE slug = 'bench'").get().id
  const insert = db.prepare(`INSERT INTO customers (public_id, store_id, first_name, last_name, search_name, phone_e164, card_code, referral_code, source, locale, created_at, updated_at)
    VALUES (?, ?, 'Client', ?, ?, ?, ?, ?, 'seed', 'fr', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`)
  db.transaction(() => {
    for (let i = 0; i < customers; i++) {
      insert.run(`01BENCHC${String(i).padStart(18, '0')}`, storeId, `Bench${i}`, `bench${i} client`, `+336${String(10000000 + i).padStart(8, '0')}`, `B${String(i).padStart(9, '0')}`, `R${String(i).padStart(7, '0')}`)
    }
  })()
  db.exec(ACTIVITY_SQL)
  db.exec(ACCOUNTS_SQL)
  if (ledgerRows > 0) {
    db.prepare(LEDGER_SQL.sqlite).run(ledgerRows, customers)
    db.exec(OPEN_LOTS_SQL)
    db.exec(BALANCES_SQL)
  }
  db.exec('ANALYZE')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

async function seedPostgres(customers, rules, ledgerRows) {
  await pgQuery('comptoir_bench', STORE_SQL)
  await pgQuery('comptoir_bench', PROGRAM_SQL.replace('?', '$1'), [rules])
  await pgQuery(
    'comptoir_bench',
    `INSERT INTO customers (public_id, store_id, first_name, last_name, search_name, phone_e164, card_code, referral_code, source, locale, created_at, updated_at)
     SELECT '01BENCHC' || lpad(g::text, 18, '0'), (SELECT id FROM stores WHERE slug = 'bench'), 'Client', 'Bench' || g, 'bench' || g || ' client',
            '+336' || lpad((10000000 + g)::text, 8, '0'), 'B' || lpad(g::text, 9, '0'), 'R' || lpad(g::text, 7, '0'), 'seed', 'fr', now(), now()
     FROM generate_series(0, $1::int - 1) g`,
    [customers]
  )
  await pgQuery('comptoir_bench', ACTIVITY_SQL)
  await pgQuery('comptoir_bench', ACCOUNTS_SQL)
  if (ledgerRows > 0) {
    await pgQuery('comptoir_bench', LEDGER_SQL.pg, [ledgerRows, customers])
    await pgQuery('comptoir_bench', OPEN_LOTS_SQL)
    await pgQuery('comptoir_bench', BALANCES_SQL)
    await pgQuery('comptoir_bench', 'VACUUM ANALYZE ledger_entries')
    await pgQuery('comptoir_bench', 'VACUUM ANALYZE ledger_open_items')
  }
  await pgQuery('comptoir_bench', 'VACUUM ANALYZE customers')
  await pgQuery('comptoir_bench', 'VACUUM ANALYZE loyalty_accounts')
  await pgQuery('comptoir_bench', 'VACUUM ANALYZE customer_activity')
  await pgQuery('comptoir_bench', 'CHECKPOINT')
}
