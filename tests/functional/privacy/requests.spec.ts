import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { PRESETS } from '#animations/presets'
import { runAnimationsTick } from '#animations/tick'
import { sendDelivery } from '#messaging/send_delivery'
import { segmentQuery } from '#animations/segments/segment_filters'
import { PORTAL_SESSION_KEY } from '#privacy/portal/portal_session'
import { isSuppressed } from '#privacy/suppression'
import { remindDueRequests } from '#privacy/requests/remind_due_requests'
import { dbTimestamp, instantFromDb } from '#shared/db_time'
import { createStaff, createStore } from '#tests/helpers/factories'
import { resetDeviceQuotas } from '#tests/helpers/quotas'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { createAnimation, customerWith, deliveriesOf, sendAtAnyHour } from '../animations/animation_helpers.js'

const noVoucherTexts = PRESETS.birthday_before.texts
/** A timestamp column as read back (a Date on Postgres, UTC text on SQLite). */
const instantOf = (value: unknown) => DateTime.fromJSDate(instantFromDb(value)).toUTC()
const asCustomer = (publicId: string) => ({ [PORTAL_SESSION_KEY]: publicId })
const freshQuota = (publicId: string) => resetDeviceQuotas([{ key: `privacy-request-customer:${publicId}`, requests: 5, durationSeconds: 3600 }])

/** The customer's requests, newest first. */
const requestsOf = (customerId: number) => db.from('privacy_requests').where('customer_id', customerId).orderBy('id', 'desc')
const stepsOf = (requestId: number) => db.from('privacy_request_steps').where('privacy_request_id', requestId).orderBy('id').select('action', 'note')

/** A birthday message queued for the customer (the tick), not sent yet. */
async function queuedMessage(store: Awaited<ReturnType<typeof createStore>>, day: number) {
  await createAnimation(store, 'birthday', { reward: null }, noVoucherTexts)
  const customer = await customerWith(store, { birthDay: day, birthMonth: 3 })
  await runAnimationsTick(new Date(`2026-03-${String(day).padStart(2, '0')}T10:00:00Z`))
  const [delivery] = await deliveriesOf(customer.id)
  return { customer, deliveryId: Number(delivery.id) }
}

