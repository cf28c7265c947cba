/*
 * bench/animations — `npm run bench:animations`
 *
 * 1. Daily passes (research/performance.md S2, S3). For each size, a fresh
 *    database with that many customers (birthdays uniform over the year,
 *    last purchases uniform over two years, so ~1/366 and ~1/730 of them
 *    match a day), the demo's birthday and dormant animations (presets,
 *    e-mail, their voucher rewards). One real pass is runDailyPasses(at) of
 *    app/animations/triggers/daily_pass.ts, timed inside the app process
 *    (app_driver.js), each on a day of its own with the marks cleared:
 *    birthday alone, dormant alone, and both (what the tick runs). In the
 *    same run, interleaved with the passes, the denominators:
 *      (a) the bare indexed query selecting the same customers (plain SQL,
 *          rows fetched) + a bare BullMQ addBulk (batches of 1000) of as
 *          many id-only jobs; target: pass ≤ 3× (a)
 *      (b) a bare `SELECT count(*) FROM customers`
 *    Figures are medians over --reps days.
 *
 * 2. Sending (S5): N e-mail deliveries made by fireOccurrences()
 *    (app/animations/fire.ts; a campaign-like animation, no reward, to
 *    consenting customers) while the `messages` queue is paused, then sent
 *    by the app's real worker process (app_server.js → bin/server.ts with
 *    COMPTOIR_ROLES=web,worker: messages worker → send_delivery.ts → pooled
 *    SMTP transport of config/mail.ts) into a local smtp-server sink
 *    (smtp_sink.js, a child process); messages/s from the resume to the
 *    last message at the sink. Denominator, same run, before and after:
 *    raw pooled nodemailer (20 connections, maxMessages ∞, 100 in flight,
 *    as research §2.7) sending the same number of copies of a message the
 *    app sent (same subject, HTML, text, headers) to the same sink; target
 *    ≥ 0.6. Also, for information: raw nodemailer with the app's pool
 *    settings (16 connections, unlimited messages each, 16 in flight; first N
 *    only), CPU ms per message of the worker process and of raw nodemailer,
 *    the fan-out rate (deliveries made and enqueued per second), and the
 *    worker process's RSS (end and peak) at each N: it should stay flat.
 *
 * 3. Campaign fan-out: on the largest pass database, a real one-off campaign
 *    (saveCampaign, scheduled now) to a segment of every e-mail-consenting
 *    customer (9 in 10), fanned out by runCampaigns() ticks of 5 s until
 *    sent: deliveries made and enqueued per second, and the app process's
 *    RSS at 10,000, 100,000 and 1,000,000 recipients (flat: each batch is
 *    written, enqueued and let go). Nothing is sent: the queue is emptied.
 *
 * Options:
 *   --db=pg                   pg and/or sqlite (comma-separated)
 *   --sizes=10000,1000000     customers, one database each (passes)
 *   --reps=3                  days measured per size (median)
 *   --reward=preset           preset (the presets' vouchers, as the demo) or none
 *   --send=10000,20000        recipients per sending run (0: no sending), on the
 *                             last (largest) database; the app sends ~100 msg/s
 *                             here, so --send=10000,100000 takes ~30 min more
 *                             and 1,000,000 hours
 *   --no-campaign             skip 3. (on by default)
 *   --keep                    keep the databases (dropped by default)
 * About 12 minutes with the defaults on the 2-core machine (passes ~3, sending ~9).
 * Environment: BENCH_CPU_PROF=1 (a CPU profile of the worker in tmp/bench/prof/), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * REDIS_URL (default redis://127.0.0.1:6379); queues use the prefix
 * cpt-bench-anim-<pid>, databases comptoir_bench_anim and comptoir_bench_anim_send.
 */
