import { test } from '@japa/runner'
import { ulid } from 'ulid'
import db from '@adonisjs/lucid/services/db'
import Reward from '#loyalty/models/reward'
import { recordPurchase } from '#purchases/record_purchase'
import { pointsOnly } from '#tests/functional/loyalty/loyalty_shop'
import { createCustomer, createProgram, createStaff, createStore } from '#tests/helpers/factories'
import type { ProgramRules } from '#loyalty/program_rules'
import { demoRules } from '#loyalty/program_rules'

async function shop(rules: ProgramRules = demoRules()) {
  const store = await createStore()
  const program = await createProgram(store, rules)
  const cashier = await createStaff('cashier', { storeId: store.id })
  const customer = await createCustomer(store)
  return { store, program, cashier, customer }
}

const accountOf = (customerId: number) => db.from('loyalty_accounts').where('customer_id', customerId).firstOrFail()
const count = async (table: string, where: Record<string, unknown>) => Number((await db.from(table).where(where).count('* as n'))[0].n)

test.group('Till: redeeming a voucher, a reward, points or cashback', () => {
  test('a voucher on the card is used once: the discount to apply is told, a second submit replays it', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop()
    await recordPurchase({ store, customer, totalCents: 10_500, source: 'till' })
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    const card = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    assert.include(card.text(), `Utiliser le bon ${voucher.code}`)

    const token = ulid()
    const send = () => client.post(`/till/customers/${customer.publicId}/redemptions`).form({ token, voucher_code: voucher.code }).loginAs(cashier).withCsrfToken()
    const first = await send()
    first.assertStatus(200)
    assert.include(first.text(), 'Remise à appliquer en caisse : 5,00')
    const again = await send()
    assert.include(again.text(), 'Déjà appliqué')
    assert.equal(await count('redemptions', { customer_id: customer.id }), 1)
    const redemption = await db.from('redemptions').where('customer_id', customer.id).firstOrFail()
    assert.equal(redemption.source, 'till')
    assert.equal(redemption.staff_member_id, cashier.id)
    assert.isNull(redemption.pos_token_id)
    assert.equal((await db.from('vouchers').where('id', voucher.id).firstOrFail()).status, 'redeemed')

    const other = await client.post(`/till/customers/${customer.publicId}/redemptions`).form({ token: ulid(), voucher_code: voucher.code }).loginAs(cashier).withCsrfToken()
    assert.include(other.text(), 'Ce bon a déjà été utilisé')
    assert.notInclude(other.text(), `Utiliser le bon ${voucher.code}`)
  })

  test('paying with points takes them off the balance; more than held is refused and changes nothing', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop(pointsOnly())
    await recordPurchase({ store, customer, totalCents: 4_000, source: 'till' })
    const pay = (points: string) =>
      client.post(`/till/customers/${customer.publicId}/redemptions`).form({ token: ulid(), points, basket_total: '30' }).loginAs(cashier).withCsrfToken()
    const paid = await pay('30')
    assert.include(paid.text(), 'Remise à appliquer en caisse : 1,50')
    assert.include(paid.text(), 'Solde : 10 points')
    assert.equal(Number((await accountOf(customer.id)).points), 10)
    const refused = await pay('11')
    assert.include(refused.text(), 'Le solde ne suffit pas')
    assert.equal(Number((await accountOf(customer.id)).points), 10)
    assert.equal(await count('redemptions', { customer_id: customer.id }), 1)
  })

  test('a reward of the shop is exchanged for its points at the till', async ({ client, assert }) => {
    const { store, program, cashier, customer } = await shop(pointsOnly())
    const reward = await Reward.create({ programId: program.id, name: 'Croissant offert', kind: 'product', valueCents: 120, costPoints: 25, validityDays: 30, active: true })
    await recordPurchase({ store, customer, totalCents: 3_000, source: 'till' })
    const card = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    assert.include(card.text(), 'Échanger 25 points contre Croissant offert')
    const response = await client.post(`/till/customers/${customer.publicId}/redemptions`).form({ token: ulid(), reward_id: reward.publicId }).loginAs(cashier).withCsrfToken()
    assert.include(response.text(), 'À offrir : Croissant offert')
    assert.equal(Number((await accountOf(customer.id)).points), 5)
  })

  test('cashback pays in cents; two benefits at once, a bad amount or no CSRF token are refused with nothing stored', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop({ ...pointsOnly(), cashback: { rate_bp: 500, validity_months: null } })
    await recordPurchase({ store, customer, totalCents: 10_000, source: 'till' })
    const post = (form: Record<string, string>) => client.post(`/till/customers/${customer.publicId}/redemptions`).form({ token: ulid(), ...form }).loginAs(cashier)
    const paid = await post({ cashback: '2,50' }).withCsrfToken()
    assert.include(paid.text(), 'Remise à appliquer en caisse : 2,50')
    assert.equal(Number((await accountOf(customer.id)).cashback_cents), 250)
    assert.include((await post({ cashback: '1', points: '5' }).withCsrfToken()).text(), 'Choisissez un seul avantage')
    assert.include((await post({ cashback: '1,234' }).withCsrfToken()).text(), 'Montant de la cagnotte')
    assert.include((await post({ cashback: '<script>' }).withCsrfToken()).text(), 'Montant de la cagnotte')
    ;(await post({ cashback: '1' }).redirects(0)).assertStatus(403)
    assert.equal(await count('redemptions', { customer_id: customer.id }), 1)
    assert.equal(Number((await accountOf(customer.id)).cashback_cents), 250)
  })

  test('the card renders in English with its forms', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop()
    await recordPurchase({ store, customer, totalCents: 10_500, source: 'till' })
    const response = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier).header('accept-language', 'en')
    response.assertStatus(200)
    assert.include(response.text(), 'Pay with points')
    assert.include(response.text(), 'Refund everything')
  })
})