test.group('Rights requests from the portal', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('objection takes effect at once: consents withdrawn with their records, the address suppressed, the queued message not sent', async ({ client, assert }) => {
    const store = await createStore()
    const { customer, deliveryId } = await queuedMessage(store, 3)
    await freshQuota(customer.publicId)
    const asked = await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'objection' }).redirects(0)
    asked.assertStatus(302)
    assert.equal(asked.header('location'), '/portal/requests')
    const row = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.isFalse(Boolean(row.email_marketing))
    assert.isFalse(Boolean(row.sms_marketing))
    const records = await db.from('consent_records').where('customer_id', customer.id).where('decision', 'withdrawn').select('purpose', 'source')
    assert.sameDeepMembers(records, [
      { purpose: 'email_marketing', source: 'objection' },
      { purpose: 'sms_marketing', source: 'objection' },
      { purpose: 'personalisation', source: 'objection' },
      { purpose: 'review_requests', source: 'objection' },
    ])
    assert.isTrue(await isSuppressed({ email: customer.email, phone: null }))
    assert.equal(await sendDelivery(deliveryId, { finalAttempt: false, at: new Date('2026-03-03T10:05:00Z') }), 'skipped')
    assert.include((await deliveriesOf(customer.id))[0], { status: 'skipped', reason: 'no_consent' })
    assert.lengthOf(mailsTo(customer.email!), 0)
    // Recorded and closed, and shown to the customer.
    const [request] = await requestsOf(customer.id)
    assert.include(request, { type: 'objection', channel: 'portal', status: 'done', identity_method: 'portal_session' })
    const page = await client.get('/portal/requests').withSession(asCustomer(customer.publicId))
    page.assertStatus(200)
    assert.match(page.text(), /data-request-type="objection" data-status="done"/)
  })

  test('restriction takes effect at once: the queued message is skipped as restricted, the customer leaves every segment', async ({ client, assert }) => {
    const store = await createStore()
    const { customer, deliveryId } = await queuedMessage(store, 4)
    await freshQuota(customer.publicId)
    const inSegment = async () => Boolean(await segmentQuery({ store_id: store.id } as any).where('c.id', customer.id).first())
    assert.isTrue(await inSegment())
    await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'restriction', details: 'Mon adresse est fausse' })
    assert.isNotNull((await db.from('customers').where('id', customer.id).firstOrFail()).restricted_at)
    assert.equal(await sendDelivery(deliveryId, { finalAttempt: false, at: new Date('2026-03-04T10:05:00Z') }), 'skipped')
    assert.include((await deliveriesOf(customer.id))[0], { status: 'skipped', reason: 'restricted' })
    assert.isFalse(await inSegment())
    const page = await client.get('/portal/requests').withSession(asCustomer(customer.publicId))
    assert.include(page.text(), 'data-restricted')
  })

  test('erasure needs the box ticked, then waits in the owner queue with its deadline; asking twice makes one request', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    await freshQuota(customer.publicId)
    const unticked = await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'erasure' })
    unticked.assertStatus(422)
    assert.lengthOf(await requestsOf(customer.id), 0)
    for (let i = 0; i < 2; i++) await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'erasure', confirm: 'on', details: '<script>alert(1)</script>' })
    const requests = await requestsOf(customer.id)
    assert.lengthOf(requests, 1)
    assert.include(requests[0], { type: 'erasure', status: 'in_progress', identity_method: 'portal_session' })
    assert.equal(instantOf(requests[0].due_at).toISO(), instantOf(requests[0].received_at).plus({ months: 1 }).toISO())
    // Not erased yet: the owner answers it.
    assert.isNull((await db.from('customers').where('id', customer.id).firstOrFail()).erased_at)
    const owner = await createStaff('owner')
    const queue = await client.get('/admin/privacy').loginAs(owner)
    queue.assertStatus(200)
    assert.include(queue.text(), `data-request="${requests[0].public_id}"`)
    const show = await client.get(`/admin/privacy/requests/${requests[0].public_id}`).loginAs(owner)
    assert.notInclude(show.text(), '<script>alert(1)</script>')
    const done = await client.post(`/admin/privacy/requests/${requests[0].public_id}/fulfil`).loginAs(owner).withCsrfToken().form({ answer: '' }).redirects(0)
    done.assertStatus(302)
    const erased = await db.from('customers').where('id', customer.id).firstOrFail()
    assert.isNotNull(erased.erased_at)
    assert.isNull(erased.email)
    const [closed] = await requestsOf(customer.id)
    assert.equal(closed.status, 'done')
    assert.isNull(closed.details)
    // The answer went before the address did.
    const [answer] = mailsTo(customer.email!)
    assert.include(answer.parsed.text!, 'effacement')
    assert.include(answer.parsed.text!, 'effacées')
    ;(await client.get('/portal/requests').withSession(asCustomer(customer.publicId)).redirects(0)).assertStatus(302)
  })

  test('bad input: an unknown type, a 10 kB text, no session or no CSRF token change nothing', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    await freshQuota(customer.publicId)
    ;(await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'delete_everyone' })).assertStatus(422)
    ;(await client.post('/portal/requests').withCsrfToken().withSession(asCustomer(customer.publicId)).form({ type: 'restriction', details: 'x'.repeat(10_000) })).assertStatus(422)
    const anonymous = await client.post('/portal/requests').withCsrfToken().form({ type: 'objection' }).redirects(0)
    anonymous.assertStatus(302)
    assert.equal(anonymous.header('location'), '/portal/sign-in')
    ;(await client.post('/portal/requests').withSession(asCustomer(customer.publicId)).form({ type: 'objection' })).assertStatus(403)
    assert.lengthOf(await requestsOf(customer.id), 0)
    assert.isTrue(Boolean((await db.from('customers').where('id', customer.id).firstOrFail()).email_marketing))
  })
})

