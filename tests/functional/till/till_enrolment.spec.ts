import { test } from '@japa/runner'
import Customer from '#customers/models/customer'
import ConsentRecord from '#customers/models/consent_record'
import { createCustomer, createStaff, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'

function asTyped(e164: string) {
  return `0${e164.slice(3)}`.replace(/(..)(?=.)/g, '$1 ')
}

test.group('Till: enrolling a customer', () => {
  test('a referral code links the new customer to their referrer; an unknown one is a field error and nothing is created', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const referrer = await createCustomer(store)
    const email = uniqueEmail('filleul')
    const unknown = await client.post('/till/customers').form({ first_name: 'Inès', email, referral_code: 'ZZZZZZZZ' }).header('Referer', `/till?q=${encodeURIComponent(email)}`).loginAs(cashier).withCsrfToken()
    assert.include(unknown.text(), 'Aucun client n&#x27;a ce code de parrainage')
    assert.include(unknown.text(), 'value="Inès"')
    assert.isNull(await Customer.findBy('email', email))
    ;(await client.post('/till/customers').form({ first_name: 'Inès', email, referral_code: referrer.referralCode.toLowerCase() }).loginAs(cashier).withCsrfToken().redirects(0)).assertStatus(302)
    assert.equal((await Customer.findByOrFail('email', email)).referredById, referrer.id)
  })

  test('enrolling with the consent boxes left unticked stores no consent', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const phone = uniquePhone()
    const response = await client
      .post('/till/customers')
      .form({ first_name: 'Léa', last_name: 'Martin', phone: asTyped(phone), birth_day: '14', birth_month: '7' })
      .loginAs(cashier)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const customer = await Customer.findByOrFail('phoneE164', phone)
    assert.equal(response.header('location'), `/till/customers/${customer.publicId}`)
    assert.equal(customer.storeId, store.id)
    assert.equal(customer.source, 'till')
    assert.deepEqual([customer.birthDay, customer.birthMonth, customer.birthYear], [14, 7, null])
    assert.isFalse(Boolean(customer.emailMarketing))
    assert.isFalse(Boolean(customer.smsMarketing))
    // Only the membership: the programme's terms in force, a contract rather than a consent.
    const records = await ConsentRecord.query().where('customerId', customer.id)
    assert.deepEqual(records.map((record) => record.purpose), ['loyalty_membership'])
    assert.match(records[0].noticeVersion ?? '', /^terms\.v\d+\.fr:[0-9a-f]{40}$/)
  })

  test('a ticked consent box stores a consent proof with the staff member and the time', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const email = uniqueEmail('optin')
    await client.post('/till/customers').form({ first_name: 'Noé', email, email_marketing: 'on' }).loginAs(cashier).withCsrfToken().redirects(0)
    const customer = await Customer.findByOrFail('email', email)
    assert.isTrue(Boolean(customer.emailMarketing))
    assert.isFalse(Boolean(customer.smsMarketing))
    const records = await ConsentRecord.query().where('customerId', customer.id).whereNot('purpose', 'loyalty_membership')
    assert.lengthOf(records, 1)
    assert.equal(records[0].purpose, 'email_marketing')
    assert.equal(records[0].decision, 'granted')
    assert.equal(records[0].source, 'till')
    assert.equal(records[0].staffMemberId, cashier.id)
  })

  test('a phone already enrolled gets a friendly message linking to that customer, and nothing is created', async ({ client, assert }) => {
    const store = await createStore()
    const cashier = await createStaff('cashier', { storeId: store.id })
    const existing = await createCustomer(store)
    const email = uniqueEmail('doublon')
    const response = await client
      .post('/till/customers')
      .form({ first_name: 'Double', phone: asTyped(existing.phoneE164!), email })
      .header('Referer', `/till?q=${encodeURIComponent(asTyped(existing.phoneE164!))}`)
      .loginAs(cashier)
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), `/till/customers/${existing.publicId}`)
    assert.include(response.text(), 'déjà inscrit')
    assert.isNull(await Customer.findBy('email', email))
  })

  test('without phone nor e-mail, or with a bad phone, the form comes back with field errors', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const none = await client.post('/till/customers').form({ first_name: 'Sans' }).header('Referer', '/till/customers/new').loginAs(cashier).withCsrfToken()
    none.assertStatus(200)
    assert.include(none.text(), 'Indiquez un téléphone ou un e-mail')
    const bad = await client.post('/till/customers').form({ first_name: 'Faux', phone: '06 12' }).header('Referer', '/till/customers/new').loginAs(cashier).withCsrfToken()
    assert.include(bad.text(), "Ce numéro de téléphone n&#x27;est pas valide")
    assert.include(bad.text(), 'value="Faux"')
  })

  test('hostile names are refused or stored and shown escaped, never a server error', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const cases = [
      { first_name: 'x'.repeat(10_000) },
      { first_name: '😀😀😀' },
      { first_name: 'Ann', birth_day: '31', birth_month: '2' },
      { first_name: 'Ann', birth_day: 'abc' },
    ]
    for (const fields of cases) {
      const email = uniqueEmail('hostile')
      const response = await client.post('/till/customers').form({ ...fields, email }).loginAs(cashier).withCsrfToken().redirects(0)
      assert.equal(response.status(), 302)
      assert.notMatch(response.header('location'), /^\/till\/customers\//)
      assert.isNull(await Customer.findBy('email', email))
    }
    const email = uniqueEmail('script')
    await client.post('/till/customers').form({ first_name: '<script>alert(1)</script>', email }).loginAs(cashier).withCsrfToken().redirects(0)
    const customer = await Customer.findByOrFail('email', email)
    const page = await client.get(`/till/customers/${customer.publicId}`).loginAs(cashier)
    page.assertStatus(200)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('a form without its CSRF token is refused', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const email = uniqueEmail('csrf')
    const response = await client.post('/till/customers').form({ first_name: 'Csrf', email }).loginAs(cashier).redirects(0)
    assert.isAtLeast(response.status(), 300)
    assert.isNull(await Customer.findBy('email', email))
  })

  test('the enrolment form renders in English too', async ({ client, assert }) => {
    const cashier = await createStaff('cashier')
    const response = await client.get('/till/customers/new').qs({ phone: '0611223344' }).header('Accept-Language', 'en').loginAs(cashier)
    response.assertStatus(200)
    assert.include(response.text(), 'New customer')
    assert.include(response.text(), 'value="0611223344"')
    assert.notInclude(response.text(), 'checked')
  })
})
