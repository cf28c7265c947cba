import { test } from '@japa/runner'
import Customer from '#customers/models/customer'
import ConsentRecord from '#customers/models/consent_record'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createPosToken, createProgram, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'
import { errorCodes, errorFields, posApi } from './pos_client.js'

async function api(client: any) {
  const store = await createStore()
  const { bearer } = await createPosToken(store)
  return { store, pos: posApi(client, bearer) }
}

test.group('POS API: enrolling a customer', () => {
  test('a customer enrolled with a French phone, e-mail, birthday and consents is stored normalised', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const phone = uniquePhone()
    const email = uniqueEmail('pos')
    const response = await pos.enrol({ phone: `0${phone.slice(3)}`, email: email.toUpperCase(), first_name: 'Léa', last_name: 'Martin', birthday: '1990-02-28', consents: { email_marketing: true, sms_marketing: false } })
    response.assertStatus(201)
    const body = response.body()
    assert.equal(body.phone, phone)
    assert.equal(body.email, email)
    assert.equal(body.birthday, '1990-02-28')
    assert.deepEqual(body.balances, { points: 0, stamps: 0, cashback_cents: 0 })
    assert.isNull(body.tier)
    assert.deepEqual(body.vouchers, [])
    const customer = await Customer.findByOrFail('publicId', body.id)
    assert.equal(customer.storeId, store.id)
    assert.equal(customer.source, 'api')
    const consents = await ConsentRecord.query().where('customerId', customer.id)
    assert.deepEqual(consents.map((c) => c.purpose), ['email_marketing'])
  })

  test('a birthday without year (--MM-DD) is accepted, 29 February included', async ({ client, assert }) => {
    const { pos } = await api(client)
    const response = await pos.enrol({ email: uniqueEmail(), birthday: '--02-29' })
    response.assertStatus(201)
    assert.equal(response.body().birthday, '--02-29')
  })

  test('a phone or e-mail already enrolled answers 409 with the existing id and changes nothing', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const existing = await createCustomer(store, { firstName: 'Original' })
    for (const body of [{ phone: existing.phoneE164, first_name: 'Other' }, { email: existing.email!.toUpperCase(), first_name: 'Other' }]) {
      const response = await pos.enrol(body)
      response.assertStatus(409)
      assert.equal(response.body().id, existing.publicId)
      assert.deepEqual(errorCodes(response.body()), ['E_CUSTOMER_EXISTS'])
    }
    await existing.refresh()
    assert.equal(existing.firstName, 'Original')
  })

  test('missing contact, invalid phone, bad e-mail, impossible birthday and wrong types are field errors', async ({ client, assert }) => {
    const { pos } = await api(client)
    const cases: Array<[unknown, string]> = [
      [{ first_name: 'Nobody' }, 'phone'],
      [{ phone: '12' }, 'phone'],
      [{ phone: 612345678 }, 'phone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: uniqueEmail(), birthday: '1990-02-30' }, 'birthday'],
      [{ email: uniqueEmail(), birthday: '2990-01-01' }, 'birthday'],
      [{ email: uniqueEmail(), birthday: '12/04/1990' }, 'birthday'],
      [{ email: uniqueEmail(), consents: { email_marketing: 'yes' } }, 'consents.email_marketing'],
      [{ email: uniqueEmail(), referral_code: 'x' }, 'referral_code'],
      [{ email: uniqueEmail(), first_name: 'x'.repeat(10_000) }, 'first_name'],
      [{ email: uniqueEmail(), first_name: ['Marie'] }, 'first_name'],
    ]
    for (const [body, field] of cases) {
      const response = await pos.enrol(body)
      response.assertStatus(422)
      assert.include(errorFields(response.body()), field, JSON.stringify(body).slice(0, 80))
    }
  })

  test('hostile strings are stored as plain text and returned as such', async ({ client, assert }) => {
    const { pos } = await api(client)
    const hostile = `Robert'); DROP TABLE customers;-- <script>alert(1)</script>`
    const response = await pos.enrol({ email: uniqueEmail(), last_name: hostile })
    response.assertStatus(201)
    assert.equal(response.body().last_name, hostile)
    assert.equal((await Customer.findByOrFail('publicId', response.body().id)).lastName, hostile)
  })
})

