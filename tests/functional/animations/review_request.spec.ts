import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { sendDelivery } from '#messaging/send_delivery'
import { instantFromDb } from '#shared/db_time'
import { createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { deliverEverything } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour } from './animation_helpers.js'

test.group('Animations: review request', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('three hours after the second visit, once, with the store\'s review link', async ({ client, assert }) => {
    const store = await createStore({ name: 'Le Comptoir à Avis', reviewUrl: 'https://g.page/le-comptoir/review' })
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    await createAnimation(store, 'review_request', { params: { visit_number: 2, delay_hours: 3 } })
    const customer = await customerWith(store)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 400 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await deliveriesOf(customer.id), 0)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 650 })).assertStatus(201)
    await deliverEverything()
    const [delivery] = await deliveriesOf(customer.id)
    assert.include(delivery, { status: 'queued', occurrence_key: 'review' })
    const due = instantFromDb(delivery.due_at)
    assert.approximately(due.getTime() - Date.now(), 3 * 3_600_000, 120_000)
    assert.lengthOf(mailsTo(customer.email!), 0)
    assert.equal(await sendDelivery(Number(delivery.id), { finalAttempt: false, at: due }), 'sent')
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.html as string, '<a href="https://g.page/le-comptoir/review"')
    assert.include(mail.parsed.text!, 'donner mon avis (https://g.page/le-comptoir/review)')

    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 300 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await deliveriesOf(customer.id), 1)
  })

  test('a store without a review page asks nothing', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)
    await createAnimation(store, 'review_request', { params: { visit_number: 1, delay_hours: 0 } })
    const customer = await customerWith(store)
    ;(await posApi(client, bearer).purchase({ customer_id: customer.publicId, total_cents: 400 })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(await db.from('deliveries').where('customer_id', customer.id), 0)
  })
})
