import { test } from '@japa/runner'
import CustomerActivity from '#customers/models/customer_activity'
import db from '@adonisjs/lucid/services/db'
import { audit } from '#shared/audit'
import { recordPurchase } from '#purchases/record_purchase'
import { createCustomer, createStore } from '#tests/helpers/factories'

/** The database itself refuses to rewrite history, whatever the ORM does. */
test.group('Append-only tables', () => {
  test('audit log rows can be neither updated nor deleted', async ({ assert }) => {
    const entry = await audit({ staffMemberId: null, action: 'test.append_only' })
    await assert.rejects(() => db.from('audit_logs').where('id', entry.id).update({ action: 'rewritten' }))
    await assert.rejects(() => db.from('audit_logs').where('id', entry.id).delete())
    const row = await db.from('audit_logs').where('id', entry.id).firstOrFail()
    assert.equal(row.action, 'test.append_only')
  })

  test('a purchase amount, store or time cannot be changed and a purchase cannot be deleted', async ({ assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { consents: { email_marketing: true } })
    const purchase = await recordPurchase({ store, customer, totalCents: 1234, source: 'till', lines: [{ sku: 'CAFE', name: 'Café', quantity: 2, unitPriceCents: 617 }] })
    await assert.rejects(() => db.from('purchases').where('id', purchase.id).update({ total_cents: 1 }))
    await assert.rejects(() => db.from('purchases').where('id', purchase.id).update({ occurred_at: '2000-01-01 00:00:00' }))
    await assert.rejects(() => db.from('purchases').where('id', purchase.id).delete())
    await assert.rejects(() => db.from('purchase_lines').where('purchase_id', purchase.id).update({ quantity: 9 }))
    const row = await db.from('purchases').where('id', purchase.id).firstOrFail()
    assert.equal(Number(row.total_cents), 1234)
  })

  test('a purchase can be unlinked from its customer (erasure keeps the amount)', async ({ assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    const purchase = await recordPurchase({ store, customer, totalCents: 500, source: 'api' })
    await db.from('purchases').where('id', purchase.id).update({ customer_id: null })
    const row = await db.from('purchases').where('id', purchase.id).firstOrFail()
    assert.isNull(row.customer_id)
    assert.equal(Number(row.total_cents), 500)
  })

  test('consent records can be neither updated nor deleted', async ({ assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { consents: { sms_marketing: true } })
    const record = await db.from('consent_records').where('customer_id', customer.id).firstOrFail()
    assert.equal(record.purpose, 'sms_marketing')
    await assert.rejects(() => db.from('consent_records').where('id', record.id).update({ decision: 'withdrawn' }))
    await assert.rejects(() => db.from('consent_records').where('id', record.id).delete())
  })

  test('a purchase of zero or negative cents is refused by the database', async ({ assert }) => {
    const store = await createStore()
    await assert.rejects(() => recordPurchase({ store, customer: null, totalCents: 0, source: 'api' }))
    await assert.rejects(() => recordPurchase({ store, customer: null, totalCents: -5, source: 'api' }))
  })

  test('recording a purchase updates the customer visit figures in the same transaction', async ({ assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    await recordPurchase({ store, customer, totalCents: 700, source: 'till' })
    await recordPurchase({ store, customer, totalCents: 300, source: 'till' })
    const activity = await CustomerActivity.findOrFail(customer.id)
    assert.equal(activity.totalSpentCents, 1000)
    assert.equal(activity.visitCount, 2)
    assert.isNotNull(activity.lastPurchaseAt)
    const events = await db.from('outbox_events').where('payload', 'like', `%${customer.publicId}%`).select('type')
    assert.deepEqual(events.map((e) => e.type).sort(), ['customer.enrolled', 'purchase.recorded', 'purchase.recorded'])
  })
})
