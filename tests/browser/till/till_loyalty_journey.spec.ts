import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { recordPurchase } from '#purchases/record_purchase'
import { createCustomer, createProgram, createStaff, createStore } from '#tests/helpers/factories'

test.group('Till journey in a browser: rewards and refunds', () => {
  test('the cashier uses a voucher, pays with points and refunds a purchase, from the card, with the keyboard', async ({ visit, browserContext, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const cashier = await createStaff('cashier', { storeId: store.id })
    const customer = await createCustomer(store, { firstName: 'Apolline' })
    await recordPurchase({ store, customer, totalCents: 14_000, source: 'till' })
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    await browserContext.loginAs(cashier)
    // French, as the shop's staff read it (the browser itself asks for English).
    const page = await visit('/lang/fr')
    await page.goto(`/till/customers/${customer.publicId}`)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && problems.push(`${response.status()} ${response.url()}`))

    // The voucher: its button is reached and pressed from the keyboard; the discount to apply is told.
    await page.getByRole('button', { name: `Utiliser le bon ${voucher.code}` }).focus()
    await page.keyboard.press('Enter')
    await page.locator('.flash.success', { hasText: 'Remise à appliquer en caisse : 5,00' }).waitFor()
    assert.equal(await page.getByRole('button', { name: `Utiliser le bon ${voucher.code}` }).count(), 0)

    // Paying with 20 of the 40 points left.
    await page.getByLabel('Points à utiliser').focus()
    await page.keyboard.type('20')
    await page.keyboard.press('Enter')
    await page.locator('.flash.success', { hasText: 'Solde : 20 points' }).waitFor()

    // Refunding 40 € of the 140 € purchase: 40 points taken back (the balance goes into debt by 20).
    await page.locator('.till-refund summary').first().focus()
    await page.keyboard.press('Enter')
    await page.getByLabel('Montant à rembourser (€)').first().focus()
    await page.keyboard.type('40')
    await page.keyboard.press('Enter')
    await page.locator('.flash.success', { hasText: /Remboursement enregistré : 40,00.*Repris : 40 points/ }).waitFor()
    const account = await db.from('loyalty_accounts').where('customer_id', customer.id).firstOrFail()
    assert.equal(Number(account.points), -20)
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
