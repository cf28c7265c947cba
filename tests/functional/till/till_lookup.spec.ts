import db from '@adonisjs/lucid/services/db'
import { recordPurchase } from '#purchases/record_purchase'
import { test } from '@japa/runner'
import { createProgram, createCustomer, createStaff, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'

/** "+33612345678" → "06 12 34 56 78", the other ways cashiers type it. */
function frenchFormats(e164: string) {
  const nine = e164.slice(3)
  const pairs = `0${nine}`.match(/../g)!
  return [pairs.join(' '), `+33 ${nine[0]} ${pairs.slice(1).join(' ')}`, `0033${nine}`, `${nine[0]}.${pairs.slice(1).join('.')}`]
}

test.group('Till: finding a customer', () => {
  test('a phone number in any French format finds the customer', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const phone = uniquePhone()
    const customer = await createCustomer(store, { phoneE164: phone })
    const formats = frenchFormats(phone)
    assert.include(formats, `0${phone.slice(3, 4)} ${phone.slice(4, 6)} ${phone.slice(6, 8)} ${phone.slice(8, 10)} ${phone.slice(10, 12)}`)
    for (const typed of formats) {
      const response = await client.get('/till/lookup').qs({ q: typed }).header('Accept', 'application/json').loginAs(cashier)
      response.assertStatus(200)
      assert.equal(response.body().state, 'found', typed)
      assert.equal(response.body().customer.publicId, customer.publicId, typed)
    }
  })

  test('an e-mail finds the customer whatever its case', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const email = uniqueEmail('casse')
    const customer = await createCustomer(store, { email })
    const response = await client.get('/till/lookup').qs({ q: `  ${email.toUpperCase()} ` }).loginAs(cashier)
    assert.equal(response.body().customer.publicId, customer.publicId)
  })

  test('a card code typed in lowercase with spaces, or a card URL, finds the customer', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const customer = await createCustomer(store)
    const code = customer.cardCode
    for (const typed of [`${code.slice(0, 5).toLowerCase()} ${code.slice(5).toLowerCase()}`, `https://shop.example/c/${code}`]) {
      const response = await client.get('/till/lookup').qs({ q: typed }).loginAs(cashier)
      assert.equal(response.body().customer?.publicId, customer.publicId, typed)
    }
  })

  test('the plain GET form shows the card without JavaScript, in French and in English', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const cashier = await createStaff('cashier', { storeId: store.id })
    const customer = await createCustomer(store, { firstName: 'Apolline' })
    await recordPurchase({ store, customer, totalCents: 10_540, source: 'till', lines: [{ sku: 'CAFE', name: 'Café', quantity: 3, unitPriceCents: 180, category: 'café' }] })
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    const fr = await client.get('/till').qs({ q: customer.cardCode }).header('Accept-Language', 'fr').loginAs(cashier)
    fr.assertStatus(200)
    assert.include(fr.text(), 'Apolline')
    assert.include(fr.text(), 'Solde')
    assert.include(fr.text(), '5 points', '105 points earned, 100 turned into a voucher')
    assert.include(fr.text(), '3 / 9', 'the stamp card')
    assert.include(fr.text(), voucher.code)
    assert.include(fr.text(), 'Bon de 5,00')
    assert.include(fr.text(), customer.cardCode)
    const en = await client.get('/till').qs({ q: customer.cardCode }).header('Accept-Language', 'en').loginAs(cashier)
    en.assertStatus(200)
    assert.include(en.text(), 'Balance')
    assert.notInclude(en.text(), 'translation missing')
    assert.notInclude(fr.text(), 'translation missing')
  })

  test('the cashier never sees the e-mail, phone or birthday, in the page or the JSON', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const phone = uniquePhone()
    const email = uniqueEmail('secret')
    const customer = await createCustomer(store, { phoneE164: phone, email, birthDay: 17, birthMonth: 3, birthYear: 1987 })
    const nine = phone.slice(3)
    const leaks = [email, phone, `+33 ${nine[0]} ${nine.slice(1, 3)}`, nine, '1987', '17/03', '03-17']
    const byCard = await client.get('/till/lookup').qs({ q: customer.cardCode }).loginAs(cashier)
    const byPhone = await client.get('/till').qs({ q: frenchFormats(phone)[0] }).loginAs(cashier)
    const card = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    assert.equal(byCard.body().state, 'found')
    assert.notProperty(byCard.body().customer, 'email')
    for (const body of [JSON.stringify(byCard.body()), byPhone.text(), card.text()]) {
      for (const leak of leaks) assert.notInclude(body, leak)
    }
  })

  test('nobody found offers enrolment with the typed phone or e-mail prefilled', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const email = uniqueEmail('nouveau')
    const byEmail = await client.get('/till/lookup').qs({ q: email }).loginAs(cashier)
    assert.equal(byEmail.body().state, 'not_found')
    assert.include(byEmail.body().html, `value="${email}"`)
    const page = await client.get('/till').qs({ q: '06 99 88 77 66' }).loginAs(cashier)
    assert.include(page.text(), 'value="06 99 88 77 66"')
    assert.include(page.text(), 'action="/till/customers"')
  })

  test('gibberish is answered calmly, and staff who are not signed in are sent to sign in', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const response = await client.get('/till').qs({ q: '<script>alert(1)</script>' }).loginAs(cashier)
    response.assertStatus(200)
    assert.notInclude(response.text(), '<script>alert(1)</script>')
    assert.include(response.text(), '&lt;script&gt;')
    const anonymous = await client.get('/till').redirects(0)
    anonymous.assertStatus(302)
  })
})
