import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { createCustomer, createProgram, createStore } from '#tests/helpers/factories'
import { mailsTo, type ReceivedMail } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { wordingOf } from '#privacy/consent_wording'
import { dbInstant } from '#shared/db_time'

const codeOf = (mail: ReceivedMail) => /\b(\d{6})\b/.exec(mail.parsed.subject ?? '')![1]
const linkOf = (mail: ReceivedMail) => /\/portal\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0]
let sequence = 0
const address = () => `portal${Date.now()}-${++sequence}@example.fr`

const freshQuotas = () =>
  resetDeviceQuotas([
    { key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 },
    { key: 'portal-guess-device:127.0.0.1', requests: 20, durationSeconds: 600 },
  ])

test.group('Customer portal: sign-in by code or link', (group) => {
  group.each.setup(() => freshQuotas())

  test('a code by e-mail opens the space: card, balances, vouchers, history; the same answer for an unknown address', async ({ client, assert }) => {
    const store = await createStore({ name: 'Épicerie Portail' })
    await createProgram(store)
    const customer = await createCustomer(store, { email: address(), firstName: 'Noé' })
    const known = await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const unknownAddress = address()
    const unknown = await client.post('/portal/sign-in').withCsrfToken().form({ email: unknownAddress })
    known.assertStatus(200)
    assert.equal(unknown.status(), 200)
    // The same page but for the address and the form's own CSRF token.
    const same = (text: string, email: string) => text.replaceAll(email, 'X').replace(/name='_csrf' value='[^']*'/, '')
    assert.equal(same(unknown.text(), unknownAddress), same(known.text(), customer.email!))
    assert.lengthOf(mailsTo(unknownAddress), 0)
    const [mail] = mailsTo(customer.email!)
    assert.include(mail.parsed.text!, 'sans caractère commercial')
    const row = await db.from('portal_sign_ins').where('customer_id', customer.id).firstOrFail()
    assert.notInclude(JSON.stringify(row), codeOf(mail))

    const signedIn = await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: codeOf(mail) }).redirects(0)
    signedIn.assertStatus(302)
    assert.equal(signedIn.header('location'), '/portal')
    // The session now holds this customer only (by public id); the next request of that browser opens their space.
    assert.equal(signedIn.session()[PORTAL_SESSION_KEY], customer.publicId)
    const home = await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: customer.publicId })
    home.assertStatus(200)
    home.assertTextIncludes('Bonjour Noé')
    home.assertTextIncludes(customer.cardCode)
    // Single use.
    ;(await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: codeOf(mail) })).assertStatus(422)
  })

  test('the link asks, then signs in once; an expired code or link is refused; five wrong codes spend the sign-in', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { email: address() })
    await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const link = linkOf(mailsTo(customer.email!)[0])
    const question = await client.get(link)
    question.assertStatus(200)
    assert.isNull((await db.from('portal_sign_ins').where('customer_id', customer.id).firstOrFail()).used_at)
    ;(await client.post(link).withCsrfToken().form({}).redirects(0)).assertStatus(302)
    ;(await client.post(link).withCsrfToken().form({}).redirects(0)).assertStatus(404)

    await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const second = mailsTo(customer.email!)[1]
    await db.from('portal_sign_ins').where('customer_id', customer.id).whereNull('used_at').update({ expires_at: dbInstant(new Date(Date.now() - 1000), db.connection().dialect.name) })
    ;(await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: codeOf(second) })).assertStatus(422)
    ;(await client.get(linkOf(second))).assertStatus(404)

    await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const third = codeOf(mailsTo(customer.email!)[2])
    const wrong = third === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) (await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: wrong })).assertStatus(422)
    ;(await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: third })).assertStatus(422)
  })

  test("nobody else's space: without a session, with a forged cookie, or after erasure, /portal sends to sign-in; bad input is a 422, never a 500", async ({ client, assert }) => {
    ;(await client.get('/portal').redirects(0)).assertStatus(302)
    ;(await client.get('/portal').header('cookie', 'comptoir-session=forged').redirects(0)).assertStatus(302)
    // A session naming an id that is no customer's (guessing) opens nothing.
    ;(await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }).redirects(0)).assertStatus(302)
    const store = await createStore()
    const customer = await createCustomer(store, { email: address() })
    await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const signedIn = await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code: codeOf(mailsTo(customer.email!)[0]) }).redirects(0)
    await db.from('customers').where('id', customer.id).update({ erased_at: dbInstant(new Date(), db.connection().dialect.name) })
    assert.equal(signedIn.session()[PORTAL_SESSION_KEY], customer.publicId)
    const after = await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: customer.publicId }).redirects(0)
    after.assertStatus(302)
    for (const form of [{ email: 'x'.repeat(400) }, { email: "' OR 1=1 --" }, {}]) assert.isBelow((await client.post('/portal/sign-in').withCsrfToken().form(form).redirects(0)).status(), 500)
    for (const form of [{ email: customer.email!, code: 'abcdef' }, { email: 'nobody@example.fr', code: '123456' }, { code: '1'.repeat(5000) }]) (await client.post('/portal/code').withCsrfToken().form(form)).assertStatus(422)
    ;(await client.post('/portal/sign-in').form({ email: customer.email! })).assertStatus(403)
  })

  test('mails are limited per address: the sixth request in an hour is a 429 and sends nothing', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { email: address() })
    for (let i = 0; i < 5; i++) (await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })).assertStatus(200)
    const refused = await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    refused.assertStatus(429)
    assert.lengthOf(mailsTo(customer.email!), 5)
  })

  test('consents from the space: withdrawn at once with a record, given with the words version; no phone or under 15 refused; a repeat adds nothing', async ({ client, assert }) => {
    const store = await createStore({ name: 'Cave Portail' })
    const customer = await createCustomer(store, { email: address(), phoneE164: null, consents: { email_marketing: true } })
    const session = { [PORTAL_SESSION_KEY]: customer.publicId }
    const home = await client.get('/portal').withSession(session)
    home.assertStatus(200)
    assert.include(home.text(), 'data-consent="email_marketing"')

    ;(await client.post('/portal/consents').withSession(session).withCsrfToken().form({ purpose: 'email_marketing', decision: 'withdraw' }).redirects(0)).assertStatus(302)
    ;(await client.post('/portal/consents').withSession(session).withCsrfToken().form({ purpose: 'email_marketing', decision: 'withdraw' }).redirects(0)).assertStatus(302)
    let row = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.isFalse(Boolean(row.email_marketing))
    const withdrawn = await db.from('consent_records').where('customer_id', customer.id).where('decision', 'withdrawn')
    assert.lengthOf(withdrawn, 1)
    assert.equal(withdrawn[0].source, 'portal')

    ;(await client.post('/portal/consents').withSession(session).withCsrfToken().form({ purpose: 'email_marketing', decision: 'grant' }).redirects(0)).assertStatus(302)
    row = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.isTrue(Boolean(row.email_marketing))
    const granted = await db.from('consent_records').where('customer_id', customer.id).where('source', 'portal').where('decision', 'granted').firstOrFail()
    assert.equal(granted.notice_version, wordingOf('email_marketing', 'fr', 'Cave Portail').version)

    // No phone: no SMS consent.
    const noPhone = await client.post('/portal/consents').withSession(session).withCsrfToken().form({ purpose: 'sms_marketing', decision: 'grant' }).redirects(0)
    noPhone.assertStatus(302)
    assert.isFalse(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).sms_marketing))
    // Under 15 with a birth year: none.
    const child = await createCustomer(store, { email: address(), birthDay: 1, birthMonth: 1, birthYear: new Date().getFullYear() - 10 })
    await client.post('/portal/consents').withSession({ [PORTAL_SESSION_KEY]: child.publicId }).withCsrfToken().form({ purpose: 'email_marketing', decision: 'grant' }).redirects(0)
    assert.isFalse(Boolean((await db.from('customers').where('id', child.id).firstOrFail()).email_marketing))
    // Bad input and no session.
    ;(await client.post('/portal/consents').withSession(session).withCsrfToken().form({ purpose: 'loyalty_membership', decision: 'withdraw' })).assertStatus(422)
    ;(await client.post('/portal/consents').withCsrfToken().form({ purpose: 'email_marketing', decision: 'withdraw' }).redirects(0)).assertStatus(302)
    ;(await client.post('/portal/consents').withSession(session).form({ purpose: 'email_marketing', decision: 'withdraw' })).assertStatus(403)
    assert.isTrue(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))
  })
})