import { fork } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Queue } from 'bullmq'
import { DateTime } from 'luxon'
import { simpleParser } from 'mailparser'
import nodemailer from 'nodemailer'
import { startProcess } from '../pos/load.js'
import { bareQueries, createAppDatabase, dropAppDatabase, seedCustomers, settle } from './databases.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const here = fileURLToPath(new URL('./', import.meta.url))
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pg' },
    sizes: { type: 'string', default: '10000,1000000' },
    reps: { type: 'string', default: '3' },
    reward: { type: 'string', default: 'preset' },
    send: { type: 'string', default: '10000,20000' },
    keep: { type: 'boolean', default: false },
    campaign: { type: 'boolean', default: true },
  },
})
const sizes = values.sizes.split(',').map(Number)
const reps = Number(values.reps)
const sendSizes = values.send.split(',').map(Number).filter((n) => n > 0)
const reward = values.reward === 'none' ? 'none' : 'preset'
const workDir = `${root}tmp/bench/`
mkdirSync(workDir, { recursive: true })
const queuePrefix = `cpt-bench-anim-${process.pid}`
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
const redis = { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }
const ZONE = 'Europe/Paris'
const DORMANT_DAYS = 60 // the dormant preset's default (app/animations/presets.ts)
const WARMUP_SENDS = 1000

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const fmt = (n) => Math.round(n).toLocaleString('en')
const ms = (n) => `${n < 1 ? n.toFixed(3) : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : fmt(n)} ms`
const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`

/** A child process speaking IPC: { ready } or { port } first, then answers by id. */
function forkChild(file, { env, cwd = root } = {}) {
  const child = fork(file, [], { cwd, env, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const waiting = new Map()
  let next = 0
  let ready
  const started = new Promise((resolve, reject) => {
    ready = resolve
    child.on('exit', (code) => {
      const error = new Error(`${file} exited (${code}): ${stderr.slice(-3000)}`)
      reject(error)
      for (const { reject: fail } of waiting.values()) fail(error)
    })
  })
  child.on('message', (message) => {
    if (message?.ready || message?.port) return ready(message)
    const call = waiting.get(message?.id)
    // Anything else (AdonisJS tells an IPC parent it is ready): not ours.
    if (!call) return
    waiting.delete(message.id)
    if (message.ok === false) call.reject(new Error(message.error))
    else call.resolve(message.value)
  })
  return {
    started,
    pid: child.pid,
    call: (op, args = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next
        waiting.set(id, { resolve, reject })
        child.send({ id, op, args })
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.send({ op: 'exit' })
      }),
  }
}

async function startDriver(env) {
  const driver = forkChild(`${here}app_driver.js`, { env })
  await driver.started
  return driver
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** CPU time (user + system) of a process so far, in ms (/proc/<pid>/stat, 100 ticks a second). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024
}

async function obliterate(names) {
  for (const name of names) {
    const queue = new Queue(name, { connection: redis, prefix: queuePrefix })
    await queue.obliterate({ force: true }).catch(() => {})
    await queue.close()
  }
}

/* ---------------------------------------------------------------- passes */

/** Past days (store time), distinct, never 28/29 February (whose birthdays are special). */
function* days() {
  let day = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 100 })
  for (;;) {
    day = day.minus({ days: 1 })
    if (day.month === 2 && day.day >= 28) continue
    yield day
  }
}

/** An id-only job per match, addBulk by 1000, on a queue of its own (emptied after). */
async function bareEnqueue(queue, count) {
  const started = performance.now()
  for (let k = 0; k < count; k += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - k) }, (_, j) => ({ name: 'deliveries.send', data: { deliveryId: k + j + 1 }, opts: { removeOnComplete: true } })))
  }
  const elapsed = performance.now() - started
  await queue.obliterate({ force: true })
  return elapsed
}

async function timed(fn, times) {
  const out = []
  let value
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    value = await fn()
    out.push(performance.now() - started)
  }
  return { ms: median(out), value }
}

const PASS_ROWS = [
  { label: 'birthday pass', kinds: ['birthday'] },
  { label: 'dormant pass', kinds: ['dormant'] },
  { label: 'birthday + dormant pass', kinds: ['birthday', 'dormant'] },
]

async function measurePasses(connection, customers) {
  const name = 'comptoir_bench_anim'
  console.log(`\n== ${connection}, ${fmt(customers)} customers: migrating and seeding…`)
  const seedStarted = performance.now()
  const env = await createAppDatabase({ connection, name, workDir, root, queuePrefix })
  databases.set(`${connection}:${name}`, { connection, name, env })
  await seedCustomers({ connection, env, customers })
  const driver = await startDriver(env)
  await driver.call('setup', { reward })
  await settle({ connection, env })
  console.log(`  ready in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`)
  const bare = await bareQueries({ connection, env, reachable: reward === 'none' })
  const bareQueue = new Queue('bench-bare-enqueue', { connection: redis, prefix: queuePrefix })
  const calendar = days()
  const select = async (kind, day) => {
    if (kind === 'birthday') return bare.birthday(day.month, day.day)
    const from = day.minus({ days: DORMANT_DAYS })
    return bare.dormant(from.toJSDate(), from.plus({ days: 1 }).toJSDate())
  }
  const passAt = (day) => day.set({ hour: 12 }).toJSDate().toISOString()
  try {
    // Warm-up: a pass of both (code paths, plans, caches), the queries, the enqueue's scripts.
    const warm = calendar.next().value
    await driver.call('pass', { at: passAt(warm), kinds: ['birthday', 'dormant'] })
    await select('birthday', warm)
    await select('dormant', warm)
    await bare.count()
    await bareEnqueue(bareQueue, 1000)

    const samples = PASS_ROWS.map(() => [])
    for (let rep = 0; rep < reps; rep++) {
      for (const [index, row] of PASS_ROWS.entries()) {
        const day = calendar.next().value
        let queryMs = 0
        let matches = 0
        for (const kind of row.kinds) {
          const { ms: elapsed, value: rows } = await timed(() => select(kind, day), 5)
          queryMs += elapsed
          matches += rows.length
        }
        const { ms: enqueueMs } = await timed(() => bareEnqueue(bareQueue, matches), 3)
        const { ms: countMs } = await timed(() => bare.count(), 5)
        const pass = await driver.call('pass', { at: passAt(day), kinds: row.kinds })
        const fired = pass.reports.reduce((sum, report) => sum + report.fired + report.heldOut + report.alreadyFired, 0)
        const deliveries = pass.reports.reduce((sum, report) => sum + report.deliveries, 0)
        if (fired !== matches) console.log(`  warning: ${row.label} on ${day.toISODate()} fired ${fired}, the bare query selected ${matches}`)
        samples[index].push({ passMs: pass.ms, queryMs, enqueueMs, countMs, matches, deliveries, rss: pass.rss })
        console.log(
          `  ${day.toISODate()} ${row.label.padEnd(24)} ${String(matches).padStart(6)} customers  pass ${ms(pass.ms).padStart(9)}   query ${ms(queryMs).padStart(8)}   enqueue ${ms(enqueueMs).padStart(8)}   count(*) ${ms(countMs).padStart(8)}`
        )
      }
    }
    return PASS_ROWS.map((row, index) => {
      const list = samples[index]
      const pick = (key) => median(list.map((sample) => sample[key]))
      const result = { connection, customers, label: row.label, passMs: pick('passMs'), queryMs: pick('queryMs'), enqueueMs: pick('enqueueMs'), countMs: pick('countMs'), matches: pick('matches'), deliveries: pick('deliveries'), rss: Math.max(...list.map((s) => s.rss)) }
      result.ratioBare = result.passMs / (result.queryMs + result.enqueueMs)
      result.ratioCount = result.passMs / result.countMs
      result.queryOverCount = result.queryMs / result.countMs
      return result
    })
  } finally {
    await bare.close()
    await bareQueue.obliterate({ force: true }).catch(() => {})
    await bareQueue.close()
    await driver.stop()
    // The passes' jobs (nobody sends them here).
    await obliterate(['messages'])
    if (!((sendSizes.length > 0 || values.campaign) && customers === sizes[sizes.length - 1])) await drop({ connection, name, env })
    lastPassDatabase = { connection, name, env, customers }
  }
}
let lastPassDatabase = null

/** Databases made by this run: dropped once used (--keep: left), and at the end whatever happened. */
const databases = new Map()
async function drop(database) {
  databases.delete(`${database.connection}:${database.name}`)
  if (!values.keep) await dropAppDatabase(database)
}

/* ---------------------------------------------------------------- sending */

async function startSink() {
  const sink = forkChild(`${here}smtp_sink.js`)
  const { port } = await sink.started
  return { ...sink, port }
}

/** Raw pooled nodemailer: `count` copies of the app's message, to distinct addresses. */
async function rawSend({ port, count, message, maxConnections, maxMessages, inflight }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections, maxMessages })
  let sent = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (sent < count) {
        const k = sent++
        await transport.sendMail({
          from: message.from,
          to: `client${k}@example.fr`,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: `<01BENCHRAW${String(k).padStart(16, '0')}@comptoir>`,
          headers: { 'List-Unsubscribe': message.unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Comptoir-Delivery': `01BENCHRAW${String(k).padStart(16, '0')}` },
        })
      }
    })
  )
  const elapsed = performance.now() - started
  const used = process.cpuUsage(cpu)
  transport.close()
  return { rate: count / (elapsed / 1000), ms: elapsed, cpuPerMessage: (used.user + used.system) / 1000 / count }
}

async function measureSending(connection) {
  const needed = WARMUP_SENDS + sendSizes.reduce((a, b) => a + b, 0)
  let database = lastPassDatabase?.connection === connection ? lastPassDatabase : null
  // 9 customers in 10 accept e-mails (databases.js).
  if (!database || database.customers * 0.9 < needed + 10) {
    if (database) await drop(database)
    const customers = Math.ceil((needed + 10) / 0.9) + 1000
    const name = 'comptoir_bench_anim_send'
    console.log(`\n== ${connection}, sending: ${fmt(customers)} customers, migrating and seeding…`)
    const env = await createAppDatabase({ connection, name, workDir, root, queuePrefix })
    databases.set(`${connection}:${name}`, { connection, name, env })
    await seedCustomers({ connection, env, customers })
    const setupDriver = await startDriver(env)
    await setupDriver.call('setup', { reward })
    await setupDriver.stop()
    await settle({ connection, env })
    database = { connection, name, env, customers }
  } else {
    console.log(`\n== ${connection}, sending, on the ${fmt(database.customers)}-customer database`)
  }
  await obliterate(['messages'])
  const sink = await startSink()
  const port = await freePort()
  const pidFile = `${workDir}anim-worker.pid`
  const workerEnv = { ...database.env, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), COMPTOIR_ROLES: 'web,worker', PORT: String(port), HOST: '127.0.0.1', BENCH_PID_FILE: pidFile }
  const driver = await startDriver(database.env)
  // BENCH_CPU_PROF=1: a CPU profile of the worker process in tmp/bench/prof/ (as bench/pos).
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${workDir}prof`] : []
  const worker = await startProcess(process.execPath, [...nodeArgs, `${here}app_server.js`], { env: workerEnv, port, cwd: root, path: '/health' })
  const workerPid = Number(readFileSync(pidFile, 'utf8'))
  const messages = new Queue('messages', { connection: redis, prefix: queuePrefix })
  let cursor = 0
  const results = []

  async function appSend(count, { capture = false } = {}) {
    await messages.pause()
    const fan = await driver.call('fire', { afterId: cursor, count, key: `bench:${count}:${Date.now()}` })
    cursor = fan.lastId
    if (fan.deliveries !== count) throw new Error(`fireOccurrences made ${fan.deliveries} deliveries for ${count} customers`)
    await sink.call('reset')
    const captured = capture ? sink.call('capture') : null
    const rss = [rssOf(workerPid)]
    const cpu = cpuOf(workerPid)
    const started = Date.now()
    await messages.resume()
    let last = { count: 0, at: Date.now() }
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const stats = await sink.call('stats')
      rss.push(rssOf(workerPid))
      if (stats.count >= count) {
        const seconds = (stats.lastAt - started) / 1000
        return { rate: count / seconds, seconds, cpuPerMessage: (cpuOf(workerPid) - cpu) / count, fanRate: count / (fan.ms / 1000), rssEnd: rss[rss.length - 1], rssPeak: Math.max(...rss), rssStart: rss[0], message: captured && (await captured) }
      }
      if (stats.count > last.count) last = { count: stats.count, at: Date.now() }
      else if (Date.now() - last.at > 60_000) throw new Error(`sending stalled at ${stats.count}/${count} (queue: ${JSON.stringify(await messages.getJobCounts())}); worker stderr: ${worker.stderr().slice(-2000)}`)
    }
  }

  try {
    console.log(`  warm-up: ${fmt(WARMUP_SENDS)} messages through the app…`)
    const warm = await appSend(WARMUP_SENDS, { capture: true })
    const parsed = await simpleParser(warm.message.raw)
    const header = (name) => parsed.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? ''
    const message = { from: header('from'), subject: parsed.subject, html: parsed.html, text: parsed.text, unsubscribe: header('list-unsubscribe') }
    console.log(`  the app's message: ${fmt(warm.message.raw.length)} bytes (HTML ${fmt(message.html.length)} chars); worker RSS after warm-up ${mb(warm.rssEnd)}`)
    const raw = { maxConnections: 20, maxMessages: Infinity, inflight: 100 }
    const rawAppSettings = { maxConnections: 16, maxMessages: Infinity, inflight: 16 } // config/mail.ts, the messages worker's concurrency
    for (const [index, count] of sendSizes.entries()) {
      const before = await rawSend({ port: sink.port, count, message, ...raw })
      console.log(`  ${fmt(count).padStart(9)}  raw nodemailer (20 conns, ∞)          ${fmt(before.rate).padStart(6)} msg/s   CPU ${before.cpuPerMessage.toFixed(2)} ms/msg`)
      const app = await appSend(count)
      console.log(`  ${fmt(count).padStart(9)}  Comptoir (messages worker → SMTP)      ${fmt(app.rate).padStart(6)} msg/s   worker CPU ${app.cpuPerMessage.toFixed(2)} ms/msg   fan-out ${fmt(app.fanRate)} deliveries/s   worker RSS ${mb(app.rssStart)} → end ${mb(app.rssEnd)}, peak ${mb(app.rssPeak)}`)
      const after = await rawSend({ port: sink.port, count, message, ...raw })
      console.log(`  ${fmt(count).padStart(9)}  raw nodemailer again                  ${fmt(after.rate).padStart(6)} msg/s   CPU ${after.cpuPerMessage.toFixed(2)} ms/msg`)
      // For information, once (as slow as the app when the pool is the limit): the app's own pool settings.
      const same = index === 0 ? await rawSend({ port: sink.port, count, message, ...rawAppSettings }) : null
      if (same) console.log(`  ${fmt(count).padStart(9)}  raw, the app's pool (16 conns, ∞, 16)  ${fmt(same.rate).padStart(6)} msg/s   CPU ${same.cpuPerMessage.toFixed(2)} ms/msg`)
      const rawRate = (before.rate + after.rate) / 2
      results.push({ connection, count, app, rawRate, rawCpu: (before.cpuPerMessage + after.cpuPerMessage) / 2, sameSettingsRate: same?.rate, ratio: app.rate / rawRate, ratioSame: same ? app.rate / same.rate : null, warmRss: warm.rssEnd })
    }
    return results
  } finally {
    await messages.close()
    await worker.stop()
    await driver.stop()
    await sink.stop()
    rmSync(pidFile, { force: true })
    await drop(database)
  }
}

