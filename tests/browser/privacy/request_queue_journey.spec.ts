import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createStaff, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { signInToPortal } from './portal_sign_in.js'

test.group('Rights requests in a browser', (group) => {
  group.each.setup(() => resetDeviceQuotas([{ key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 }]))

  test('a customer asks for erasure from the portal; the owner sees it with its deadline, extends it with a reason, then erases', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Cave des Droits' })
    const customer = await createCustomer(store, { email: `droits${Date.now()}@example.fr`, firstName: 'Jeanne' })
    const owner = await createStaff('owner', { storeId: store.id })
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const problems: string[] = []

    const portal = await signInToPortal(visit, customer.email!, 'Jeanne')
    portal.on('pageerror', (error) => problems.push(error.message))
    await portal.getByRole('link', { name: 'Mes demandes' }).first().click()
    await portal.getByRole('heading', { name: 'Mes demandes', level: 1 }).waitFor()
    await portal.getByLabel('Je comprends que ma carte, mes points et mes bons seront perdus.').check()
    await portal.getByRole('button', { name: "Demander l'effacement" }).click()
    await portal.getByText('Demande d\'effacement reçue').waitFor()
    await portal.locator('[data-request-type="erasure"][data-status="in_progress"]').waitFor()
    // Signed out when the page offers it (a missing button must not cost the click's 30 s timeout).
    const signOut = portal.getByRole('button', { name: 'Me déconnecter' })
    if ((await signOut.count()) > 0) await signOut.first().click()

    await browserContext.loginAs(owner)
    const queue = await visit('/admin/privacy')
    queue.on('pageerror', (error) => problems.push(error.message))
    // The queue also lists other tests' requests: this customer's is found by its id.
    const [asked] = await db.from('privacy_requests').where('customer_id', customer.id)
    const row = queue.locator(`tr[data-request="${asked.public_id}"]`)
    await row.waitFor()
    assert.include(await row.textContent(), 'Espace client')
    await row.getByRole('link', { name: 'Effacement' }).click()
    await queue.getByRole('heading', { name: 'Effacement', level: 1 }).waitFor()
    const dueBefore = await queue.locator('[data-due]').textContent()
    await queue.getByLabel('Motif').first().fill('Vérification des ventes en cours avec le comptable')
    await queue.getByRole('button', { name: 'Prolonger de deux mois' }).click()
    await queue.getByText('Échéance prolongée').waitFor()
    assert.notEqual(await queue.locator('[data-due]').textContent(), dueBefore)
    assert.include(await queue.locator('[data-due]').textContent(), 'prolongée')
    await queue.getByRole('button', { name: 'Effacer le client maintenant' }).click()
    await queue.getByText('Demande traitée').waitFor()
    await queue.locator('[data-status="done"]').waitFor()
    const erased = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.isNotNull(erased.erased_at)
    assert.isNull(erased.email)
    const texts = mailsTo(customer.email!).map((mail) => mail.parsed.text ?? '')
    assert.isTrue(texts.some((text) => text.includes('au plus tard')), 'the extension was announced')
    assert.isTrue(texts.some((text) => text.includes('vos données personnelles sont effacées')), 'the answer was sent')
    assert.deepEqual(problems, [])
  })
})
