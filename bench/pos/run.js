/*
 * bench/pos — `npm run bench:pos`
 *
 * POST /api/v1/purchases at 32 concurrent connections against 100,000
 * customers, on SQLite and on Postgres, next to the bare limits of
 * ../shared/tools/perf (pos_server_sqlite.js, pos_server.js) measured in the
 * same run: limit, app, limit; the ratio divides the app's req/s by the mean
 * of the two limit runs. Targets (research/performance.md S1): ratio ≥ 0.5,
 * p99 ≤ 30 ms. Options: --duration=15 --customers=100000 --db=sqlite,pg
 *
 * --sizes=10000:100000,1000000:10000000 measures the app at each size
 * (customers:ledger rows prefilled) between the two limit runs and prints
 * each size's throughput against the first one (target: within 10 %).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { prepareAppDatabase, prepareLimitDatabase } from './databases.js'
import { load, startProcess } from './load.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const perfDir = fileURLToPath(new URL('../../../shared/tools/perf/', import.meta.url))
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    customers: { type: 'string', default: '100000' },
    sizes: { type: 'string' },
    db: { type: 'string', default: 'sqlite,pg' },
  },
})
const duration = Number(values.duration)
const sizes = (values.sizes ?? `${values.customers}:0`).split(',').map((pair) => {
  const [customers, ledgerRows = '0'] = pair.split(':')
  return { customers: Number(customers), ledgerRows: Number(ledgerRows) }
})
const sizeLabel = ({ customers, ledgerRows }) => `${customers.toLocaleString('en')} customers, ${ledgerRows.toLocaleString('en')} ledger rows`
const workDir = `${root}tmp/bench/`
mkdirSync(workDir, { recursive: true })

const LIMITS = {
  sqlite: { script: 'pos_server_sqlite.js', port: 3002 },
  pg: { script: 'pos_server.js', port: 3001 },
}

async function measureLimit(connection) {
  const { script, port } = LIMITS[connection]
  const env = { ...process.env, NODE_PATH: `${root}node_modules`, SYNC: 'FULL', LIMITS_SQLITE_DIR: `${workDir}limits-sqlite` }
  const server = await startProcess(process.execPath, [`${perfDir}${script}`], { env, port })
  try {
    return await load({ port, duration, build: () => ({ method: 'GET', path: '/' }) })
  } finally {
    await server.stop()
  }
}

// A typical café basket: two coffees (stamps) and a sandwich; earns points, stamps, tier progress.
const BASKET = [
  { sku: 'CAFE', name: 'Café', quantity: 2, unit_price_cents: 250, category: 'café' },
  { sku: 'SAND', name: 'Sandwich', quantity: 1, unit_price_cents: 750, category: 'salé' },
]

async function measureApp(connection, { customers, ledgerRows }) {
  const phones = Array.from({ length: customers }, (_, i) => `+336${String(10000000 + i).padStart(8, '0')}`)
  const { env, token } = await prepareAppDatabase({ connection, customers, ledgerRows, workDir, root })
  const port = 3390
  // One token carries the whole load here: lift its rate limit (a real till sends a few requests a minute).
  const appEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', COMPTOIR_ROLES: process.env.BENCH_ROLES ?? 'web,worker,scheduler', LOG_LEVEL: 'warn', POS_RATE_LIMIT_PER_SECOND: '1000000' }
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${workDir}prof`] : []
  // The production way: the compiled build (see README, Operations), not the TypeScript loader.
  const server = await startProcess(process.execPath, [...nodeArgs, 'bin/server.js'], { env: appEnv, port, cwd: buildDir, path: '/health' })
  const request = () => ({
    method: 'POST',
    path: '/api/v1/purchases',
    headers: {
      'authorization': `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ phone: phones[Math.floor(Math.random() * phones.length)], total_cents: 1250, lines: BASKET }),
  })
  try {
    await load({ port, duration: 3, build: request })
    return await load({ port, duration, build: request })
  } finally {
    await server.stop()
    // What the app said on stderr (warnings, errors), for a run that looks wrong.
    if (server.stderr()) writeFileSync(`${workDir}app-${connection}.stderr.log`, server.stderr())
  }
}

function line(label, result) {
  return `  ${label.padEnd(34)} ${String(Math.round(result.rps)).padStart(6)} req/s   p50 ${result.p50.toFixed(1).padStart(5)} ms   p99 ${result.p99.toFixed(1).padStart(5)} ms   errors ${result.errors}`
}

console.log('Building the application (node ace build)…')
const buildDir = `${root}build/`
execFileSync(process.execPath, ['ace', 'build'], { cwd: root, stdio: 'ignore' })
if (!existsSync(`${buildDir}node_modules`)) symlinkSync(`${root}node_modules`, `${buildDir}node_modules`)

const report = []
for (const connection of values.db.split(',')) {
  console.log(`\n== ${connection}: preparing the bare limit database…`)
  await prepareLimitDatabase({ connection, workDir })
  const before = await measureLimit(connection)
  console.log(line(`bare limit (${LIMITS[connection].script})`, before))
  const apps = []
  for (const size of sizes) {
    const app = await measureApp(connection, size)
    apps.push({ size, app })
    console.log(line(`Comptoir ${sizeLabel(size)}`, app))
  }
  const after = await measureLimit(connection)
  console.log(line(`bare limit again`, after))
  const limitRps = (before.rps + after.rps) / 2
  for (const { size, app } of apps) {
    const ratio = app.rps / limitRps
    const scaling = app.rps / apps[0].app.rps
    report.push({ connection, size, app, limitRps, ratio, scaling })
    console.log(`  ${sizeLabel(size)}: ratio ${ratio.toFixed(2)} (target ≥ 0.5)   p99 ${app.p99.toFixed(1)} ms (target ≤ 30 ms)${apps.length > 1 ? `   vs first size ${scaling.toFixed(2)} (target ≥ 0.90)` : ''}`)
  }
}

console.log('\nSummary (32 connections, FULL sync on SQLite for both; demo programme on):')
for (const r of report) {
  console.log(`  ${r.connection.padEnd(7)} ${sizeLabel(r.size).padEnd(34)} app ${Math.round(r.app.rps)} req/s · limit ${Math.round(r.limitRps)} req/s · ratio ${r.ratio.toFixed(2)} · p50 ${r.app.p50.toFixed(1)} ms · p99 ${r.app.p99.toFixed(1)} ms · errors ${r.app.errors}`)
}
rmSync(`${workDir}limits-sqlite`, { recursive: true, force: true })