test.group('POS API: finding a customer', () => {
  test('lookup by phone (any format), e-mail (any case) or card answers the customer with zero balances', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    const queries: Array<Record<string, string>> = [{ phone: `0${customer.phoneE164!.slice(3)}` }, { email: customer.email!.toUpperCase() }, { card: customer.cardCode.toLowerCase() }]
    for (const query of queries) {
      const response = await pos.lookup(query)
      response.assertStatus(200)
      assert.equal(response.body().id, customer.publicId)
      assert.deepEqual(response.body().balances, { points: 0, stamps: 0, cashback_cents: 0 })
    }
  })

  test('lookup answers 404 for nobody and 422 for no, several or invalid identifiers', async ({ client, assert }) => {
    const { pos } = await api(client)
    ;(await pos.lookup({ email: uniqueEmail('nobody') })).assertStatus(404)
    ;(await pos.lookup({ phone: uniquePhone() })).assertStatus(404)
    for (const query of [{}, { phone: uniquePhone(), email: uniqueEmail() }, { phone: 'abc' }, { email: 'x@' }, { card: '<script>' }, { card: 'x'.repeat(10_000) }]) {
      const response = await pos.lookup(query as Record<string, string>)
      response.assertStatus(422)
      assert.isNotEmpty(response.body().errors)
    }
  })

  test('a customer by public id; 404 for unknown and malformed ids', async ({ client, assert }) => {
    const { store, pos } = await api(client)
    const customer = await createCustomer(store)
    const response = await pos.show(customer.publicId)
    response.assertStatus(200)
    assert.equal(response.body().card_code, customer.cardCode)
    for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'not-a-ulid', "1' OR '1'='1", '1']) {
      ;(await pos.show(id)).assertStatus(404)
    }
  })

  test("lookup and show answer the balances and tier of the store's first programme and the usable vouchers, in two queries", async ({ client, assert }) => {
    const { store, pos } = await api(client)
    await createProgram(store)
    const customer = await createCustomer(store)
    const sale = (await pos.purchase({ customer_id: customer.publicId, total_cents: 35_000, lines: [{ sku: 'CAFE', name: 'Café', quantity: 2, unit_price_cents: 250, category: 'café' }] })).body()
    const voucher = sale.rewards_issued[0]
    const queries: string[] = []
    const listener = (query: { sql: string }) => queries.push(query.sql)
    db.connection().emitter.on('db:query', listener)
    const found = await pos.lookup({ card: customer.cardCode })
    db.connection().emitter.off('db:query', listener)
    found.assertStatus(200)
    assert.deepEqual(found.body().balances, { points: 50, stamps: 2, cashback_cents: 0 })
    assert.deepEqual(found.body().tier, { key: 'argent', name: 'Argent' })
    assert.lengthOf(found.body().vouchers, 3)
    assert.deepEqual(Object.keys(found.body().vouchers[0]).sort(), ['code', 'expires_at', 'kind', 'percent', 'product_label', 'value_cents'])
    assert.include(found.body().vouchers.map((usable: { code: string }) => usable.code), voucher.code)
    assert.isAtMost(queries.filter((text) => /loyalty_|vouchers/.test(text)).length, 2)
    const shown = await pos.show(customer.publicId)
    assert.deepEqual(shown.body().balances, found.body().balances)
    const elsewhere = await api(client)
    const outside = await elsewhere.pos.show(customer.publicId)
    assert.deepEqual(outside.body().balances, { points: 0, stamps: 0, cashback_cents: 0 })
  })
})
