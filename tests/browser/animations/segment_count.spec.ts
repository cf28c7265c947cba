import { test } from '@japa/runner'
import { createStaff, createStore } from '#tests/helpers/factories'
import { customerWith } from '#tests/functional/animations/animation_helpers'

test.group('Segments in a browser', () => {
  test('the count follows the criteria as they change, without a reload', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Compteur Live' })
    await customerWith(store, { birthMonth: 9, birthDay: 3 })
    await customerWith(store, { birthMonth: 9, birthDay: 4 })
    await customerWith(store, { birthMonth: 10, birthDay: 4 })
    const marketer = await createStaff('marketer')
    await browserContext.loginAs(marketer)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit('/admin/segments/new')
    await page.evaluate('window.notReloaded = true')
    await page.getByLabel("Magasin d'inscription").selectOption({ label: 'Compteur Live' })
    const status = page.locator('[data-segment-count]')
    await status.filter({ hasText: '3 clients' }).waitFor()
    await page.getByLabel("Mois d'anniversaire").selectOption({ label: 'septembre' })
    await status.filter({ hasText: '2 clients' }).waitFor()
    assert.isTrue(await page.evaluate('window.notReloaded === true'))
  })
})
