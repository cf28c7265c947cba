import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { recordPurchase } from '#purchases/record_purchase'
import { refundPurchase } from '#loyalty/refund_purchase'
import { redeem } from '#loyalty/redeem'
import { expireDueLots } from '#loyalty/expiry_pass'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { dbInstant } from '#shared/db_time'
import { hashSecretToken } from '#shared/secret_token'
import { write } from '#shared/sql_program'
import { createCustomer, createProgram, createStore, uniqueEmail, uniquePhone } from '#tests/helpers/factories'
import { mailsTo, type ReceivedMail } from '#tests/helpers/smtp_sink'
import { resetDeviceQuotas } from '#tests/helpers/quotas'

/** Page text as read: entities decoded, the narrow spaces of French money as plain spaces. */
const plain = (html: string) => html.replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/[\u00a0\u202f]/g, ' ')
const sessionOf = (customer: { publicId: string }) => ({ [PORTAL_SESSION_KEY]: customer.publicId })
const linkOf = (mail: ReceivedMail) => /\/portal\/email-change\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0]
const customerRow = (id: number) => db.from('customers').where('id', id).firstOrFail()
const dialect = () => db.connection().dialect.name
const RANDOM_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

/** The profile form as the page sends it, with the stored values unless overridden. */
function profileForm(customer: { email: string | null; firstName: string | null; lastName: string | null; phoneE164: string | null }, overrides: Record<string, string> = {}) {
  return { first_name: customer.firstName ?? '', last_name: customer.lastName ?? '', email: customer.email ?? '', phone: customer.phoneE164 ?? '', birth_day: '', birth_month: '', birth_year: '', locale: 'fr', ...overrides }
}

test.group('Customer portal: who may see the card, history and profile', () => {
  test('without a portal session every page sends to sign-in, a write too; a form without its CSRF token is refused', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    for (const path of ['/portal/card', '/portal/profile', '/portal/purchases', `/portal/purchases/${RANDOM_ID}`, '/portal/points']) {
      const response = await client.get(path).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/portal/sign-in', path)
    }
    const anonymous = await client.post('/portal/profile').withCsrfToken().form(profileForm(customer, { first_name: 'Intrus' })).redirects(0)
    assert.equal(anonymous.header('location'), '/portal/sign-in')
    ;(await client.post('/portal/profile').withSession(sessionOf(customer)).form(profileForm(customer, { first_name: 'Intrus' }))).assertStatus(403)
    assert.equal((await customerRow(customer.id)).first_name, customer.firstName)
  })

  test('a portal sign-in records when the portal was last used', async ({ client, assert }) => {
    await resetDeviceQuotas([
      { key: 'portal-mail-device:127.0.0.1', requests: 10, durationSeconds: 3600 },
      { key: 'portal-guess-device:127.0.0.1', requests: 20, durationSeconds: 600 },
    ])
    const store = await createStore()
    const customer = await createCustomer(store)
    assert.isNull((await customerRow(customer.id)).portal_seen_at)
    await client.post('/portal/sign-in').withCsrfToken().form({ email: customer.email! })
    const code = /\b(\d{6})\b/.exec(mailsTo(customer.email!)[0].parsed.subject ?? '')![1]
    ;(await client.post('/portal/code').withCsrfToken().form({ email: customer.email!, code }).redirects(0)).assertStatus(302)
    assert.isNotNull((await customerRow(customer.id)).portal_seen_at)
  })
})

