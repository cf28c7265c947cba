import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createStore } from '#tests/helpers/factories'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { signInToPortal } from './portal_sign_in.js'

test.group('The customer portal in a browser', (group) => {
  group.each.setup(() => resetDeviceQuotas([{ key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 }]))

  test('a customer asks for a code, signs in with it, sees their card and withdraws e-mail offers in one click', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Fleurs du Portail' })
    const customer = await createCustomer(store, { email: `fleurs${Date.now()}@example.fr`, firstName: 'Rose', consents: { email_marketing: true } })
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await signInToPortal(visit, customer.email!, 'Rose')
    await page.getByText(customer.cardCode).waitFor()
    await page.locator('[data-consent="email_marketing"] button').click()
    await page.getByText('plus aucun message de ce type').waitFor()
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))
    await page.getByRole('button', { name: 'Me déconnecter' }).click()
    await page.getByRole('heading', { name: 'Accéder à mon espace client' }).waitFor()
  })
})
