import { test } from '@japa/runner'
import Customer from '#customers/models/customer'
import AuditLog from '#shared/models/audit_log'
import OutboxEvent from '#shared/models/outbox_event'
import { createCustomer, createStaff, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'

async function setup() {
  const store = await createStore()
  const marketer = await createStaff('marketer', { storeId: store.id })
  const customer = await createCustomer(store, { firstName: 'Paul', lastName: 'Durand', tags: ['vip'] })
  return { store, marketer, customer }
}

const form = (customer: Customer, changes: Record<string, string> = {}) => ({
  first_name: customer.firstName ?? '',
  last_name: customer.lastName ?? '',
  email: customer.email ?? '',
  phone: customer.phoneE164 ?? '',
  locale: customer.locale,
  tags: 'vip',
  ...changes,
})

test.group('Editing a customer', () => {
  test('a marketer edits a profile: the audit row names the changed fields, never their values', async ({ client, assert }) => {
    const { marketer, customer } = await setup()
    const phone = uniquePhone()
    const typed = `0${phone.slice(3)}`
    const response = await client
      .put(`/admin/customers/${customer.publicId}`)
      .form(form(customer, { first_name: 'Pauline', phone: typed, tags: 'vip, Newsletter', birth_day: '2', birth_month: '5' }))
      .loginAs(marketer)
      .withCsrfToken()
    response.assertStatus(200)
    const saved = await Customer.findOrFail(customer.id)
    assert.equal(saved.firstName, 'Pauline')
    assert.equal(saved.phoneE164, phone)
    assert.equal(saved.searchName, 'durand pauline')
    const logs = await AuditLog.query().where('subjectType', 'customer').where('subjectId', customer.publicId)
    assert.lengthOf(logs, 1)
    assert.equal(logs[0].action, 'customer.updated')
    assert.equal(logs[0].staffMemberId, marketer.id)
    assert.sameMembers(logs[0].details!.fields as string[], ['firstName', 'phoneE164', 'birthDay', 'birthMonth', 'tags'])
    const raw = JSON.stringify(logs[0].details)
    for (const value of ['Pauline', phone, typed, 'newsletter']) assert.notInclude(raw, value)
    const events = await OutboxEvent.query().where('type', 'customer.updated').where('payload', 'like', `%${customer.publicId}%`)
    assert.lengthOf(events, 1)
    assert.include(response.text(), 'Fiche enregistrée')
    assert.include(response.text(), 'prénom')
    assert.include(response.text(), 'newsletter')
  })

  test('saving without change writes no audit row', async ({ client, assert }) => {
    const { marketer, customer } = await setup()
    await client.post(`/admin/customers/${customer.publicId}`).form(form(customer)).loginAs(marketer).withCsrfToken()
    assert.lengthOf(await AuditLog.query().where('subjectId', customer.publicId), 0)
  })

  test("another customer's e-mail is a field error and nothing changes", async ({ client, assert }) => {
    const { store, marketer, customer } = await setup()
    const other = await createCustomer(store, { email: uniqueEmail('other') })
    const response = await client
      .put(`/admin/customers/${customer.publicId}`)
      .form(form(customer, { first_name: 'Changed', email: other.email!.toUpperCase() }))
      .header('Referer', `/admin/customers/${customer.publicId}/edit`)
      .loginAs(marketer)
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'Cet e-mail appartient déjà à un autre client')
    assert.equal((await Customer.findOrFail(customer.id)).firstName, 'Paul')
    assert.lengthOf(await AuditLog.query().where('subjectId', customer.publicId), 0)
  })

  test('bad input is refused field by field, never a server error', async ({ client, assert }) => {
    const { marketer, customer } = await setup()
    const cases: Record<string, string>[] = [{ first_name: 'x'.repeat(10_000) }, { phone: 'abc' }, { email: 'not-an-email' }, { locale: 'de' }, { first_name: '🙂' }]
    for (const changes of cases) {
      const response = await client.put(`/admin/customers/${customer.publicId}`).form(form(customer, changes)).loginAs(marketer).withCsrfToken().redirects(0)
      assert.equal(response.status(), 302)
    }
    assert.equal((await Customer.findOrFail(customer.id)).firstName, 'Paul')
  })

  test('the profile shows identity, consents, purchases, messages and history, in French and English', async ({ client, assert }) => {
    const { marketer, customer } = await setup()
    for (const [lang, words] of [['fr', ['Identité', 'Consentements', 'Aucun message envoyé']], ['en', ['Identity', 'Consents', 'No message sent yet']]] as const) {
      const response = await client.get(`/admin/customers/${customer.publicId}`).header('Accept-Language', lang).loginAs(marketer)
      response.assertStatus(200)
      for (const word of words) assert.include(response.text(), word)
      assert.include(response.text(), customer.email!)
      assert.notInclude(response.text(), 'translation missing')
      const edit = await client.get(`/admin/customers/${customer.publicId}/edit`).header('Accept-Language', lang).loginAs(marketer)
      edit.assertStatus(200)
      assert.include(edit.text(), "name='_csrf'")
    }
  })
})
