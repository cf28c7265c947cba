import { spawn } from 'node:child_process'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { Worker, type Job } from 'bullmq'
import { PRESETS } from '#animations/presets'
import { runAnimationsTick } from '#animations/tick'
import { sweepDeliveries } from '#animations/sweep_deliveries'
import { QUEUES, queue, queuePrefix, redisConnection } from '#shared/queue'
import { jobHandlers } from '#start/jobs'
import { createStore } from '#tests/helpers/factories'
import { drainQueue } from '#tests/helpers/queues'
import { holdNextMailTo, mailsTo } from '#tests/helpers/smtp_sink'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour } from './animation_helpers.js'

/*
 * Real crashes: a separate worker process (tests/helpers/messages_worker_process.ts:
 * the production handlers on this run's database, Redis and queue prefix)
 * takes a delivery's job and is killed with SIGKILL, then a new worker and
 * the sweep take over. The customer must never get the message twice.
 */
const noVoucherTexts = PRESETS.birthday_before.texts

test.group('Sending: a worker process killed mid-way', (group) => {
  group.each.setup(() => sendAtAnyHour())
  group.each.timeout(40_000)

  test('killed while SMTP holds the message: left sending, not sent again by the retried job, then interrupted', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 20, birthMonth: 6 })
    // The sink keeps the message but does not answer its DATA: the worker is mid-send.
    const smtp = holdNextMailTo(customer.email!)
    await runAnimationsTick(new Date('2026-06-20T09:00:00Z'))
    const [delivery] = await deliveriesOf(customer.id)
    const worker = startWorkerProcess()
    let job: Job
    try {
      await worker.until(smtp.arrived, 'hand the message to the SMTP sink')
      job = await activeJobOf(delivery.id)
      await worker.kill()
    } finally {
      smtp.release()
      await worker.kill()
    }
    assert.include((await deliveriesOf(customer.id))[0], { status: 'sending' })
    assert.equal(await queue(QUEUES.messages).getJobState(job.id!), 'active')
    assert.lengthOf(mailsTo(customer.email!), 1)

    // BullMQ gives the job of the dead worker to a new one (at least once): it finds the delivery `sending` and sends nothing.
    const retried = await runNewWorkerUntilDone(job.id!)
    assert.equal(retried.stalledCounter, 1)
    assert.equal(await retried.getState(), 'completed')
    assert.include((await deliveriesOf(customer.id))[0], { status: 'sending' })
    assert.lengthOf(mailsTo(customer.email!), 1)

    // Ten minutes later the sweep marks it interrupted; nothing sends it again.
    const sweep = await sweepDeliveries(new Date(Date.now() + 11 * 60_000))
    assert.isAtLeast(sweep.interrupted, 1)
    assert.include((await deliveriesOf(customer.id))[0], { status: 'interrupted', reason: 'worker_stopped' })
    await drainQueue(QUEUES.messages)
    assert.include((await deliveriesOf(customer.id))[0], { status: 'interrupted', reason: 'worker_stopped' })
    // At most once: the one message the sink took before the crash.
    assert.lengthOf(mailsTo(customer.email!), 1)
  })

  test('killed after taking the job, before claiming the delivery: the stalled job runs again and sends exactly once', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 21, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-21T09:00:00Z'))
    const [delivery] = await deliveriesOf(customer.id)
    const postgres = db.connection().dialect.name === 'postgres'
    /*
     * Postgres: this test holds the delivery's row, so the worker is stopped
     * inside the claim's transaction (SELECT … FOR UPDATE). SQLite cannot stop
     * it there (its claim, a read then a write, fails at once with SQLITE_BUSY
     * instead of waiting when another process writes): the worker process
     * holds the job it took without running the handler.
     */
    const trx = postgres ? await db.transaction() : null
    const worker = startWorkerProcess(postgres ? {} : { CRASH_WORKER_HOLD: '1' })
    let job: Job
    try {
      if (trx) await trx.from('deliveries').where('id', delivery.id).forUpdate().firstOrFail()
      await worker.until(() => activeJobOf(delivery.id).then(() => true), 'take the job')
      if (trx) await worker.until(waitsForARowLock, 'wait for the delivery row')
      job = await activeJobOf(delivery.id)
      await worker.kill()
    } finally {
      await worker.kill()
      await trx?.rollback()
    }
    assert.include((await deliveriesOf(customer.id))[0], { status: 'queued' })
    assert.equal(await queue(QUEUES.messages).getJobState(job.id!), 'active')
    assert.lengthOf(mailsTo(customer.email!), 0)

    const retried = await runNewWorkerUntilDone(job.id!)
    assert.equal(retried.stalledCounter, 1)
    assert.equal(await retried.getState(), 'completed')
    assert.include((await deliveriesOf(customer.id))[0], { status: 'sent' })
    assert.lengthOf(mailsTo(customer.email!), 1)

    // A later sweep and drain change nothing: exactly once.
    await sweepDeliveries(new Date(Date.now() + 11 * 60_000))
    await drainQueue(QUEUES.messages)
    assert.include((await deliveriesOf(customer.id))[0], { status: 'sent' })
    assert.lengthOf(mailsTo(customer.email!), 1)
  })
})

