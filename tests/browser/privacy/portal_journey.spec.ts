import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'

test.group('The customer portal in a browser', (group) => {
  group.each.setup(() => resetDeviceQuotas([{ key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 }]))

  test('a customer asks for a code, signs in with it, sees their card and withdraws e-mail offers in one click', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Fleurs du Portail' })
    const customer = await createCustomer(store, { email: `fleurs${Date.now()}@example.fr`, firstName: 'Rose', consents: { email_marketing: true } })
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit('/portal')
    await page.getByLabel('Adresse e-mail').fill(customer.email!)
    await page.getByRole('button', { name: 'Recevoir mon code' }).click()
    await page.getByLabel('Code reçu par e-mail (6 chiffres)').waitFor()
    const code = /\b(\d{6})\b/.exec(mailsTo(customer.email!)[0].parsed.subject ?? '')![1]
    await page.getByLabel('Code reçu par e-mail (6 chiffres)').fill(code)
    await page.getByRole('button', { name: 'Me connecter' }).click()
    await page.getByRole('heading', { name: 'Bonjour Rose' }).waitFor()
    await page.getByText(customer.cardCode).waitFor()
    await page.locator('[data-consent="email_marketing"] button').click()
    await page.getByText('plus aucun message de ce type').waitFor()
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))
    await page.getByRole('button', { name: 'Me déconnecter' }).click()
    await page.getByRole('heading', { name: 'Accéder à mon espace client' }).waitFor()
  })
})
