import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { newPublicId } from '#shared/public_id'
import { errorCodes, errorFields } from '../pos/pos_client.js'
import { loyaltyShop, pointsOnly } from './loyalty_shop.js'

async function shop(client: any, rules: ProgramRules = pointsOnly()) {
  const { store, customer, pos } = await loyaltyShop(client, rules)
  const buy = async (body: object) => {
    const response = await pos.purchase({ customer_id: customer.publicId, ...body })
    response.assertStatus(201)
    return response.body()
  }
  return { store, customer, pos, buy }
}

/** Cached balance, and the same rebuilt from the ledger (invariant 2). */
async function points(customerId: number) {
  const account = await db.from('loyalty_accounts').where('customer_id', customerId).first()
  const [{ s }] = await db.from('ledger_entries').where({ account_id: account.id, unit: 'points' }).sum('amount as s')
  return { cached: Number(account.points), ledger: Number(s) }
}

const coffee = (quantity: number) => ({ sku: 'CAFE', name: 'Café', quantity, unit_price_cents: 250, category: 'café' })

test.group('Loyalty: refunds reverse earnings once (R66)', () => {
  test('earn 100 on 100 €, refund 40 € → −40; same key replays; another key beyond the total is refused; the rest → 0', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client)
    const sale = await buy({ total_cents: 10_000 })
    assert.equal(sale.earned.points, 100)
    const key = randomUUID()
    const first = await pos.refund(sale.purchase_id, { amount_cents: 4000 }, key)
    first.assertStatus(201)
    assert.deepEqual(first.body().reversed, { points: 40, stamps: 0, cashback_cents: 0 })
    assert.equal(first.body().balances.points, 60)
    assert.equal(first.body().remaining_cents, 6000)
    const replay = await pos.refund(sale.purchase_id, { amount_cents: 4000 }, key)
    assert.equal(replay.text(), first.text())
    assert.equal(replay.header('idempotent-replayed'), 'true')
    const beyond = await pos.refund(sale.purchase_id, { amount_cents: 6001 })
    beyond.assertStatus(409)
    assert.deepEqual(errorCodes(beyond.body()), ['E_REFUND_EXCEEDS_PURCHASE'])
    const rest = await pos.refund(sale.purchase_id, { amount_cents: 6000 })
    rest.assertStatus(201)
    assert.equal(rest.body().reversed.points, 60)
    const more = await pos.refund(sale.purchase_id, { amount_cents: 1 })
    assert.deepEqual(errorCodes(more.body()), ['E_REFUND_EXCEEDS_PURCHASE'])
    assert.deepEqual(await points(customer.id), { cached: 0, ledger: 0 })
    const purchase = await db.from('purchases').where('public_id', sale.purchase_id).first()
    assert.lengthOf(await db.from('refunds').where('purchase_id', purchase.id), 2)
    const events = await db.from('outbox_events').where('type', 'refund.recorded').whereILike('payload', `%${sale.purchase_id}%`)
    assert.lengthOf(events, 2)
  })

  test('points that expired unspent are not taken back a second time: a late refund leaves no debt', async ({ client, assert }) => {
    const rules = { ...pointsOnly(), points: { ...pointsOnly().points!, validity_months: 1 } }
    const { customer, pos, buy } = await shop(client, rules)
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    const old = await buy({ total_cents: 10_000, occurred_at: longAgo })
    const recent = await buy({ total_cents: 3_000 })
    assert.equal(recent.balances.points, 30, 'the old sale’s 100 points expired at this sale')
    const refund = await pos.refund(old.purchase_id, { amount_cents: 10_000 })
    refund.assertStatus(201)
    assert.deepEqual(refund.body().reversed, { points: 0, stamps: 0, cashback_cents: 0 })
    assert.equal(refund.body().balances.points, 30)
    const half = await pos.refund(recent.purchase_id, { amount_cents: 1_500 })
    assert.equal(half.body().reversed.points, 15, 'unexpired earnings are reversed as usual')
    assert.deepEqual(await points(customer.id), { cached: 15, ledger: 15 })
  })

  test('cumulative rounding: three thirds of a 99,99 € sale reverse exactly the 99 points earned', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client)
    const sale = await buy({ total_cents: 9999 })
    const reversed = []
    for (const amount of [3333, 3333, 3333]) reversed.push((await pos.refund(sale.purchase_id, { amount_cents: amount })).body().reversed.points)
    assert.deepEqual(reversed, [33, 33, 33])
    assert.deepEqual(await points(customer.id), { cached: 0, ledger: 0 })
  })

  test('refund by lines: stamps of the refunded café lines, never beyond a line quantity, unknown line refused', async ({ client, assert }) => {
    const { pos, buy } = await shop(client, { ...demoRules(), tiers: null, automatic_rewards: [] })
    const sale = await buy({ total_cents: 1800, lines: [coffee(4), { sku: 'CROISSANT', name: 'Croissant', quantity: 2, unit_price_cents: 400 }] })
    assert.equal(sale.earned.stamps, 4)
    const first = await pos.refund(sale.purchase_id, { lines: [{ position: 1, quantity: 3 }] })
    first.assertStatus(201)
    assert.equal(first.body().amount_cents, 750)
    assert.deepEqual(first.body().lines, [{ position: 1, quantity: 3, amount_cents: 750 }])
    assert.equal(first.body().reversed.stamps, 3)
    assert.equal(first.body().reversed.points, 7)
    const tooMany = await pos.refund(sale.purchase_id, { lines: [{ position: 1, quantity: 2 }] })
    tooMany.assertStatus(409)
    assert.deepEqual(errorCodes(tooMany.body()), ['E_REFUND_EXCEEDS_LINE'])
    const unknown = await pos.refund(sale.purchase_id, { lines: [{ position: 3, quantity: 1 }] })
    assert.deepEqual(errorFields(unknown.body()), ['lines.0.position'])
    const rest = await pos.refund(sale.purchase_id, { lines: [{ position: 1, quantity: 1 }, { position: 2, quantity: 2 }] })
    rest.assertStatus(201)
    assert.equal(rest.body().remaining_cents, 0)
    assert.deepEqual(rest.body().balances, { points: 0, stamps: 0, cashback_cents: 0 })
  })

  test('refund of a sale paid with a voucher: the voucher comes back once, earnings reversed once', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client, demoRules())
    const voucher = (await buy({ total_cents: 10_000 })).rewards_issued[0]
    const sale = await buy({ total_cents: 2000 })
    ;(await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code, total_cents: 2000, purchase_id: sale.purchase_id })).assertStatus(201)
    const refund = await pos.refund(sale.purchase_id, { amount_cents: 2000 })
    refund.assertStatus(201)
    assert.lengthOf(refund.body().restored_redemptions, 1)
    assert.equal(refund.body().reversed.points, 20)
    const row = await db.from('vouchers').where('code', voucher.code).first()
    assert.equal(row.status, 'issued')
    const redemption = await db.from('redemptions').where('public_id', refund.body().restored_redemptions[0]).first()
    assert.equal(redemption.status, 'reversed')
    const lookup = await pos.lookup({ card: customer.cardCode })
    assert.deepEqual(lookup.body().vouchers.map((usable: any) => usable.code), [voucher.code])
    ;(await pos.refund(sale.purchase_id, { amount_cents: 1 })).assertStatus(409)
    ;(await pos.redeem({ customer_id: customer.publicId, voucher_code: voucher.code })).assertStatus(201)
  })

  test('refund of a sale paid with points: points re-credited once (lot by lot), balance never drops twice', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client)
    await buy({ total_cents: 9000 })
    const sale = await buy({ total_cents: 1000 })
    // The 100 points take both lots: 90 from the first sale, 10 from this one.
    const paid = await pos.redeem({ customer_id: customer.publicId, points: 100, total_cents: 1000, purchase_id: sale.purchase_id })
    paid.assertStatus(201)
    assert.equal(paid.body().balances.points, 0)
    const key = randomUUID()
    const refund = await pos.refund(sale.purchase_id, { amount_cents: 1000 }, key)
    refund.assertStatus(201)
    assert.equal(refund.body().reversed.points, 10)
    assert.equal(refund.body().balances.points, 90)
    assert.equal((await pos.refund(sale.purchase_id, { amount_cents: 1000 }, key)).text(), refund.text())
    assert.deepEqual(await points(customer.id), { cached: 90, ledger: 90 })
    const account = await db.from('loyalty_accounts').where('customer_id', customer.id).first()
    assert.lengthOf(await db.from('ledger_open_items').where({ account_id: account.id, side: 'debt' }), 0)
    const credits = await db.from('ledger_entries').where({ cause_type: 'redemption', cause_id: paid.body().redemption_id, kind: 'reverse' })
    assert.deepEqual(credits.map((entry) => Number(entry.amount)).sort((a, b) => a - b), [10, 90])
    assert.isTrue(credits.every((entry) => entry.kind === 'reverse' && entry.expires_at !== null))
  })

  test('refund after the points were spent: a debt, paid by the next earnings', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client)
    const sale = await buy({ total_cents: 10_000 })
    ;(await pos.redeem({ customer_id: customer.publicId, points: 100 })).assertStatus(201)
    const refund = await pos.refund(sale.purchase_id, { amount_cents: 10_000 })
    assert.equal(refund.body().balances.points, -100)
    assert.lengthOf(refund.body().restored_redemptions, 0)
    const next = await buy({ total_cents: 3000 })
    assert.equal(next.balances.points, -70)
    assert.deepEqual(await points(customer.id), { cached: -70, ledger: -70 })
    const account = await db.from('loyalty_accounts').where('customer_id', customer.id).first()
    const debts = await db.from('ledger_open_items').where({ account_id: account.id, side: 'debt' })
    assert.deepEqual(debts.map((debt) => Number(debt.remaining)), [70])
    const poor = await pos.redeem({ customer_id: customer.publicId, points: 1 })
    assert.deepEqual(errorCodes(poor.body()), ['E_INSUFFICIENT_BALANCE'])
  })

  test('parallel refunds of one sale with different keys never exceed the sale', async ({ client, assert }) => {
    const { customer, pos, buy } = await shop(client)
    const sale = await buy({ total_cents: 10_000 })
    const answers = await Promise.all(Array.from({ length: 10 }, () => pos.refund(sale.purchase_id, { amount_cents: 3000 })))
    assert.equal(answers.filter((answer) => answer.status() === 201).length, 3)
    assert.deepEqual(await points(customer.id), { cached: 10, ledger: 10 })
  })

  test('malformed, oversized or ambiguous bodies, unknown or foreign purchases: 4xx, nothing stored', async ({ client, assert }) => {
    const { pos, buy } = await shop(client)
    const sale = await buy({ total_cents: 1000 })
    const cases: Array<[unknown, string]> = [
      [{}, 'amount_cents'],
      [{ amount_cents: 100, lines: [{ position: 1, quantity: 1 }] }, 'amount_cents'],
      [{ amount_cents: 0 }, 'amount_cents'],
      [{ amount_cents: 10.5 }, 'amount_cents'],
      [{ amount_cents: '100' }, 'amount_cents'],
      [{ lines: [] }, 'lines'],
      [{ lines: [{ position: 1, quantity: 1 }, { position: 1, quantity: 1 }] }, 'lines'],
      [{ lines: [{ position: 0, quantity: 1 }] }, 'lines.0.position'],
      [{ lines: [{ position: 1, quantity: -2 }] }, 'lines.0.quantity'],
      [{ lines: Array.from({ length: 201 }, (_, i) => ({ position: i + 1, quantity: 1 })) }, 'lines'],
      [{ lines: 'all' }, 'lines'],
    ]
    for (const [body, field] of cases) {
      const response = await pos.refund(sale.purchase_id, body)
      assert.equal(response.status(), 422, JSON.stringify(body))
      assert.include(errorFields(response.body()), field, JSON.stringify(body))
    }
    ;(await pos.refund(newPublicId(), { amount_cents: 100 })).assertStatus(404)
    ;(await pos.refund("1' OR '1'='1", { amount_cents: 100 })).assertStatus(404)
    const elsewhere = await shop(client)
    const foreign = await elsewhere.pos.refund(sale.purchase_id, { amount_cents: 100 })
    foreign.assertStatus(404)
    const purchase = await db.from('purchases').where('public_id', sale.purchase_id).first()
    assert.lengthOf(await db.from('refunds').where('purchase_id', purchase.id), 0)
    const noKey = await pos.refund(sale.purchase_id, { amount_cents: 100 }, null)
    assert.deepEqual(errorCodes(noKey.body()), ['E_IDEMPOTENCY_KEY_REQUIRED'])
  })
})