test.group('Customer portal: the card', () => {
  test('the card code as a large inline QR code with a text alternative, printable, in French and English', async ({ client, assert }) => {
    const store = await createStore({ name: 'Boulangerie QR' })
    const customer = await createCustomer(store, { firstName: 'Inès' })
    const page = await client.get('/portal/card').withSession(sessionOf(customer))
    page.assertStatus(200)
    assert.equal(page.header('cache-control'), 'no-store')
    const html = page.text()
    assert.match(html, /<svg role="img" aria-labelledby="card-qr-title"[^>]*viewBox=/)
    assert.include(html, `<title id="card-qr-title">QR code de la carte de fidélité numéro ${customer.cardCode}</title>`)
    assert.include(html, `data-card-code>${customer.cardCode}</strong>`)
    assert.include(html, '/css/portal.css')
    // Nothing from elsewhere: no image, script or style from another origin.
    assert.notMatch(html, /(src|href)="https?:\/\//)
    const english = await client.get('/portal/card').withSession(sessionOf(customer)).header('accept-language', 'en')
    english.assertStatus(200)
    assert.include(english.text(), `QR code of loyalty card number ${customer.cardCode}`)
    assert.include(english.text(), 'Print my card')
  })
})

test.group('Customer portal: history', () => {
  test('purchases of this customer only, most recent first, page by page; another customer\'s purchase is the same 404 as a random id', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const customer = await createCustomer(store)
    const other = await createCustomer(store)
    const start = Date.now() - 30 * 86_400_000
    for (let i = 0; i < 21; i++) await recordPurchase({ store, customer, totalCents: 1_000 + i, source: 'till', occurredAt: new Date(start + i * 3_600_000) })
    const theirs = await recordPurchase({ store, customer: other, totalCents: 77_700, source: 'till' })

    const first = await client.get('/portal/purchases').withSession(sessionOf(customer))
    first.assertStatus(200)
    const ids = [...first.text().matchAll(/data-purchase="([0-9A-Z]{26})"/g)].map((match) => match[1])
    assert.lengthOf(ids, 20)
    const newest = await db.from('purchases').where('customer_id', customer.id).orderBy('occurred_at', 'desc').select('public_id')
    assert.deepEqual(ids, newest.slice(0, 20).map((row) => row.public_id))
    assert.notInclude(first.text(), theirs.publicId)
    assert.notInclude(plain(first.text()), '777,00')
    const next = /\/portal\/purchases\?before=([0-9A-Z]{26})/.exec(first.text())![1]
    assert.equal(next, ids[19])
    const second = await client.get('/portal/purchases').qs({ before: next }).withSession(sessionOf(customer))
    second.assertStatus(200)
    assert.deepEqual([...second.text().matchAll(/data-purchase="([0-9A-Z]{26})"/g)].map((match) => match[1]), [newest[20].public_id])
    assert.notInclude(second.text(), 'rel="next"')

    const random = await client.get(`/portal/purchases/${RANDOM_ID}`).withSession(sessionOf(customer))
    const another = await client.get(`/portal/purchases/${theirs.publicId}`).withSession(sessionOf(customer))
    random.assertStatus(404)
    another.assertStatus(404)
    assert.equal(another.text(), random.text())
    assert.notInclude(another.text(), '777')
    // Their id as a cursor, or junk: the same.
    ;(await client.get('/portal/purchases').qs({ before: theirs.publicId }).withSession(sessionOf(customer))).assertStatus(404)
    ;(await client.get('/portal/purchases').qs({ before: "' OR 1=1 --" }).withSession(sessionOf(customer))).assertStatus(404)
    ;(await client.get('/portal/purchases/..%2F..%2Fadmin').withSession(sessionOf(customer))).assertStatus(404)
    // Their own purchase opens.
    ;(await client.get(`/portal/purchases/${theirs.publicId}`).withSession(sessionOf(other))).assertStatus(200)
  })

  test('a purchase shows its lines, discounts, refunds and what it earned, at the store\'s local time', async ({ client, assert }) => {
    const store = await createStore({ name: 'Épicerie de Montréal', timezone: 'America/Toronto' })
    await createProgram(store)
    const customer = await createCustomer(store)
    // 100 € earn 100 points: the programme turns them into a 5 € voucher, used on the next purchase.
    await recordPurchase({ store, customer, totalCents: 10_000, source: 'till' })
    const voucher = await db.from('vouchers').where('customer_id', customer.id).firstOrFail()
    const at = new Date('2026-01-15T14:05:00Z')
    const sale = await recordPurchase({
      store,
      customer,
      totalCents: 3_450,
      source: 'till',
      occurredAt: at,
      lines: [
        { sku: 'PAIN-01', name: 'Pain de campagne', quantity: 2, unitPriceCents: 450 },
        { sku: 'MIEL-02', name: 'Miel de lavande', quantity: 1, unitPriceCents: 2_550 },
      ],
    })
    const actor = { source: 'api' as const, tokenId: 0 }
    const redeemed = await write((d) => redeem({ storeId: store.id, timezone: store.timezone, actor, customerPublicId: customer.publicId, what: { voucherCode: voucher.code }, totalCents: 3_450, purchasePublicId: sale.publicId }, d))
    assert.isTrue(redeemed.ok)
    const refunded = await write((d) => refundPurchase({ storeId: store.id, actor, purchasePublicId: sale.publicId, amountCents: null, lines: [{ position: 1, quantity: 1 }] }, d))
    assert.isTrue(refunded.ok)

    const page = await client.get(`/portal/purchases/${sale.publicId}`).withSession(sessionOf(customer))
    page.assertStatus(200)
    const text = plain(page.text())
    // 14:05 UTC is 09:05 in Toronto.
    assert.include(text, '09:05')
    assert.notInclude(text, '14:05')
    assert.include(text, 'Pain de campagne')
    assert.include(text, 'PAIN-01')
    assert.include(text, '4,50 €')
    assert.include(text, '9,00 €')
    assert.include(text, '34,50 €')
    assert.include(text, `Bon ${voucher.code}`)
    assert.include(text, '−5,00 €')
    assert.match(text, /Le [^<]+ : 4,50 € remboursés/)
    assert.include(text, 'Pain de campagne × 1 : 4,50 €')
    assert.include(text, '34 points')
    assert.include(text, 'Repris après remboursement')

    const english = await client.get(`/portal/purchases/${sale.publicId}`).withSession(sessionOf(customer)).header('accept-language', 'en')
    english.assertStatus(200)
    assert.include(plain(english.text()), `Voucher ${voucher.code}`)
    assert.include(plain(english.text()), '€34.50')
    const list = plain((await client.get('/portal/purchases').withSession(sessionOf(customer))).text())
    assert.include(list, 'remboursé : 4,50 €')
    assert.include(list, 'Gagné : 34 points')
  })

  test('the points page: balances, lots with the next expiry, movements newest first; another customer\'s line is a 404', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const customer = await createCustomer(store)
    const other = await createCustomer(store)
    // 13 months ago: 15 points, expired since; today: 42 points, valid a year.
    await recordPurchase({ store, customer, totalCents: 1_500, source: 'till', occurredAt: DateTime.utc().minus({ months: 13 }).toJSDate() })
    await expireDueLots()
    const sale = await recordPurchase({ store, customer, totalCents: 4_200, source: 'till' })
    await recordPurchase({ store, customer: other, totalCents: 6_600, source: 'till' })
    const page = await client.get('/portal/points').withSession(sessionOf(customer))
    page.assertStatus(200)
    const text = plain(page.text())
    assert.include(text, 'Solde : 42 points')
    assert.include(text, 'Expiré (lot gagné le')
    assert.include(text, '−15 points')
    assert.include(text, '+15 points')
    // Newest first: today's purchase before the expiry, the expiry before the old purchase.
    assert.isBelow(text.indexOf('+42 points'), text.indexOf('−15 points'))
    assert.isBelow(text.indexOf('−15 points'), text.indexOf('+15 points'))
    assert.match(text, /Prochaine expiration : 42 points le \d{1,2} [^<]+ \d{4}\./)
    assert.include(text, 'Achat')
    assert.include(text, '+42 points')
    assert.include(page.text(), `/portal/purchases/${sale.publicId}`)
    assert.notInclude(text, '66 points')

    const theirLine = await db.from('ledger_entries as e').join('loyalty_accounts as a', 'a.id', 'e.account_id').where('a.customer_id', other.id).select('e.public_id').firstOrFail()
    ;(await client.get('/portal/points').qs({ before: theirLine.public_id }).withSession(sessionOf(customer))).assertStatus(404)
    const english = await client.get('/portal/points').withSession(sessionOf(customer)).header('accept-language', 'en')
    english.assertStatus(200)
    assert.include(plain(english.text()), 'Balance: 42 points')
    // Without any account: an empty page, not an error.
    const newcomer = await createCustomer(await createStore())
    ;(await client.get('/portal/points').withSession(sessionOf(newcomer))).assertStatus(200)
    ;(await client.get('/portal/purchases').withSession(sessionOf(newcomer))).assertStatus(200)
  })
})

