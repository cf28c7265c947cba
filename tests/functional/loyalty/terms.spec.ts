import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import i18nManager from '@adonisjs/i18n/services/main'
import { demoRules, type ProgramRules } from '#loyalty/program_rules'
import { termsInForce, termsVersion, upcomingTerms } from '#loyalty/terms/program_terms'
import { announceTerms } from '#loyalty/terms/announce_terms'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { dbInstant } from '#shared/db_time'
import { createCustomer, createProgram, createStaff, createStore, uniqueEmail } from '#tests/helpers/factories'
import { textOf } from '#tests/helpers/html'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { plain } from '../loyalty_admin/helpers.js'

/** Rules no other test uses, so the terms' text can only come from this programme. */
function distinctiveRules(): ProgramRules {
  const rules = demoRules()
  rules.points = { per_euro: 3, excluded_skus: [], excluded_categories: ['tabac'], validity_months: 18, pending_days: 0, point_value_cents: 7 }
  rules.stamps = { skus: [], categories: ['thé'], goal: 7, reward: { kind: 'product', product_label: 'Un thé offert', value_cents: 300, validity_days: 45 }, validity_months: null }
  rules.cashback = { rate_bp: 250, validity_months: 6 }
  return rules
}

const today = (timezone = 'Europe/Paris') => DateTime.now().setZone(timezone).toISODate()!
const inDays = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!

async function publish(client: any, owner: any, form: Record<string, string>) {
  return client.post('/admin/loyalty/terms/versions').loginAs(owner).withCsrfToken().form(form).redirects(0)
}

/** Makes the live configuration differ from every published version (terms are the whole business's, shared by the suite). */
async function changeSomething() {
  const store = await createStore()
  await createProgram(store, distinctiveRules())
  return store
}

/** Every customer but these has been told of every version waiting to be announced. */
async function markOthersTold(customerIds: number[]) {
  const now = dbInstant(new Date(), db.connection().dialect.name)
  await db.rawQuery(
    `INSERT INTO program_terms_notices (terms_id, customer_id, status, created_at)
     SELECT t.id, c.id, 'sent', ? FROM program_terms t CROSS JOIN customers c
     WHERE t.announced_at IS NULL AND c.id NOT IN (${customerIds.map(() => '?').join(', ')})
     ON CONFLICT (terms_id, customer_id) DO NOTHING`,
    [now, ...customerIds]
  )
}

async function latestVersion() {
  return Number((await db.from('program_terms').max('version as version').first())?.version ?? 0)
}

