import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { createProgram, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

test.group('Animations: birthday D-day', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('fires at the sending time in store time, with a voucher, once, whatever the number of ticks', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store)
    const animation = await createAnimation(store, 'birthday', { params: { send_at: '09:00' } })
    const marie = await customerWith(store, { firstName: 'Marie', birthDay: 14, birthMonth: 7 })
    const other = await customerWith(store, { birthDay: 15, birthMonth: 7 })

    // 14 July 2026, 08:59 in Paris (CEST, UTC+2): not yet.
    let report = await tickAndSend('2026-07-14T06:59:00Z')
    assert.lengthOf(await deliveriesOf(marie.id), 0)
    report = await tickAndSend('2026-07-14T07:00:00Z')
    const pass = report.passes.find((candidate) => candidate.animation === animation.name)!
    assert.include(pass, { day: '2026-07-14', fired: 1, deliveries: 1 })
    const [delivery] = await deliveriesOf(marie.id)
    assert.include(delivery, { status: 'sent', channel: 'email', occurrence_key: 'birthday:2026' })
    assert.lengthOf(await deliveriesOf(other.id), 0)

    const voucher = await db.from('vouchers').where('id', delivery.voucher_id).firstOrFail()
    assert.include(voucher, { source: 'animation', kind: 'product', status: 'issued', customer_id: marie.id })
    const [mail] = mailsTo(marie.email!)
    assert.equal(mail.parsed.subject, 'Joyeux anniversaire Marie ! Un cadeau vous attend')
    assert.include(mail.parsed.text!, voucher.code)
    assert.include(mail.parsed.html as string, voucher.code)

    // Ticks again the same day and the next: nothing more, no second voucher.
    await tickAndSend('2026-07-14T07:01:00Z')
    await tickAndSend('2026-07-14T15:00:00Z')
    assert.lengthOf(await deliveriesOf(marie.id), 1)
    assert.lengthOf(mailsTo(marie.email!), 1)
    const vouchers = await db.from('vouchers').where('customer_id', marie.id).where('source', 'animation')
    assert.lengthOf(vouchers, 1)
  })

  test('29 February is celebrated on 28 February in a common year, on the 29th in a leap year', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { params: { send_at: '10:00' } })
    const leapling = await customerWith(store, { birthDay: 29, birthMonth: 2 })
    const bornOn28 = await customerWith(store, { birthDay: 28, birthMonth: 2 })

    await tickAndSend('2027-02-28T09:00:00Z')
    assert.deepEqual((await deliveriesOf(leapling.id)).map((row) => row.occurrence_key), ['birthday:2027'])
    assert.deepEqual((await deliveriesOf(bornOn28.id)).map((row) => row.occurrence_key), ['birthday:2027'])
    await tickAndSend('2027-03-01T09:00:00Z')
    assert.lengthOf(await deliveriesOf(leapling.id), 1)

    // 2028 is a leap year: the 28th is not the leapling's day, the 29th is.
    await tickAndSend('2028-02-28T09:00:00Z')
    assert.lengthOf(await deliveriesOf(leapling.id), 1)
    await tickAndSend('2028-02-29T09:00:00Z')
    assert.deepEqual((await deliveriesOf(leapling.id)).map((row) => row.occurrence_key), ['birthday:2027', 'birthday:2028'])
  })

  test('the DST days of 2026 in Europe/Paris: the sending time is local, before and after the change', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { params: { send_at: '09:00' } })
    const spring = await customerWith(store, { birthDay: 29, birthMonth: 3 })
    const autumn = await customerWith(store, { birthDay: 25, birthMonth: 10 })

    // 29 March 2026: clocks go from 02:00 to 03:00; 09:00 is UTC+2, 07:00Z.
    await tickAndSend('2026-03-29T06:59:00Z')
    assert.lengthOf(await deliveriesOf(spring.id), 0)
    await tickAndSend('2026-03-29T07:00:00Z')
    assert.lengthOf(await deliveriesOf(spring.id), 1)
    // 25 October 2026: clocks go from 03:00 back to 02:00; 09:00 is UTC+1, 08:00Z.
    await tickAndSend('2026-10-25T07:59:00Z')
    assert.lengthOf(await deliveriesOf(autumn.id), 0)
    await tickAndSend('2026-10-25T08:00:00Z')
    assert.lengthOf(await deliveriesOf(autumn.id), 1)
  })

  test('never for a customer without consent: no message, though the voucher of the animation is given', async ({ assert }) => {
    const store = await createStore()
    await createProgram(store)
    await createAnimation(store, 'birthday')
    const silent = await customerWith(store, { birthDay: 3, birthMonth: 5, consents: {} })
    await tickAndSend('2026-05-03T12:00:00Z')
    const [delivery] = await deliveriesOf(silent.id)
    assert.include(delivery, { status: 'skipped', reason: 'no_consent' })
    assert.lengthOf(mailsTo(silent.email!), 0)
    assert.isNotNull(delivery.voucher_id)
  })

  test('without a reward, customers without consent are not even selected', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'birthday', { reward: null }, PRESETS.birthday_before.texts)
    const silent = await customerWith(store, { birthDay: 4, birthMonth: 5, consents: {} })
    const reachable = await customerWith(store, { birthDay: 4, birthMonth: 5 })
    await tickAndSend('2026-05-04T12:00:00Z')
    assert.lengthOf(await deliveriesOf(silent.id), 0)
    assert.lengthOf(await deliveriesOf(reachable.id), 1)
  })
})
