import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { saveAnimation } from '#animations/save_animation'
import { runAnimationsTick } from '#animations/tick'
import { sweepDeliveries } from '#animations/sweep_deliveries'
import { sendDelivery } from '#messaging/send_delivery'
import { DEFAULT_SETTINGS } from '#messaging/messaging_settings'
import { QUEUES, queue } from '#shared/queue'
import { instantFromDb } from '#shared/db_time'
import { createStore } from '#tests/helpers/factories'
import { drainQueue } from '#tests/helpers/queues'
import { startRedis, stopRedis } from '#tests/helpers/redis_server'
import { clearRefusals, mailsTo, refuseNext, unsubscribeLinkOf } from '#tests/helpers/smtp_sink'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

const noVoucherTexts = PRESETS.birthday_before.texts

test.group('Sending: what must hold at the moment of sending', (group) => {
  group.each.setup(() => sendAtAnyHour())
  group.each.teardown(() => clearRefusals())

  test('the frequency cap counts every animation: the third message of the week is not sent', async ({ assert }) => {
    await sendAtAnyHour({ frequency_cap: { count: 2, days: 7 } })
    const store = await createStore()
    for (let i = 0; i < 3; i++) await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 6, birthMonth: 6 })
    await tickAndSend('2026-06-06T10:00:00Z')
    const deliveries = await deliveriesOf(customer.id)
    assert.sameMembers(deliveries.map((row) => `${row.status}:${row.reason ?? ''}`), ['sent:', 'sent:', 'skipped:frequency_cap'])
    assert.lengthOf(mailsTo(customer.email!), 2)
  })

  test('in quiet hours an e-mail is held to their end, store time, then sent', async ({ assert }) => {
    await sendAtAnyHour({ quiet_hours: { start: '21:00', end: '08:00' } })
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 7, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-07T08:00:00Z'))
    const [queued] = await deliveriesOf(customer.id)
    // 22:30 in Paris (CEST): held until 08:00 the next morning, 06:00Z.
    assert.equal(await sendDelivery(Number(queued.id), { finalAttempt: false, at: new Date('2026-06-07T20:30:00Z') }), 'held')
    const [held] = await deliveriesOf(customer.id)
    assert.include(held, { status: 'held', reason: 'quiet_hours' })
    assert.equal(instantFromDb(held.due_at).toISOString(), '2026-06-08T06:00:00.000Z')
    assert.equal(await sendDelivery(Number(queued.id), { finalAttempt: false, at: new Date('2026-06-08T05:59:00Z') }), 'nothing')
    assert.equal(await sendDelivery(Number(queued.id), { finalAttempt: false, at: new Date('2026-06-08T06:00:00Z') }), 'sent')
    assert.lengthOf(mailsTo(customer.email!), 1)
  })

  test('an SMS is held outside the French window: Sunday, a public holiday, after 20:00', async ({ assert }) => {
    await sendAtAnyHour({ quiet_hours: null, sms_window: DEFAULT_SETTINGS.sms_window })
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null, channels: ['sms'] }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 1, birthMonth: 5 })
    await runAnimationsTick(new Date('2026-05-01T08:00:00Z'))
    const [queued] = await deliveriesOf(customer.id)
    // Friday 1 May 2026 is a public holiday: held to Saturday 08:00 (06:00Z).
    assert.equal(await sendDelivery(Number(queued.id), { finalAttempt: false, at: new Date('2026-05-01T10:00:00Z') }), 'held')
    const [held] = await deliveriesOf(customer.id)
    assert.include(held, { status: 'held', reason: 'sms_window' })
    assert.equal(await sendDelivery(Number(queued.id), { finalAttempt: false, at: new Date('2026-05-02T06:00:00Z') }), 'sent')
    const sms = await db.from('dev_messages').where('channel', 'sms').where('recipient', customer.phoneE164!).firstOrFail()
    assert.match(sms.text, /^Store .+ : Votre anniversaire approche/)
    assert.include(sms.text, 'STOP SMS : répondez STOP')
  })

  test('an unsubscribe between enqueue and send stops the message', async ({ client, assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    await createAnimation(store, 'birthday_before', { params: { days_before: 1, send_at: '09:00' } })
    const customer = await customerWith(store, { birthDay: 9, birthMonth: 6 })
    // The day before: the D-1 message is sent, with its unsubscribe link.
    await tickAndSend('2026-06-08T09:00:00Z')
    const [first] = mailsTo(customer.email!)
    const link = unsubscribeLinkOf(first)
    // The birthday message is queued, then the customer clicks once in their mail client (RFC 8058).
    await runAnimationsTick(new Date('2026-06-09T09:00:00Z'))
    const oneClick = await client.post(new URL(link).pathname).form({ 'List-Unsubscribe': 'One-Click' })
    oneClick.assertStatus(200)
    await drainQueue(QUEUES.messages)
    const deliveries = await deliveriesOf(customer.id)
    assert.deepEqual(deliveries.map((row) => `${row.status}:${row.reason ?? ''}`), ['sent:', 'skipped:no_consent'])
    assert.lengthOf(mailsTo(customer.email!), 1)
    const consent = await db.from('consent_records').where('customer_id', customer.id).where('decision', 'withdrawn').firstOrFail()
    assert.include(consent, { purpose: 'email_marketing', source: 'unsubscribe' })
  })

  test('texts edited while messages are queued: the next message sends the new text, in every process (by version, not by time)', async ({ assert }) => {
    const store = await createStore()
    const animation = await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const first = await customerWith(store, { birthDay: 10, birthMonth: 6 })
    const second = await customerWith(store, { birthDay: 10, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-10T09:00:00Z'))
    const [firstDelivery] = await deliveriesOf(first.id)
    const [secondDelivery] = await deliveriesOf(second.id)
    assert.equal(await sendDelivery(Number(firstDelivery.id), { finalAttempt: false }), 'sent')
    const edited = structuredClone(noVoucherTexts)
    edited.email!.fr.subject = 'Nouveau sujet, {{ customer.first_name }} : {{ balance.points }} points'
    await saveAnimation({ name: animation.name, kind: 'birthday', storeId: store.id, status: 'active', config: animation.parsedConfig, texts: edited }, null, animation)
    assert.equal(await sendDelivery(Number(secondDelivery.id), { finalAttempt: false }), 'sent')
    assert.notMatch(mailsTo(first.email!)[0].parsed.subject!, /Nouveau sujet/)
    // The new text names the balance: it is read for this message (0 points, no programme here).
    assert.equal(mailsTo(second.email!)[0].parsed.subject, `Nouveau sujet, ${second.firstName} : 0 points`)
  })

  test('a temporary SMTP refusal is retried and sent once; a permanent one is recorded as failed', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const retried = await customerWith(store, { birthDay: 10, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-10T09:00:00Z'))
    const [delivery] = await deliveriesOf(retried.id)
    refuseNext(451)
    await assert.rejects(() => sendDelivery(Number(delivery.id), { finalAttempt: false }))
    assert.include((await deliveriesOf(retried.id))[0], { status: 'queued', reason: 'transport_error' })
    assert.equal(await sendDelivery(Number(delivery.id), { finalAttempt: false }), 'sent')
    assert.lengthOf(mailsTo(retried.email!), 1)

    const refused = await customerWith(store, { birthDay: 11, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-11T09:00:00Z'))
    const [other] = await deliveriesOf(refused.id)
    refuseNext(550)
    assert.equal(await sendDelivery(Number(other.id), { finalAttempt: false }), 'failed')
    assert.include((await deliveriesOf(refused.id))[0], { status: 'failed', reason: 'rejected' })
  })

  test('a worker that died while handing over: the delivery is marked interrupted, never sent again', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 12, birthMonth: 6 })
    await runAnimationsTick(new Date('2026-06-12T09:00:00Z'))
    const [delivery] = await deliveriesOf(customer.id)
    // What a crash leaves: claimed (sending) a quarter of an hour ago, never finished.
    await db.from('deliveries').where('id', delivery.id).update({ status: 'sending', updated_at: new Date(Date.now() - 15 * 60_000) })
    await drainQueue(QUEUES.messages)
    assert.lengthOf(mailsTo(customer.email!), 0)
    const sweep = await sweepDeliveries()
    assert.isAtLeast(sweep.interrupted, 1)
    assert.include((await deliveriesOf(customer.id))[0], { status: 'interrupted', reason: 'worker_stopped' })
    assert.equal(await sendDelivery(Number(delivery.id), { finalAttempt: false }), 'nothing')
    assert.lengthOf(mailsTo(customer.email!), 0)
  })

  test('Redis down during the tick: deliveries wait in the database, the sweep enqueues them once it is back', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
    const customer = await customerWith(store, { birthDay: 13, birthMonth: 6 })
    await stopRedis()
    try {
      await runAnimationsTick(new Date('2026-06-13T09:00:00Z'))
    } finally {
      await startRedis()
    }
    await queueAnswers()
    assert.include((await deliveriesOf(customer.id))[0], { status: 'queued' })
    const sweep = await sweepDeliveries(new Date(Date.now() + 3 * 60_000))
    assert.isAtLeast(sweep.requeued, 1)
    await drainQueue(QUEUES.messages)
    // Swept twice (a double tick): still one message.
    await sweepDeliveries(new Date(Date.now() + 3 * 60_000))
    await drainQueue(QUEUES.messages)
    assert.include((await deliveriesOf(customer.id))[0], { status: 'sent' })
    assert.lengthOf(mailsTo(customer.email!), 1)
  })
})

/** The producers reconnect on their own schedule after a Redis restart: wait until they answer. */
async function queueAnswers() {
  for (let i = 0; i < 100; i++) {
    try {
      await queue(QUEUES.messages).getJobCounts('waiting')
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  throw new Error('the messages queue did not answer after Redis restarted')
}