/* ---------------------------------------------------------------- campaign fan-out */

async function measureCampaign(connection) {
  const database = lastPassDatabase
  console.log(`\n== ${connection}, campaign fan-out to the e-mail-consenting customers of ${fmt(database.customers)}`)
  await obliterate(['messages'])
  const driver = await startDriver(database.env)
  try {
    const marks = [10_000, 100_000, 1_000_000]
    const result = await driver.call('campaign', { marks })
    for (const mark of result.marks) console.log(`  ${fmt(mark.fannedOut).padStart(9)} recipients after ${(mark.ms / 1000).toFixed(1).padStart(6)} s   RSS ${mb(mark.rss)}   heap used ${mb(mark.heap)}`)
    console.log(`  ${fmt(result.fannedOut)} deliveries in ${(result.ms / 1000).toFixed(1)} s (${fmt(result.fannedOut / (result.ms / 1000))}/s), RSS peak ${mb(result.peakRss)}`)
    return { connection, ...result }
  } finally {
    await driver.stop()
    await obliterate(['messages'])
    if (sendSizes.length === 0) await drop(database)
  }
}

/* ---------------------------------------------------------------- main */

const passResults = []
const sendResults = []
const campaignResults = []
try {
  for (const connection of values.db.split(',')) {
    lastPassDatabase = null
    for (const customers of sizes) passResults.push(...(await measurePasses(connection, customers)))
    if (values.campaign) campaignResults.push(await measureCampaign(connection))
    if (sendSizes.length > 0) sendResults.push(...(await measureSending(connection)))
  }
} finally {
  await obliterate(['messages', 'jobs', 'events', 'bench-bare-enqueue'])
  for (const database of [...databases.values()]) await drop(database).catch(() => {})
}

