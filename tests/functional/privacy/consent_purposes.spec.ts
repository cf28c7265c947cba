import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { countSegment } from '#animations/segments/segment_filters'
import { sendDelivery } from '#messaging/send_delivery'
import { wordingOf } from '#privacy/consent_wording'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { instantFromDb } from '#shared/db_time'
import { createPosToken, createProgram, createStore } from '#tests/helpers/factories'
import { deliverEverything } from '#tests/helpers/queues'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { textOf } from '#tests/helpers/html'
import { posApi } from '../pos/pos_client.js'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour } from '../animations/animation_helpers.js'

let sequence = 0
const address = () => `purposes${Date.now()}-${++sequence}@example.fr`
const joinForm = (overrides: Record<string, string> = {}) => ({ first_name: 'Inès', email: address(), phone: '', birth_day: '12', birth_month: '5', birth_year: '', locale: 'fr', loyalty_membership: 'on', ...overrides })
const recordsOf = (customerId: number) => db.from('consent_records').where('customer_id', customerId).orderBy('id').select('purpose', 'decision', 'source', 'notice_version')

test.group('Consent purposes: personalisation and review requests', (group) => {
  group.each.setup(async () => {
    await sendAtAnyHour()
    await resetDeviceQuotas([{ key: 'join-device:127.0.0.1', requests: 10, durationSeconds: 3600 }])
  })

  test('the join form offers both, unticked, each with its words; ticked, each is recorded with its version after the double opt-in', async ({ client, assert }) => {
    const store = await createStore({ name: 'Épicerie des Choix' })
    const page = await client.get(`/join/${store.slug}`)
    for (const purpose of ['personalisation', 'review_requests'] as const) {
      assert.include(textOf(page), wordingOf(purpose, 'fr', 'Épicerie des Choix').text)
      assert.match(page.text(), new RegExp(`<input type="checkbox" id="${purpose}" name="${purpose}" value="on" >`))
    }
    const form = joinForm({ personalisation: 'on', review_requests: 'on' })
    ;(await client.post(`/join/${store.slug}`).withCsrfToken().form(form).redirects(0)).assertStatus(200)
    const link = /\/join\/confirm\/[A-Za-z0-9_-]{43}/.exec(mailsTo(form.email)[0].parsed.text!)![0]
    await client.post(link).withCsrfToken().form({})
    const customer = await db.from('customers').where('email', form.email).firstOrFail()
    assert.isTrue(Boolean(customer.personalisation))
    assert.isTrue(Boolean(customer.review_requests))
    assert.isFalse(Boolean(customer.email_marketing))
    const records = await recordsOf(customer.id)
    assert.sameDeepMembers(
      records.filter((record) => record.purpose !== 'loyalty_membership'),
      (['personalisation', 'review_requests'] as const).map((purpose) => ({ purpose, decision: 'granted', source: 'join', notice_version: wordingOf(purpose, 'fr', 'Épicerie des Choix').version }))
    )
  })

  test('under 15, neither can be given (no profiling of children)', async ({ client, assert }) => {
    const store = await createStore()
    const year = String(new Date().getFullYear() - 13)
    const form = joinForm({ birth_year: year, personalisation: 'on' })
    const refused = await client.post(`/join/${store.slug}`).withCsrfToken().header('referer', `/join/${store.slug}`).form(form).redirects(0)
    refused.assertStatus(302)
    assert.lengthOf(mailsTo(form.email), 0)
  })

  test('the portal gives and withdraws each in one click with its record; an objection withdraws them with the channels', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store, { consents: { email_marketing: true } })
    const session = { [PORTAL_SESSION_KEY]: customer.publicId }
    const home = await client.get('/portal').withSession(session)
    assert.include(home.text(), 'data-consent="personalisation"')
    assert.include(home.text(), 'data-consent="review_requests"')
    await client.post('/portal/consents').withCsrfToken().withSession(session).form({ purpose: 'personalisation', decision: 'grant' })
    await client.post('/portal/consents').withCsrfToken().withSession(session).form({ purpose: 'review_requests', decision: 'grant' })
    const given = await db.from('customers').where('id', customer.id).select('personalisation', 'review_requests').firstOrFail()
    assert.deepEqual([given.personalisation, given.review_requests].map(Boolean), [true, true])
    await resetDeviceQuotas([{ key: `privacy-request-customer:${customer.publicId}`, requests: 5, durationSeconds: 3600 }])
    await client.post('/portal/requests').withCsrfToken().withSession(session).form({ type: 'objection' })
    const after = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.deepEqual([after.email_marketing, after.personalisation, after.review_requests].map(Boolean), [false, false, false])
    const withdrawn = (await recordsOf(customer.id)).filter((record) => record.decision === 'withdrawn').map((record) => record.purpose)
    assert.sameMembers(withdrawn, ['email_marketing', 'personalisation', 'review_requests'])
    ;(await client.post('/portal/consents').withCsrfToken().withSession(session).form({ purpose: 'profiling_everything', decision: 'grant' })).assertStatus(422)
  })

  test('a review request needs its consent: without it the message is skipped at send time, with it sent', async ({ client, assert }) => {
    const store = await createStore({ reviewUrl: 'https://g.page/choix/review' })
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    await createAnimation(store, 'review_request', { params: { visit_number: 1, delay_hours: 0 } })
    const without = await customerWith(store, { consents: { email_marketing: true } })
    const agreed = await customerWith(store, { consents: { email_marketing: true, review_requests: true } })
    for (const customer of [without, agreed]) (await pos.purchase({ customer_id: customer.publicId, total_cents: 500 })).assertStatus(201)
    await deliverEverything()
    for (const customer of [without, agreed]) {
      const [delivery] = await deliveriesOf(customer.id)
      await sendDelivery(Number(delivery.id), { finalAttempt: false, at: instantFromDb(delivery.due_at) })
    }
    assert.include((await deliveriesOf(without.id))[0], { status: 'skipped', reason: 'no_consent' })
    assert.lengthOf(mailsTo(without.email!), 0)
    assert.include((await deliveriesOf(agreed.id))[0], { status: 'sent' })
  })

  test('segments on spending and visits hold only customers who accepted personalisation; other filters hold everyone', async ({ client, assert }) => {
    const store = await createStore()
    await createProgram(store)
    const { bearer } = await createPosToken(store)
    const pos = posApi(client, bearer)
    const profiled = await customerWith(store, { consents: { email_marketing: true, personalisation: true } })
    const notProfiled = await customerWith(store, { consents: { email_marketing: true } })
    for (const customer of [profiled, notProfiled]) (await pos.purchase({ customer_id: customer.publicId, total_cents: 2_000 })).assertStatus(201)
    assert.equal(await countSegment({ store_id: store.id }), 2)
    assert.equal(await countSegment({ store_id: store.id, consent: 'email' }), 2)
    assert.equal(await countSegment({ store_id: store.id, bought_within_days: 30 }), 1)
    assert.equal(await countSegment({ store_id: store.id, spent_min_cents: 1_000 }), 1)
  })
})