test.group('Programme terms (règlement): generated, versioned, announced', () => {
  test('published from the configuration, the page says the earning, value, validity and expiry as configured; later changes do not rewrite it', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await changeSomething()
    const published = await publish(client, owner, { effective_on: today(), changes: 'Le thé rejoint la carte à tampons.' })
    published.assertStatus(302)
    const version = await latestVersion()
    assert.equal((await termsInForce())!.version, version)

    const page = await client.get(`/terms/${store.slug}`)
    page.assertStatus(200)
    const text = plain(textOf(page))
    assert.include(text, 'Règlement du programme de fidélité')
    assert.include(text, `Version ${version}, applicable à partir du`)
    assert.include(text, '3 points par euro entier payé')
    assert.include(text, 'Ne rapportent pas de points : « tabac »')
    assert.include(text, '1 point vaut 0,07 €')
    assert.include(text, 'Chaque point est valable 18 mois')
    assert.include(text, 'À 7 tampons, la carte est complète : elle donne un bon « Un thé offert » valable 45 jours')
    assert.include(text, '2,5 % du montant de chaque achat')
    assert.include(text, 'Les sommes de la cagnotte sont valables 6 mois')
    assert.include(text, 'Argent dès 300 €')
    assert.include(text, 'Ce qui change : Le thé rejoint la carte à tampons.')
    assert.include(text, `/privacy/${store.slug}`)
    const english = plain(textOf(await client.get(`/terms/${store.slug}?lang=en`)))
    assert.include(english, 'Each point is valid for 18 months')
    assert.include(english, 'At 7 stamps the card is complete')

    // The owner changes the programme: the published version reads the same, the owner is told it no longer follows.
    await db.from('loyalty_programs').where('store_id', store.id).update({ rules: JSON.stringify({ ...distinctiveRules(), cashback: { rate_bp: 900, validity_months: 6 } }) })
    const again = plain(textOf(await client.get(`/terms/${store.slug}?version=${version}`)))
    assert.include(again, '2,5 % du montant')
    assert.notInclude(again, '9 % du montant')
    const admin = await client.get('/admin/loyalty/terms').loginAs(owner)
    admin.assertStatus(200)
    assert.include(plain(textOf(admin)), `La configuration a changé depuis la version ${version}`)
    assert.include(plain(textOf(admin)), '9 % du montant')
  })

  test('publishing is refused, with the field, for a past or malformed day, an unexplained change, nothing new, or hostile and oversized input; nothing is stored', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await changeSomething()
    const before = await latestVersion()
    for (const [form, field, message] of [
      [{ effective_on: inDays(-1), changes: 'Hier' }, 'effective_on', 'Cette date est passée'],
      [{ effective_on: 'demain', changes: 'x' }, 'effective_on', 'AAAA-MM-JJ'],
      [{ effective_on: '2027-13-45', changes: 'x' }, 'effective_on', 'AAAA-MM-JJ'],
      [{ effective_on: today(), changes: '' }, 'changes', 'Dites ce qui change'],
      [{ effective_on: today(), changes: 'x'.repeat(1001) }, 'changes', '1 000 caractères au plus'],
    ] as const) {
      const refused = await publish(client, owner, form)
      refused.assertStatus(422)
      assert.include(plain(textOf(refused)), message, `${field}: ${JSON.stringify(form).slice(0, 60)}`)
    }
    // The same field twice arrives as a list: a field error, not a crash.
    const doubled = await client.post('/admin/loyalty/terms/versions').loginAs(owner).withCsrfToken().form({ 'effective_on[0]': today(), 'effective_on[1]': today(), 'changes': 'x' }).redirects(0)
    doubled.assertStatus(422)
    assert.equal(await latestVersion(), before)

    const hostile = '<script>alert(1)</script><img src="file:///etc/passwd">'
    ;(await publish(client, owner, { effective_on: today(), changes: hostile })).assertStatus(302)
    const page = await client.get(`/terms/${store.slug}`)
    assert.notInclude(page.text(), '<script>alert(1)')
    assert.include(textOf(page), hostile)
    // Nothing changed since: a second version would say the same thing.
    const unchanged = await publish(client, owner, { effective_on: today(), changes: 'Rien' })
    unchanged.assertStatus(422)
    assert.include(plain(textOf(unchanged)), "Rien n'a changé depuis la dernière version")
    assert.equal(await latestVersion(), before + 1)
  })

  test('a version announced for a later day applies from that day; the page and the portal say so; members are told once each, by a service mail', async ({ client, assert }) => {
    const owner = await createStaff('owner')
    const store = await changeSomething()
    ;(await publish(client, owner, { effective_on: today(), changes: 'Nouvelle base.' })).assertStatus(302)
    const current = (await termsInForce())!
    const member = await createCustomer(store, { email: uniqueEmail('terms'), locale: 'fr' })
    const restricted = await createCustomer(store, { email: uniqueEmail('restricted') })
    await db.from('customers').where('id', restricted.id).update({ restricted_at: dbInstant(new Date(), db.connection().dialect.name) })

    await createProgram(store, { ...distinctiveRules(), cashback: { rate_bp: 500, validity_months: 12 } })
    ;(await publish(client, owner, { effective_on: inDays(30), changes: 'La cagnotte passe à 5 %.' })).assertStatus(302)
    const upcoming = (await upcomingTerms())!
    assert.equal(upcoming.version, current.version + 1)
    assert.equal((await termsInForce())!.version, current.version, 'the new version does not apply before its day')
    assert.equal((await termsInForce(DateTime.utc().plus({ days: 31 })))!.version, upcoming.version)

    const page = plain(textOf(await client.get(`/terms/${store.slug}`)))
    assert.include(page, `Version ${current.version}, applicable`)
    assert.include(page, 'Une nouvelle version du règlement s\'appliquera à partir du')
    const next = plain(textOf(await client.get(`/terms/${store.slug}?version=${upcoming.version}`)))
    assert.include(next, "Cette version n'est pas encore en vigueur")
    assert.include(next, 'La cagnotte passe à 5 %.')
    ;(await client.get(`/terms/${store.slug}?version=99999`)).assertStatus(404)
    ;(await client.get(`/terms/${store.slug}?version=abc`)).assertStatus(404)
    ;(await client.get('/terms/..%2F..%2Fetc')).assertStatus(404)

    const portal = plain(textOf(await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: member.publicId })))
    assert.include(portal, `Le règlement change : la version ${upcoming.version} s'appliquera à partir du`)

    // The suite's other customers share this database: they count as told, so the pass writes to this test's own.
    await markOthersTold([member.id, restricted.id])
    await announceTerms()
    const aboutUpcoming = () => mailsTo(member.email!).filter((mail) => (mail.parsed.text ?? '').includes(`?version=${upcoming.version}&`))
    const mails = aboutUpcoming()
    assert.lengthOf(mails, 1)
    assert.include(mails[0].parsed.subject ?? '', 'le règlement du programme de fidélité change le')
    assert.include(mails[0].parsed.text ?? '', 'La cagnotte passe à 5 %.')
    assert.include(mails[0].parsed.text ?? '', `/terms/${store.slug}?version=${upcoming.version}`)
    assert.include(mails[0].parsed.text ?? '', i18nManager.locale('fr').t('privacy.mail.transactional'), 'a service message says it is not marketing')
    assert.lengthOf(mailsTo(restricted.email!), 0, 'a restricted customer is not written to')
    await announceTerms()
    assert.lengthOf(aboutUpcoming(), 1, 'once per member and version')
    assert.isNotNull((await termsVersion(upcoming.version))!.announcedAt)

    // Published again before its day: the announced version is replaced and never applies.
    await createProgram(store, { ...distinctiveRules(), cashback: { rate_bp: 600, validity_months: 12 } })
    ;(await publish(client, owner, { effective_on: inDays(40), changes: 'Finalement 6 %.' })).assertStatus(302)
    assert.isNotNull((await termsVersion(upcoming.version))!.supersededAt)
    assert.equal((await termsInForce(DateTime.utc().plus({ days: 35 })))!.version, current.version)
    assert.equal((await termsInForce(DateTime.utc().plus({ days: 41 })))!.version, upcoming.version + 1)
    assert.include(plain(textOf(await client.get(`/terms/${store.slug}?version=${upcoming.version}`))), 'elle ne s\'est jamais appliquée')
  })

  test('each member keeps the version they joined under: the join page links it, the join and the till record it, the portal shows it', async ({ client, assert }) => {
    await resetDeviceQuotas([{ key: 'join-device:127.0.0.1', requests: 10, durationSeconds: 3600 }])
    const store = await createStore()
    const terms = (await termsInForce()) ?? (await client.get(`/terms/${store.slug}`), (await termsInForce())!)
    const join = await client.get(`/join/${store.slug}`)
    join.assertStatus(200)
    assert.include(join.text(), `href="/terms/${store.slug}?version=${terms.version}&lang=fr"`)

    const email = uniqueEmail('joins')
    ;(await client.post(`/join/${store.slug}`).withCsrfToken().form({ first_name: 'Léa', email, phone: '', birth_day: '', birth_month: '', birth_year: '', locale: 'fr', loyalty_membership: 'on' }).redirects(0)).assertStatus(200)
    const link = /\/join\/confirm\/[A-Za-z0-9_-]{43}/.exec(mailsTo(email)[0].parsed.text ?? '')![0]
    ;(await client.post(link).withCsrfToken()).assertStatus(200)
    const customer = await db.from('customers').where('email', email).first()
    const membership = await db.from('consent_records').where('customer_id', customer.id).where('purpose', 'loyalty_membership').first()
    assert.match(membership.notice_version, new RegExp(`^terms\\.v${terms.version}\\.fr:[0-9a-f]{40}$`))
    assert.equal(membership.source, 'join')
    const portal = plain(textOf(await client.get('/portal').withSession({ [PORTAL_SESSION_KEY]: customer.public_id })))
    assert.include(portal, `Vous avez adhéré selon la version ${terms.version} du règlement`)
    assert.include(portal, `Version en vigueur : ${(await termsInForce())!.version}`)

    const cashier = await createStaff('cashier', { storeId: store.id })
    const tillEmail = uniqueEmail('till-terms')
    ;(await client.post('/till/customers').form({ first_name: 'Noé', email: tillEmail }).loginAs(cashier).withCsrfToken().redirects(0)).assertStatus(302)
    const tillCustomer = await db.from('customers').where('email', tillEmail).first()
    const tillRecord = await db.from('consent_records').where('customer_id', tillCustomer.id).where('purpose', 'loyalty_membership').first()
    assert.equal(tillRecord.source, 'till')
    assert.match(tillRecord.notice_version, new RegExp(`^terms\\.v${(await termsInForce())!.version}\\.fr:`))
  })

  test('only the owner sees and publishes the terms; the public page needs no account', async ({ client }) => {
    const store = await createStore()
    ;(await client.get(`/terms/${store.slug}`)).assertStatus(200)
    ;(await client.get('/terms').redirects(0)).assertStatus(302)
    for (const role of ['marketer', 'cashier'] as const) {
      const staff = await createStaff(role, { storeId: store.id })
      const page = await client.get('/admin/loyalty/terms').loginAs(staff).redirects(0)
      if (page.status() < 300) throw new Error(`${role} saw the terms admin`)
      const post = await publish(client, staff, { effective_on: today(), changes: 'x' })
      if (post.status() < 300 || post.status() === 302 && post.header('location') === '/admin/loyalty/terms') throw new Error(`${role} published terms`)
    }
    const owner = await createStaff('owner')
    ;(await client.post('/admin/loyalty/terms/versions').loginAs(owner).form({ effective_on: today(), changes: 'sans jeton' }).redirects(0)).assertStatus(403)
  })
})
