import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { wordingOf } from '#privacy/consent_wording'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { dbInstant } from '#shared/db_time'
import { createCustomer, createStore } from '#tests/helpers/factories'
import { clearRefusals, mailsTo, refuseNext, type ReceivedMail } from '#tests/helpers/smtp_sink'
import { textOf } from '#tests/helpers/html'

let sequence = 0
const newAddress = () => `join${Date.now()}-${++sequence}@example.fr`

const form = (overrides: Record<string, string> = {}) => ({
  first_name: 'Léa',
  email: newAddress(),
  phone: '',
  birth_day: '12',
  birth_month: '5',
  birth_year: '',
  locale: 'fr',
  loyalty_membership: 'on',
  ...overrides,
})

function linkOf(mail: ReceivedMail) {
  const match = /\/join\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')
  if (!match) throw new Error(`no confirmation link in ${mail.parsed.text}`)
  return match[0]
}

const allowJoins = () => resetDeviceQuotas([{ key: 'join-device:127.0.0.1', requests: 10, durationSeconds: 3600 }])

test.group('Public enrolment (/join/:store) with double opt-in', (group) => {
  group.each.setup(() => allowJoins())
  group.each.teardown(() => clearRefusals())

  test('the form: nothing ticked in advance, the words of each box, the short notice naming the controller, in French and English', async ({ client, assert }) => {
    const store = await createStore({ name: 'Café des Arts', legalName: 'SARL Les Arts' })
    const page = await client.get(`/join/${store.slug}`)
    page.assertStatus(200)
    assert.include(textOf(page), wordingOf('email_marketing', 'fr', 'Café des Arts').text)
    assert.include(textOf(page), wordingOf('loyalty_membership', 'fr', 'Café des Arts').text)
    page.assertTextIncludes('SARL Les Arts traite vos données')
    page.assertTextIncludes('CNIL')
    if (/type="checkbox"[^>]*checked/.test(page.text())) throw new Error('a box is ticked in advance')
    const english = await client.get(`/join/${store.slug}`).header('accept-language', 'en')
    assert.include(textOf(english), wordingOf('sms_marketing', 'en', 'Café des Arts').text)
    english.assertTextIncludes('SARL Les Arts processes your data')
  })

  test('an unknown, archived or hostile store is a 404 page', async ({ client }) => {
    const archived = await createStore()
    await db.from('stores').where('id', archived.id).update({ archived_at: dbInstant(new Date(), db.connection().dialect.name) })
    for (const slug of ['nope-nope', archived.slug, '..%2F..%2Fetc', 'x'.repeat(300)]) {
      const page = await client.get(`/join/${slug}`)
      page.assertStatus(404)
    }
  })

  test('join, then the mailed link: the card exists only after the click, with the consents, the words and both moments as proof; the link works once', async ({ client, assert }) => {
    const store = await createStore({ name: 'Boulangerie Martin' })
    const input = form({ email_marketing: 'on' })
    const sent = await client.post(`/join/${store.slug}`).withCsrfToken().header('user-agent', 'Phone/1.0').form(input)
    sent.assertStatus(200)
    sent.assertTextIncludes('Vérifiez votre boîte mail')
    assert.isNull(await db.from('customers').where('email', input.email).first())
    const [mail] = mailsTo(input.email)
    assert.equal(mail.parsed.subject, 'Confirmez votre inscription chez Boulangerie Martin')
    assert.include(mail.parsed.text!, 'sans caractère commercial')
    const link = linkOf(mail)

    // Opening the link (a mail scanner does) only asks.
    const question = await client.get(link)
    question.assertStatus(200)
    question.assertTextIncludes(input.email)
    assert.isNull(await db.from('customers').where('email', input.email).first())

    const done = await client.post(link).withCsrfToken().header('user-agent', 'Phone/2.0').form({})
    done.assertStatus(200)
    done.assertTextIncludes('Bienvenue')
    const customer = await db.from('customers').where('email', input.email).firstOrFail()
    assert.include(customer, { source: 'join', first_name: 'Léa', birth_day: 12, birth_month: 5, store_id: store.id })
    assert.isTrue(Boolean(customer.email_marketing))
    assert.isFalse(Boolean(customer.sms_marketing))
    done.assertTextIncludes(customer.card_code)
    const records = await db.from('consent_records').where('customer_id', customer.id).orderBy('id')
    assert.sameMembers(records.map((record) => `${record.purpose}:${record.decision}:${record.source}`), ['email_marketing:granted:join', 'loyalty_membership:granted:join'])
    const emailRecord = records.find((record) => record.purpose === 'email_marketing')!
    assert.equal(emailRecord.notice_version, wordingOf('email_marketing', 'fr', 'Boulangerie Martin').version)
    assert.match(emailRecord.evidence, /^double opt-in: form sent .+ from .+\(Phone\/1\.0\); link confirmed /)
    assert.equal(emailRecord.user_agent, 'Phone/2.0')
    // The request keeps nothing personal once confirmed.
    const request = await db.from('join_requests').where('customer_id', customer.id).firstOrFail()
    assert.isNull(request.email)
    assert.isNull(request.details)

    const replay = await client.post(link).withCsrfToken().form({})
    replay.assertStatus(404)
    assert.lengthOf(await db.from('customers').where('email', input.email), 1)
  })

  test('an address that already has a card gets the same answer; confirming changes nothing of that customer', async ({ client, assert }) => {
    const store = await createStore()
    const member = await createCustomer(store, { email: newAddress() })
    const fresh = form()
    const known = form({ email: member.email!, email_marketing: 'on', sms_marketing: 'on', phone: '06 12 34 56 78' })
    const first = await client.post(`/join/${store.slug}`).withCsrfToken().form(fresh)
    const second = await client.post(`/join/${store.slug}`).withCsrfToken().form(known)
    assert.equal(second.status(), first.status())
    assert.equal(second.text().replace(known.email, 'X'), first.text().replace(fresh.email, 'X'))
    const done = await client.post(linkOf(mailsTo(member.email!)[0])).withCsrfToken().form({})
    done.assertStatus(200)
    done.assertTextIncludes('déjà inscrite')
    const after = await db.from('customers').where('id', member.id).firstOrFail()
    assert.isFalse(Boolean(after.email_marketing))
    assert.isFalse(Boolean(after.sms_marketing))
    assert.lengthOf(await db.from('consent_records').where('customer_id', member.id).where('source', 'join'), 0)
  })

  test('bad input is a field error with nothing kept: no e-mail, terms unticked, a bad date, SMS without a phone, oversized and hostile values', async ({ client, assert }) => {
    const store = await createStore()
    const cases: Array<[Record<string, string>, string]> = [
      [{ email: '' }, 'email'],
      [{ email: 'not-an-address' }, 'email'],
      [{ email: `${'a'.repeat(250)}@example.fr` }, 'email'],
      [{ loyalty_membership: '' }, 'loyalty_membership'],
      [{ birth_day: '31', birth_month: '2' }, 'birth_day'],
      [{ sms_marketing: 'on' }, 'phone'],
      [{ first_name: 'x'.repeat(500) }, 'first_name'],
      [{ first_name: '<<<>>>' }, 'first_name'],
      [{ locale: 'de' }, 'locale'],
      [{ phone: 'DROP TABLE customers' }, 'phone'],
    ]
    for (const [overrides, field] of cases) {
      const input = form(overrides)
      const response = await client.post(`/join/${store.slug}`).withCsrfToken().header('referer', `/join/${store.slug}`).form(input).redirects(0)
      response.assertStatus(302)
      assert.property(response.flashMessage('inputErrorsBag'), field, JSON.stringify(overrides))
      assert.lengthOf(mailsTo(input.email), 0)
    }
    assert.lengthOf(await db.from('join_requests').where('store_id', store.id), 0)
  })

  test('under 15 (with a birth year) no marketing consent; without marketing they may join', async ({ client, assert }) => {
    const store = await createStore()
    const year = String(new Date().getFullYear() - 12)
    const refused = await client.post(`/join/${store.slug}`).withCsrfToken().header('referer', `/join/${store.slug}`).form(form({ birth_year: year, email_marketing: 'on' })).redirects(0)
    refused.assertStatus(302)
    assert.property(refused.flashMessage('inputErrorsBag'), 'email_marketing')
    const child = form({ birth_year: year })
    ;(await client.post(`/join/${store.slug}`).withCsrfToken().form(child)).assertStatus(200)
    ;(await client.post(linkOf(mailsTo(child.email)[0])).withCsrfToken().form({})).assertStatus(200)
    const customer = await db.from('customers').where('email', child.email).firstOrFail()
    assert.isFalse(Boolean(customer.email_marketing))
    assert.lengthOf(await db.from('consent_records').where('customer_id', customer.id).where('purpose', 'email_marketing'), 0)
  })

  test('without the CSRF token nothing happens; a hostile first name is escaped in the mail', async ({ client, assert }) => {
    const store = await createStore()
    const input = form({ first_name: 'Zoé<img src=x onerror=alert(1)>' })
    const forged = await client.post(`/join/${store.slug}`).form(input)
    forged.assertStatus(403)
    assert.lengthOf(mailsTo(input.email), 0)
    ;(await client.post(`/join/${store.slug}`).withCsrfToken().form(input)).assertStatus(200)
    const [mail] = mailsTo(input.email)
    assert.notInclude(String(mail.parsed.html), '<img')
    assert.include(String(mail.parsed.html), 'Zoé&lt;img')
  })

  test('an expired link is refused and its data is gone with the next join; an unknown or malformed one is a 404', async ({ client, assert }) => {
    const store = await createStore()
    const input = form()
    await client.post(`/join/${store.slug}`).withCsrfToken().form(input)
    const link = linkOf(mailsTo(input.email)[0])
    await db.from('join_requests').where('email', input.email).update({ expires_at: dbInstant(new Date(Date.now() - 1000), db.connection().dialect.name) })
    ;(await client.get(link)).assertStatus(404)
    ;(await client.post(link).withCsrfToken().form({})).assertStatus(404)
    await client.post(`/join/${store.slug}`).withCsrfToken().form(form())
    assert.isNull(await db.from('join_requests').where('email', input.email).first())
    ;(await client.get(`/join/confirm/${'A'.repeat(43)}`)).assertStatus(404)
    ;(await client.get('/join/confirm/short')).assertStatus(404)
  })

  test('a phone already on another card is left out, with text messages; the page says so', async ({ client, assert }) => {
    const store = await createStore()
    const other = await createCustomer(store, { phoneE164: '+33611223344' })
    const input = form({ phone: '06 11 22 33 44', sms_marketing: 'on', email_marketing: 'on' })
    await client.post(`/join/${store.slug}`).withCsrfToken().form(input)
    const done = await client.post(linkOf(mailsTo(input.email)[0])).withCsrfToken().form({})
    assert.include(textOf(done), "n'a pas pu être ajouté")
    const customer = await db.from('customers').where('email', input.email).firstOrFail()
    assert.isNull(customer.phone_e164)
    assert.isFalse(Boolean(customer.sms_marketing))
    assert.isTrue(Boolean(customer.email_marketing))
    assert.equal((await db.from('customers').where('id', other.id).firstOrFail()).phone_e164, '+33611223344')
  })

  test('mail refused by the server: the form comes back with the reason and nothing is kept; three joins an hour per address, then 429', async ({ client, assert }) => {
    const store = await createStore()
    const input = form()
    refuseNext(550)
    const failed = await client.post(`/join/${store.slug}`).withCsrfToken().form(input)
    failed.assertStatus(503)
    assert.include(textOf(failed), "n'a pas pu partir")
    assert.lengthOf(await db.from('join_requests').where('email', input.email), 0)
    for (let i = 0; i < 2; i++) (await client.post(`/join/${store.slug}`).withCsrfToken().form(input)).assertStatus(200)
    const refused = await client.post(`/join/${store.slug}`).withCsrfToken().form(input)
    refused.assertStatus(429)
    assert.isAbove(Number(refused.header('retry-after')), 0)
    assert.lengthOf(mailsTo(input.email), 2)
  })
})
