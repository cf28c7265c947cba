import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { onTierChanged } from '#animations/triggers/loyalty_triggers'
import { dbInstant, instantFromDb } from '#shared/db_time'
import { runAnimationsTick } from '#animations/tick'
import { sendDelivery } from '#messaging/send_delivery'
import { createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { deliverEverything } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import type Store from '#stores/models/store'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

/** A store with the demo programme (tiers, 100 points → 5 € voucher, 12-month points), a till and one customer. */
async function shop(client: any) {
  const store = await createStore({ name: 'Café Fidèle' })
  const program = await createProgram(store)
  const { bearer } = await createPosToken(store)
  const customer = await customerWith(store, { firstName: 'Nora' })
  return { store, program, customer, pos: posApi(client, bearer) }
}

/**
 * A tick at a future instant (vouchers and lots issued today end months
 * ahead): its deliveries are due then, so they are sent as at that instant.
 */
async function tickInFuture(at: DateTime, store: Store) {
  const when = at.toJSDate()
  await runAnimationsTick(when)
  const due = await db
    .from('deliveries as d')
    .join('customers as c', 'c.id', 'd.customer_id')
    .where('c.store_id', store.id)
    .where('d.status', 'queued')
    .where('d.due_at', '<=', dbInstant(when, db.connection().dialect.name))
    .select('d.id')
  for (const row of due) await sendDelivery(Number(row.id), { finalAttempt: false, at: when })
}

/** The last day a voucher or lot can be used, in Paris (validity ends at the next local midnight). */
const lastDay = (expiresAt: unknown) => DateTime.fromMillis(instantFromDb(expiresAt).getTime() - 1, { zone: 'Europe/Paris' }).startOf('day')

test.group('Animations on loyalty events: tier change, reward unlocked', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('a sale that reaches Argent congratulates once; a downgrade does not when only upgrades are asked', async ({ client, assert }) => {
    const { store, program, customer, pos } = await shop(client)
    await createAnimation(store, 'tier_change')
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 350_00 })).assertStatus(201)
    await deliverEverything()
    const mails = mailsTo(customer.email!)
    assert.lengthOf(mails, 1)
    assert.equal(mails[0].parsed.subject, 'Bravo Nora, vous passez Argent !')
    const [delivery] = await deliveriesOf(customer.id)
    assert.match(delivery.occurrence_key, /^tier:\d+$/)
    // The same event again (at-least-once delivery): nothing more. A downgrade: nothing.
    const eventId = Number(delivery.occurrence_key.split(':')[1])
    await onTierChanged({ eventId, customer_id: customer.publicId, program_id: program.publicId, from: 'bronze', to: 'argent' })
    await onTierChanged({ eventId: eventId + 100_000, customer_id: customer.publicId, program_id: program.publicId, from: 'argent', to: 'bronze' })
    await deliverEverything()
    assert.lengthOf(await deliveriesOf(customer.id), 1)
  })

  test('the automatic 5 € voucher is announced with its own code and last day', async ({ client, assert }) => {
    const { store, customer, pos } = await shop(client)
    await createAnimation(store, 'reward_unlocked')
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 105_00 })).assertStatus(201)
    await deliverEverything()
    const voucher = await db.from('vouchers').where('customer_id', customer.id).where('source', 'automatic').firstOrFail()
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.text!, voucher.code)
    assert.include(mail.parsed.text!, lastDay(voucher.expires_at).setLocale('fr-FR').toLocaleString(DateTime.DATE_FULL))
    const [delivery] = await deliveriesOf(customer.id)
    assert.equal(Number(delivery.voucher_id), Number(voucher.id))
    assert.equal(delivery.occurrence_key, `reward:${voucher.id}`)
  })
})

test.group('Animations: reminders before expiry, monthly reminder', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('a voucher still unused 7 days before its last day is recalled once; a used one is not', async ({ client, assert }) => {
    const { store, customer, pos } = await shop(client)
    await createAnimation(store, 'reward_expiry', { params: { days_before: 7, send_at: '10:00' } })
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 105_00 })).assertStatus(201)
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    const reminderDay = lastDay(voucher.expires_at).minus({ days: 7 })
    await tickInFuture(reminderDay.minus({ days: 1 }).set({ hour: 10 }), store)
    assert.lengthOf(await deliveriesOf(customer.id), 0)
    await tickInFuture(reminderDay.set({ hour: 10 }), store)
    await tickInFuture(reminderDay.set({ hour: 12 }), store)
    const deliveries = await deliveriesOf(customer.id)
    assert.deepEqual(deliveries.map((row) => row.occurrence_key), [`voucher_expiry:${voucher.public_id}`])
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.text!, voucher.code)
    assert.include(mail.parsed.text!, `valable jusqu'au ${lastDay(voucher.expires_at).setLocale('fr-FR').toLocaleString(DateTime.DATE_FULL)}`)

    const other = await customerWith(store)
    ;(await pos.purchase({ customer_id: other.publicId, total_cents: 105_00 })).assertStatus(201)
    const used = await db.from('vouchers').where('customer_id', other.id).firstOrFail()
    ;(await pos.redeem({ customer_id: other.publicId, voucher_code: used.code })).assertStatus(201)
    await tickInFuture(lastDay(used.expires_at).minus({ days: 7 }).set({ hour: 11 }), store)
    assert.lengthOf(await deliveriesOf(other.id), 0)
  })

  test('points that expire in 14 days: one reminder with how many and when', async ({ client, assert }) => {
    const { store, customer, pos } = await shop(client)
    await createAnimation(store, 'points_expiry', { params: { days_before: 14, send_at: '10:00' } })
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 42_00 })).assertStatus(201)
    const lot = await db.from('ledger_open_items as o').join('loyalty_accounts as a', 'a.id', 'o.account_id').where('a.customer_id', customer.id).where('o.unit', 'points').firstOrFail()
    const day = lastDay(lot.expires_at).minus({ days: 14 })
    await tickInFuture(day.set({ hour: 10, minute: 30 }), store)
    const [mail] = mailsTo(customer.email!)
    assert.equal(mail.parsed.subject, `42 points expirent le ${lastDay(lot.expires_at).setLocale('fr-FR').toLocaleString(DateTime.DATE_FULL)}`)
    await tickInFuture(day.plus({ days: 1 }).set({ hour: 10, minute: 30 }), store)
    assert.lengthOf(await deliveriesOf(customer.id), 1)
  })

  test('the monthly reminder on the 31st goes out on the 30th in November, once a month', async ({ assert }) => {
    const store = await createStore()
    await createAnimation(store, 'scheduled_reminder', { params: { day_of_month: 31, send_at: '10:00' } })
    const customer = await customerWith(store)
    await tickAndSend('2026-11-29T10:00:00Z')
    assert.lengthOf(await deliveriesOf(customer.id), 0)
    await tickAndSend('2026-11-30T10:00:00Z')
    await tickAndSend('2026-12-01T10:00:00Z')
    await tickAndSend('2026-12-31T10:00:00Z')
    assert.deepEqual((await deliveriesOf(customer.id)).map((row) => row.occurrence_key), ['reminder:2026-11', 'reminder:2026-12'])
  })
})
