import { test } from '@japa/runner'
import Customer from '#customers/models/customer'
import { createCustomer, createStaff, createStore, uniquePhone } from '#tests/helpers/factories'

const typed = (e164: string) => `0${e164.slice(3)}`.replace(/(..)(?=.)/g, '$1 ')

test.group('Till journey in a browser', () => {
  test('keyboard only: find, enrol, record a purchase, see the visit', async ({ visit, browserContext, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const known = await createCustomer(store, { firstName: 'Hortense' })
    await browserContext.loginAs(cashier)
    const page = await visit('/till')
    const problems: string[] = []
    page.on('console', (message) => {
      // The browser's own favicon request is not the till's business.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`)
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`))

    // The search box has the focus: type and press Enter, as a USB scanner does.
    await page.keyboard.type(typed(known.phoneE164!))
    await page.keyboard.press('Enter')
    await page.locator('#till-card-name').waitFor()
    assert.equal(await page.locator('#till-card-name').textContent(), known.displayName)
    assert.isFalse((await page.content()).includes(known.email!))

    // Someone new: not found, the enrolment form takes the focus with the phone prefilled.
    const phone = uniquePhone()
    await page.locator('#q').focus()
    await page.keyboard.type(typed(phone))
    await page.keyboard.press('Enter')
    await page.locator('#first_name:focus').waitFor()
    assert.equal(await page.locator('#phone').inputValue(), typed(phone))
    await page.keyboard.type('Octave')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Lefèvre')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/till\/customers\/[0-9A-Z]{26}$/)
    const customer = await Customer.findByOrFail('phoneE164', phone)
    assert.isFalse(Boolean(customer.emailMarketing))

    // The card is shown with the amount field focused: type the amount and Enter.
    await page.locator('#amount:focus').waitFor()
    await page.keyboard.type('12,50')
    await page.keyboard.press('Enter')
    await page.waitForLoadState('load')
    await page.locator('.till-visits').waitFor()
    const visits = await page.locator('.till-visits tbody tr').allTextContents()
    assert.lengthOf(visits, 1)
    assert.match(visits[0], /12[,.]50/)
    assert.deepEqual(problems, [], problems.join('\n'))
  })
})
