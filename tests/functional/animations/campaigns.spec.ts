import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Campaign from '#animations/models/campaign'
import { runCampaigns } from '#animations/campaigns/fan_out'
import { newPublicId } from '#shared/public_id'
import type Store from '#stores/models/store'
import { createProgram, createStaff, createStore } from '#tests/helpers/factories'
import { deliverEverything, drainQueue } from '#tests/helpers/queues'
import { mailsTo } from '#tests/helpers/smtp_sink'
import { QUEUES } from '#shared/queue'
import { createAnimation, customerWith, sendAtAnyHour, tickAndSend } from './animation_helpers.js'

async function segmentOf(store: Store, name = `Clients ${store.slug}`) {
  const publicId = newPublicId()
  const now = new Date().toISOString().replace('T', ' ').slice(0, 19)
  await db.table('segments').insert({ public_id: publicId, name, filters: JSON.stringify({ store_id: store.id }), created_at: now, updated_at: now })
  return publicId
}

/** A new draft through the designer, then its form posted with these fields. */
async function campaignThroughForm(client: any, marketer: any, fields: Record<string, unknown>) {
  const created = await client.post('/admin/campaigns').loginAs(marketer).withCsrfToken().redirects(0)
  created.assertStatus(302)
  const publicId = created.header('location')!.match(/([0-9A-Z]{26})\/edit/)![1]
  const form = {
    'name': 'Soirée dégustation',
    'channels[]': ['email'],
    'holdout_percent': '0',
    'reward_type': 'none',
    'texts[email][fr][subject]': 'Dégustation jeudi chez {{ store.name }}',
    'texts[email][fr][body]': 'Bonjour {{ customer.first_name }},\n\nJeudi soir, dégustation de cafés de spécialité.',
    'texts[email][en][subject]': 'Tasting on Thursday at {{ store.name }}',
    'texts[email][en][body]': 'Hello {{ customer.first_name }},\n\nOn Thursday evening, a speciality coffee tasting.',
    ...fields,
  }
  const response = await client.post(`/admin/campaigns/${publicId}`).loginAs(marketer).withCsrfToken().form(form).redirects(0)
  return { publicId, response, form }
}

