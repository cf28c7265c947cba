/*
 * `npm test`: the whole suite (unit, functional, browser) on the database
 * named by DB_CONNECTION (sqlite by default, or pg). Each run gets its own
 * SQLite file, queue prefix and port, then prints `N passed, N failed`.
 * Extra arguments go to Japa (e.g. `npm test -- --files=tests/unit/...`).
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import pg from 'pg'

const root = new URL('../', import.meta.url)
mkdirSync(new URL('tmp/', root), { recursive: true })

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

const runId = `${process.pid}-${Date.now()}`

/*
 * The suite runs against its own redis-server (a real one, on a free
 * port), so tests can stop and restart it to prove that nothing is lost
 * while Redis is down, without touching the machine's shared Redis.
 */
const redisPort = await freePort()
const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', new URL('tmp/', root).pathname]
const redis = spawn('redis-server', redisArgs, { stdio: 'ignore' })
redis.on('error', (error) => {
  console.error(`redis-server could not start: ${error.message}`)
  process.exit(1)
})
const stopRedis = () => spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave'], { stdio: 'ignore' })
const sqlitePath = `tmp/test-${runId}.sqlite3`
const journalPath = `tmp/test-${runId}-erasures.jsonl`
const env = {
  ...process.env,
  NODE_ENV: 'test',
  APP_KEY: process.env.APP_KEY || randomBytes(32).toString('base64url'),
  DB_CONNECTION: process.env.DB_CONNECTION || 'sqlite',
  SQLITE_PATH: sqlitePath,
  ERASURE_JOURNAL_PATH: journalPath,
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  QUEUE_PREFIX: `cpt-test-${runId}`,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  TEST_REDIS_PORT: String(redisPort),
  TEST_REDIS_ARGS: JSON.stringify(redisArgs),
  HOST: '127.0.0.1',
  PORT: String(await freePort()),
  LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  // A real SMTP server (smtp-server) listens there during the run (tests/helpers/smtp_sink.ts).
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(await freePort()),
  MAIL_FROM: 'Café des Tests <bonjour@cafe.test>',
  SMS_DRIVER: 'dev',
  // The session test clients (loginAs) need the memory store.
  SESSION_DRIVER: 'memory',
  TZ: 'UTC',
}

/*
 * On Postgres each run gets its own database, created here and dropped at
 * the end, so parallel runs never share a schema.
 */
let dropDatabase = async () => {}
if (env.DB_CONNECTION === 'pg') {
  const server = new URL(env.DATABASE_URL)
  const name = `comptoir_test_${runId.replace(/\W/g, '_')}`
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: server.href })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
  const url = new URL(server.href)
  url.pathname = `/${name}`
  env.DATABASE_URL = url.href
}

for (let i = 0; i < 50; i++) {
  if (spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).stdout?.toString().includes('PONG')) break
  await new Promise((resolve) => setTimeout(resolve, 100))
}

let passed = 0
let failed = 0
const child = spawn(process.execPath, ['ace', 'test', ...process.argv.slice(2)], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] })
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')
  const summary = text.match(/Tests\s+(.*)\(\d+\)/)
  if (summary) {
    passed = Number(summary[1].match(/(\d+) passed/)?.[1] ?? 0)
    failed = Number(summary[1].match(/(\d+) failed/)?.[1] ?? 0)
  }
})
child.on('exit', async (code) => {
  stopRedis()
  await dropDatabase()
  for (const suffix of ['', '-wal', '-shm']) rmSync(new URL(sqlitePath + suffix, root), { force: true })
  rmSync(new URL(journalPath, root), { force: true })
  if (code !== 0 && failed === 0) failed = 1
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(code ?? 1)
})
