import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { newPublicId } from '#shared/public_id'
import { createCustomer } from '#tests/helpers/factories'
import { errorCodes, errorFields } from '../pos/pos_client.js'
import { coffee, loyaltyShop, pointsOnly } from './loyalty_shop.js'

const shop = (client: any) => loyaltyShop(client)

const giftCard = { sku: 'CARTE-CADEAU', name: 'Carte cadeau', quantity: 1, unit_price_cents: 2000, category: 'carte-cadeau' }

/** Row count of every table, and the content of the loyalty tables: the proof that nothing was written. */
async function snapshot() {
  const tables =
    db.connection().dialect.name === 'postgres'
      ? (await db.rawQuery(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`)).rows
      : await db.rawQuery(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
  const counts: Record<string, number> = {}
  for (const { name } of tables as Array<{ name: string }>) counts[name] = Number((await db.from(name).count('* as n'))[0].n)
  const loyalty = await Promise.all(['loyalty_accounts', 'ledger_open_items', 'vouchers', 'rewards'].map((table) => db.from(table).orderByRaw('1')))
  return { counts, loyalty: JSON.stringify(loyalty) }
}

test.group('Loyalty: preview of what a basket would earn', () => {
  test('per programme, line by line with French text, the tier used, the vouchers it would issue; nothing stored', async ({ client, assert }) => {
    const { program, customer, pos } = await shop(client)
    ;(await pos.purchase({ customer_id: customer.publicId, total_cents: 9000 })).assertStatus(201)
    const before = await snapshot()
    const response = await pos.preview({ customer_id: customer.publicId, total_cents: 3500, lines: [coffee(2), giftCard, { sku: 'TARTE', name: 'Tarte', quantity: 1, unit_price_cents: 1000 }] })
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(body.earned, { points: 15, stamps: 2, cashback_cents: 0 })
    assert.deepEqual(body.tier, { key: 'bronze', name: 'Bronze' })
    const [first] = body.programs
    assert.equal(first.program_id, program.publicId)
    assert.isTrue(first.member)
    assert.equal(first.eligible_cents, 1500)
    assert.deepEqual(first.balances_before, { points: 90, stamps: 0, cashback_cents: 0 })
    assert.deepEqual(
      first.lines.map((line: any) => [line.code, line.amount, line.text]),
      [
        ['excluded_line', 0, 'CARTE-CADEAU exclu des points (20,00 €)'],
        ['base', 15, '15 € éligibles × 1 pt/€ = 15 pts'],
        ['stamp_line', 2, 'CAFE : +2 tampons'],
      ]
    )
    assert.deepEqual(body.rewards_issued, [{ source: 'automatic', kind: 'amount', value_cents: 500, percent: null, product_label: null, validity_days: 60 }])
    assert.deepEqual(await snapshot(), before)
  })

  test('with two points thresholds, the preview issues what the sale then issues: each takes what the previous one left', async ({ client, assert }) => {
    const rules = { ...pointsOnly(), automatic_rewards: [
      { every_points: 50, voucher: { kind: 'amount' as const, value_cents: 200, validity_days: 30 } },
      { every_points: 100, voucher: { kind: 'amount' as const, value_cents: 500, validity_days: 30 } },
    ] }
    const { customer, pos } = await loyaltyShop(client, rules)
    const basket = { customer_id: customer.publicId, total_cents: 12_000 }
    const preview = (await pos.preview(basket)).body()
    const sale = (await pos.purchase(basket)).body()
    const terms = (vouchers: any[]) => vouchers.map((voucher) => voucher.value_cents)
    assert.deepEqual(terms(preview.rewards_issued), [200, 200])
    assert.deepEqual(terms(preview.rewards_issued), terms(sale.rewards_issued))
    assert.equal(sale.balances.points, 20)
  })

  test('the tier multiplier is explained; without a customer, what a new member would earn', async ({ client, assert }) => {
    const { customer, pos } = await shop(client)
    await pos.purchase({ customer_id: customer.publicId, total_cents: 30_000 })
    const argent = (await pos.preview({ card: customer.cardCode, total_cents: 1000 })).body()
    assert.deepEqual(argent.tier, { key: 'argent', name: 'Argent' })
    assert.equal(argent.earned.points, 12)
    assert.include(argent.programs[0].lines.map((line: any) => line.text), 'Statut Argent : × 1,25 → +2 pts')
    const anonymous = (await pos.preview({ total_cents: 1000 })).body()
    assert.isNull(anonymous.customer_id)
    assert.equal(anonymous.earned.points, 10)
    assert.isFalse(anonymous.programs[0].member)
  })

  test('bad input is refused field by field; an unknown customer is 404; no Idempotency-Key needed', async ({ client, assert }) => {
    const { store, pos } = await shop(client)
    for (const [body, field] of [
      [{}, 'total_cents'],
      [{ total_cents: -5 }, 'total_cents'],
      [{ total_cents: 1.5 }, 'total_cents'],
      [{ total_cents: 100, lines: [{ sku: 'X', name: 'X', quantity: 0, unit_price_cents: 1 }] }, 'lines.0.quantity'],
      [{ total_cents: 100, lines: 'x'.repeat(10_000) }, 'lines'],
      [{ total_cents: 100, card: '4111 1111 1111 1111' }, 'card'],
    ] as Array<[object, string]>) {
      const response = await pos.preview(body)
      assert.equal(response.status(), 422, JSON.stringify(body).slice(0, 80))
      assert.include(errorFields(response.body()), field)
    }
    const unknown = await pos.preview({ customer_id: newPublicId(), total_cents: 100 })
    assert.equal(unknown.status(), 404, unknown.text())
    unknown.assertStatus(404)
    assert.deepEqual(errorCodes(unknown.body()), ['E_CUSTOMER_NOT_FOUND'])
    ;(await pos.preview({ total_cents: 100, store: `${store.slug}-other` })).assertStatus(403)
    const other = await createCustomer(store)
    ;(await pos.preview({ customer_id: other.publicId, total_cents: 100 })).assertStatus(200)
  })
})
