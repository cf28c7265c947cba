import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import app from '@adonisjs/core/services/app'
import pg from 'pg'

/**
 * Starts the real entry point (`node bin/start.js`, what `npm start` runs)
 * in a child process on an empty database of its own, as on a fresh machine.
 */
export interface AppProcess {
  url: string
  env: NodeJS.ProcessEnv
  output: () => string
  exited: () => number | null
  stop: () => Promise<void>
  sqlitePath?: string
  databaseUrl?: string
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number }
      server.close(() => resolve(address.port))
    })
  })
}

async function emptyDatabase(id: string) {
  if (process.env.DB_CONNECTION !== 'pg') return { SQLITE_PATH: app.tmpPath(`start-${id}.sqlite3`) }
  const server = new URL(process.env.DATABASE_URL!)
  const name = `comptoir_start_${id}`
  const client = new pg.Client({ connectionString: server.href })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  server.pathname = `/${name}`
  return { DATABASE_URL: server.href }
}

export async function startApp(overrides: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
  const id = randomBytes(6).toString('hex')
  const port = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    APP_KEY: randomBytes(32).toString('base64url'),
    PORT: String(port),
    HOST: '127.0.0.1',
    QUEUE_PREFIX: `cpt-start-${id}`,
    LOG_LEVEL: 'info',
    SESSION_DRIVER: 'cookie',
    ...(await emptyDatabase(id)),
    ...overrides,
  }
  let output = ''
  const child: ChildProcess = spawn(process.execPath, ['bin/start.js'], { cwd: app.makePath(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    output: () => output,
    exited: () => child.exitCode,
    sqlitePath: env.DB_CONNECTION === 'pg' ? undefined : env.SQLITE_PATH,
    databaseUrl: env.DB_CONNECTION === 'pg' ? env.DATABASE_URL : undefined,
    stop: async () => {
      await stopChild(child)
      if (env.DB_CONNECTION === 'pg') await dropDatabase(env.DATABASE_URL!)
      else for (const suffix of ['', '-wal', '-shm']) rmSync(`${env.SQLITE_PATH}${suffix}`, { force: true })
    },
  }
}

async function dropDatabase(url: string) {
  const server = new URL(url)
  const name = server.pathname.slice(1)
  server.pathname = '/postgres'
  const client = new pg.Client({ connectionString: server.href })
  await client.connect()
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end())
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    process.kill(-child.pid!, 'SIGTERM')
  } catch {}
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {}
  }, 8000)
  await exited
  clearTimeout(timer)
}

/** Waits until `check` passes, or the process exits, or the time is up. */
export async function waitUntil(app: AppProcess, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (app.exited() !== null) return false
    try {
      if (await check()) return true
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  return false
}
