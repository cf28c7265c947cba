import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { QUEUES } from '#shared/queue'
import { drainQueue } from '#tests/helpers/queues'
import { createCustomer, createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { mergeCustomers } from '#customers/merge_customers'
import { redeem } from '#loyalty/redeem'
import { write } from '#shared/sql_program'
import db from '@adonisjs/lucid/services/db'
import { defaultRules } from '#loyalty/program_rules'
import { liabilitySnapshot, snapshotLiability } from '#analytics/points_liability'
import { textOf } from '#tests/helpers/html'
import { plain } from '../loyalty_admin/helpers.js'

const ZONE = 'Europe/Paris'
const dayAgo = (days: number) => DateTime.now().setZone(ZONE).minus({ days }).toISODate()!
/** Noon of a day in Paris: far from midnight, the day is the same in every reading. */
const noonOf = (day: string) => DateTime.fromISO(`${day}T12:00:00`, { zone: ZONE }).toJSDate()

async function applyEvents() {
  await dispatchPendingEvents()
  await drainQueue(QUEUES.events)
}

/** A store of its own: two members' sales and one anonymous yesterday and the day before; one sale in the period before. */
async function storeWithSales() {
  const store = await createStore({ timezone: ZONE })
  const member = await createCustomer(store)
  const sales = [
    { day: dayAgo(1), customer: member, totalCents: 1000 },
    { day: dayAgo(2), customer: member, totalCents: 3000 },
    { day: dayAgo(1), customer: null, totalCents: 2000 },
    { day: dayAgo(4), customer: null, totalCents: 4000 },
  ]
  for (const sale of sales) await recordPurchase({ store, customer: sale.customer, totalCents: sale.totalCents, occurredAt: noonOf(sale.day), source: 'api' })
  await applyEvents()
  return store
}

test.group('Analytics: the dashboard', () => {
  test('the period’s figures for one store against the period before: revenue, baskets, members’ share, new members, the trend and its CSV', async ({ client, assert }) => {
    const store = await storeWithSales()
    const owner = await createStaff('owner')
    const page = await client.get(`/admin/dashboard?from=${dayAgo(2)}&to=${dayAgo(1)}&store=${store.slug}`).loginAs(owner)
    page.assertStatus(200)
    // The words of the page, tags out, on one line.
    const text = plain(textOf(page)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    // 3 sales, 60 € in all, 40 € from members (2 sales), 20 € from the anonymous one; the period before (2 days): one sale of 40 €.
    assert.match(text, /Chiffre d'affaires 60,00 € avant : 40,00 € \+50 %/)
    assert.match(text, /Achats 3 avant : 1 \+200 %/)
    assert.match(text, /Panier moyen 20,00 € avant : 40,00 € −50 %/)
    assert.match(text, /Panier moyen des membres 20,00 € avant : —/)
    assert.match(text, /Panier moyen des autres clients 20,00 € avant : 40,00 € −50 %/)
    assert.match(text, /Part du chiffre d'affaires des membres 66,7 %/)
    assert.include(text, 'Membres 1 Actifs (un achat dans les 30 derniers jours) 1')
    assert.include(page.text(), 'role="img"')

    const csv = await client.get(`/admin/dashboard.csv?from=${dayAgo(2)}&to=${dayAgo(1)}&store=${store.slug}`).loginAs(owner)
    csv.assertStatus(200)
    assert.include(csv.header('content-disposition'), `tableau-de-bord_${store.slug}_${dayAgo(2)}_${dayAgo(1)}.csv`)
    const lines = csv.text().replace(/^\uFEFF/, '').trim().split('\r\n')
    assert.deepEqual(lines, [
      'Jour;Achats;Chiffre d\'affaires (€);Nouveaux membres',
      `${DateTime.fromISO(dayAgo(2)).toFormat('dd/LL/yyyy')};1;30,00;0`,
      `${DateTime.fromISO(dayAgo(1)).toFormat('dd/LL/yyyy')};2;30,00;0`,
    ])
  })

  test('members today, active members, rewards, the cohort grid and the visits by hour; erased and merged members leave the members’ figures, not the sales', async ({ client, assert }) => {
    const store = await createStore({ timezone: ZONE })
    await createProgram(store)
    const [regular, lapsing, erased, duplicate] = [await createCustomer(store), await createCustomer(store), await createCustomer(store), await createCustomer(store)]
    const now = new Date()
    // 120 € today: 120 points, so one 5 € voucher (every 100 points), used at once on the next sale.
    await recordPurchase({ store, customer: regular, totalCents: 12_000, occurredAt: now, source: 'api' })
    await recordPurchase({ store, customer: erased, totalCents: 1_000, occurredAt: now, source: 'api' })
    await recordPurchase({ store, customer: lapsing, totalCents: 1_000, occurredAt: noonOf(dayAgo(50)), source: 'api' })
    const voucher = await db.from('vouchers').where('customer_id', regular.id).firstOrFail()
    const next = await recordPurchase({ store, customer: regular, totalCents: 2_000, occurredAt: now, source: 'api' })
    const used = await write((dialect) =>
      redeem({ storeId: store.id, timezone: ZONE, actor: { source: 'api', tokenId: 0 }, customerPublicId: regular.publicId, what: { voucherCode: voucher.code }, totalCents: 2_000, purchasePublicId: next.publicId }, dialect)
    )
    assert.isTrue(used.ok)
    await applyEvents()
    await eraseCustomer({ customerId: erased.id, cause: 'request', reason: 'asked' })
    await mergeCustomers({ keep: regular, duplicate, staffMemberId: (await createStaff('owner')).id })
    await applyEvents()

    const owner = await createStaff('owner')
    const today = dayAgo(0)
    const page = await client.get(`/admin/dashboard?from=${today}&to=${today}&store=${store.slug}`).loginAs(owner)
    page.assertStatus(200)
    const text = plain(textOf(page)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    // Four joined; one erased, one merged away: two members. Bought within 30 days: the regular (the erased one is gone); within 90: the lapsing one too.
    assert.include(text, 'Membres 2 Actifs (un achat dans les 30 derniers jours) 1 Actifs (un achat dans les 90 derniers jours) 2')
    assert.match(text, /Nouveaux membres 4 /)
    assert.match(text, /Récompenses émises 1 /)
    assert.match(text, /Récompenses utilisées 1 /)
    assert.match(text, /Taux d'utilisation 100 % /)
    assert.match(text, /Coût des récompenses 5,00 € /)
    // The month they joined: of the two members, the regular bought in it (the lapsing one bought before joining).
    const month = DateTime.now().setZone(ZONE).setLocale('fr-FR').toFormat('LLL yyyy')
    assert.include(text, `${month} 2 50 %`)
    // Three sales now (the erased customer's stays), in this hour of today's weekday.
    const hours = await client.get(`/admin/dashboard.csv?from=${today}&to=${today}&store=${store.slug}&table=hours`).loginAs(owner)
    hours.assertStatus(200)
    const local = DateTime.now().setZone(ZONE)
    const cells = hours.text().replace(/^\uFEFF/, '').trim().split('\r\n')
    assert.equal(cells[0], 'Jour;Heure;Achats')
    assert.lengthOf(cells, 1 + 7 * 24)
    assert.include(cells, `${local.weekday};${local.hour};3`)
    assert.equal(cells.slice(1).reduce((sum, line) => sum + Number(line.split(';')[2]), 0), 3)
    const cohorts = await client.get(`/admin/dashboard.csv?from=${today}&to=${today}&store=${store.slug}&table=cohorts`).loginAs(owner)
    assert.deepEqual(cohorts.text().replace(/^\uFEFF/, '').trim().split('\r\n'), ['Inscrits en;Membres;Mois d\'achat;Membres ayant acheté;Part (%)', `${local.toFormat('yyyy-MM')};2;${local.toFormat('yyyy-MM')};1;50,00`])
    ;(await client.get(`/admin/dashboard.csv?from=${today}&to=${today}&table=everything`).loginAs(owner)).assertStatus(422)
    ;(await client.get(`/admin/dashboard.csv?from=${today}&to=${today}&table[]=hours`).loginAs(owner)).assertStatus(422)
  })

  test('the balances’ worth: every account at its programme’s point value, summed by the scheduler’s task, the page showing the last sum', async ({ client, assert }) => {
    const store = await createStore({ timezone: ZONE })
    await createProgram(store, { ...defaultRules(), points: { ...defaultRules().points!, point_value_cents: 7 } })
    const before = await snapshotLiability()
    // 120 € at a point per euro: 120 points, worth 7 cents each.
    await recordPurchase({ store, customer: await createCustomer(store), totalCents: 12_000, source: 'api' })
    const owner = await createStaff('owner')
    const money = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/[\u00a0\u202f]/g, ' ')
    const shown = async () => plain(textOf(await client.get(`/admin/dashboard?store=${store.slug}`).loginAs(owner))).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    assert.include(await shown(), `Valeur des points et soldes en cours ${money(before.cents)} (au`)
    const after = await snapshotLiability()
    assert.equal(after.cents - before.cents, 120 * 7)
    assert.include(await shown(), `Valeur des points et soldes en cours ${money(after.cents)} (au`)
    assert.equal((await liabilitySnapshot()).cents, after.cents)
  })

  test('owner and marketer see it, a cashier does not; bad, hostile and repeated input is a 422 with the field, never a 500', async ({ client, assert }) => {
    const store = await createStore()
    const marketer = await createStaff('marketer')
    ;(await client.get('/admin/dashboard').loginAs(marketer)).assertStatus(200)
    const cashier = await createStaff('cashier', { storeId: store.id })
    const refused = await client.get('/admin/dashboard').loginAs(cashier).redirects(0)
    assert.isAtLeast(refused.status(), 300)
    for (const query of [
      'from=2026-02-30',
      `to=${DateTime.now().plus({ days: 3 }).toISODate()}`,
      `from=${dayAgo(1)}&to=${dayAgo(5)}`,
      'store=nulle-part',
      'store=..%2F..%2Fetc',
      `store=${'x'.repeat(500)}`,
      'from=2026-01-01&from=2026-01-02',
      'store[]=a',
    ]) {
      const answer = await client.get(`/admin/dashboard?${query}`).loginAs(marketer)
      assert.equal(answer.status(), 422, query)
      assert.include(answer.text(), 'field-error', query)
      ;(await client.get(`/admin/dashboard.csv?${query}`).loginAs(marketer)).assertStatus(422)
    }
  })
})
