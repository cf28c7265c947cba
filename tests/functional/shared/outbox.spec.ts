import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { Queue } from 'bullmq'
import OutboxEvent from '#shared/models/outbox_event'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { QUEUES, queuePrefix, redisConnection } from '#shared/queue'
import { startWorkers } from '#shared/workers'
import { eventSubscribers } from '#start/events'
import { createPosToken, createStore, unique, uniquePhone } from '#tests/helpers/factories'
import { startRedis, stopRedis } from '#tests/helpers/redis_server'
import { redisIsReady } from '#shared/redis_ready'

async function eventsMentioning(publicId: string) {
  return OutboxEvent.query().where('payload', 'like', `%${publicId}%`).orderBy('id')
}

async function dispatchUntilRedisAnswers() {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      return await dispatchPendingEvents()
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  throw new Error('the dispatcher never reached Redis again')
}

test.group('Outbox: Redis down never loses an event', (group) => {
  group.each.teardown(async () => {
    await startRedis().catch(() => {})
    await redisIsReady(5000)
  })

  test('enrolments and purchases succeed while Redis is stopped and their events are delivered once when it is back', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)

    await stopRedis()
    const enrolment = await client.post('/api/v1/customers').bearerToken(bearer).json({ phone: uniquePhone(), first_name: 'Hors', last_name: 'Ligne' })
    enrolment.assertStatus(201)
    const customerId = enrolment.body().id
    const purchase = await client
      .post('/api/v1/purchases')
      .bearerToken(bearer)
      .header('Idempotency-Key', unique())
      .json({ customer_id: customerId, total_cents: 1250 })
    purchase.assertStatus(201)

    const pending = await eventsMentioning(customerId)
    assert.deepEqual(pending.map((event) => event.type), ['customer.enrolled', 'purchase.recorded'])
    assert.isTrue(pending.every((event) => event.dispatchedAt === null))
    await assert.rejects(() => dispatchPendingEvents())
    assert.isTrue((await eventsMentioning(customerId)).every((event) => event.dispatchedAt === null))

    await startRedis()
    const delivered = new Map<number, number>()
    const subscriber = async (data: Record<string, any>) => {
      if (data.customer_id === customerId) delivered.set(data.eventId, (delivered.get(data.eventId) ?? 0) + 1)
    }
    for (const type of ['customer.enrolled', 'purchase.recorded']) (eventSubscribers[type] ??= []).push(subscriber)
    const stopWorkers = startWorkers()
    try {
      await dispatchUntilRedisAnswers()
      // A dispatcher that died after enqueueing but before marking re-adds the same job id.
      await db.from('outbox_events').where('id', Number(pending[1].id)).update({ dispatched_at: null })
      await dispatchPendingEvents()
      await waitFor(() => delivered.size === 2)
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      await stopWorkers()
      for (const type of ['customer.enrolled', 'purchase.recorded']) eventSubscribers[type] = eventSubscribers[type].filter((s) => s !== subscriber)
    }

    assert.deepEqual([...delivered.entries()].sort(), pending.map((event) => [Number(event.id), 1]))
    assert.isTrue((await eventsMentioning(customerId)).every((event) => event.dispatchedAt !== null))
  }).timeout(60_000)

  test('an event job carries ids only, never personal data', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)
    const phone = uniquePhone()
    const email = `outbox.${unique()}@example.test`
    const response = await client.post('/api/v1/customers').bearerToken(bearer).json({ phone, email, first_name: 'Privée' })
    response.assertStatus(201)
    const [event] = await eventsMentioning(response.body().id)
    await dispatchUntilRedisAnswers()
    const inspector = new Queue(QUEUES.events, { connection: redisConnection('worker'), prefix: queuePrefix() })
    try {
      const job = await inspector.getJob(`evt-${event.id}`)
      const serialized = JSON.stringify(job?.data ?? {})
      assert.include(serialized, response.body().id)
      assert.notInclude(serialized, phone)
      assert.notInclude(serialized, email)
      assert.notInclude(serialized, 'Privée')
    } finally {
      await inspector.close()
    }
  })
})

test.group('Health', (group) => {
  group.each.teardown(async () => {
    await startRedis().catch(() => {})
    await redisIsReady(5000)
  })

  test('reports db, redis and queue as ok when everything runs', async ({ client }) => {
    await dispatchUntilRedisAnswers()
    const response = await client.get('/health')
    response.assertStatus(200)
    response.assertBodyContains({ db: 'ok', redis: 'ok', queue: 'ok' })
  })

  test('answers 503 naming redis and queue when Redis is stopped', async ({ client }) => {
    await stopRedis()
    const response = await client.get('/health')
    response.assertStatus(503)
    response.assertBodyContains({ db: 'ok', redis: 'down', queue: 'down' })
  })
})

async function waitFor(check: () => boolean, timeoutMs = 15_000) {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
