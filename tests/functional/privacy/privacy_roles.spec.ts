import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { changeMarketingConsent } from '#privacy/change_consent'
import { openRequest } from '#privacy/requests/privacy_requests'
import { createCustomer, createPosToken, createStaff, createStore } from '#tests/helpers/factories'
import { posApi } from '../pos/pos_client.js'

/** An opted-out customer with a request waiting in the owner's queue. */
async function setup() {
  const store = await createStore()
  const customer = await createCustomer(store, { consents: { email_marketing: true, sms_marketing: true } })
  for (const purpose of ['email_marketing', 'sms_marketing'] as const) await changeMarketingConsent({ customerId: customer.id, purpose, granted: false, source: 'unsubscribe' })
  const request = await openRequest({ customerId: customer.id, type: 'access', channel: 'email', identityMethod: 'email_control' }, { staffMemberId: null })
  return { store, customer, request }
}

const consentState = async (customerId: number) => {
  const row = await db.from('customers').where('id', customerId).select('email_marketing', 'sms_marketing').firstOrFail()
  const records = await db.from('consent_records').where('customer_id', customerId).count('* as n').first()
  return { email: Boolean(row.email_marketing), sms: Boolean(row.sms_marketing), records: Number(records.n) }
}

test.group('Privacy and the staff roles', () => {
  test('a cashier cannot export customer data nor act on a rights request', async ({ client, assert }) => {
    const { request } = await setup()
    const cashier = await createStaff('cashier')
    ;(await client.get('/admin/customers/export.csv').loginAs(cashier)).assertStatus(403)
    ;(await client.get('/admin/privacy').loginAs(cashier)).assertStatus(403)
    ;(await client.post(`/admin/privacy/requests/${request.publicId}/fulfil`).loginAs(cashier).withCsrfToken().form({})).assertStatus(403)
    assert.equal(Number((await db.from('privacy_exports').where('privacy_request_id', request.id).count('* as n').first()).n), 0)
    assert.equal((await db.from('privacy_requests').where('id', request.id).firstOrFail()).status, 'in_progress')
  })

  test('a marketer cannot re-subscribe an opted-out customer: the edit form has no consent, the queue is closed to them', async ({ client, assert }) => {
    const { customer, request } = await setup()
    const marketer = await createStaff('marketer')
    const before = await consentState(customer.id)
    assert.deepEqual({ email: before.email, sms: before.sms }, { email: false, sms: false })
    const edited = await client
      .put(`/admin/customers/${customer.publicId}`)
      .form({ first_name: 'Remis', last_name: customer.lastName ?? '', email: customer.email ?? '', phone: customer.phoneE164 ?? '', locale: 'fr', tags: '', email_marketing: 'on', sms_marketing: 'on', consents: 'all' })
      .loginAs(marketer)
      .withCsrfToken()
    edited.assertStatus(200)
    assert.equal((await db.from('customers').where('id', customer.id).firstOrFail()).first_name, 'Remis')
    assert.deepEqual(await consentState(customer.id), before)
    ;(await client.post(`/admin/privacy/requests/${request.publicId}/refuse`).loginAs(marketer).withCsrfToken().form({ reason: 'Je refuse cette demande' })).assertStatus(403)
    ;(await client.post('/portal/consents').loginAs(marketer).withCsrfToken().form({ purpose: 'email_marketing', decision: 'grant' }).redirects(0)).assertStatus(302)
    assert.deepEqual(await consentState(customer.id), before)
  })

  test('a till re-enrolling an opted-out customer through the POS API changes nothing (409)', async ({ client, assert }) => {
    const { store, customer } = await setup()
    const { bearer } = await createPosToken(store)
    const before = await consentState(customer.id)
    const again = await posApi(client, bearer).enrol({ email: customer.email, consents: { email_marketing: true, sms_marketing: true } })
    again.assertStatus(409)
    assert.deepEqual(await consentState(customer.id), before)
  })
})
