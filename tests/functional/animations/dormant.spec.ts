import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { formatMoney } from '#shared/format'
import { createCustomer, createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, deliveriesOf, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

test.group('Animations: dormant wake-up', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('N days after the last visit, once per dormancy episode; a visit re-arms it', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    await createAnimation(store, 'dormant', { params: { days: 60, send_at: '10:00' } })
    const paul = await createCustomer(store, { firstName: 'Paul', consents: { email_marketing: true } })
    const regular = await createCustomer(store, { consents: { email_marketing: true } })
    ;(await pos.purchase({ customer_id: paul.publicId, total_cents: 1200, occurred_at: '2026-01-10T11:00:00+01:00' })).assertStatus(201)
    ;(await pos.purchase({ customer_id: regular.publicId, total_cents: 900, occurred_at: '2026-01-11T11:00:00+01:00' })).assertStatus(201)

    // 11 March 2026 is the 60th day after 10 January: Paul only, at 10:00 Paris (09:00Z).
    await tickAndSend('2026-03-11T08:59:00Z')
    assert.lengthOf(await deliveriesOf(paul.id), 0)
    await tickAndSend('2026-03-11T09:00:00Z')
    const [first] = await deliveriesOf(paul.id)
    assert.include(first, { status: 'sent', occurrence_key: 'dormant:2026-01-10T10:00:00.000Z' })
    assert.lengthOf(await deliveriesOf(regular.id), 0)
    const voucher = await db.from('vouchers').where('id', first.voucher_id).firstOrFail()
    assert.include(voucher, { source: 'animation', kind: 'amount' })
    assert.equal(Number(voucher.value_cents), 300)
    assert.include(mailsTo(paul.email!)[0].parsed.text!, formatMoney(300, 'EUR', 'fr'))

    // The next days: still the same episode, nothing more.
    await tickAndSend('2026-03-12T09:00:00Z')
    await tickAndSend('2026-03-13T09:00:00Z')
    assert.lengthOf(await deliveriesOf(paul.id), 1)

    // He comes back on 20 March, then stays away 60 days again: a new episode.
    ;(await pos.purchase({ customer_id: paul.publicId, total_cents: 500, occurred_at: '2026-03-20T09:30:00+01:00' })).assertStatus(201)
    await tickAndSend('2026-05-19T08:00:00Z')
    assert.deepEqual((await deliveriesOf(paul.id)).map((row) => row.occurrence_key), ['dormant:2026-01-10T10:00:00.000Z', 'dormant:2026-03-20T08:30:00.000Z'])
    assert.lengthOf(mailsTo(paul.email!), 2)
  })

  test('a pass that missed days (downtime) catches up the last three, not more', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    await createAnimation(store, 'dormant', { params: { days: 30, send_at: '10:00' } })
    const customers = []
    for (const day of ['01', '02', '03', '04', '05']) {
      const customer = await createCustomer(store, { consents: { email_marketing: true } })
      ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 800, occurred_at: `2026-06-${day}T12:00:00+02:00` })).assertStatus(201)
      customers.push(customer)
    }
    // First pass on 1 July (30 days after 1 June), then nothing until 5 July.
    await tickAndSend('2026-07-01T09:00:00Z')
    const report = await tickAndSend('2026-07-05T09:00:00Z')
    assert.deepEqual(report.passes.filter((pass) => pass.store === store.slug).map((pass) => pass.day), ['2026-07-03', '2026-07-04', '2026-07-05'])
    const fired = await Promise.all(customers.map(async (customer) => (await deliveriesOf(customer.id)).length))
    assert.deepEqual(fired, [1, 0, 1, 1, 1])
  })
})