console.log(`\nDaily passes (medians of ${reps} days; rewards: ${reward}; one day each, marks cleared):`)
console.log(`  ${'db'.padEnd(6)} ${'customers'.padStart(9)}  ${'pass'.padEnd(24)} ${'matches'.padStart(7)}  ${'pass'.padStart(9)}  ${'query'.padStart(8)}  ${'enqueue'.padStart(8)}  ${'count(*)'.padStart(8)}  ${'pass/(q+e)'.padStart(10)}  ${'pass/count'.padStart(10)}  ${'q/count'.padStart(7)}`)
for (const r of passResults) {
  console.log(
    `  ${r.connection.padEnd(6)} ${fmt(r.customers).padStart(9)}  ${r.label.padEnd(24)} ${fmt(r.matches).padStart(7)}  ${ms(r.passMs).padStart(9)}  ${ms(r.queryMs).padStart(8)}  ${ms(r.enqueueMs).padStart(8)}  ${ms(r.countMs).padStart(8)}  ${r.ratioBare.toFixed(1).padStart(10)}  ${r.ratioCount.toFixed(1).padStart(10)}  ${r.queryOverCount.toFixed(2).padStart(7)}`
  )
}
console.log('  targets: pass/(q+e) ≤ 3 (floor 10); q/count ≤ 0.3 (an index, not a scan); the pass should follow the matches, not the customers')
for (const connection of new Set(passResults.map((r) => r.connection))) {
  const rows = passResults.filter((r) => r.connection === connection && r.label === PASS_ROWS[2].label)
  if (rows.length > 1) {
    const [first, last] = [rows[0], rows[rows.length - 1]]
    console.log(`  ${connection}: ${fmt(first.customers)} → ${fmt(last.customers)} customers: matches ×${(last.matches / first.matches).toFixed(0)}, pass time ×${(last.passMs / first.passMs).toFixed(1)} (per match ${ms(first.passMs / first.matches)} → ${ms(last.passMs / last.matches)})`)
  }
}
if (campaignResults.length > 0) {
  console.log('\nCampaign fan-out (runCampaigns → firings, deliveries, id-only jobs; nothing sent):')
  for (const r of campaignResults) {
    const marks = r.marks.map((mark) => `${fmt(mark.count)}: ${mb(mark.rss)}`).join(' · ')
    console.log(`  ${r.connection.padEnd(6)} ${fmt(r.fannedOut).padStart(9)} recipients in ${(r.ms / 1000).toFixed(0)} s (${fmt(r.fannedOut / (r.ms / 1000))}/s) · RSS at ${marks} · peak ${mb(r.peakRss)}`)
  }
}
if (sendResults.length > 0) {
  console.log('\nSending e-mail (fireOccurrences → messages worker → pooled SMTP → local sink):')
  for (const r of sendResults) {
    console.log(
      `  ${r.connection.padEnd(6)} ${fmt(r.count).padStart(9)} recipients  app ${fmt(r.app.rate).padStart(5)} msg/s · raw ${fmt(r.rawRate).padStart(5)} msg/s · ratio ${r.ratio.toFixed(2)} (target ≥ 0.6)${r.ratioSame === null ? '' : ` · vs raw with the app's pool ${r.ratioSame.toFixed(2)}`} · CPU/msg app worker ${r.app.cpuPerMessage.toFixed(2)} ms, raw ${r.rawCpu.toFixed(2)} ms · fan-out ${fmt(r.app.fanRate)}/s · worker RSS end ${mb(r.app.rssEnd)} peak ${mb(r.app.rssPeak)} (after warm-up ${mb(r.warmRss)})`
    )
  }
}