test.group('Campaigns', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('a marketer schedules a campaign to a segment: only members who accepted e-mail receive it, once; progress and results', async ({ client, assert }) => {
    const store = await createStore({ name: 'Le Torréfacteur' })
    await createProgram(store)
    const marketer = await createStaff('marketer')
    const segment = await segmentOf(store)
    const [first, second] = [await customerWith(store, { firstName: 'Anna' }), await customerWith(store, { firstName: 'Bilal' })]
    const silent = await customerWith(store, { consents: { sms_marketing: true } })
    const outsider = await customerWith(await createStore())

    const edit = await client.get('/admin/campaigns').loginAs(marketer)
    edit.assertStatus(200)
    const { publicId, response } = await campaignThroughForm(client, marketer, { segment_id: segment, intent: 'schedule', reward_type: 'points', reward_points: '20' })
    response.assertStatus(302)
    assert.equal(response.header('location'), `/admin/campaigns/${publicId}`)
    const campaign = await Campaign.findByOrFail('publicId', publicId)
    assert.equal(campaign.status, 'scheduled')
    assert.isNotNull(await db.from('audit_logs').where('action', 'campaigns.scheduled').where('subject_id', publicId).first())

    await tickAndSend(new Date().toISOString())
    await tickAndSend(new Date().toISOString())
    await campaign.refresh()
    assert.deepInclude({ status: campaign.status, targeted: campaign.targeted, fannedOut: campaign.fannedOut }, { status: 'sent', targeted: 2, fannedOut: 2 })
    const [mail] = mailsTo(first.email!)
    assert.equal(mail.parsed.subject, 'Dégustation jeudi chez Le Torréfacteur')
    assert.include(mail.parsed.text!, 'Bonjour Anna')
    assert.lengthOf(mailsTo(second.email!), 1)
    assert.lengthOf(mailsTo(silent.email!), 0)
    assert.lengthOf(mailsTo(outsider.email!), 0)
    const entries = await db.from('ledger_entries').where('cause_id', publicId).select('amount')
    assert.deepEqual(entries.map((entry) => Number(entry.amount)), [20, 20])

    const json = await client.get(`/admin/campaigns/${publicId}`).loginAs(marketer).header('Accept', 'application/json')
    json.assertStatus(200)
    assert.deepInclude(json.body(), { status: 'sent', targeted: 2, sent: 2, done: 2, total: 2, waiting: 0 })
    const page = await client.get(`/admin/campaigns/${publicId}`).loginAs(marketer).header('Accept-Language', 'en')
    page.assertTextIncludes('<progress id="campaign-bar" max="2" value="2">')
    page.assertTextIncludes('Results')
    // Sent: no more edits, the edit page leads to the results.
    const late = await client.get(`/admin/campaigns/${publicId}/edit`).loginAs(marketer).redirects(0)
    assert.equal(late.header('location'), `/admin/campaigns/${publicId}`)
  })

  test('the fan-out resumes where it stopped, writes each customer once, and a cancel stops what is not sent', async ({ client, assert }) => {
    const store = await createStore()
    const marketer = await createStaff('marketer')
    const segment = await segmentOf(store)
    const customers = []
    for (let i = 0; i < 5; i++) customers.push(await customerWith(store))
    const { publicId } = await campaignThroughForm(client, marketer, { segment_id: segment, intent: 'schedule' })
    const campaign = await Campaign.findByOrFail('publicId', publicId)
    // A pass that stops after its first batch of two (a deadline, or a worker that stopped).
    await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    await campaign.refresh()
    assert.deepInclude({ status: campaign.status, fannedOut: campaign.fannedOut, cursor: campaign.cursorCustomerId }, { status: 'sending', fannedOut: 2, cursor: customers[1].id })
    // The cursor lags behind what was written (a crash between the batch and its cursor): written again, fired once.
    await db.from('campaigns').where('id', campaign.id).update({ cursor_customer_id: customers[0].id })
    for (let pass = 0; pass < 3; pass++) await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    await campaign.refresh()
    assert.equal(campaign.status, 'sent')
    const firings = await db.from('firings').where('source_type', 'campaign').where('source_id', campaign.id)
    assert.lengthOf(firings, 5)
    await drainQueue(QUEUES.messages)
    for (const customer of customers) assert.lengthOf(mailsTo(customer.email!), 1)

    const other = await createStore()
    const otherSegment = await segmentOf(other)
    const waiting = [await customerWith(other), await customerWith(other), await customerWith(other)]
    const second = await campaignThroughForm(client, marketer, { segment_id: otherSegment, intent: 'schedule' })
    await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    const cancel = await client.post(`/admin/campaigns/${second.publicId}/cancel`).loginAs(marketer).withCsrfToken().redirects(0)
    cancel.assertStatus(302)
    await runCampaigns(new Date(), { budgetMs: 0, batch: 2 })
    await drainQueue(QUEUES.messages)
    const stopped = await Campaign.findByOrFail('publicId', second.publicId)
    assert.equal(stopped.status, 'cancelled')
    for (const customer of waiting) assert.lengthOf(mailsTo(customer.email!), 0)
    const skipped = await db.from('deliveries as d').join('firings as f', 'f.id', 'd.firing_id').where('f.source_type', 'campaign').where('f.source_id', stopped.id).select('d.status', 'd.reason')
    assert.deepEqual(skipped.map((row) => `${row.status}:${row.reason}`), ['skipped:cancelled', 'skipped:cancelled'])
  })

  test('bad input: no segment, an unknown one, a past or unreadable date, hostile texts; nothing stored changes', async ({ client, assert }) => {
    const store = await createStore()
    const marketer = await createStaff('marketer')
    const segment = await segmentOf(store)
    const { publicId, response: missing } = await campaignThroughForm(client, marketer, { segment_id: '' })
    missing.assertStatus(422)
    missing.assertTextIncludes('À remplir.')
    const attempt = (fields: Record<string, unknown>) => client.post(`/admin/campaigns/${publicId}`).loginAs(marketer).withCsrfToken().form({ 'name': 'X', 'channels[]': ['email'], 'holdout_percent': '0', 'texts[email][fr][subject]': 'S', 'texts[email][fr][body]': 'B', 'texts[email][en][subject]': 'S', 'texts[email][en][body]': 'B', 'segment_id': segment, ...fields }).redirects(0)
    ;(await attempt({ segment_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).assertTextIncludes("Ce segment n&#x27;existe plus.")
    const past = await attempt({ send_date: '2020-01-01', send_time: '10:00', intent: 'schedule' })
    past.assertStatus(422)
    past.assertTextIncludes('Ce moment est passé')
    ;(await attempt({ send_date: '31/12/2099', send_time: '25:99' })).assertStatus(422)
    const hostile = await attempt({ 'name': '<script>alert(1)</script>', 'texts[email][fr][body]': '{% include "secrets" %} [x](javascript:alert(1))' })
    hostile.assertStatus(422)
    assert.notInclude(hostile.text(), '<script>alert(1)</script>')
    ;(await attempt({ name: 'y'.repeat(500), 'channels[]': ['fax'] })).assertStatus(422)
    const stored = await Campaign.findByOrFail('publicId', publicId)
    assert.deepInclude({ status: stored.status, segmentId: stored.segmentId }, { status: 'draft', segmentId: null })
    ;(await client.get('/admin/campaigns/NOTANID').loginAs(marketer)).assertStatus(404)
    ;(await client.post(`/admin/campaigns/${publicId}`).loginAs(marketer).form({ name: 'no csrf' }).redirects(0)).assertStatus(403)
    // Scheduled for later: saved, nothing sent before its time.
    const later = await attempt({ send_date: '2099-06-01', send_time: '10:00', intent: 'schedule' })
    later.assertStatus(302)
    await runCampaigns(new Date())
    assert.equal((await Campaign.findByOrFail('publicId', publicId)).status, 'scheduled')
    await db.from('campaigns').where('public_id', publicId).update({ status: 'cancelled' })
  })
})

test.group('Animations: audience by segment', (group) => {
  group.each.setup(() => sendAtAnyHour())

  test('an animation limited to a segment fires only for its members, on time passes and on events', async ({ assert }) => {
    const store = await createStore()
    const publicId = newPublicId()
    const now = new Date().toISOString().replace('T', ' ').slice(0, 19)
    await db.table('segments').insert({ public_id: publicId, name: `VIP ${store.slug}`, filters: JSON.stringify({ store_id: store.id, tags: ['vip'] }), created_at: now, updated_at: now })
    await createAnimation(store, 'birthday', { segment_id: publicId })
    await createAnimation(store, 'welcome', { segment_id: publicId })
    const vip = await customerWith(store, { birthDay: 3, birthMonth: 7, tags: ['vip'] })
    const regular = await customerWith(store, { birthDay: 3, birthMonth: 7 })
    await deliverEverything()
    assert.deepEqual(mailsTo(vip.email!).map((mail) => mail.parsed.subject!.slice(0, 9)), ['Bienvenue'])
    assert.lengthOf(mailsTo(regular.email!), 0)
    await tickAndSend('2026-07-03T08:00:00Z')
    assert.lengthOf(mailsTo(vip.email!), 2)
    assert.lengthOf(mailsTo(regular.email!), 0)
    assert.lengthOf(await db.from('vouchers').where('customer_id', regular.id), 0)
  })

  test('an unknown segment is refused at save', async ({ assert }) => {
    const store = await createStore()
    await assert.rejects(() => createAnimation(store, 'welcome', { segment_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), 'The animation is not valid')
  })
})
