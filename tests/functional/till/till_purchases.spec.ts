import { test } from '@japa/runner'
import CustomerActivity from '#customers/models/customer_activity'
import { ulid } from 'ulid'
import Purchase from '#purchases/models/purchase'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createProgram, createStaff, createStore } from '#tests/helpers/factories'

async function setup() {
  const store = await createStore()
  const cashier = await createStaff('cashier', { storeId: store.id })
  const customer = await createCustomer(store)
  return { store, cashier, customer }
}

test.group('Till: recording a purchase', () => {
  test('"12,50" is recorded as 1250 cents and the card shows the visit', async ({ client, assert }) => {
    const { store, cashier, customer } = await setup()
    const response = await client
      .post(`/till/customers/${customer.publicId}/purchases`)
      .form({ 'amount': '12,50', 'token': ulid(), 'lines[0][sku]': 'CAF-1', 'lines[0][name]': 'Café', 'lines[0][quantity]': '2', 'lines[0][unit_price]': '6.25' })
      .loginAs(cashier)
      .withCsrfToken()
    response.assertStatus(200)
    const purchases = await Purchase.query().where('customerId', customer.id).preload('lines')
    assert.lengthOf(purchases, 1)
    assert.equal(Number(purchases[0].totalCents), 1250)
    assert.equal(purchases[0].storeId, store.id)
    assert.equal(purchases[0].source, 'till')
    assert.equal(purchases[0].staffMemberId, cashier.id)
    assert.equal(purchases[0].lines[0].name, 'Café')
    assert.equal(Number(purchases[0].lines[0].unitPriceCents), 625)
    assert.include(response.text(), '12,50')
    assert.include(response.text(), 'Achat enregistré')
    assert.equal((await CustomerActivity.findOrFail(customer.id)).visitCount, 1)
  })

  test('a sale at the till earns through the programme: the message and the card show points, stamps and the voucher', async ({ client, assert }) => {
    const { store, cashier, customer } = await setup()
    await createProgram(store)
    const response = await client
      .post(`/till/customers/${customer.publicId}/purchases`)
      .form({ 'amount': '104,90', 'token': ulid(), 'lines[0][sku]': 'CAFE', 'lines[0][name]': 'Café', 'lines[0][quantity]': '2', 'lines[0][unit_price]': '2.50', 'lines[0][category]': 'café' })
      .loginAs(cashier)
      .withCsrfToken()
    response.assertStatus(200)
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    assert.include(response.text(), '+104 points')
    assert.include(response.text(), `Bon ${voucher.code} émis`)
    assert.include(response.text(), '4 points', 'the balance left after the voucher')
  })

  test('a double submit of the same form records one purchase', async ({ client, assert }) => {
    const { cashier, customer } = await setup()
    const token = ulid()
    const send = () => client.post(`/till/customers/${customer.publicId}/purchases`).form({ amount: '9.90', token }).loginAs(cashier).withCsrfToken().redirects(0)
    const [first, second] = await Promise.all([send(), send()])
    const third = await send()
    for (const response of [first, second, third]) assert.equal(response.status(), 302)
    assert.lengthOf(await Purchase.query().where('customerId', customer.id), 1)
    assert.equal((await CustomerActivity.findOrFail(customer.id)).visitCount, 1)
  })

  test('bad amounts are refused with a field error and nothing is stored', async ({ client, assert }) => {
    const { cashier, customer } = await setup()
    for (const amount of ['0', '-5', '0,00', '100000,01', '99999999', '12,345', 'abc', '12.5.0', '', '1e3']) {
      const response = await client
        .post(`/till/customers/${customer.publicId}/purchases`)
        .form({ amount, token: ulid() })
        .header('Referer', `/till/customers/${customer.publicId}`)
        .loginAs(cashier)
        .withCsrfToken()
      response.assertStatus(200)
      assert.include(response.text(), 'amount-error', amount)
    }
    const noToken = await client.post(`/till/customers/${customer.publicId}/purchases`).form({ amount: '5' }).loginAs(cashier).withCsrfToken().redirects(0)
    assert.equal(noToken.status(), 302)
    assert.lengthOf(await Purchase.query().where('customerId', customer.id), 0)
  })

  test('the largest allowed amount, 100 000 €, is accepted', async ({ client, assert }) => {
    const { cashier, customer } = await setup()
    await client.post(`/till/customers/${customer.publicId}/purchases`).form({ amount: '100 000,00', token: ulid() }).loginAs(cashier).withCsrfToken().redirects(0)
    const purchase = await Purchase.query().where('customerId', customer.id).firstOrFail()
    assert.equal(Number(purchase.totalCents), 10_000_000)
  })

  test('a purchase for an unknown customer is a 404', async ({ client }) => {
    const cashier = await createStaff('cashier')
    const response = await client.post(`/till/customers/${ulid()}/purchases`).form({ amount: '5', token: ulid() }).loginAs(cashier).withCsrfToken()
    response.assertStatus(404)
  })
})
