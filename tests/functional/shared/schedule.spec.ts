import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { Queue } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import CustomerImport from '#customers/import/models/customer_import'
import { pruneIdempotencyKeys } from '#pos/prune_idempotency_keys'
import { requeueStuckImports } from '#customers/import/requeue_stuck_imports'
import { dbTimestamp } from '#shared/db_time'
import { newPublicId } from '#shared/public_id'
import { QUEUES, queuePrefix, redisConnection } from '#shared/queue'
import { createStore, unique } from '#tests/helpers/factories'

test.group('Scheduled housekeeping', () => {
  test('stored POS answers older than a week are pruned; recent and in-flight ones stay', async ({ assert }) => {
    const scope = `prune-${unique()}`
    const at = (days: number) => dbTimestamp(DateTime.utc().minus({ days }))
    await db.table('idempotency_keys').multiInsert([
      { scope, key: 'old-done', request_hash: 'h', state: 'done', response_status: 201, response_body: '{}', created_at: at(8) },
      { scope, key: 'recent-done', request_hash: 'h', state: 'done', response_status: 201, response_body: '{}', created_at: at(6) },
      { scope, key: 'old-processing', request_hash: 'h', state: 'processing', created_at: at(8) },
    ])
    await pruneIdempotencyKeys()
    const kept = await db.from('idempotency_keys').where('scope', scope).orderBy('key').select('key')
    assert.deepEqual(kept.map((row) => row.key), ['old-processing', 'recent-done'])
    await pruneIdempotencyKeys()
    assert.lengthOf(await db.from('idempotency_keys').where('scope', scope), 2)
  })

  test('an import left queued while Redis was down is enqueued again, once', async ({ assert }) => {
    const store = await createStore()
    const record = await CustomerImport.create({
      publicId: newPublicId(),
      storeId: store.id,
      fileName: 'clients.csv',
      fileHash: 'f'.repeat(64),
      mapping: {} as any,
      status: 'queued',
      createdAt: DateTime.utc().minus({ minutes: 10 }),
    })
    // The queue connection may still be reconnecting after a test that stopped Redis.
    let enqueued = 0
    for (let attempt = 0; attempt < 50 && enqueued === 0; attempt++) {
      enqueued = await requeueStuckImports()
      if (enqueued === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    assert.isAtLeast(enqueued, 1)
    await requeueStuckImports()
    const inspector = new Queue(QUEUES.jobs, { connection: redisConnection('worker'), prefix: queuePrefix() })
    try {
      const job = await inspector.getJob(`import-${record.publicId}`)
      assert.deepEqual(job?.data, { importId: record.id })
    } finally {
      await inspector.close()
    }
  })
})