test.group('Customer portal: rectification of the profile', () => {
  test('a correction is saved: names, phone normalised, birthday, language; an audit row with field names only, an event, the last contact', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { firstName: 'Jean', phoneE164: null })
    const form = await client.get('/portal/profile').withSession(sessionOf(customer))
    form.assertStatus(200)
    assert.include(form.text(), `value="${customer.email}"`)
    assert.include(plain(form.text()), "L'année est facultative : elle ne sert qu'à vérifier l'âge requis (15 ans)")

    const phone = uniquePhone()
    const spaced = `0${phone.slice(3, 4)} ${phone.slice(4, 6)} ${phone.slice(6, 8)} ${phone.slice(8, 10)} ${phone.slice(10, 12)}`
    const saved = await client
      .post('/portal/profile')
      .withSession(sessionOf(customer))
      .withCsrfToken()
      // Fields the form does not have are ignored (no mass assignment).
      .form({ ...profileForm(customer, { first_name: 'Jeanne', last_name: 'Durand', phone: spaced, birth_day: '29', birth_month: '2', locale: 'en' }), email_marketing: 'on', card_code: 'HACKED', store_id: '999', points: '1000000' })
      .redirects(0)
    saved.assertStatus(302)
    assert.equal(saved.header('location'), '/portal/profile')
    saved.assertFlashMessage('success', 'Vos informations sont enregistrées.')
    const row = await customerRow(customer.id)
    assert.include(row, { first_name: 'Jeanne', last_name: 'Durand', phone_e164: phone, birth_day: 29, birth_month: 2, birth_year: null, locale: 'en', card_code: customer.cardCode, store_id: store.id })
    assert.isFalse(Boolean(row.email_marketing))
    assert.isNotNull(row.last_contact_at)
    const audits = await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified')
    assert.lengthOf(audits, 1)
    assert.isNull(audits[0].staff_member_id)
    assert.deepEqual(JSON.parse(audits[0].details).fields, ['firstName', 'lastName', 'phoneE164', 'birthDay', 'birthMonth', 'locale'])
    for (const value of ['Jeanne', 'Durand', phone, '29']) assert.notInclude(audits[0].details, value)
    const events = await db.from('outbox_events').where('type', 'customer.updated').whereLike('payload', `%${customer.publicId}%`)
    assert.lengthOf(events, 1)
    assert.notInclude(events[0].payload, 'Jeanne')

    // The same form again changes nothing and writes nothing.
    const again = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm({ ...customer, firstName: 'Jeanne', lastName: 'Durand' }, { phone, birth_day: '29', birth_month: '2', locale: 'en' })).redirects(0)
    again.assertFlashMessage('success', 'Rien à modifier.')
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 1)
    // A blank phone removes it.
    await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm({ ...customer, firstName: 'Jeanne', lastName: 'Durand' }, { phone: '', locale: 'en' })).redirects(0)
    assert.include(await customerRow(customer.id), { phone_e164: null, birth_day: null, birth_month: null })
  })

  test("another customer's phone or e-mail is a 422 on that field that does not say whose; nothing changes", async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { firstName: 'Paul' })
    const other = await createCustomer(store, { firstName: 'Gaspard', lastName: 'Secret' })
    const phone = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { first_name: 'Paulo', phone: other.phoneE164! }))
    phone.assertStatus(422)
    const phoneText = plain(phone.text())
    assert.include(phoneText, 'Ce numéro ne peut pas être utilisé : il est déjà lié à une autre carte.')
    assert.include(phone.text(), 'value="Paulo"')
    for (const leak of [other.publicId, 'Gaspard', 'Secret', other.email!]) assert.notInclude(phoneText, leak)
    const email = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { first_name: 'Paulo', email: other.email!.toUpperCase() }))
    email.assertStatus(422)
    assert.include(plain(email.text()), 'Cette adresse e-mail ne peut pas être utilisée')
    assert.notInclude(email.text(), other.publicId)
    const row = await customerRow(customer.id)
    assert.include(row, { first_name: 'Paul', email: customer.email, phone_e164: customer.phoneE164 })
    assert.lengthOf(mailsTo(other.email!), 0)
    assert.lengthOf(await db.from('portal_email_changes').where('customer_id', customer.id), 0)
  })

  test('bad or hostile input is a 422 that shows the form again as typed, with field errors, never a 500', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { firstName: 'Lou' })
    const post = (overrides: Record<string, string>) => client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, overrides))
    const cases: Array<[Record<string, string>, string]> = [
      [{ first_name: '<script>alert(1)</script>' }, 'first_name'],
      [{ last_name: 'Dupont\u0000\u0007' }, 'last_name'],
      [{ last_name: 'x'.repeat(10_000) }, 'last_name'],
      [{ email: 'x'.repeat(10_000) + '@example.fr' }, 'email'],
      [{ email: '' }, 'email'],
      [{ email: 'pas-une-adresse' }, 'email'],
      [{ phone: '06 12' }, 'phone'],
      [{ phone: '<b>0612345678</b>' }, 'phone'],
      [{ birth_day: '31', birth_month: '2' }, 'birth_day'],
      [{ birth_day: '12' }, 'birth_day'],
      [{ birth_day: '1', birth_month: '13' }, 'birth_month'],
      [{ birth_day: '1', birth_month: '1', birth_year: '1850' }, 'birth_year'],
      [{ birth_day: 'dix' }, 'birth_day'],
      [{ locale: 'de' }, 'locale'],
    ]
    for (const [overrides, field] of cases) {
      const response = await post({ first_name: 'Typed', ...overrides })
      assert.equal(response.status(), 422, JSON.stringify(overrides).slice(0, 80))
      assert.include(response.text(), `id="${field}-error"`, field)
      assert.include(response.text(), 'aria-invalid="true"')
    }
    const hostile = await post({ first_name: '<script>alert(1)</script>' })
    assert.notInclude(hostile.text(), '<script>alert(1)</script>')
    assert.include(hostile.text(), '&lt;script&gt;')
    assert.include(plain(hostile.text()), 'caractères non autorisés')
    const typed = await post({ first_name: 'Typée', phone: '06 12' })
    assert.include(typed.text(), 'value="Typée"')
    assert.include(typed.text(), 'value="06 12"')
    // English messages too.
    const english = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().header('accept-language', 'en').form(profileForm(customer, { email: '' }))
    english.assertStatus(422)
    assert.include(english.text(), 'Enter your e-mail address')
    assert.include(await customerRow(customer.id), { first_name: 'Lou', email: customer.email })
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 0)
  })

  test('a birth date that makes the customer under 15 withdraws their marketing consents, with a record each', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store, { consents: { email_marketing: true, sms_marketing: true } })
    const year = DateTime.now().setZone(store.timezone).year - 12
    const response = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { birth_day: '1', birth_month: '1', birth_year: String(year) })).redirects(0)
    response.assertStatus(302)
    assert.include(response.flashMessages().success, 'Moins de 15 ans')
    const row = await customerRow(customer.id)
    assert.isFalse(Boolean(row.email_marketing))
    assert.isFalse(Boolean(row.sms_marketing))
    assert.equal(row.birth_year, year)
    const records = await db.from('consent_records').where('customer_id', customer.id).where('decision', 'withdrawn').orderBy('purpose')
    assert.deepEqual(records.map((record) => [record.purpose, record.source]), [['email_marketing', 'portal'], ['sms_marketing', 'portal']])
    // At 15 and more, nothing is withdrawn.
    const adult = await createCustomer(store, { consents: { email_marketing: true } })
    await client.post('/portal/profile').withSession(sessionOf(adult)).withCsrfToken().form(profileForm(adult, { birth_day: '1', birth_month: '1', birth_year: String(year - 4) })).redirects(0)
    assert.isTrue(Boolean((await customerRow(adult.id)).email_marketing))
  })
})

