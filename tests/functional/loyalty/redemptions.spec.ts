import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#shared/db_time'
import Reward from '#loyalty/models/reward'
import type { ProgramRules } from '#loyalty/program_rules'
import { newPublicId } from '#shared/public_id'
import { createCustomer, createStaff } from '#tests/helpers/factories'
import { errorCodes, errorFields } from '../pos/pos_client.js'
import { loyaltyShop, pointsOnly } from './loyalty_shop.js'

const shop = (client: any, rules?: ProgramRules) => loyaltyShop(client, rules)

const balanceOf = async (customerId: number) => {
  const row = await db.from('loyalty_accounts').where('customer_id', customerId).first()
  return { cached: Number(row.points), fromLedger: Number((await db.from('ledger_entries').where({ account_id: row.id, unit: 'points' }).sum('amount as s'))[0].s) }
}

async function createReward(programId: number, overrides: Partial<Reward> = {}) {
  return Reward.create({ publicId: newPublicId(), programId, name: 'Tote bag', kind: 'product', valueCents: 800, costPoints: 10, stock: null, perCustomerLimit: null, validityDays: 30, active: true, ...overrides })
}

test.group('Loyalty: redemptions at the till', () => {
  test('a voucher gives its discount (capped at the basket) once; replay identical, another key 409, gone from lookup', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    const voucher = (await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })).body().rewards_issued[0]
    const key = randomUUID()
    const first = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code.toLowerCase(), total_cents: 300 }, key)
    first.assertStatus(201)
    assert.equal(first.body().kind, 'voucher')
    assert.equal(first.body().discount_cents, 300)
    assert.equal(first.body().voucher.code, voucher.code)
    const replay = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code.toLowerCase(), total_cents: 300 }, key)
    assert.equal(replay.text(), first.text())
    const again = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })
    again.assertStatus(409)
    assert.deepEqual(errorCodes(again.body()), ['E_ALREADY_REDEEMED'])
    assert.lengthOf(await db.from('redemptions').where('customer_id', customer.id), 1)
    const row = await db.from('vouchers').where('code', voucher.code).first()
    assert.equal(row.status, 'redeemed')
    assert.isNotNull(row.redemption_id)
    const lookup = await pos.lookup({ card: customer.cardCode })
    assert.deepEqual(lookup.body().vouchers, [])
    const events = await db.from('outbox_events').where('type', 'redemption.recorded').whereILike('payload', `%${first.body().redemption_id}%`)
    assert.lengthOf(events, 1)
    assert.notInclude(events[0].payload, customer.email!)
  })

  test('50 parallel redemptions of one voucher (different keys): exactly one 201, the rest 409', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    const voucher = (await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })).body().rewards_issued[0]
    const answers = await Promise.all(Array.from({ length: 50 }, () => pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })))
    const statuses = answers.map((answer) => answer.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1)
    assert.equal(statuses.filter((status) => status === 409).length, 49)
    assert.lengthOf(await db.from('redemptions').where('customer_id', customer.id), 1)
  })

  test('balance 100, 50 parallel redemptions of 100 points: one success, final balance 0', async ({ client, assert }) => {
    const { customer, pos } = await shop(client, pointsOnly())
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })).assertStatus(201)
    const answers = await Promise.all(Array.from({ length: 50 }, () => pos.redeem({ customer_id: customer.publicId, points: 100 })))
    const ok = answers.filter((answer) => answer.status() === 201)
    assert.lengthOf(ok, 1)
    assert.equal(ok[0].body().discount_cents, 500)
    assert.deepEqual(ok[0].body().balances, { points: 0, stamps: 0, cashback_cents: 0 })
    assert.isTrue(answers.every((answer) => answer.status() === 201 || answer.status() === 409))
    assert.deepEqual(await balanceOf(customer.id), { cached: 0, fromLedger: 0 })
  })

  test('reward with stock 1 and ten customers at once: one winner, stock 0, only the winner debited', async ({ client, assert }) => {
    const { store, program, pos } = await shop(client, pointsOnly())
    const reward = await createReward(program.id, { stock: 1 })
    const customers = await Promise.all(Array.from({ length: 10 }, () => createCustomer(store)))
    for (const customer of customers) (await pos.purchase({ customer_id: customer.publicId, total_cents: 2000 })).assertStatus(201)
    const answers = await Promise.all(customers.map((customer) => pos.redeem({ customer_id: customer.publicId, reward_id: reward.publicId })))
    const winners = answers.filter((answer) => answer.status() === 201)
    assert.lengthOf(winners, 1)
    assert.deepEqual(answers.filter((answer) => answer.status() !== 201).flatMap((answer) => errorCodes(answer.body())), Array(9).fill('E_OUT_OF_STOCK'))
    const won = winners[0].body()
    assert.equal(won.kind, 'reward')
    assert.equal(won.product_label, 'Tote bag')
    assert.equal(won.balances.points, 10)
    assert.equal(won.voucher.source, 'shop')
    await reward.refresh()
    assert.equal(reward.stock, 0)
    const points = await db.from('loyalty_accounts').whereIn('customer_id', customers.map((customer) => customer.id)).select('points')
    assert.sameMembers(points.map((row) => Number(row.points)), [10, ...Array(9).fill(20)])
  })

  test('per-customer limit, balance too low, unknown reward: 409 / 404 with codes', async ({ client, assert }) => {
    const { program, customer, pos } = await shop(client, pointsOnly())
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 3000 })).assertStatus(201)
    const limited = await createReward(program.id, { perCustomerLimit: 1 })
    ;(await pos.redeem({ customer_id: customer.publicId, reward_id: limited.publicId })).assertStatus(201)
    const twice = await pos.redeem({ customer_id: customer.publicId, reward_id: limited.publicId })
    assert.deepEqual(errorCodes(twice.body()), ['E_LIMIT_REACHED'])
    const dear = await createReward(program.id, { costPoints: 1000 })
    const poor = await pos.redeem({ customer_id: customer.publicId, reward_id: dear.publicId })
    poor.assertStatus(409)
    assert.deepEqual(errorCodes(poor.body()), ['E_INSUFFICIENT_BALANCE'])
    const tooMany = await pos.redeem({ customer_id: customer.publicId, points: 21 })
    assert.deepEqual(errorCodes(tooMany.body()), ['E_INSUFFICIENT_BALANCE'])
    ;(await pos.redeem({ customer_id: customer.publicId, reward_id: newPublicId() })).assertStatus(404)
    assert.deepEqual(await balanceOf(customer.id), { cached: 20, fromLedger: 20 })
  })

  test("another customer's voucher is 404; an expired voucher 409; a percent voucher needs the basket", async ({ client, assert }) => {
    const { store, customer, pos } = await shop(client)
    const other = await createCustomer(store)
    const voucher = (await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })).body().rewards_issued[0]
    const stolen = await pos.redeem({ customer_id: other.publicId, voucher_code: voucher.code })
    stolen.assertStatus(404)
    assert.deepEqual(errorCodes(stolen.body()), ['E_VOUCHER_NOT_FOUND'])
    await db.from('vouchers').where('code', voucher.code).update({ expires_at: dbTimestamp(DateTime.utc().minus({ seconds: 1 })) })
    const expired = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })
    expired.assertStatus(409)
    assert.deepEqual(errorCodes(expired.body()), ['E_VOUCHER_EXPIRED'])
    await db.from('vouchers').where('code', voucher.code).update({ kind: 'percent', percent: 10, value_cents: null, expires_at: dbTimestamp(DateTime.utc().plus({ days: 1 })) })
    const noTotal = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })
    assert.deepEqual(errorFields(noTotal.body()), ['total_cents'])
    const percent = await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code, total_cents: 1999 })
    percent.assertStatus(201)
    assert.equal(percent.body().discount_cents, 199)
    assert.equal(percent.body().discount_percent, 10)
    ;(await pos.redeem({ customer_id: newPublicId(), points: 1 })).assertStatus(404)
  })

  test('malformed, oversized, hostile or ambiguous bodies: 4xx with field errors, nothing stored', async ({ client, assert }) => {
    const { customer, pos } = await shop(client, pointsOnly())
    const id = customer.publicId
    const cases: Array<[unknown, string]> = [
      [{}, 'customer_id'],
      [{ customer_id: id }, 'voucher_code'],
      [{ customer_id: id, points: 10, cashback_cents: 5 }, 'cashback_cents'],
      [{ customer_id: id, points: 1.5 }, 'points'],
      [{ customer_id: id, points: '10' }, 'points'],
      [{ customer_id: id, points: -1 }, 'points'],
      [{ customer_id: id, points: 1e12 }, 'points'],
      [{ customer_id: id, voucher_code: "'; DROP TABLE vouchers; --" }, 'voucher_code'],
      [{ customer_id: id, voucher_code: 'A'.repeat(5000) }, 'voucher_code'],
      [{ customer_id: '<script>', points: 1 }, 'customer_id'],
      [{ customer_id: id, reward_id: { $ne: null } }, 'reward_id'],
      [{ customer_id: id, points: 1, total_cents: 0 }, 'total_cents'],
      [{ customer_id: id, points: 1, purchase_id: 'x' }, 'purchase_id'],
    ]
    for (const [body, field] of cases) {
      const response = await pos.redeem(body)
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.include(errorFields(response.body()), field, JSON.stringify(body))
    }
    const noKey = await pos.redeem({ customer_id: id, points: 1 }, null)
    assert.deepEqual(errorCodes(noKey.body()), ['E_IDEMPOTENCY_KEY_REQUIRED'])
    const key = randomUUID()
    ;(await pos.redeem({ customer_id: id, points: 1 }, key)).assertStatus(409)
    const reused = await pos.redeem({ customer_id: id, points: 2 }, key)
    assert.deepEqual(errorCodes(reused.body()), ['E_IDEMPOTENCY_KEY_REUSED'])
    assert.lengthOf(await db.from('redemptions').where('customer_id', customer.id), 0)
  })

  test('points worth more than the basket are refused; points are worth point_value_cents each', async ({ client, assert }) => {
    const { customer, pos } = await shop(client, pointsOnly())
    await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })
    const over = await pos.redeem({ customer_id: customer.publicId, points: 100, total_cents: 499 })
    assert.deepEqual(errorCodes(over.body()), ['E_EXCEEDS_BASKET'])
    const ok = await pos.redeem({ customer_id: customer.publicId, points: 40, total_cents: 200 })
    ok.assertStatus(201)
    assert.equal(ok.body().discount_cents, 200)
    assert.equal(ok.body().balances.points, 60)
  })

  test('cashback: the cents themselves; more than the balance is refused; a programme without cashback says so', async ({ client, assert }) => {
    const { customer, pos } = await shop(client, { ...pointsOnly(), cashback: { rate_bp: 500, validity_months: null } })
    await pos.purchase({ customer_id: customer.publicId, total_cents: 10_000 })
    const ok = await pos.redeem({ customer_id: customer.publicId, cashback_cents: 300 })
    ok.assertStatus(201)
    assert.equal(ok.body().discount_cents, 300)
    assert.equal(ok.body().balances.cashback_cents, 200)
    assert.deepEqual(errorCodes((await pos.redeem({ customer_id: customer.publicId, cashback_cents: 201 })).body()), ['E_INSUFFICIENT_BALANCE'])
    const plain = await shop(client, pointsOnly())
    await plain.pos.purchase({ customer_id: plain.customer.publicId, total_cents: 1000 })
    assert.deepEqual(errorCodes((await plain.pos.redeem({ customer_id: plain.customer.publicId, cashback_cents: 1 })).body()), ['E_UNIT_NOT_OFFERED'])
  })

  test('a staff session cookie is refused on the POS routes (token only)', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    for (const path of ['/api/v1/redemptions', '/api/v1/purchases/preview', `/api/v1/purchases/${newPublicId()}/refunds`]) {
      const response = await client.post(path).json({ total_cents: 100 }).header('accept', 'application/json').loginAs(owner)
      assert.equal(response.status(), 401, path)
    }
  })
})