test.group('Till: refunding a purchase', () => {
  test('an amount takes back its share of the points; "everything" refunds the rest once, even sent twice', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop(pointsOnly())
    const purchase = await recordPurchase({ store, customer, totalCents: 10_000, source: 'till' })
    const card = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    assert.include(card.text(), `/till/purchases/${purchase.publicId}/refunds`)

    const partial = await client.post(`/till/purchases/${purchase.publicId}/refunds`).form({ token: ulid(), refund_amount: '40' }).loginAs(cashier).withCsrfToken()
    assert.include(partial.text(), 'Remboursement enregistré : 40,00')
    assert.include(partial.text(), 'Repris : 40 points')
    assert.equal(Number((await accountOf(customer.id)).points), 60)

    const token = ulid()
    const full = () => client.post(`/till/purchases/${purchase.publicId}/refunds`).form({ token, full: '1' }).loginAs(cashier).withCsrfToken()
    assert.include((await full()).text(), 'Remboursement enregistré : 60,00')
    assert.include((await full()).text(), 'Déjà enregistré')
    const refunds = await db.from('refunds').where('purchase_id', purchase.id)
    assert.deepEqual(refunds.map((refund) => Number(refund.amount_cents)).sort(), [4000, 6000])
    assert.isTrue(refunds.every((refund) => refund.source === 'till' && refund.staff_member_id === cashier.id))
    assert.equal(Number((await accountOf(customer.id)).points), 0)
    const done = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    assert.notInclude(done.text(), `/till/purchases/${purchase.publicId}/refunds`)
    assert.include((await client.post(`/till/purchases/${purchase.publicId}/refunds`).form({ token: ulid(), full: '1' }).loginAs(cashier).withCsrfToken()).text(), 'déjà remboursé')
  })

  test('more than the purchase, an amount and "everything" together, bad amounts: refused, nothing stored', async ({ client, assert }) => {
    const { store, cashier, customer } = await shop(pointsOnly())
    const purchase = await recordPurchase({ store, customer, totalCents: 2_000, source: 'till' })
    const refund = (form: Record<string, string>) => client.post(`/till/purchases/${purchase.publicId}/refunds`).form({ token: ulid(), ...form }).loginAs(cashier).withCsrfToken()
    assert.include((await refund({ refund_amount: '20,01' })).text(), 'dépasserait le montant')
    assert.include((await refund({ refund_amount: '5', full: '1' })).text(), 'Indiquez un montant')
    assert.include((await refund({})).text(), 'Indiquez un montant')
    assert.include((await refund({ refund_amount: '-5' })).text(), 'Montant à rembourser')
    assert.include((await refund({ refund_amount: 'x'.repeat(5000) })).text(), 'Montant à rembourser')
    assert.equal(await count('refunds', { purchase_id: purchase.id }), 0)
    assert.equal(Number((await accountOf(customer.id)).points), 20)
  })

  test("a purchase of another store cannot be refunded from this store's till", async ({ client, assert }) => {
    const { store, customer } = await shop(pointsOnly())
    const purchase = await recordPurchase({ store, customer, totalCents: 2_000, source: 'till' })
    const elsewhere = await createStore()
    const stranger = await createStaff('cashier', { storeId: elsewhere.id })
    const response = await client.post(`/till/purchases/${purchase.publicId}/refunds`).form({ token: ulid(), full: '1' }).loginAs(stranger).withCsrfToken()
    response.assertStatus(404)
    assert.equal(await count('refunds', { purchase_id: purchase.id }), 0)
  })
})
