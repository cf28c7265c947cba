import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { demoRules } from '#loyalty/program_rules'
import { createCustomer, createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'
import { coffee, loyaltyShop } from './loyalty_shop.js'

const shop = (client: any) => loyaltyShop(client)


test.group('Loyalty: earning on a purchase (demo programme)', () => {
  test('1 point per whole euro, stamps on café lines, balances and receipt lines in the answer', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    const response = await pos.purchase({ card: customer.cardCode, total_cents: 1299, lines: [coffee(2), { sku: 'CROISSANT', name: 'Croissant', quantity: 1, unit_price_cents: 799 }] })
    response.assertStatus(201)
    const body = response.body()
    assert.deepEqual(body.earned, { points: 12, stamps: 2, cashback_cents: 0 })
    assert.deepEqual(body.balances, { points: 12, stamps: 2, cashback_cents: 0 })
    assert.deepEqual(body.tier, { key: 'bronze', name: 'Bronze' })
    assert.include(body.receipt_lines, 'Points : +12 (solde 12)')
    assert.include(body.receipt_lines, 'Tampons : 2/9')
    assert.include(body.receipt_lines, 'Prochain bon dans 88 points')
  })

  test('crossing 100 points issues a 5 € voucher valid 60 days and consumes the 100 points', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    await pos.purchase({ card: customer.cardCode, total_cents: 9000 })
    const response = await pos.purchase({ card: customer.cardCode, total_cents: 1550 })
    const body = response.body()
    assert.equal(body.earned.points, 15)
    assert.equal(body.balances.points, 5)
    assert.lengthOf(body.rewards_issued, 1)
    const [voucher] = body.rewards_issued
    assert.equal(voucher.kind, 'amount')
    assert.equal(voucher.value_cents, 500)
    assert.match(voucher.code, /^[2-9A-HJKMNP-Z]{10}$/)
    const days = (new Date(voucher.expires_at).getTime() - Date.now()) / 86_400_000
    assert.isAbove(days, 60)
    assert.isBelow(days, 62)
    const events = await db.from('outbox_events').where('type', 'reward.issued').whereILike('payload', `%${voucher.id}%`)
    assert.lengthOf(events, 1)
    assert.notInclude(events[0].payload, customer.email ?? '@')
  })

  test('gift cards earn nothing; the tier multiplier applies from the next sale after reaching Argent', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    const gift = await pos.purchase({ card: customer.cardCode, total_cents: 5000, lines: [{ sku: 'CARTE-CADEAU', name: 'Carte cadeau', quantity: 1, unit_price_cents: 5000, category: 'carte-cadeau' }] })
    assert.equal(gift.body().earned.points, 0)
    const big = await pos.purchase({ card: customer.cardCode, total_cents: 25_000 })
    assert.equal(big.body().earned.points, 250)
    assert.deepEqual(big.body().tier, { key: 'argent', name: 'Argent' })
    const tierEvents = await db.from('outbox_events').where('type', 'tier.changed').whereILike('payload', `%${customer.publicId}%`)
    assert.lengthOf(tierEvents, 1)
    const next = await pos.purchase({ card: customer.cardCode, total_cents: 1099 })
    assert.equal(next.body().earned.points, 12)
  })

  test('a tier change and the balance it earns are both stored (one UPDATE of the account)', async ({ client, assert }) => {
    const store = await createStore()
    const rules = demoRules()
    rules.automatic_rewards = []
    rules.stamps = null
    await createProgram(store, rules)
    const { bearer } = await createPosToken(store)
    const customer = await createCustomer(store)
    const response = await posApi(client, bearer).purchase({ card: customer.cardCode, total_cents: 35_000 })
    assert.deepEqual(response.body().tier, { key: 'argent', name: 'Argent' })
    const [account] = await db.from('loyalty_accounts').where('customer_id', customer.id)
    assert.equal(account.tier, 'argent')
    assert.equal(Number(account.points), 350)
  })

  test('nine cafés fill the stamp card: a free-coffee voucher and the stamps consumed', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    await pos.purchase({ card: customer.cardCode, total_cents: 1500, lines: [coffee(6)] })
    const response = await pos.purchase({ card: customer.cardCode, total_cents: 1000, lines: [coffee(4)] })
    const body = response.body()
    assert.equal(body.balances.stamps, 1)
    const voucher = body.rewards_issued.find((issued: any) => issued.source === 'stamps')
    assert.equal(voucher.kind, 'product')
    assert.equal(voucher.product_label, 'Un café offert')
  })

  test('an anonymous sale and a store without programme earn nothing', async ({ client, assert }) => {
    const { pos } = await shop(client)
    const anonymous = await pos.purchase({ total_cents: 1000 })
    assert.deepEqual(anonymous.body().earned, { points: 0, stamps: 0, cashback_cents: 0 })
    assert.isNull(anonymous.body().balances)
    const bare = await createStore()
    const { bearer } = await createPosToken(bare)
    const someone = await createCustomer(bare)
    const response = await posApi(client, bearer).purchase({ card: someone.cardCode, total_cents: 1000 })
    assert.deepEqual(response.body().programs, [])
    assert.deepEqual(response.body().receipt_lines, [])
  })
})

test.group('Loyalty: concurrent sales of one customer', () => {
  test('20 parallel sales add up exactly: every point counted once, each 100 points one voucher', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    const responses = await Promise.all(Array.from({ length: 20 }, () => pos.purchase({ card: customer.cardCode, total_cents: 1400 })))
    for (const response of responses) response.assertStatus(201)
    // 20 × 14 points = 280 points (280 € of spend stays under Argent) → 2 vouchers of 100, 80 left.
    const vouchers = responses.flatMap((response) => response.body().rewards_issued)
    assert.lengthOf(vouchers, 2)
    const [account] = await db.from('loyalty_accounts').where('customer_id', customer.id)
    assert.equal(Number(account.points), 80)
    const [sum] = await db.from('ledger_entries').where('account_id', account.id).where('unit', 'points').sum('amount as total')
    assert.equal(Number(sum.total), 80)
    const balances = responses.map((response) => response.body().balances.points)
    assert.include(balances, 80, 'the last sale saw the final balance')
    assert.sameMembers(balances, [...new Set(balances)], 'no two sales saw the same balance')
  })
})
