import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { instantFromDb } from '#shared/db_time'
import { createPosToken, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { deliverEverything } from '#tests/helpers/queues'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, sendAtAnyHour } from './animation_helpers.js'

test.group('Animations: welcome, from the enrolment event', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('an enrolment through the POS API sends the welcome e-mail once, through outbox, events and messages queues', async ({ client, assert }) => {
    const store = await createStore({ name: 'Café des Arts' })
    const { bearer } = await createPosToken(store)
    await createAnimation(store, 'welcome')
    const email = uniqueEmail('welcome')
    const enrolled = await posApi(client, bearer).enrol({ first_name: 'Léa', email, phone: uniquePhone(), consents: { email_marketing: true, sms_marketing: false } })
    enrolled.assertStatus(201)
    await deliverEverything()
    const mails = mailsTo(email)
    assert.lengthOf(mails, 1)
    assert.equal(mails[0].parsed.subject, 'Bienvenue chez Café des Arts, Léa !')
    assert.include(mails[0].parsed.text!, "Merci d'avoir rejoint le programme de fidélité de Café des Arts")
    // The event delivered again (BullMQ runs a job at least once): no second message.
    const customer = await db.from('customers').where('email', email).firstOrFail()
    const { onCustomerEnrolled } = await import('#animations/triggers/enrolment_trigger')
    await onCustomerEnrolled({ customer_id: customer.public_id })
    await deliverEverything()
    assert.lengthOf(mailsTo(email), 1)
    assert.lengthOf(await db.from('deliveries').where('customer_id', customer.id), 1)
  })

  test('without e-mail consent nothing is sent; with a delay the message waits', async ({ client, assert }) => {
    const store = await createStore()
    const { bearer } = await createPosToken(store)
    await createAnimation(store, 'welcome', { params: { delay_hours: 24 } })
    const pos = posApi(client, bearer)
    const refusing = uniqueEmail('noconsent')
    const waiting = uniqueEmail('delayed')
    ;(await pos.enrol({ email: refusing, consents: { email_marketing: false, sms_marketing: false } })).assertStatus(201)
    ;(await pos.enrol({ email: waiting, consents: { email_marketing: true, sms_marketing: false } })).assertStatus(201)
    await deliverEverything()
    assert.lengthOf(mailsTo(refusing), 0)
    assert.lengthOf(mailsTo(waiting), 0)
    const delayed = await db.from('deliveries as d').join('customers as c', 'c.id', 'd.customer_id').where('c.email', waiting).select('d.status', 'd.due_at').firstOrFail()
    assert.equal(delayed.status, 'queued')
    const due = instantFromDb(delayed.due_at)
    assert.approximately(due.getTime() - Date.now(), 24 * 3_600_000, 120_000)
  })
})
