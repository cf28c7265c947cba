import { test } from '@japa/runner'
import CustomerActivity from '#customers/models/customer_activity'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createPosToken, createStore, unique } from '#tests/helpers/factories'
import { errorCodes, posApi } from './pos_client.js'

async function api(client: any) {
  const store = await createStore()
  const { bearer } = await createPosToken(store)
  return { store, bearer, pos: posApi(client, bearer) }
}

const countPurchases = async (reference: string) => Number((await db.from('purchases').where('reference', reference).count('* as n'))[0].n)
const countByToken = async (storeId: number) => Number((await db.from('purchases').where('store_id', storeId).count('* as n'))[0].n)

test.group('POS API: idempotent purchases', () => {
  test('a retry with the same key replays the first answer byte for byte and records nothing more', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    const key = randomUUID()
    const body = { card: customer.cardCode, total_cents: 1234, reference: `R-${unique()}` }
    const first = await pos.purchase(body, key)
    first.assertStatus(201)
    for (let i = 0; i < 3; i++) {
      const again = await pos.purchase({ reference: body.reference, total_cents: 1234, card: customer.cardCode }, key)
      again.assertStatus(201)
      assert.equal(again.text(), first.text())
      assert.equal(again.header('idempotent-replayed'), 'true')
    }
    assert.equal(await countPurchases(body.reference), 1)
    assert.equal((await CustomerActivity.findOrFail(customer.id)).visitCount, 1)
  })

  test('errors are replayed too: a 404 stays a 404 for that key', async ({ client, assert }) => {
    const { pos } = await api(client)
    const key = randomUUID()
    const first = await pos.purchase({ card: '2345678923', total_cents: 100 }, key)
    first.assertStatus(404)
    const again = await pos.purchase({ card: '2345678923', total_cents: 100 }, key)
    again.assertStatus(404)
    assert.equal(again.text(), first.text())
  })

  test('the same key with a different body answers 422 E_IDEMPOTENCY_KEY_REUSED', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const key = randomUUID()
    ;(await pos.purchase({ total_cents: 100 }, key)).assertStatus(201)
    const reused = await pos.purchase({ total_cents: 101 }, key)
    reused.assertStatus(422)
    assert.deepEqual(errorCodes(reused.body()), ['E_IDEMPOTENCY_KEY_REUSED'])
    assert.equal(await countByToken(store.id), 1)
  })

  test('keys are scoped per token: another till may use the same key', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const other = posApi(client, (await createPosToken(store, 'Till 2')).bearer)
    const key = randomUUID()
    const a = await pos.purchase({ total_cents: 100 }, key)
    const b = await other.purchase({ total_cents: 100 }, key)
    assert.notEqual(a.body().purchase_id, b.body().purchase_id)
  })

  test('a missing or invalid Idempotency-Key answers 422 and records nothing', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    for (const key of [null, 'x'.repeat(256), 'with space', 'é']) {
      const response = await pos.purchase({ total_cents: 100 }, key)
      response.assertStatus(422)
      assert.deepEqual(errorCodes(response.body()), ['E_IDEMPOTENCY_KEY_REQUIRED'])
    }
    assert.equal(await countByToken(store.id), 0)
  })

  test('50 concurrent copies of one sale record exactly one purchase', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    const key = randomUUID()
    const reference = `C-${unique()}`
    const body = { customer_id: customer.publicId, total_cents: 990, reference }
    const responses = await Promise.all(Array.from({ length: 50 }, () => pos.purchase(body, key)))
    const created = responses.filter((response) => response.status() === 201)
    assert.isAbove(created.length, 0)
    for (const response of responses) {
      assert.include([201, 409], response.status())
      if (response.status() === 201) assert.equal(response.text(), created[0].text())
      else assert.deepEqual(errorCodes(response.body()), ['E_IDEMPOTENCY_IN_PROGRESS'])
    }
    assert.equal(await countPurchases(reference), 1)
    const events = await db.from('outbox_events').where('type', 'purchase.recorded').where('payload', 'like', `%${created[0].body().purchase_id}%`)
    assert.lengthOf(events, 1)
    assert.equal((await CustomerActivity.findOrFail(customer.id)).visitCount, 1)
  })

  test('50 concurrent sales with different keys and one reference record one purchase, the others get 409 with its id', async ({ client, assert }) => {
    const { pos } = await api(client)
    const reference = `D-${unique()}`
    const responses = await Promise.all(Array.from({ length: 50 }, () => pos.purchase({ total_cents: 990, reference })))
    const created = responses.filter((response) => response.status() === 201)
    assert.lengthOf(created, 1)
    for (const response of responses.filter((r) => r.status() !== 201)) {
      response.assertStatus(409)
      assert.equal(response.body().purchase_id, created[0].body().purchase_id)
    }
    assert.equal(await countPurchases(reference), 1)
  })

  test('a sale is one transaction: one commit and a handful of statements', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    const statements: string[] = []
    const listen = (query: { sql: string }) => statements.push(query.sql)
    const emitter = (await import('@adonisjs/core/services/emitter')).default
    emitter.on('db:query', listen)
    try {
      ;(await pos.purchase({ card: customer.cardCode, total_cents: 100 })).assertStatus(201)
    } finally {
      emitter.off('db:query', listen)
    }
    // Authentication (token and store) aside, the sale itself.
    const sale = statements.filter((sql) => !/pos_tokens|from [`"]stores[`"]/i.test(sql))
    assert.isAtMost(sale.length, 6, sale.join('\n'))
  })
})
