import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { expireDueLots } from '#loyalty/expiry_pass'
import { checkLedger } from '#loyalty/check_ledger'
import { demoRules } from '#loyalty/program_rules'
import AuditLog from '#shared/models/audit_log'
import { createCustomer, createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { pointsOnly } from './loyalty_shop.js'

async function shop(rules = demoRules()) {
  const store = await createStore()
  const program = await createProgram(store, rules)
  const marketer = await createStaff('marketer', { storeId: store.id, fullName: 'Camille Dupont' })
  const customer = await createCustomer(store)
  return { store, program, marketer, customer }
}

/** Page text as read: entities decoded, the narrow spaces of French money as plain spaces. */
const plain = (html: string) => html.replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/[\u00a0\u202f]/g, ' ')

const accountOf = (customerId: number) => db.from('loyalty_accounts').where('customer_id', customerId).firstOrFail()
const entriesOf = async (customerId: number) => db.from('ledger_entries').where('account_id', (await accountOf(customerId)).id)

test.group('Customer loyalty page: why these points', () => {
  test('balances, open lots with their expiry, and each ledger line with its reason, in French and English', async ({ client, assert }) => {
    const { store, marketer, customer } = await shop()
    const longAgo = DateTime.utc().minus({ months: 13 }).toJSDate()
    await recordPurchase({ store, customer, totalCents: 4_250, source: 'till', occurredAt: longAgo })
    await expireDueLots()
    await recordPurchase({ store, customer, totalCents: 10_500, source: 'till', lines: [{ sku: 'CAFE', name: 'Café', quantity: 2, unitPriceCents: 250, category: 'café' }] })
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()

    const page = await client.get(`/admin/customers/${customer.publicId}/loyalty`).loginAs(marketer)
    page.assertStatus(200)
    const text = plain(page.text())
    assert.include(text, 'Historique des points')
    assert.include(text, 'Achat')
    assert.include(text, '105,00 € éligibles')
    assert.include(text, `Converti en bon ${voucher.code}`)
    assert.include(text, 'Expiré (lot gagné le')
    assert.include(text, 'CAFE : +2 tampons')
    assert.include(text, 'Valable jusqu')
    assert.include(text, voucher.code)

    const english = await client.get(`/admin/customers/${customer.publicId}/loyalty`).loginAs(marketer).header('accept-language', 'en')
    english.assertStatus(200)
    assert.include(plain(english.text()), 'Points history')
    assert.include(plain(english.text()), `Turned into voucher ${voucher.code}`)
    assert.include((await client.get(`/admin/customers/${customer.publicId}`).loginAs(marketer)).text(), `/admin/customers/${customer.publicId}/loyalty`)
  })

  test('the ledger pages back through older lines; a bad cursor is a clear 4xx', async ({ client, assert }) => {
    const { store, marketer, customer } = await shop(pointsOnly())
    for (let i = 0; i < 55; i++) await recordPurchase({ store, customer, totalCents: 100 + i * 100, source: 'till' })
    const first = await client.get(`/admin/customers/${customer.publicId}/loyalty`).loginAs(marketer)
    const next = plain(first.text()).match(/loyalty\?before=(\d+)/)
    assert.isNotNull(next)
    const second = await client.get(`/admin/customers/${customer.publicId}/loyalty`).qs({ before: next![1] }).loginAs(marketer)
    second.assertStatus(200)
    assert.include(plain(second.text()), '+1<')
    assert.notInclude(plain(second.text()), 'loyalty?before=')
    const bad = await client.get(`/admin/customers/${customer.publicId}/loyalty`).qs({ before: 'drop table' }).loginAs(marketer).redirects(0)
    assert.isBelow(bad.status(), 500)
    assert.isAtLeast(bad.status(), 300)
  })
})

