import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'

test.group('Joining in a browser', (group) => {
  group.each.setup(() => resetDeviceQuotas([{ key: 'join-device:127.0.0.1', requests: 10, durationSeconds: 3600 }]))

  test('a customer scans the poster, fills the form (nothing ticked), confirms from the mail and gets a card with the consent they chose', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Salon Lumière' })
    const email = `lumiere${Date.now()}@example.fr`
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit(`/join/${store.slug}`)
    for (const box of ['loyalty_membership', 'email_marketing', 'sms_marketing']) assert.isFalse(await page.locator(`#${box}`).isChecked())

    // Without the terms: the form says why, keeps what was typed.
    await page.getByLabel('Prénom').fill('Inès')
    await page.getByLabel('Adresse e-mail').fill(email)
    await page.getByRole('button', { name: "M'inscrire" }).click()
    await page.getByText("Cochez l'adhésion au programme").waitFor()
    assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), email)

    await page.locator('#loyalty_membership').check()
    await page.locator('#email_marketing').check()
    await page.getByRole('button', { name: "M'inscrire" }).click()
    await page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor()
    assert.isNull(await db.from('customers').where('email', email).first())

    const link = /\/join\/confirm\/[A-Za-z0-9_-]{43}/.exec(mailsTo(email)[0].parsed.text ?? '')![0]
    const confirmation = await visit(link)
    await confirmation.getByRole('button', { name: 'Je confirme' }).click()
    await confirmation.getByRole('heading', { name: 'Bienvenue !' }).waitFor()
    const customer = await db.from('customers').where('email', email).firstOrFail()
    await confirmation.getByText(customer.card_code).waitFor()
    assert.isTrue(Boolean(customer.email_marketing))
    assert.isFalse(Boolean(customer.sms_marketing))
  })
})
