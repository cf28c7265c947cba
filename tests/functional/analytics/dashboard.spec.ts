import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { QUEUES } from '#shared/queue'
import { drainQueue } from '#tests/helpers/queues'
import { createCustomer, createStaff, createStore } from '#tests/helpers/factories'
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
