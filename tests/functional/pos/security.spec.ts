import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import Store from '#stores/models/store'
import { setPosRateLimit } from '#pos/rate_limit'
import { redisIsReady } from '#shared/redis_ready'
import { createPosToken, createStore, uniqueEmail } from '#tests/helpers/factories'
import { startRedis, stopRedis } from '#tests/helpers/redis_server'
import { errorCodes, posApi } from './pos_client.js'
import { assertDocumented } from './openapi_helper.js'

async function api(client: any) {
  const store = await createStore()
  const { bearer, token } = await createPosToken(store)
  return { store, bearer, token, pos: posApi(client, bearer) }
}

/** A request with exactly these bytes (the API client would re-encode a string body). */
async function rawPost(path: string, bearer: string, contentType: string, body: string) {
  const url = `http://${process.env.HOST}:${process.env.PORT}${path}`
  const response = await fetch(url, { method: 'POST', body, headers: { 'Authorization': `Bearer ${bearer}`, 'Content-Type': contentType, 'Idempotency-Key': randomUUID() } })
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ code?: string }> } }
}

const countPurchases = async (storeId: number) => Number((await db.from('purchases').where('store_id', storeId).count('* as n'))[0].n)

test.group('POS API: tokens and scope', () => {
  test('no token, a wrong token or a revoked token answers 401 JSON', async ({ client, assert }) => {
    const { store, bearer, token } = await api(client)
    const anonymous = await client.get('/api/v1/customers/lookup').qs({ email: uniqueEmail() })
    anonymous.assertStatus(401)
    assertDocumented(anonymous, 'GET', '/customers/lookup')
    assert.deepEqual(errorCodes(anonymous.body()), ['E_UNAUTHORIZED'])
    const wrong = await posApi(client, `${bearer}x`).lookup({ email: uniqueEmail() })
    wrong.assertStatus(401)
    await Store.accessTokens.delete(store, token.identifier)
    const revoked = await posApi(client, bearer).purchase({ total_cents: 100 })
    revoked.assertStatus(401)
    assert.equal(await countPurchases(store.id), 0)
  })

  test("a token of store A cannot record a sale for store B (403)", async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const other = await createStore()
    const response = await pos.purchase({ total_cents: 100, store: other.slug })
    response.assertStatus(403)
    assert.deepEqual(errorCodes(response.body()), ['E_STORE_FORBIDDEN'])
    assert.equal(await countPurchases(other.id), 0)
    assert.equal(await countPurchases(store.id), 0)
  })

  test('beyond its rate limit a token gets 429 with Retry-After; other tokens are unaffected', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    setPosRateLimit(2)
    try {
      const statuses = []
      for (let i = 0; i < 8; i++) statuses.push((await pos.lookup({ email: uniqueEmail() })).status())
      assert.include(statuses, 429)
      const limited = await pos.lookup({ email: uniqueEmail() })
      limited.assertStatus(429)
      assert.isAtLeast(Number(limited.header('retry-after')), 1)
      const fresh = posApi(client, (await createPosToken(store, 'Till 9')).bearer)
      ;(await fresh.lookup({ email: uniqueEmail() })).assertStatus(404)
    } finally {
      setPosRateLimit(null)
    }
  })
})

test.group('POS API: Redis down', (group) => {
  group.each.teardown(async () => {
    await startRedis().catch(() => {})
    await redisIsReady(5000)
  })

  test('purchases still return 201 while Redis is stopped (rate limit counted in memory)', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    await stopRedis()
    for (let i = 0; i < 3; i++) (await pos.purchase({ total_cents: 100 + i })).assertStatus(201)
    assert.equal(await countPurchases(store.id), 3)
  })
})

test.group('POS API: hostile bodies', () => {
  test('card data anywhere in the body is refused with 422 E_CARD_DATA_REFUSED and nothing is stored', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const bodies = [
      { total_cents: 100, pan: '4111111111111111' },
      { total_cents: 100, CVV: '123' },
      { total_cents: 100, payment: { Card_Number: 'x' } },
      { total_cents: 100, lines: [{ sku: 'A', name: 'B', quantity: 1, unit_price_cents: 1, security_code: '1' }] },
      { total_cents: 100, meta: { 'track2': ';4111' } },
      { total_cents: 100, expiry: '12/29' },
      { total_cents: 100, reference: '4111 1111 1111 1111' },
      { total_cents: 100, note: '5500-0000-0000-0004' },
      { total_cents: 100, note: 4111111111111111 },
    ]
    const key = randomUUID()
    for (const body of bodies) {
      const response = await pos.purchase(body, key)
      response.assertStatus(422)
      assert.deepEqual(errorCodes(response.body()), ['E_CARD_DATA_REFUSED'], JSON.stringify(body))
      assert.notInclude(response.text(), '4111')
    }
    const enrol = await pos.enrol({ email: uniqueEmail(), first_name: '4111111111111111' })
    enrol.assertStatus(422)
    assert.equal(await countPurchases(store.id), 0)
    assert.lengthOf(await db.from('idempotency_keys').where('key', key), 0)
  })

  test('malformed JSON is 400, wrong content type 415, a 70 kb body 413, never 500', async ({ client, assert }) => {
    const { bearer, store } = await api(client)
    const post = (path: string) => client.post(path).bearerToken(bearer).header('Idempotency-Key', randomUUID())
    for (const path of ['/api/v1/purchases', '/api/v1/customers']) {
      const malformed = await rawPost(path, bearer, 'application/json', '{"total_cents": 1,,}')
      assert.equal(malformed.status, 400)
      assert.isArray(malformed.body.errors)
      const primitive = await rawPost(path, bearer, 'application/json', '"hello"')
      assert.include([400, 422], primitive.status)
      const text = await rawPost(path, bearer, 'text/plain', 'total_cents=100')
      assert.equal(text.status, 415)
      assert.deepEqual(errorCodes(text.body), ['E_UNSUPPORTED_MEDIA_TYPE'])
      const form = await post(path).form({ total_cents: '100', email: uniqueEmail() })
      form.assertStatus(415)
      const huge = await post(path).json({ total_cents: 100, email: uniqueEmail(), note: 'x'.repeat(70 * 1024) })
      huge.assertStatus(413)
      assert.isArray(huge.body().errors)
      const deep = await post(path).json(JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`))
      deep.assertStatus(422)
    }
    assert.equal(await countPurchases(store.id), 0)
  })

  test('the OpenAPI document is public and describes every POS route', async ({ client, assert }) => {
    const response = await client.get('/api/v1/openapi.json')
    response.assertStatus(200)
    assert.equal(response.body().openapi, '3.1.0')
    assert.containsSubset(Object.keys(response.body().paths), ['/customers', '/customers/lookup', '/customers/{id}', '/purchases'])
    assert.property(response.body().components.securitySchemes, 'bearer')
  })
})