test.group('Customer portal: a new e-mail address, applied once confirmed', () => {
  test('the link goes to the new address (its hash kept), a notice to the old one; the page asks, the form applies once', async ({ client, assert }) => {
    const store = await createStore({ name: 'Fromagerie Mail' })
    const customer = await createCustomer(store, { firstName: 'Anna' })
    const newEmail = uniqueEmail('nouvelle')
    const asked = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email: `  ${newEmail.toUpperCase()} ` })).redirects(0)
    asked.assertStatus(302)
    assert.include(asked.flashMessages().success, `Un lien de confirmation vient d'être envoyé à ${newEmail}`)
    assert.equal((await customerRow(customer.id)).email, customer.email, 'not applied yet')
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 0)

    const [mail] = mailsTo(newEmail)
    assert.include(mail.parsed.subject!, 'Fromagerie Mail')
    const link = linkOf(mail)
    const token = link.split('/').pop()!
    const stored = await db.from('portal_email_changes').where('customer_id', customer.id).firstOrFail()
    assert.equal(stored.token_hash, hashSecretToken(token))
    assert.notInclude(JSON.stringify(stored), token)
    const [notice] = mailsTo(customer.email!)
    assert.include(notice.parsed.text!, `${newEmail[0]}***@example.test`)
    assert.notInclude(notice.parsed.text!, newEmail)
    assert.notInclude(notice.parsed.text!, token)
    assert.include(plain((await client.get('/portal/profile').withSession(sessionOf(customer))).text()), `en attente de confirmation : ${newEmail}`)

    // The page asks and changes nothing (mail scanners open links).
    const question = await client.get(link)
    question.assertStatus(200)
    assert.include(question.text(), newEmail)
    assert.equal((await customerRow(customer.id)).email, customer.email)
    const confirmed = await client.post(link).withCsrfToken().form({})
    confirmed.assertStatus(200)
    assert.include(confirmed.text(), newEmail)
    const row = await customerRow(customer.id)
    assert.equal(row.email, newEmail)
    assert.isNotNull(row.last_contact_at)
    const audits = await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified')
    assert.deepEqual(audits.map((audit) => JSON.parse(audit.details).fields), [['email']])
    assert.notInclude(audits[0].details, newEmail)
    assert.lengthOf(await db.from('outbox_events').where('type', 'customer.updated').whereLike('payload', `%${customer.publicId}%`), 1)
    // Replayed: refused.
    ;(await client.post(link).withCsrfToken().form({})).assertStatus(404)
    ;(await client.get(link)).assertStatus(404)
    assert.lengthOf(await db.from('portal_email_changes').where('customer_id', customer.id), 0)
  })

  test('two confirmations at once: one applies the change, the other is refused', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    const newEmail = uniqueEmail('double')
    await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email: newEmail })).redirects(0)
    const link = linkOf(mailsTo(newEmail)[0])
    const answers = await Promise.all([client.post(link).withCsrfToken().form({}), client.post(link).withCsrfToken().form({})])
    assert.deepEqual(answers.map((answer) => answer.status()).sort(), [200, 404])
    assert.equal((await customerRow(customer.id)).email, newEmail)
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 1)
  })

  test('an expired, mutated, replaced or CSRF-less confirmation changes nothing', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    const ask = (email: string) => client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email })).redirects(0)
    const first = uniqueEmail('premiere')
    await ask(first)
    const firstLink = linkOf(mailsTo(first)[0])
    const last = firstLink.slice(-1)
    const mutated = firstLink.slice(0, -1) + (last === 'A' ? 'B' : 'A')
    ;(await client.get(mutated)).assertStatus(404)
    ;(await client.post(mutated).withCsrfToken().form({})).assertStatus(404)
    ;(await client.post(firstLink).form({})).assertStatus(403)
    ;(await client.get('/portal/email-change/short')).assertStatus(404)

    // A second request replaces the first link.
    const second = uniqueEmail('seconde')
    await ask(second)
    ;(await client.post(firstLink).withCsrfToken().form({})).assertStatus(404)
    const secondLink = linkOf(mailsTo(second)[0])
    await db.from('portal_email_changes').where('customer_id', customer.id).update({ expires_at: dbInstant(new Date(Date.now() - 1000), dialect()) })
    ;(await client.get(secondLink)).assertStatus(404)
    const expired = await client.post(secondLink).withCsrfToken().form({})
    expired.assertStatus(404)
    assert.include(plain(expired.text()), 'pendant 24 heures')
    assert.equal((await customerRow(customer.id)).email, customer.email)
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 0)
  })

  test('an address another customer took meanwhile: a clear message and nothing changed', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    const wanted = uniqueEmail('convoitee')
    await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email: wanted })).redirects(0)
    const link = linkOf(mailsTo(wanted)[0])
    const quicker = await createCustomer(store, { email: wanted, firstName: 'Rapide' })
    const refused = await client.post(link).withCsrfToken().form({})
    refused.assertStatus(409)
    assert.include(plain(refused.text()), 'Cette adresse est désormais liée à une autre carte : votre adresse e-mail n\'a pas changé.')
    assert.notInclude(refused.text(), quicker.publicId)
    assert.notInclude(refused.text(), 'Rapide')
    assert.equal((await customerRow(customer.id)).email, customer.email)
    assert.equal((await customerRow(quicker.id)).email, wanted)
    assert.lengthOf(await db.from('audit_logs').where('subject_id', customer.publicId).where('action', 'customer.rectified'), 0)
  })

  test('links to new addresses are limited per customer: the sixth in an hour is a 429 and sends nothing', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await createCustomer(store)
    await resetDeviceQuotas([{ key: `portal-email-change:${customer.publicId}`, requests: 5, durationSeconds: 3600 }])
    for (let i = 0; i < 5; i++) (await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email: uniqueEmail('quota') })).redirects(0)).assertStatus(302)
    const sixth = uniqueEmail('quota')
    const refused = await client.post('/portal/profile').withSession(sessionOf(customer)).withCsrfToken().form(profileForm(customer, { email: sixth }))
    refused.assertStatus(429)
    assert.lengthOf(mailsTo(sixth), 0)
  })
})
