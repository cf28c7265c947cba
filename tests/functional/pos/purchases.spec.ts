import { test } from '@japa/runner'
import CustomerActivity from '#customers/models/customer_activity'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Purchase from '#purchases/models/purchase'
import PurchaseLine from '#purchases/models/purchase_line'
import OutboxEvent from '#shared/models/outbox_event'
import { createCustomer, createPosToken, createStore, unique, uniquePhone } from '#tests/helpers/factories'
import { errorCodes, errorFields, posApi } from './pos_client.js'

async function api(client: any) {
  const store = await createStore()
  const { bearer, token } = await createPosToken(store)
  return { store, token, pos: posApi(client, bearer) }
}

const line = (overrides: object = {}) => ({ sku: 'CAF-01', name: 'Café', quantity: 2, unit_price_cents: 150, ...overrides })

test.group('POS API: recording a purchase', () => {
  test('a sale for a customer found by card is recorded once with its lines, visit and one purchase.recorded event', async ({ client, assert }) => {
    const { store, token, pos } = await api(client)
    const customer = await createCustomer(store)
    const response = await pos.purchase({ card: customer.cardCode, total_cents: 300, store: store.slug, reference: `T-${unique()}`, lines: [line()] })
    response.assertStatus(201)
    const body = response.body()
    assert.equal(body.customer_id, customer.publicId)
    assert.equal(body.store, store.slug)
    assert.deepEqual(body.earned, { points: 0, stamps: 0, cashback_cents: 0 })
    const purchase = await Purchase.findByOrFail('publicId', body.purchase_id)
    assert.equal(purchase.source, 'api')
    assert.equal(purchase.posTokenId, Number(token.identifier))
    assert.equal(Number(purchase.totalCents), 300)
    const lines = await PurchaseLine.query().where('purchaseId', purchase.id)
    assert.equal(lines.length, 1)
    assert.equal(Number(lines[0].totalCents), 300)
    assert.equal((await CustomerActivity.findOrFail(customer.id)).visitCount, 1)
    const events = await OutboxEvent.query().where('type', 'purchase.recorded').where('payload', 'like', `%${body.purchase_id}%`)
    assert.lengthOf(events, 1)
  })

  test('customer_id, phone or no identifier at all (anonymous sale) are accepted', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 100 })).assertStatus(201)
    const byPhone = await pos.purchase({ phone: `0${customer.phoneE164!.slice(3)}`, total_cents: 100 })
    assert.equal(byPhone.body().customer_id, customer.publicId)
    const anonymous = await pos.purchase({ total_cents: 100 })
    anonymous.assertStatus(201)
    assert.isNull(anonymous.body().customer_id)
    assert.isNull(anonymous.body().balances)
  })

  test('occurred_at with an offset is stored in UTC; future or year-old instants are refused', async ({ client, assert }) => {
    const { pos } = await api(client)
    const local = DateTime.utc().minus({ hours: 2 }).setZone('UTC+2').toISO()!
    const response = await pos.purchase({ total_cents: 100, occurred_at: local })
    response.assertStatus(201)
    assert.equal(DateTime.fromISO(response.body().occurred_at).toMillis(), DateTime.fromISO(local).startOf('second').toMillis())
    for (const occurred of [DateTime.utc().plus({ minutes: 10 }).toISO(), DateTime.utc().minus({ years: 1, days: 1 }).toISO(), '2024-01-01T10:00:00', 'yesterday']) {
      const refused = await pos.purchase({ total_cents: 100, occurred_at: occurred })
      refused.assertStatus(422)
      assert.include(errorFields(refused.body()), 'occurred_at', String(occurred))
    }
  })

  test('unknown customer identifiers answer 404; several identifiers 422', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    for (const body of [{ customer_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, { phone: uniquePhone() }, { card: '2345678923' }]) {
      const response = await pos.purchase({ ...body, total_cents: 100 })
      response.assertStatus(404)
      assert.deepEqual(errorCodes(response.body()), ['E_CUSTOMER_NOT_FOUND'])
    }
    const customer = await createCustomer(store)
    ;(await pos.purchase({ customer_id: customer.publicId, card: customer.cardCode, total_cents: 100 })).assertStatus(422)
  })

  test('the same store reference twice answers 409 with the first purchase id', async ({ client, assert }) => {
    const { pos } = await api(client)
    const reference = `REF-${unique()}`
    const first = await pos.purchase({ total_cents: 500, reference })
    const second = await pos.purchase({ total_cents: 500, reference })
    second.assertStatus(409)
    assert.equal(second.body().purchase_id, first.body().purchase_id)
    assert.deepEqual(errorCodes(second.body()), ['E_PURCHASE_EXISTS'])
    assert.equal(Number((await db.from('purchases').where('reference', reference).count('* as n'))[0].n), 1)
  })

  test('wrong types, missing fields, bounds and oversized input are field errors, never 500', async ({ client, assert }) => {
    const { pos } = await api(client)
    const cases: Array<[unknown, string]> = [
      [{}, 'total_cents'],
      [{ total_cents: '100' }, 'total_cents'],
      [{ total_cents: 0 }, 'total_cents'],
      [{ total_cents: -5 }, 'total_cents'],
      [{ total_cents: 1.5 }, 'total_cents'],
      [{ total_cents: 100_000_001 }, 'total_cents'],
      [{ total_cents: 100, reference: 'r'.repeat(65) }, 'reference'],
      [{ total_cents: 100, reference: 'x'.repeat(10_000) }, 'reference'],
      [{ total_cents: 100, customer_id: "1 OR 1=1; --" }, 'customer_id'],
      [{ total_cents: 100, lines: 'many' }, 'lines'],
      [{ total_cents: 100, lines: [line({ quantity: 0 })] }, 'lines.0.quantity'],
      [{ total_cents: 100, lines: [line({ unit_price_cents: -1 })] }, 'lines.0.unit_price_cents'],
      [{ total_cents: 100, lines: [{ sku: 'A' }] }, 'lines.0.name'],
      [{ total_cents: 100, lines: Array.from({ length: 201 }, () => line()) }, 'lines'],
    ]
    for (const [body, field] of cases) {
      const response = await pos.purchase(body)
      response.assertStatus(422)
      assert.include(errorFields(response.body()), field, JSON.stringify(body).slice(0, 100))
    }
  })

  test('a sale with 200 lines and hostile text is stored verbatim', async ({ client, assert }) => {
    const { pos } = await api(client)
    const hostile = `<script>alert('x')</script>'; DELETE FROM purchases; --`
    const lines = Array.from({ length: 200 }, (_, i) => line({ sku: `S${i}`, name: hostile.slice(0, 60) }))
    const response = await pos.purchase({ total_cents: 30_000, reference: hostile.slice(0, 64), lines })
    response.assertStatus(201)
    const purchase = await Purchase.findByOrFail('publicId', response.body().purchase_id)
    assert.equal(purchase.reference, hostile.slice(0, 64))
    assert.equal(Number((await db.from('purchase_lines').where('purchase_id', purchase.id).count('* as n'))[0].n), 200)
  })
})
