import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#animations/models/campaign'
import { runCampaigns } from '#animations/campaigns/fan_out'
import { createStaff, createStore } from '#tests/helpers/factories'
import { drainQueue } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { QUEUES } from '#shared/queue'
import { customerWith, sendAtAnyHour } from '#tests/functional/animations/animation_helpers'

test.group('Campaigns in a browser', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('a marketer writes a campaign to a segment, schedules it, and watches its progress bar fill', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Campagne Live' })
    const customers = [await customerWith(store, { firstName: 'Jade' }), await customerWith(store, { firstName: 'Hugo' }), await customerWith(store, { firstName: 'Nina' })]
    const marketer = await createStaff('marketer')
    await browserContext.loginAs(marketer)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })

    const segments = await visit('/admin/segments/new')
    await segments.getByLabel('Nom').fill('Clients Campagne Live')
    await segments.getByLabel("Magasin d'inscription").selectOption({ label: 'Campagne Live' })
    await segments.getByRole('button', { name: 'Enregistrer' }).click()

    const page = await visit('/admin/campaigns')
    await page.getByRole('button', { name: 'Nouvelle campagne' }).click()
    await page.getByLabel('Nom', { exact: true }).fill('Portes ouvertes')
    await page.getByLabel('Segment').selectOption({ label: 'Clients Campagne Live' })
    // New campaigns hold 10 % out by default: all three customers must be sent it.
    await page.getByLabel('Groupe témoin (%)').fill('0')
    await page.locator('[name="texts[email][fr][subject]"]').fill('Portes ouvertes chez {{ store.name }}')
    await page.locator('[name="texts[email][fr][body]"]').fill('Bonjour {{ customer.first_name }}, venez samedi !')
    await page.getByRole('button', { name: "Programmer l'envoi" }).click()
    await page.getByText('Programmée').first().waitFor()
    const campaign = await Campaign.findByOrFail('name', 'Portes ouvertes')
    assert.equal(campaign.status, 'scheduled')

    // The first batch goes (a pass that stops after two customers): the page follows without a reload.
    await page.evaluate('window.notReloaded = true')
    await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    await drainQueue(QUEUES.messages)
    // A function, not a string: the page's CSP forbids eval.
    await page.waitForFunction(() => (globalThis as any).document.getElementById('campaign-bar').value === 2)
    assert.isTrue(await page.evaluate('window.notReloaded === true'))
    await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    await drainQueue(QUEUES.messages)
    await page.getByRole('heading', { name: 'Résultats' }).waitFor()
    assert.equal(await page.locator('[data-figure="sent"]').textContent(), '3')
    for (const customer of customers) assert.lengthOf(mailsTo(customer.email!), 1)
    assert.equal((await db.from('campaigns').where('id', campaign.id).first()).status, 'sent')
  })
})
