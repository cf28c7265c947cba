import { test } from '@japa/runner'
import Animation from '#animations/models/animation'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { customerWith, sendAtAnyHour, tickAndSend } from '#tests/functional/animations/animation_helpers'

test.group('Animation designer in a browser', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('a marketer creates a birthday animation from the preset, previews it, test-sends it, activates it; the tick sends it', async ({ visit, browserContext, assert }) => {
    const store = await createStore({ name: 'Café Journey' })
    await createProgram(store)
    const marketer = await createStaff('marketer', { storeId: store.id })
    const customer = await customerWith(store, { firstName: 'Anouk', birthDay: 12, birthMonth: 4 })
    await browserContext.loginAs(marketer)
    await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'fr-FR,fr;q=0.9' })
    const page = await visit('/admin/animations/new')
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`))

    await page.getByRole('button', { name: 'Créer « Anniversaire (jour J) »' }).click()
    await page.waitForURL(/\/admin\/animations\/[0-9A-Z]{26}\/edit$/)
    const publicId = page.url().match(/([0-9A-Z]{26})/)![1]
    await page.getByLabel('Nom').fill('Anniversaire au café')
    await page.getByLabel('Magasin').selectOption({ label: 'Café Journey' })
    await page.getByLabel('Heure d\'envoi').fill('10:00')
    // New animations hold 10 % out by default: this one customer must be sent the message.
    await page.getByLabel('Groupe témoin (%)').fill('0')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await page.locator('.flash.success').waitFor()

    await page.getByRole('link', { name: 'Aperçu et test' }).click()
    await page.getByLabel('Client').fill(customer.cardCode)
    await page.getByRole('button', { name: "Voir l'aperçu" }).click()
    await page.getByText('EXEMPLE000').first().waitFor()
    assert.include(await page.locator('h2').allTextContents().then((titles) => titles.join(' ')), 'Joyeux anniversaire Anouk')
    await page.getByRole('button', { name: "M'envoyer un test" }).click()
    await page.locator('.flash.success').waitFor()
    assert.match(mailsTo(marketer.email)[0].parsed.subject!, /^\[TEST\] Joyeux anniversaire Anouk/)

    await page.getByRole('link', { name: "← Retour à l'animation" }).click()
    await page.getByRole('button', { name: 'Activer' }).click()
    await page.locator('.badge.status-active').first().waitFor()
    const animation = await Animation.findByOrFail('publicId', publicId)
    assert.equal(animation.status, 'active')

    // 12 April 2026, 10:00 in Paris (CEST): the birthday message goes out, once.
    await tickAndSend('2026-04-12T08:00:00Z')
    await tickAndSend('2026-04-12T08:05:00Z')
    const mails = mailsTo(customer.email!)
    assert.lengthOf(mails, 1)
    assert.equal(mails[0].parsed.subject, 'Joyeux anniversaire Anouk ! Un cadeau vous attend')
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