test.group("Rights requests: the owner's queue", () => {
  test('a counter request: unknown customer refused, identity checked before answering, one extension with a reason before the month ends, the export sent', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    const owner = await createStaff('owner')
    const today = DateTime.now().toISODate()!
    const unknown = await client.post('/admin/privacy/requests').loginAs(owner).withCsrfToken().form({ customer: 'nobody@example.test', type: 'access', channel: 'letter', received_on: today })
    unknown.assertStatus(422)
    const future = await client.post('/admin/privacy/requests').loginAs(owner).withCsrfToken().form({ customer: customer.email!, type: 'access', channel: 'letter', received_on: '2999-01-01' })
    future.assertStatus(422)
    const created = await client.post('/admin/privacy/requests').loginAs(owner).withCsrfToken().form({ customer: customer.cardCode, type: 'access', channel: 'letter', received_on: today, identity_method: '' }).redirects(0)
    created.assertStatus(302)
    const [request] = await requestsOf(customer.id)
    assert.equal(request.status, 'awaiting_identity')
    const path = `/admin/privacy/requests/${request.public_id}`
    // Not before the identity is known.
    await client.post(`${path}/fulfil`).loginAs(owner).withCsrfToken().form({})
    assert.equal((await db.from('privacy_exports').where('privacy_request_id', request.id).count('* as n').first()).n, 0)
    ;(await client.post(`${path}/identity`).loginAs(owner).withCsrfToken().form({ method: 'passport_scan' })).assertStatus(422)
    await client.post(`${path}/identity`).loginAs(owner).withCsrfToken().form({ method: 'email_control', note: 'réponse depuis son adresse' })
    // An extension needs a reason, and comes once.
    ;(await client.post(`${path}/extend`).loginAs(owner).withCsrfToken().form({ reason: 'court' })).assertStatus(422)
    await client.post(`${path}/extend`).loginAs(owner).withCsrfToken().form({ reason: 'Nombreuses demandes reçues ce mois-ci' })
    const extended = await db.from('privacy_requests').where('id', request.id).firstOrFail()
    assert.isNotNull(extended.extended_at)
    assert.equal(instantOf(extended.due_at).toISODate(), instantOf(request.due_at).plus({ months: 2 }).toISODate())
    const notice = mailsTo(customer.email!).find((mail) => mail.parsed.text!.includes('Nombreuses demandes'))
    assert.exists(notice)
    assert.include(notice!.parsed.text!, 'cnil.fr')
    ;(await client.post(`${path}/extend`).loginAs(owner).withCsrfToken().form({ reason: 'Encore plus de demandes ce mois' })).assertStatus(409)
    // Answered: the export is built for that customer and the request closed.
    await client.post(`${path}/fulfil`).loginAs(owner).withCsrfToken().form({ answer: '' })
    const exported = await db.from('privacy_exports').where('privacy_request_id', request.id).firstOrFail()
    assert.equal(Number(exported.customer_id), customer.id)
    const closed = await db.from('privacy_requests').where('id', request.id).firstOrFail()
    assert.equal(closed.status, 'done')
    assert.deepEqual((await stepsOf(request.id)).map((step) => step.action), ['received', 'identity_checked', 'extended', 'done'])
    // Closed is closed.
    ;(await client.post(`${path}/refuse`).loginAs(owner).withCsrfToken().form({ reason: 'Trop tard pour refuser' })).assertStatus(409)
  })

  test('a request by e-mail: a link to the address on file checks the identity; the page only asks, the link works once', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    const owner = await createStaff('owner')
    await client.post('/admin/privacy/requests').loginAs(owner).withCsrfToken().form({ customer: customer.email!, type: 'portability', channel: 'email', received_on: DateTime.now().toISODate()! })
    const [request] = await requestsOf(customer.id)
    assert.equal(request.status, 'awaiting_identity')
    const sent = await client.post(`/admin/privacy/requests/${request.public_id}/identity-link`).loginAs(owner).withCsrfToken().form({}).redirects(0)
    sent.assertStatus(302)
    const mail = mailsTo(customer.email!).find((received) => received.parsed.text!.includes('/privacy/requests/confirm/'))!
    const link = /\/privacy\/requests\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text!)![0]
    const stored = await db.from('privacy_requests').where('id', request.id).firstOrFail()
    assert.notInclude(JSON.stringify(stored), link.split('/').at(-1)!)
    const asked = await client.get(link)
    asked.assertStatus(200)
    assert.equal((await db.from('privacy_requests').where('id', request.id).firstOrFail()).status, 'awaiting_identity')
    const mutated = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A')
    ;(await client.post(mutated).withCsrfToken().form({})).assertStatus(404)
    ;(await client.post(link).withCsrfToken().form({})).assertStatus(200)
    const checked = await db.from('privacy_requests').where('id', request.id).firstOrFail()
    assert.include(checked, { status: 'in_progress', identity_method: 'email_control' })
    ;(await client.post(link).withCsrfToken().form({})).assertStatus(404)
    ;(await client.get(link)).assertStatus(404)
  })

  test('no extension once the first month is over; a refusal needs its reason and tells the customer about the CNIL', async ({ client, assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    const owner = await createStaff('owner')
    const received = DateTime.utc().minus({ months: 1, days: 2 })
    await client.post('/admin/privacy/requests').loginAs(owner).withCsrfToken().form({ customer: customer.email!, type: 'rectification', channel: 'email', received_on: received.toISODate()!, identity_method: 'email_control' })
    const [request] = await requestsOf(customer.id)
    const path = `/admin/privacy/requests/${request.public_id}`
    ;(await client.post(`${path}/extend`).loginAs(owner).withCsrfToken().form({ reason: 'Demande complexe à instruire' })).assertStatus(409)
    const queue = await client.get('/admin/privacy').loginAs(owner)
    assert.match(queue.text(), new RegExp(`data-request="${request.public_id}" data-urgency="overdue"`))
    ;(await client.post(`${path}/refuse`).loginAs(owner).withCsrfToken().form({ reason: '' })).assertStatus(422)
    await client.post(`${path}/refuse`).loginAs(owner).withCsrfToken().form({ reason: 'Les données sont exactes, vérifiées sur facture.' })
    assert.equal((await db.from('privacy_requests').where('id', request.id).firstOrFail()).status, 'refused')
    const answer = mailsTo(customer.email!).find((mail) => mail.parsed.text!.includes('vérifiées sur facture'))
    assert.include(answer!.parsed.text!, 'https://www.cnil.fr/fr/plaintes')
  })

  test('owners are reminded at D-7 and D-1, once per stage', async ({ assert }) => {
    const store = await createStore()
    const customer = await customerWith(store)
    const owner = await createStaff('owner')
    const now = DateTime.utc()
    const insert = async (dueInHours: number) => {
      const [row] = await db
        .table('privacy_requests')
        .insert({
          public_id: `01REM${String(Date.now()).slice(-8)}${String(dueInHours).padStart(4, '0')}XXXXXXXXX`.slice(0, 26).toUpperCase(),
          customer_id: customer.id,
          type: 'access',
          channel: 'email',
          status: 'in_progress',
          received_at: dbTimestamp(now.minus({ days: 20 })),
          due_at: dbTimestamp(now.plus({ hours: dueInHours })),
          created_at: dbTimestamp(now),
          updated_at: dbTimestamp(now),
        })
        .returning('id')
      return Number(row.id ?? row)
    }
    const inSixDays = await insert(6 * 24)
    const tomorrow = await insert(12)
    const later = await insert(20 * 24)
    await remindDueRequests(now)
    const mails = mailsTo(owner.email)
    assert.isAtLeast(mails.length, 2)
    const sevenDays = mails.find((mail) => /7 jours/.test(mail.parsed.subject ?? ''))!
    const oneDay = mails.find((mail) => /demain/.test(mail.parsed.subject ?? ''))!
    assert.exists(sevenDays)
    assert.exists(oneDay)
    const rows = await db.from('privacy_requests').whereIn('id', [inSixDays, tomorrow, later]).orderBy('id')
    assert.isNotNull(rows[0].reminded_d7_at)
    assert.isNull(rows[0].reminded_d1_at)
    assert.isNotNull(rows[1].reminded_d1_at)
    assert.isNull(rows[2].reminded_d7_at)
    const count = mailsTo(owner.email).length
    await remindDueRequests(now)
    assert.equal(mailsTo(owner.email).length, count)
  })
})
