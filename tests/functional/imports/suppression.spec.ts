import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Customer from '#customers/models/customer'
import { eraseCustomer } from '#privacy/erasure/erase_customer'
import { suppress } from '#privacy/suppression'
import { createCustomer, createStaff, createStore, uniqueEmail } from '#tests/helpers/factories'
import { frenchFormat, mobile, runJob, startImport } from './helpers.js'

test.group('Imports and the suppression list (R5)', () => {
  test('an erased or objecting person comes back in a file with "yes" to marketing: imported without marketing consent, counted as suppressed; the list holds no clear address', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await createStore()
    const erased = await createCustomer(store, { consents: { email_marketing: true, sms_marketing: true } })
    const [erasedEmail, erasedPhone] = [erased.email!, erased.phoneE164!]
    assert.isTrue((await eraseCustomer({ customerId: erased.id, cause: 'request', reason: 'asked at the counter' })).erased)
    // An opt-out known by phone only (a STOP reply, an objection).
    const objectingPhone = mobile()
    await suppress({ email: null, phone: objectingPhone }, 'objection')
    const fresh = uniqueEmail()

    const csv = [
      'email,phone,optin email,date optin email,sms consent,sms consent date',
      `${erasedEmail.toUpperCase()},${frenchFormat(erasedPhone)},oui,2024-01-05,oui,2024-01-05`,
      `,${frenchFormat(objectingPhone)},,,oui,2024-01-05`,
      `${fresh},,oui,2024-01-05,,`,
    ].join('\n')
    const record = await startImport(client, owner, store, csv, ['email', 'phone', 'email_consent', 'email_consent_at', 'sms_consent', 'sms_consent_at'])
    await runJob(record)
    assert.include(record.serializeStatus(), { status: 'done', created_count: 3, suppressed_count: 2, rejected_count: 0 })

    const back = await Customer.findByOrFail('email', erasedEmail)
    assert.notEqual(back.id, erased.id)
    assert.isFalse(Boolean(back.emailMarketing) || Boolean(back.smsMarketing))
    const byPhone = await Customer.findByOrFail('phoneE164', objectingPhone)
    assert.isFalse(Boolean(byPhone.smsMarketing))
    for (const customer of [back, byPhone]) assert.lengthOf(await db.from('consent_records').where('customer_id', customer.id).where('decision', 'granted'), 0)
    // The same file still gives consent to whoever is not on the list.
    assert.isTrue(Boolean((await Customer.findByOrFail('email', fresh)).emailMarketing))

    const finished = await db.from('audit_logs').where('action', 'customers.import_finished').where('subject_id', record.publicId).firstOrFail()
    assert.include(JSON.parse(finished.details), { created: 3, suppressed: 2 })
    const page = await client.get(`/admin/imports/${record.publicId}`).loginAs(owner).header('Accept-Language', 'en')
    page.assertTextIncludes('on the suppression list')
    page.assertTextIncludes('<dd data-count="suppressed_count">2</dd>')
    const french = await client.get(`/admin/imports/${record.publicId}`).loginAs(owner).header('Accept-Language', 'fr')
    assert.match(french.text(), /Dont créés sur la liste d(&#39;|&#x27;|')opposition/)

    const list = JSON.stringify(await db.from('suppression_list').select('*')).toLowerCase()
    for (const clear of [erasedEmail, erasedPhone, frenchFormat(erasedPhone).replace(/ /g, ''), objectingPhone]) assert.notInclude(list, clear.toLowerCase())
  })
})
