import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { refundPurchase } from '#loyalty/refund_purchase'
import { recalculateTiers } from '#loyalty/tier_pass'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { doneUntil, markDone } from '#shared/scheduler_marks'
import { write } from '#shared/sql_program'
import { createCustomer, createProgram, createStore } from '#tests/helpers/factories'

const MARK = 'loyalty.tiers'
const days = (n: number) => n * 24 * 3600 * 1000

async function shop(rules: ProgramRules = demoRules()) {
  const store = await createStore()
  const program = await createProgram(store, rules)
  const customer = await createCustomer(store)
  return { store, program, customer }
}

const accountOf = (customerId: number) => db.from('loyalty_accounts').where('customer_id', customerId).firstOrFail()
const tierEvents = async (publicId: string) => (await db.from('outbox_events').where('type', 'tier.changed').whereLike('payload', `%${publicId}%`)).map((event) => JSON.parse(event.payload))

test.group('Tier pass: downgrades as spend leaves the rolling 365 days', () => {
  test('a customer whose purchases leave the window goes down to the level still reached, once, with an event', async ({ assert }) => {
    const { store, customer } = await shop()
    const now = Date.now()
    await recordPurchase({ store, customer, totalCents: 35_000, source: 'till', occurredAt: new Date(now - days(363)) })
    await recordPurchase({ store, customer, totalCents: 5_000, source: 'till', occurredAt: new Date(now - days(10)) })
    assert.equal((await accountOf(customer.id)).tier, 'argent')

    await markDone(MARK, new Date(now))
    const until = new Date(now + days(3))
    const first = await recalculateTiers(until)
    assert.isAtLeast(first.changed, 1)
    assert.equal((await accountOf(customer.id)).tier, 'bronze')
    assert.deepInclude(await tierEvents(customer.publicId), { customer_id: customer.publicId, program_id: (await db.from('loyalty_programs').where('store_id', store.id).firstOrFail()).public_id, from: 'argent', to: 'bronze' })
    // The mark moves to `until` (SQLite keeps whole seconds).
    assert.approximately((await doneUntil(MARK))!.getTime(), until.getTime(), 1000)

    const events = (await tierEvents(customer.publicId)).length
    assert.deepEqual(await recalculateTiers(until), { customers: 0, changed: 0 }, 'a double run finds nothing new')
    await markDone(MARK, new Date(now))
    await recalculateTiers(until)
    assert.lengthOf(await tierEvents(customer.publicId), events, 'a tier already right is not changed again')
  })

  test('a floor set by staff holds; a refund since the last pass is caught up; other customers are not read', async ({ assert }) => {
    const { store, customer } = await shop()
    const floored = await createCustomer(store)
    const bystander = await createCustomer(store)
    const now = Date.now()
    await recordPurchase({ store, customer: floored, totalCents: 40_000, source: 'till', occurredAt: new Date(now - days(364)) })
    await db.from('loyalty_accounts').where('customer_id', floored.id).update({ tier_floor: 'argent' })
    const sale = await recordPurchase({ store, customer, totalCents: 40_000, source: 'till' })
    await recordPurchase({ store, customer: bystander, totalCents: 40_000, source: 'till' })
    assert.equal((await accountOf(customer.id)).tier, 'argent')

    await markDone(MARK, new Date(now - 1000))
    await write((dialect) => refundPurchase({ storeId: store.id, actor: { source: 'api', tokenId: 0 }, purchasePublicId: sale.publicId, amountCents: 20_000, lines: null }, dialect))
    const statements: string[] = []
    const listen = (query: { sql: string; bindings?: unknown[] }) => statements.push(`${query.sql} ${JSON.stringify(query.bindings ?? [])}`)
    db.connection().emitter.on('db:query', listen)
    try {
      await recalculateTiers(new Date(now + days(2)))
    } finally {
      db.connection().emitter.off('db:query', listen)
    }
    assert.equal((await accountOf(customer.id)).tier, 'bronze', 'refunded below the Argent threshold')
    assert.equal((await accountOf(floored.id)).tier, 'argent', 'the floor holds after the 400 € left the window')
    assert.equal((await accountOf(bystander.id)).tier, 'argent')
    const readCustomer = (id: number) => statements.some((text) => text.includes('FROM customers WHERE id = ?') && text.endsWith(`[${id}]`))
    assert.isTrue(readCustomer(floored.id), 'the pass settles the customers concerned')
    assert.isFalse(readCustomer(bystander.id), 'the pass never locks or reads a customer it has no reason to')
  })

  test('points-based tiers go down as earned points leave the window', async ({ assert }) => {
    const rules: ProgramRules = { ...demoRules(), automatic_rewards: [], tiers: { basis: 'points_365d', levels: [{ key: 'membre', name: 'Membre', threshold: 0, multiplier_pct: 100 }, { key: 'vip', name: 'VIP', threshold: 200, multiplier_pct: 100 }] } }
    const { store, customer } = await shop(rules)
    const now = DateTime.utc()
    await recordPurchase({ store, customer, totalCents: 25_000, source: 'till', occurredAt: now.minus({ days: 364 }).toJSDate() })
    assert.equal((await accountOf(customer.id)).tier, 'vip')
    await markDone(MARK, now.toJSDate())
    await recalculateTiers(now.plus({ days: 2 }).toJSDate())
    assert.equal((await accountOf(customer.id)).tier, 'membre')
  })
})