test.group('Customer loyalty page: corrections by staff', () => {
  test('a correction needs a reason, names its author, is audited and adds up in the ledger', async ({ client, assert }) => {
    const { store, program, marketer, customer } = await shop(pointsOnly())
    await recordPurchase({ store, customer, totalCents: 2_000, source: 'till' })
    const adjust = (form: Record<string, string>) =>
      client.post(`/admin/customers/${customer.publicId}/loyalty/adjustments`).form({ program_id: program.publicId, unit: 'points', ...form }).loginAs(marketer).withCsrfToken()

    const done = await adjust({ amount: '+15', reason: 'Geste commercial' })
    assert.include(plain(done.text()), 'Correction enregistrée')
    assert.include(plain(done.text()), 'Correction par Camille Dupont : Geste commercial')
    assert.equal(Number((await accountOf(customer.id)).points), 35)
    const audit = await AuditLog.query().where('action', 'loyalty.balance_adjusted').where('subjectId', customer.publicId).firstOrFail()
    assert.equal(audit.staffMemberId, marketer.id)
    assert.equal(audit.details?.reason, 'Geste commercial')

    assert.include(plain((await adjust({ amount: '-10', reason: 'Erreur de saisie' })).text()), 'Nouveau solde : 25')
    assert.include(plain((await adjust({ amount: '-26', reason: 'Trop' })).text()), 'Le solde ne permet pas')
    for (const bad of [{ amount: '5', reason: '' }, { amount: '5', reason: 'x' }, { amount: '0', reason: 'Rien' }, { amount: '1.5', reason: 'Demi' }, { amount: '99999999', reason: 'Énorme' }, { amount: '<b>', reason: 'Balise' }]) {
      const response = await adjust(bad)
      assert.isBelow(response.status(), 500)
      assert.notInclude(plain(response.text()), 'Correction enregistrée')
    }
    assert.include(plain((await adjust({ amount: '5', reason: 'Cagnotte', unit: 'cashback' })).text()), "n'a pas cette unité")
    assert.equal(Number((await accountOf(customer.id)).points), 25)
    assert.lengthOf((await entriesOf(customer.id)).filter((entry) => entry.kind === 'adjust'), 2)
    const check = await checkLedger({ accountIds: [Number((await accountOf(customer.id)).id)] })
    assert.deepEqual(check.differences, [])
  })

  test('a staff credit is a lot with the programme validity; a manual programme needs the customer added first', async ({ client, assert }) => {
    const { store, marketer, customer } = await shop(pointsOnly())
    const students = await createProgram(store, pointsOnly(), { enrolment: 'manual', name: 'Étudiants' })
    const adjust = () =>
      client.post(`/admin/customers/${customer.publicId}/loyalty/adjustments`).form({ program_id: students.publicId, unit: 'points', amount: '10', reason: 'Bienvenue' }).loginAs(marketer).withCsrfToken()
    assert.include(plain((await adjust()).text()), "n'est pas membre de ce programme")
    const join = () => client.post(`/admin/customers/${customer.publicId}/loyalty/memberships`).form({ program_id: students.publicId }).loginAs(marketer).withCsrfToken()
    assert.include(plain((await join()).text()), 'Client ajouté au programme Étudiants')
    assert.include(plain((await join()).text()), 'déjà membre')
    assert.include(plain((await adjust()).text()), 'Correction enregistrée')
    const account = await db.from('loyalty_accounts').where({ customer_id: customer.id, program_id: students.id }).firstOrFail()
    const [lot] = await db.from('ledger_open_items').where('account_id', account.id)
    assert.equal(Number(lot.remaining), 10)
    assert.isNotNull(lot.expires_at, '12 months of validity, as earned points')
  })

  test('a tier set by hand is a floor: it holds through the recalculation, and removing it lets the tier follow the figures', async ({ client, assert }) => {
    const { store, program, marketer, customer } = await shop()
    await recordPurchase({ store, customer, totalCents: 5_000, source: 'till' })
    const floor = (tier: string) =>
      client.post(`/admin/customers/${customer.publicId}/loyalty/tier-floor`).form({ program_id: program.publicId, tier, floor_reason: 'Client fidèle depuis 1998' }).loginAs(marketer).withCsrfToken()
    assert.include(plain((await floor('or')).text()), 'Statut plancher enregistré')
    let account = await accountOf(customer.id)
    assert.equal(account.tier, 'or')
    assert.equal(account.tier_floor, 'or')
    const events = await db.from('outbox_events').where('type', 'tier.changed').whereLike('payload', `%${customer.publicId}%`)
    assert.isTrue(events.some((event) => JSON.parse(event.payload).to === 'or'))

    await recordPurchase({ store, customer, totalCents: 1_000, source: 'till' })
    assert.equal((await accountOf(customer.id)).tier, 'or', 'a sale never goes below the floor')
    assert.include(plain((await floor('platine')).text()), "n'existe pas dans ce programme")
    const noReason = await client.post(`/admin/customers/${customer.publicId}/loyalty/tier-floor`).form({ program_id: program.publicId, tier: 'or' }).loginAs(marketer).withCsrfToken()
    assert.isBelow(noReason.status(), 500)
    assert.include(plain((await floor('')).text()), 'Statut plancher retiré')
    account = await accountOf(customer.id)
    assert.isNull(account.tier_floor)
    assert.equal(account.tier, 'bronze')
    const audits = await AuditLog.query().where('action', 'loyalty.tier_floor_set').where('subjectId', customer.publicId)
    assert.lengthOf(audits, 2)
  })

  test('forms without their CSRF token are refused and change nothing', async ({ client, assert }) => {
    const { store, program, marketer, customer } = await shop(pointsOnly())
    await recordPurchase({ store, customer, totalCents: 2_000, source: 'till' })
    const response = await client
      .post(`/admin/customers/${customer.publicId}/loyalty/adjustments`)
      .form({ program_id: program.publicId, unit: 'points', amount: '100', reason: 'Sans jeton' })
      .loginAs(marketer)
      .redirects(0)
    response.assertStatus(403)
    assert.equal(Number((await accountOf(customer.id)).points), 20)
  })
})
