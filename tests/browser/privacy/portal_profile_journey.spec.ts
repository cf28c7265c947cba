import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { recordPurchase } from '#purchases/record_purchase'
import { createCustomer, createProgram, createStore, uniqueEmail } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { signInToPortal } from './portal_sign_in.js'

test.group('The customer portal in a browser: card, history, profile', (group) => {
  group.each.setup(() =>
    resetDeviceQuotas([
      { key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 },
      { key: 'portal-guess-device:127.0.0.1', requests: 20, durationSeconds: 600 },
    ])
  )

  test('a customer shows their QR card, reads a purchase in detail, corrects their details and moves to a new address confirmed from its mailbox', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Primeur du Parcours' })
    await createProgram(store)
    const customer = await createCustomer(store, { email: uniqueEmail('parcours'), firstName: 'Léa', consents: { email_marketing: true } })
    await recordPurchase({ store, customer, totalCents: 1_290, source: 'till', lines: [{ sku: 'POM-01', name: 'Pommes reinettes', quantity: 3, unitPriceCents: 430 }] })
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })

    const page = await signInToPortal(visit, customer.email!, 'Léa')
    assert.isNotNull((await db.from('customers').where('id', customer.id).firstOrFail()).portal_seen_at)

    // The card: a QR code named for screen readers, and the code as text.
    await page.getByRole('navigation', { name: 'Mon espace client' }).getByRole('link', { name: 'Ma carte' }).click()
    const qr = page.getByRole('img', { name: `QR code de la carte de fidélité numéro ${customer.cardCode}` })
    await qr.waitFor()
    const box = await qr.boundingBox()
    assert.isAtLeast(box!.width, 200)
    await page.locator('[data-card-code]', { hasText: customer.cardCode }).waitFor()
    await page.getByRole('button', { name: 'Imprimer ma carte' }).waitFor()

    // History: the purchase, then its lines and the points it earned.
    await page.getByRole('link', { name: 'Mes achats' }).click()
    await page.getByRole('heading', { name: 'Mes achats' }).waitFor()
    await page.getByRole('link', { name: /Détail de l'achat du/ }).first().click()
    await page.getByRole('cell', { name: 'Pommes reinettes' }).waitFor()
    await page.getByText('12 points').waitFor()
    await page.getByRole('link', { name: 'Mes points' }).click()
    await page.getByText('Solde : 12 points').waitFor()

    // The profile: a typing error is shown on its field, then the correction and a new address.
    await page.getByRole('link', { name: 'Mes informations' }).click()
    await page.getByLabel('Prénom').fill('Léa-Rose')
    await page.getByLabel('Téléphone portable').fill('06 12')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByText('Ce numéro de téléphone n\'est pas valide.').first().waitFor()
    assert.equal(await page.getByLabel('Prénom').inputValue(), 'Léa-Rose')
    assert.equal(await page.getByLabel('Téléphone portable').getAttribute('aria-invalid'), 'true')
    const newEmail = uniqueEmail('nouvelle-lea')
    await page.getByLabel('Téléphone portable').fill('')
    await page.getByLabel('Adresse e-mail').fill(newEmail)
    await page.getByLabel('Jour').fill('14')
    await page.getByLabel('Mois').fill('7')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByText(`Un lien de confirmation vient d'être envoyé à ${newEmail}`).waitFor()
    let row = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.include(row, { first_name: 'Léa-Rose', birth_day: 14, birth_month: 7, email: customer.email })

    // From the new mailbox: the page asks, the button applies.
    const link = /\/portal\/email-change\/[A-Za-z0-9_-]{43}/.exec(mailsTo(newEmail)[0].parsed.text ?? '')![0]
    assert.lengthOf(mailsTo(customer.email!).filter((mail) => mail.parsed.subject?.includes('Changement d')), 1)
    const mailbox = await visit(link)
    await mailbox.getByRole('heading', { name: 'Confirmer votre nouvelle adresse' }).waitFor()
    await mailbox.getByRole('button', { name: 'Je confirme' }).click()
    await mailbox.getByRole('heading', { name: 'Adresse modifiée' }).waitFor()
    row = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.equal(row.email, newEmail)
    assert.isNotNull(row.last_contact_at)
  })
})
