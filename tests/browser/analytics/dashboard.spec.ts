import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { dispatchPendingEvents } from '#shared/outbox_dispatcher'
import { QUEUES } from '#shared/queue'
import { drainQueue } from '#tests/helpers/queues'
import { createCustomer, createStaff, createStore } from '#tests/helpers/factories'

test.group('Dashboard in a browser', () => {
  test('the owner picks a store and a period: the cards, the bars with their description and the table render, with no console error', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Boutique du Tableau', timezone: 'Europe/Paris' })
    const customer = await createCustomer(store)
    for (let days = 1; days <= 6; days++) {
      const occurredAt = DateTime.now().setZone('Europe/Paris').minus({ days }).set({ hour: 11 }).toJSDate()
      await recordPurchase({ store, customer: days % 2 ? customer : null, totalCents: 1000 * days, occurredAt, source: 'till' })
    }
    await dispatchPendingEvents()
    await drainQueue(QUEUES.events)
    const owner = await createStaff('owner', { storeId: store.id })
    await browserContext.loginAs(owner)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit('/admin/dashboard')
    const problems: string[] = []
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    page.on('pageerror', (error) => problems.push(error.message))

    await page.getByLabel('Du', { exact: true }).fill(DateTime.now().minus({ days: 6 }).toISODate()!)
    await page.getByLabel('Au', { exact: true }).fill(DateTime.now().minus({ days: 1 }).toISODate()!)
    await page.getByLabel('Magasin', { exact: true }).selectOption({ label: 'Boutique du Tableau' })
    await page.getByRole('button', { name: 'Afficher' }).click()
    await page.waitForURL(/store=/)
    const revenue = (await page.locator('#card-revenue .figure').textContent())!.replace(/[\u00a0\u202f]/g, ' ')
    assert.equal(revenue, '210,00 €')
    assert.equal(await page.locator('svg.trend rect').count(), 6)
    const chart = page.getByRole('img', { name: /Chiffre d'affaires par jour/ })
    assert.isTrue(await chart.isVisible())
    await page.getByText('Le tableau des jours').click()
    assert.equal(await page.locator('details table tbody tr').count(), 6)
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