/** The worker process, on this run's environment (database, Redis, queue prefix, SMTP sink). */
function startWorkerProcess(env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'ts-node-maintained/register/esm', 'tests/helpers/messages_worker_process.ts'], {
    cwd: app.makePath(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const alive = () => child.exitCode === null && child.signalCode === null
  return {
    /** Waits until `what` happened (a promise, or a check that passes), failing if the process exits first. */
    async until(check: Promise<unknown> | (() => Promise<boolean>), what: string, timeoutMs = 20_000) {
      const done = typeof check === 'function' ? eventually(check, timeoutMs) : check.then(() => true)
      const outcome = await Promise.race([done, exited.then(() => false), sleep(timeoutMs).then(() => false)])
      if (!outcome) throw new Error(`the worker process did not ${what} (${alive() ? 'timed out' : `exited ${child.exitCode}`}):\n${output}`)
    },
    async kill() {
      if (alive()) child.kill('SIGKILL')
      await exited
    },
  }
}

async function activeJobOf(deliveryId: number) {
  const jobs = await queue(QUEUES.messages).getJobs(['active'])
  const job = jobs.find((candidate) => Number(candidate.data.deliveryId) === Number(deliveryId))
  if (!job) throw new Error(`no active job for delivery ${deliveryId}`)
  return job
}

/** A session of this run's database waiting for a row lock (the worker, inside its claim). */
async function waitsForARowLock() {
  const { rows } = await db.rawQuery(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
  return Number(rows[0].n) > 0
}

/**
 * A new worker in this process, with the production handlers, until the
 * job has run again. It looks for stalled jobs every 250 ms (production:
 * 30 s); BullMQ lets one such check run per interval for the whole queue
 * (a throttle key, which other tests' workers set for 30 s): cleared so
 * that the check can run now.
 */
async function runNewWorkerUntilDone(jobId: string) {
  const producer = queue(QUEUES.messages)
  const connection = redisConnection('worker')
  await connection.del(producer.toKey('stalled-check'))
  const worker = new Worker(QUEUES.messages, (job) => jobHandlers[job.name](job.data, job), { connection, prefix: queuePrefix(), concurrency: 4, stalledInterval: 250 })
  worker.on('error', () => {})
  try {
    const done = await eventually(async () => ['completed', 'failed'].includes(await producer.getJobState(jobId)), 15_000)
    if (!done) throw new Error(`job ${jobId} did not run again (state ${await producer.getJobState(jobId)})`)
    return (await producer.getJob(jobId))!
  } finally {
    await worker.close()
    await connection.quit().catch(() => {})
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true
    await sleep(50)
  }
  return false
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
}
