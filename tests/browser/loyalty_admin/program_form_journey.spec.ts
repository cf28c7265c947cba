import { test } from '@japa/runner'
import LoyaltyProgram from '#loyalty/models/loyalty_program'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'

const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ')

test.group('Loyalty admin in a browser', () => {
  test('the owner changes points per euro, sees the example follow without a reload, saves, and reads the new summary', async ({ visit, browserContext, assert }) => {
    const store = await createStore()
    const owner = await createStaff('owner', { storeId: store.id })
    const program = await createProgram(store)
    await browserContext.loginAs(owner)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit(`/admin/loyalty/programs/${program.publicId}/edit`)
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`)
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`))

    const example = page.locator('#program-example')
    assert.include(plain(await example.textContent()), '6,20 € éligibles → 6 euros entiers × 1 pt/€ = 6 points')
    // A mark on the window survives only if the page is not reloaded.
    await page.evaluate('window.notReloaded = true')

    await page.getByLabel('Points par euro').fill('3')
    await example.filter({ hasText: '= 18 points' }).waitFor()
    assert.isTrue(await page.evaluate('window.notReloaded === true'))
    assert.equal((await LoyaltyProgram.findOrFail(program.id)).rulesVersion, 1, 'the example stores nothing')

    // Switching a mechanic off hides its fields and takes it out of the example.
    await page.getByLabel('Une carte à tampons sur certains produits').uncheck()
    assert.isFalse(await page.getByLabel('Tampons pour remplir la carte').isVisible())
    await example.filter({ hasNotText: 'tampon' }).waitFor()

    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.waitForURL(/\/admin\/loyalty$/)
    const card = page.locator('.program-card', { hasText: program.name })
    assert.include(plain(await card.locator('.program-summary').textContent()), '3 points par euro entier, hors « carte-cadeau »')
    assert.notInclude(plain(await card.locator('.program-summary').textContent()), 'tampons')
    assert.include(plain(await card.textContent()), 'version 2')
    const saved = await LoyaltyProgram.findOrFail(program.id)
    assert.equal(saved.parsedRules.points!.per_euro, 3)
    assert.isNull(saved.parsedRules.stamps)
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
